"""The ``provide`` key (issue 18, point 1): logic that takes a database session is bound.

The ledger service's CRUD functions take a sqlite3 connection ``session`` first. The
binding provides it from a factory (a generator, a context manager, an async context
manager, a plain function), fresh for every example, its teardown run after each one, also
when the example raised; the session is never part of the input document, on the logic
side nor in what the API side records.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pydantic import BaseModel

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.errors import ConfigError
from seamguard.seams import shape_of
from tests.unit.helpers import one_line

HERE = Path(__file__).parent
LEDGER = HERE / "services" / "ledger"


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "ledger_app"]:
        del sys.modules[name]


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "ledger"
    shutil.copytree(LEDGER, root, ignore=shutil.ignore_patterns("__pycache__", ".seamguard"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("LEDGER_BUG", raising=False)
    _forget()
    yield root
    _forget()


def counts() -> dict[str, int]:
    """The ledger's session counters of this run."""
    return dict(sys.modules["ledger_app.db"].COUNTS)


def statuses(run: Any) -> dict[tuple[str, str], str]:
    return {(r.seam, r.check): r.status for r in run.results}


def failed(run: Any) -> set[tuple[str, str]]:
    return {key for key, status in statuses(run).items() if status in ("failed", "error")}


def edit(root: Path, old: str, new: str) -> None:
    path = root / "seamguard.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


# -- a clean service passes, on both sides ----------------------------------------------------


def test_a_service_whose_logic_takes_a_session_passes_clean(ledger: Path) -> None:
    run = run_check(load_config(), seed=1, max_examples=15)
    assert failed(run) == set()
    passed = {key for key, status in statuses(run).items() if status == "passed"}
    for seam in ("ledger.create", "ledger.create_async"):
        for check in (
            "logic-accepts-input",
            "logic-output-conforms",
            "api-hands-valid-input",
            "api-accepted-crossed",
        ):
            assert (seam, check) in passed
    seen = counts()
    assert seen["opened"] == seen["closed"] > 0
    # The top-level default (a generator) for ledger.create, the seam's own (async) for the
    # other. (The route's own sessions roll back on the requests FastAPI refuses with a 422.)
    assert seen["generator"] > 0
    assert seen["async"] > 0
    assert seen["committed"] >= seen["generator"] + seen["async"]


def test_without_provide_the_session_is_generated_and_recorded_and_fails(ledger: Path) -> None:
    """What the issue met: the session generated from the contract on the logic side, and
    recorded as part of the input on the API side."""
    edit(ledger, 'provide = { session = "ledger_app.db:session" }\n', "")
    edit(ledger, 'provide = { session = "ledger_app.db:async_session" }\n', "")
    run = run_check(load_config(), seed=1, max_examples=10)
    assert ("ledger.create", "logic-accepts-input") in failed(run)
    assert ("ledger.create", "api-hands-valid-input") in failed(run)


# -- planted bugs are caught with their check ids; teardown runs on a raise too ---------------


