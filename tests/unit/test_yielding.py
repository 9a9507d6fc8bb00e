"""Logic that yields (issue 18, point 2): a generator function's output is the list of its items.

The feeds service's ``list_entries`` is an async generator function (its route collects
``[e async for e in ...]``), ``Archive.recent`` a sync generator method (``list(...)``);
each also has a route that takes the first item and drops the rest. Before, both were
judged as the generator object ("the logic returned a async_generator object with no JSON
form"), and the sync one was even drained by the recorder before the route saw an item.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import json
import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

import seamguard
from seamguard.checks.crossing import judge_crossing
from seamguard.checks.logic import call_logic
from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import Run, run_check
from seamguard.errors import ContractViolation
from seamguard.project import Project
from seamguard.seams import Crossing, Recorder, bind, installed, output_form, project_on_path

HERE = Path(__file__).parent
FEEDS = HERE / "services" / "feeds"
LIST, RECENT = "entries.list", "entries.recent"
ITEMS = [{"id": n, "title": f"entry {n}"} for n in (1, 2, 3)]


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "feeds_app"]:
        del sys.modules[name]


@pytest.fixture
def feeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "feeds"
    shutil.copytree(FEEDS, root, ignore=shutil.ignore_patterns("__pycache__", ".seamguard"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("FEEDS_BUG", raising=False)
    _forget()
    yield root
    _forget()


def check() -> Run:
    _forget()
    return run_check(load_config(), seed=1, example_db="none")


def failures(run: Run) -> dict[tuple[str, str], list[Any]]:
    return {
        (r.seam, r.check): list(r.failures) for r in run.results if r.status in ("failed", "error")
    }


def crossings(*urls: str) -> list[tuple[int, list[Crossing]]]:
    """Each GET sent to the app with every seam's wrapper installed, under a request id of
    its own: its status and the crossings recorded under that id."""
    project = Project.open(None)
    with project.on_path():
        seams = project.bind_all(project.config.seams)
        app = sys.modules["feeds_app.api"].app
        recorder = Recorder()

        async def send() -> list[tuple[int, list[Crossing]]]:
            answers = []
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://feeds") as client:
                for index, url in enumerate(urls):
                    with recorder.request(f"r{index}"):
                        status = (await client.get(url)).status_code
                    answers.append((status, recorder.take(f"r{index}")))
            return answers

        with installed(seams, recorder):
            answers = asyncio.run(send())
    assert recorder.take() == []  # nothing left over, nothing recorded under no request
    return answers


def judged(crossing: Crossing) -> list[tuple[str, str]]:
    project = Project.open(None)
    contract = project.registry.get(crossing.seam)
    validators = project.validators
    output = validators.of(contract.output) if crossing.returned else None
    breaches = judge_crossing(
        crossing, input_schema=validators.of(contract.input), output_schema=output
    )
    return [(b.check, b.kind) for b in breaches]


# -- seamguard check: clean, a planted item, an undeclared error mid-iteration ------------------


def test_a_service_whose_logic_yields_passes_seamguard_check_clean(feeds: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--seed", "1", "--example-db", "none"])
    assert result.exit_code == 0, result.output
    assert "generator" not in result.output


def test_what_init_writes_for_the_service_passes_seamguard_check(
    feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """init's contracts for a logic that yields: an array of the item schema; green."""
    bare = feeds.parent / "bare"
    shutil.copytree(feeds / "feeds_app", bare / "feeds_app")
    monkeypatch.chdir(bare)
    result = CliRunner().invoke(cli, ["init", "--app", "feeds_app.api:app", "-y"])
    assert result.exit_code == 0, result.output
    output = json.loads((bare / "contracts/entries.list/1.0/output.schema.json").read_text())
    assert output["type"] == "array"
    _forget()
    result = CliRunner().invoke(cli, ["check", "--seed", "1", "--example-db", "none"])
    assert result.exit_code == 0, result.output


def test_an_item_the_item_schema_forbids_fails_logic_output_conforms_with_a_stable_id(
    feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEEDS_BUG", "item")
    first, second = check(), check()
    found = failures(first)
    assert set(found) == {(LIST, "logic-output-conforms"), (RECENT, "logic-output-conforms")}
    (listed,) = found[LIST, "logic-output-conforms"]
    assert "at /1/title: '' should be non-empty" in listed.message
    (recent,) = found[RECENT, "logic-output-conforms"]
    assert "/title: '' should be non-empty" in recent.message
    assert [f.id for fs in found.values() for f in fs] == [
        f.id for fs in failures(second).values() for f in fs
    ]


def test_an_undeclared_error_raised_mid_iteration_fails_logic_accepts_input(
    feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEEDS_BUG", "undeclared")
    found = failures(check())
    for seam in (LIST, RECENT):
        (failure,) = found[seam, "logic-accepts-input"]
        assert failure.message.startswith("the logic raised LookupError: the index moved")
        assert (seam, "logic-output-conforms") not in found


# -- the logic side: drained in the call's own loop, then judged ---------------------------------


def test_the_logic_side_judges_the_list_of_items(feeds: Path) -> None:
    assert seamguard.call_seam(LIST, {"topic": "news"}) == ITEMS
    assert seamguard.call_seam(RECENT, {"limit": 2}) == [
        {"id": 6, "title": "entry 6"},
        {"id": 5, "title": "entry 5"},
    ]


def test_the_logic_side_drains_a_generator_returned_by_a_plain_function(feeds: Path) -> None:
    """Told apart at run time too: a generator object from a function that is none."""
    config = load_config()
    with project_on_path(config.root):
        bound = bind(config.binding(LIST))
        assert (bound.yields, bind(config.binding(RECENT)).yields) == ("async", "sync")
        plain = dataclasses.replace(bound, yields="")
        first = call_logic(plain, {"topic": "sport"}, output=True)[0]
    assert first == {"id": 4, "title": "entry 4"}


def test_the_logic_side_fails_a_planted_item_and_passes_a_declared_error(
    feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seamguard.checks.logic import run_logic_checks

    project = Project.open(None)
    with project.on_path():
        seam = project.bind(LIST)
        contract = project.registry.get(LIST)
        run = {
            r.check: r
            for r in run_logic_checks(
                seam, contract, project.validators, max_examples=10, seed=1, relative_to=feeds
            )
        }
        assert (run["logic-accepts-input"].status, run["logic-output-conforms"].status) == (
            "passed",
            "passed",
        )
        monkeypatch.setenv("FEEDS_BUG", "item")
        (failure,) = run_logic_checks(
            seam, contract, project.validators, max_examples=10, seed=1, relative_to=feeds
        )[1].failures
    assert failure.check == "logic-output-conforms"
    assert "at /1/title" in failure.message


def edit(root: Path, old: str, new: str) -> None:
    path = root / "seamguard.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("seam", "logic", "factory", "document"),
    [
        (LIST, "list_entries", "open_shelf_async", {"topic": "news"}),
        (LIST, "list_entries", "open_shelf", {"topic": "news"}),
        (RECENT, "Archive.recent", "open_shelf", {"limit": 3}),
        (RECENT, "Archive.recent", "open_shelf_async", {"limit": 3}),
    ],
)
def test_the_logic_side_drains_the_items_before_a_provided_value_closes(
    feeds: Path, seam: str, logic: str, factory: str, document: dict[str, Any]
) -> None:
    """The shelf refuses a read once its factory's exit ran: every item is read first."""
    shelved = "list_shelved" if seam == LIST else "recent_shelved"
    edit(
        feeds,
        f'logic = "feeds_app.logic:{logic}"\n',
        f'logic = "feeds_app.logic:{shelved}"\n'
        f'provide = {{ shelf = "feeds_app.logic:{factory}" }}\n',
    )
    output = seamguard.call_seam(seam, document)
    (shelf,) = sys.modules["feeds_app.logic"].SHELVES
    assert [item["id"] for item in output] == shelf.read
    assert len(output) == 3
    assert not shelf.open


# -- the API side: the route gets every item, the crossing its list, under its own request -----


def test_the_api_side_records_the_items_under_the_request_that_drained_them(feeds: Path) -> None:
    (status, (listed,)), (_, (recent,)) = crossings("/entries?topic=news", "/recent?limit=1")
    assert status == 200
    assert (listed.seam, listed.input, listed.output, listed.request) == (
        LIST,
        {"topic": "news"},
        ITEMS,
        "r0",
    )
    assert listed.returned
    assert not listed.closed_early
    assert (recent.input, recent.output, recent.request) == (
        {"limit": 1},
        [{"id": 6, "title": "entry 6"}],
        "r1",
    )
    assert judged(listed) == judged(recent) == []


def test_the_api_side_fails_a_planted_item(feeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDS_BUG", "item")
    (status, (listed,)), (_, (recent,)) = crossings("/entries?topic=news", "/recent?limit=5")
    assert status == 200  # the route's Entry model lets the empty title through
    assert judged(listed) == [("logic-output-conforms", "minLength at /1/title")]
    assert judged(recent) == [("logic-output-conforms", "minLength at /4/title")]


def test_an_early_close_records_what_was_yielded_and_is_not_judged_as_the_output(
    feeds: Path,
) -> None:
    for status, (crossing,) in crossings("/entries/first?topic=news", "/recent/first?limit=3"):
        assert status == 200
        assert crossing.closed_early
        assert not crossing.returned
        assert crossing.error is None
        assert len(crossing.output) == 1  # only the first item was asked for
        assert judged(crossing) == []  # one item of a list is not the logic's output


def test_an_error_raised_mid_iteration_is_the_crossings_error(
    feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ((status, (archive,)),) = crossings("/entries?topic=archive")
    assert status == 404
    assert type(archive.error).__name__ == "TopicClosed"
    assert archive.declared
    assert judged(archive) == []
    monkeypatch.setenv("FEEDS_BUG", "undeclared")
    (_, (listed,)), (_, (recent,)) = crossings("/entries?topic=news", "/recent?limit=3")
    for crossing, where in ((listed, "list_entries"), (recent, "recent")):
        assert isinstance(crossing.error, LookupError)
        assert not crossing.declared
        assert judged(crossing) == [
            ("logic-accepts-input", f"raised builtins.LookupError in {where}")
        ]


# -- the output form of a yielding annotation ------------------------------------------------------


class _Row:
    def __init__(self, number: int) -> None:
        self.id, self.title = number, f"row {number}"


class _RowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str


def test_a_yielding_return_annotation_reads_the_items_as_a_list_of_its_model() -> None:
    rows = [_Row(1), _Row(2)]
    expected = [{"id": 1, "title": "row 1"}, {"id": 2, "title": "row 2"}]
    for annotation in (AsyncIterator[_RowOut], Iterator[_RowOut]):
        assert output_form(None, annotation).document(rows) == expected


# -- the runtime guard: the route still gets every item; the list is judged ----------------------


def test_the_guard_passes_every_item_through_and_judges_the_list(
    feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config()
    with project_on_path(config.root):
        app = importlib.import_module("feeds_app.api").app
        logic = sys.modules["feeds_app.logic"]

        async def listed() -> list[Any]:
            return [entry async for entry in logic.list_entries("news")]

        with seamguard.guard(app, config=config, sample=1.0, on_mismatch="raise") as running:
            assert len(list(logic.Archive().recent(3))) == 3  # not drained by the guard
            assert len(asyncio.run(listed())) == 3
            assert running.counts(RECENT).mismatches == running.counts(LIST).mismatches == 0
        monkeypatch.setenv("FEEDS_BUG", "item")
        guarded = seamguard.guard(app, config=config, sample=1.0, on_mismatch="raise")
        with guarded, pytest.raises(ContractViolation) as caught:
            list(logic.Archive().recent(5))
    assert caught.value.failure.check == "logic-output-conforms"
    assert "/4/title" in caught.value.failure.message