def test_a_planted_output_bug_is_caught(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_BUG", "output")
    run = run_check(load_config(), seed=1, max_examples=10)
    assert failed(run) == {
        ("ledger.create", "logic-output-conforms"),
        ("ledger.create_async", "logic-output-conforms"),
    }


def test_a_raise_is_caught_and_the_session_is_rolled_back_and_closed(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_BUG", "raise")
    config = dataclasses.replace(load_config(), app=None)
    run = run_check(config, seed=1, max_examples=20)
    assert ("ledger.create", "logic-accepts-input") in failed(run)
    assert ("ledger.create_async", "logic-accepts-input") in failed(run)
    failure = next(f for r in run.results if r.check == "logic-accepts-input" for f in r.failures)
    assert "RuntimeError: entry" in failure.message
    seen = counts()
    assert seen["rolled_back"] > 0
    assert seen["opened"] == seen["closed"]


def test_a_thousand_examples_leak_no_session(ledger: Path) -> None:
    config = dataclasses.replace(load_config(), app=None)
    run = run_check(config, seams=["ledger.create"], seed=3, max_examples=1000)
    assert failed(run) == set()
    seen = counts()
    assert seen["generator"] >= 1000  # every example its own session (both logic checks)
    assert seen["opened"] == seen["closed"] == seen["committed"]


# -- each kind of factory; the top-level default and the seam's override ----------------------


@pytest.mark.parametrize(
    ("factory", "kind"),
    [
        ("session", "generator"),
        ("session_cm", "context-manager"),
        ("async_session", "async"),
    ],
)
def test_each_kind_of_factory_serves_sync_and_async_logic(
    ledger: Path, factory: str, kind: str
) -> None:
    edit(ledger, '"ledger_app.db:session"', f'"ledger_app.db:{factory}"')
    edit(ledger, '"ledger_app.db:async_session"', f'"ledger_app.db:{factory}"')
    config = dataclasses.replace(load_config(), app=None)
    run = run_check(config, seed=2, max_examples=10)
    assert failed(run) == set()
    seen = counts()
    assert seen[kind] > 0
    assert seen["opened"] == seen[kind] == seen["closed"]


def test_a_plain_function_factory_gives_the_value(ledger: Path) -> None:
    edit(ledger, '"ledger_app.db:session"', '"ledger_app.db:plain_session"')
    config = dataclasses.replace(load_config(), app=None)
    run = run_check(config, seams=["ledger.create"], seed=2, max_examples=10)
    assert failed(run) == set()
    assert counts()["plain"] > 0


def test_the_top_level_provide_is_every_seams_default_and_a_seam_overrides_it(
    ledger: Path,
) -> None:
    config = load_config()
    create, create_async = config.binding("ledger.create"), config.binding("ledger.create_async")
    assert create.provide == (("session", "ledger_app.db:session"),)
    assert create.provide_inherited == ("session",)
    assert create_async.provide == (("session", "ledger_app.db:async_session"),)
    assert create_async.provide_inherited == ()


# -- the session is left out of the input document ---------------------------------------------


def test_a_provided_parameter_is_left_out_of_the_recorded_document() -> None:
    def create(session: sqlite3.Connection, title: str) -> None:
        del session, title

    shape = shape_of(create, skip_first=False, provided=frozenset({"session"}))
    connection = sqlite3.connect(":memory:")
    try:
        assert shape.recorded_input((connection, "Rent"), {}) == ({"title": "Rent"}, "")
        assert shape.recorded_input((), {"session": connection, "title": "Rent"}) == (
            {"title": "Rent"},
            "",
        )
    finally:
        connection.close()
    assert shape.arguments({"title": "Rent"}) == ((), {"title": "Rent"})


class NewEntry(BaseModel):
    """An entry, the one described parameter beside a session."""

    title: str


def test_a_model_beside_a_provided_session_is_the_whole_document() -> None:
    def create(*, session: object, entry: NewEntry) -> None:
        del session, entry

    shape = shape_of(create, skip_first=False, provided=frozenset({"session"}))
    assert shape.single == "entry"
    assert shape.recorded_input((), {"session": object(), "entry": NewEntry(title="a")}) == (
        {"title": "a"},
        "",
    )


# -- a bad provide is one usage line, exit 2 ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '"ledger_app.db:session"',
            '"ledger_app.db"',
            r"'provide\.session': 'ledger_app\.db' is not 'module:factory'",
        ),
        (
            '"ledger_app.db:session"',
            '"ledger_app.db:session()"',
            r"'provide\.session'.*without '\(\)'",
        ),
        (
            '"ledger_app.db:session"',
            '"ledger_app.db:sesion"',
            r"'provide\.session' = 'ledger_app\.db:sesion': .*no attribute 'sesion'.*'session'",
        ),
        (
            '"ledger_app.db:session"',
            '"ledger_app.dbs:session"',
            r"'provide\.session' = 'ledger_app\.dbs:session': no module named",
        ),
        (
            '{ session = "ledger_app.db:async_session" }',
            '{ sesion = "ledger_app.db:async_session" }',
            r"'provide\.sesion' of seam 'ledger\.create_async'.*no parameter 'sesion'.*'session'",
        ),
        ("provide = {", "provides = {", r"unknown key 'provides'.*'provide'"),
        (
            'provide = { session = "ledger_app.db:session" }',
            'provide = "ledger_app.db:session"',
            r"'provide': expected a table of parameter",
        ),
    ],
)
def test_a_bad_provide_is_one_usage_line(ledger: Path, old: str, new: str, expected: str) -> None:
    edit(ledger, old, new)
    line = one_line(run_cli("check", "--seed", "1", "--max-examples", "2"))
    assert re.search(expected, line), line


def test_a_top_level_default_need_not_fit_every_seam(ledger: Path) -> None:
    """A default the logic does not take is passed over; a seam's own entry is checked."""
    edit(
        ledger,
        'provide = { session = "ledger_app.db:session" }',
        'provide = { session = "ledger_app.db:session", clock = "time:time" }',
    )
    config = dataclasses.replace(load_config(), app=None)
    run = run_check(config, seed=1, max_examples=5)
    assert failed(run) == set()


def test_a_factory_that_is_not_callable_is_a_config_error(ledger: Path) -> None:
    edit(ledger, '"ledger_app.db:session"', '"ledger_app.db:COUNTS"')
    with pytest.raises(ConfigError, match=r"'provide\.session' = 'ledger_app\.db:COUNTS'"):
        run_check(load_config(), seed=1, max_examples=2)


# -- init's schema writer leaves a provided parameter out --------------------------------------


def test_the_schema_writer_leaves_a_provided_parameter_out(ledger: Path) -> None:
    from seamguard.scaffold._resolve import LogicTarget
    from seamguard.scaffold._schemas import schemas_for

    sys.path.insert(0, str(ledger))
    try:
        from ledger_app.logic import create_entry  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ledger))
    target = LogicTarget("ledger_app.logic:create_entry", create_entry, "function")
    written = schemas_for(target, seam="ledger.create", operations=[], components={})
    assert set(written.input["properties"]) == {"session", "title"}  # as init writes today
    provided = schemas_for(
        target,
        seam="ledger.create",
        operations=[],
        components={},
        provided=frozenset({"session"}),
    )
    assert set(provided.input["properties"]) == {"title"}
    assert provided.input["required"] == ["title"]


# -- model-matches-contract judges no provided parameter -------------------------------------


class FakeSession(BaseModel):
    """A session type that happens to be a pydantic model."""

    url: str = "sqlite://"


def create_with_model_session(session: FakeSession, entry: NewEntry, tag: str) -> None:
    """A logic whose provided session is annotated with a pydantic model."""
    del session, entry, tag


def test_a_provided_parameter_is_no_input_model() -> None:
    from seamguard.checks._model_sides import _annotated_models
    from seamguard.config import Binding
    from seamguard.seams import bind

    logic = "tests.unit.test_provide:create_with_model_session"
    plain = bind(Binding(contract="entries.create", logic=logic))
    assert {(s.file, s.parameter) for s in _annotated_models(plain)} == {
        ("input", "session"),
        ("input", "entry"),
    }
    provided = bind(
        Binding(
            contract="entries.create",
            logic=logic,
            provide=(("session", "tests.unit.test_provide:FakeSession"),),
        )
    )
    assert [(s.file, s.parameter) for s in _annotated_models(provided)] == [("input", "entry")]
