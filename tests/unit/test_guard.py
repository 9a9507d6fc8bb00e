"""The runtime guard: sampled crossings of a running app judged against the contracts.

The notes service (``tests/unit/services/notes``, defects planted by ``NOTES_BUG``) and
taskapp (the repository's own ``pyproject.toml``) are driven through real HTTP, in process,
so every wrapper is reached the way the app reaches its logic: ``create_note`` by the name
the API imported, ``logic.search_notes`` (async) on the module, ``Notebook.get`` through an
instance built before the guard started.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import json
import logging
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import seamguard
from seamguard import Binding, Config, ConfigError, ContractError, ContractViolation, Guard
from seamguard._guard import GuardCounts
from seamguard.contracts import CompiledSchema
from tests.unit import seam_caller, seam_targets

with warnings.catch_warnings():
    # Starlette 1.x prefers the `httpx2` package for its test client; with `httpx` it warns
    # once at import, which `filterwarnings = error` would fail.
    warnings.filterwarnings(
        "ignore", message="Using `httpx` with `starlette.testclient`", category=UserWarning
    )
    from starlette.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
NOTES_DIR = Path(__file__).parent / "services" / "notes"
NOTES_CONFIG = NOTES_DIR / "seamguard.toml"
UNKNOWN = "0c9a4e8b-2d61-4f3a-9b57-e1d2c3b4a596"
LOGGER = "seamguard.guard"


@dataclasses.dataclass(frozen=True)
class Notes:
    logic: ModuleType
    api: ModuleType

    def originals(self) -> tuple[Any, ...]:
        """What every reference the API uses to reach the logic holds right now."""
        return (
            self.logic.create_note,
            self.api.create_note,
            self.logic.search_notes,
            vars(self.logic.Notebook)["get"],
        )


@pytest.fixture(scope="module")
def notes() -> Iterator[Notes]:
    """The notes modules, imported the way seamguard does: the config's folder on sys.path."""
    folder = str(NOTES_DIR)
    sys.path.insert(0, folder)
    try:
        yield Notes(
            logic=importlib.import_module("notes_fixture.logic"),
            api=importlib.import_module("notes_fixture.api"),
        )
    finally:
        sys.path.remove(folder)
        for name in [n for n in sys.modules if n.partition(".")[0] == "notes_fixture"]:
            del sys.modules[name]


@pytest.fixture(autouse=True)
def clean_notes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No defect planted, only the welcome note stored, and the originals back after each test."""
    monkeypatch.delenv("NOTES_BUG", raising=False)
    if "notes" not in request.fixturenames:
        yield
        return
    service: Notes = request.getfixturevalue("notes")
    service.logic.reset()
    before = service.originals()
    yield
    service.logic.reset()
    assert service.originals() == before, "a test left a guard running"


@pytest.fixture
def client(notes: Notes) -> Iterator[TestClient]:
    with TestClient(notes.api.app) as test_client:
        yield test_client


def guard_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the guard logged at WARNING or above."""
    return [r for r in caplog.records if r.name == LOGGER and r.levelno >= logging.WARNING]


def exercise_notes(client: TestClient) -> None:
    """One request per route, each reaching its seam; every answer as the clean service gives."""
    assert client.post("/notes", json={"title": "Groceries", "body": "Milk"}).status_code == 201
    assert client.post("/notes", json={"title": "Pin", "pinned": True}).status_code == 201
    found = client.get("/notes", params={"text": "milk", "limit": "5"})
    assert found.status_code == 200
    assert {n["title"] for n in found.json()} == {"Groceries"}
    welcome = client.get("/notes/7d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a")
    assert welcome.status_code == 200


# -- a mismatch, logged or raised ------------------------------------------------------------


def test_a_planted_output_bug_is_logged_with_seam_version_and_pointer(
    notes: Notes,
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTES_BUG", "logic-output-conforms")  # created_at "yesterday"
    caplog.set_level(logging.INFO, logger=LOGGER)

    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0) as running:
        response = client.post("/notes", json={"title": "Pin", "pinned": True})

    assert response.status_code == 201  # logging changes nothing about the call
    (record,) = guard_records(caplog)
    assert record.levelno == logging.WARNING
    line = record.getMessage()
    assert "\n" not in line
    assert "notes.create@1.0 output" in line
    assert "at /created_at: 'yesterday' is not a 'date-time'" in line
    assert "contracts/notes.create/1.0/output.schema.json" in line
    assert '"created_at": "yesterday"' in line  # the short form of the document
    details = record.seamguard  # type: ignore[attr-defined]
    assert details["seam"] == "notes.create"
    assert details["version"] == "1.0"
    assert details["side"] == "output"
    assert details["pointer"] == "/created_at"
    assert running.counts("notes.create") == GuardCounts(calls=1, sampled=1, mismatches=1)


def test_a_long_document_is_cut_short_in_the_log_line(
    notes: Notes,
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTES_BUG", "logic-output-conforms")
    caplog.set_level(logging.WARNING, logger=LOGGER)

    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0):
        body = "x" * 400
        response = client.post("/notes", json={"title": "Long", "body": body, "pinned": True})

    assert response.status_code == 201
    (record,) = guard_records(caplog)
    assert len(record.getMessage()) < 500
    assert record.getMessage().endswith("…")


def test_raise_mode_raises_contract_violation_for_an_output(
    notes: Notes, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_BUG", "logic-output-conforms")

    with seamguard.guard(
        notes.api.app, config=NOTES_CONFIG, sample=1.0, on_mismatch="raise"
    ) as running:
        # Through the route: the API's own catch-all turns the violation into its 500.
        response = client.post("/notes", json={"title": "Pin", "pinned": True})
        assert response.status_code == 500
        assert "ContractViolation" in response.json()["detail"]
        # Called directly, the violation itself.
        with pytest.raises(ContractViolation) as caught:
            notes.logic.create_note("Direct", pinned=True)

    failure = caught.value.failure
    assert failure.check == "logic-output-conforms"
    assert (failure.seam, failure.version) == ("notes.create", "1.0")
    assert failure.file == "contracts/notes.create/1.0/output.schema.json"
    assert "at /created_at: 'yesterday' is not a 'date-time'" in failure.message
    # Worded as seamguard check words the same failure (checks.crossing.judge_crossing).
    assert failure.message.startswith(
        "guard: the logic returned a document its output schema forbids, at /created_at: "
    )
    assert failure.example["created_at"] == "yesterday"
    # The input of the call reproduces it.
    assert failure.reproduce == (
        "import seamguard\nseamguard.call_seam('notes.create', "
        f"{{'title': 'Direct', 'body': '', 'pinned': True}}, config={str(NOTES_CONFIG)!r})"
    )
    replayed = seamguard.call_seam(
        "notes.create", {"title": "Direct", "pinned": True}, config=NOTES_CONFIG
    )
    assert replayed["created_at"] == "yesterday"
    assert running.mismatches == 2


def test_an_input_the_contract_forbids_is_caught_before_the_logic_runs(
    notes: Notes,
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTES_BUG", "api-hands-valid-input")  # limit handed over as "5"
    caplog.set_level(logging.WARNING, logger=LOGGER)

    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0) as logged:
        assert client.get("/notes", params={"text": "a", "limit": "5"}).status_code == 200
    (record,) = guard_records(caplog)
    assert "notes.search@1.0 input breaks the contract at /limit: '5' is not of type" in (
        record.getMessage()
    )
    assert logged.counts("notes.search") == GuardCounts(calls=1, sampled=1, mismatches=1)

    seen: list[Any] = []

    def all_notes() -> list[Any]:
        seen.append("ran")
        return []

    monkeypatch.setattr(notes.logic, "all_notes", all_notes)
    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0, on_mismatch="raise"):
        response = client.get("/notes", params={"text": "a", "limit": "5"})
    assert response.status_code == 500
    assert "ContractViolation" in response.json()["detail"]
    assert seen == []  # the logic never ran on the forbidden input


# -- a clean run, sampling ---------------------------------------------------------------


def test_a_clean_run_logs_nothing_and_judges_every_call_at_sample_one(
    notes: Notes, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)

    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0) as running:
        exercise_notes(client)

    assert guard_records(caplog) == []
    assert running.counts_by_seam() == {
        "notes.create": GuardCounts(calls=2, sampled=2, mismatches=0),
        "notes.get": GuardCounts(calls=1, sampled=1, mismatches=0),
        "notes.search": GuardCounts(calls=1, sampled=1, mismatches=0),
    }
    assert (running.calls, running.sampled, running.mismatches) == (4, 4, 0)


def test_sample_zero_never_validates(
    notes: Notes,
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTES_BUG", "logic-output-conforms")
    caplog.set_level(logging.WARNING, logger=LOGGER)

    judged: list[Any] = []

    def is_valid(*args: Any) -> bool:
        judged.append(args)
        return True

    def errors(*args: Any) -> list[Any]:
        judged.append(args)
        return []

    monkeypatch.setattr(CompiledSchema, "is_valid", is_valid)
    monkeypatch.setattr(CompiledSchema, "errors", errors)
    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=0.0) as running:
        for _ in range(20):
            response = client.post("/notes", json={"title": "Pin", "pinned": True})
            assert response.json()["created_at"] == "yesterday"
        exercise_notes(client)

    assert judged == []
    assert guard_records(caplog) == []
    assert running.counts() == GuardCounts(calls=24, sampled=0, mismatches=0)


def test_the_fraction_sampled_follows_sample_and_the_seed_repeats_it(notes: Notes) -> None:
    def sampled_of(seed: int) -> int:
        with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=0.25, seed=seed) as g:
            for index in range(400):
                notes.logic.create_note(f"note {index}")
        assert g.calls == 400
        return g.sampled

    first = sampled_of(7)
    assert 60 <= first <= 140  # 100 expected; far outside only by a broken draw
    assert sampled_of(7) == first


def test_counters_are_exact_under_threads(notes: Notes) -> None:
    notebook = notes.logic.Notebook()
    welcome = notes.logic.WELCOME_ID

    def work() -> None:
        for _ in range(300):
            notebook.get(welcome)

    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=0.5, seed=1) as running:
        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    counts = running.counts("notes.get")
    assert counts.calls == 2400
    assert 0 < counts.sampled < 2400
    assert counts.mismatches == 0


# -- errors of the logic pass through -------------------------------------------------------


@pytest.mark.parametrize("on_mismatch", ["log", "raise"])
def test_a_declared_domain_error_passes_through_unjudged(
    notes: Notes, client: TestClient, caplog: pytest.LogCaptureFixture, on_mismatch: str
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)

    with seamguard.guard(
        notes.api.app, config=NOTES_CONFIG, sample=1.0, on_mismatch=on_mismatch
    ) as running:
        response = client.get(f"/notes/{UNKNOWN}")
        with pytest.raises(notes.logic.NoteMissing) as caught:
            notes.logic.Notebook().get(UNKNOWN)

    assert response.status_code == 404
    assert response.json()["title"] == "Note not found"
    assert caught.value.note_id == UNKNOWN
    assert guard_records(caplog) == []
    assert running.counts("notes.get") == GuardCounts(calls=2, sampled=2, mismatches=0)


def test_an_undeclared_error_passes_through_unchanged(
    notes: Notes,
    client: TestClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTES_BUG", "logic-accepts-input")  # KeyError on a pinned note
    caplog.set_level(logging.WARNING, logger=LOGGER)

    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0, on_mismatch="raise"):
        response = client.post("/notes", json={"title": "Pin", "pinned": True})
        with pytest.raises(KeyError, match="body"):
            notes.logic.create_note("Pin", pinned=True)
        # A call the signature does not take: the logic's own TypeError, not a violation.
        with pytest.raises(TypeError, match="colour"):
            notes.logic.create_note("Pin", colour="red")

    assert response.status_code == 500
    assert "KeyError" in response.json()["detail"]
    assert guard_records(caplog) == []


def test_a_fault_of_the_guard_itself_is_logged_and_the_call_goes_on(
    notes: Notes, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)

    is_valid = CompiledSchema.is_valid

    def broken(self: CompiledSchema, instance: Any) -> bool:
        if self.document.path.name == "output.schema.json":
            raise RuntimeError("validator crashed")
        return is_valid(self, instance)

    monkeypatch.setattr(CompiledSchema, "is_valid", broken)
    with seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0, on_mismatch="raise"):
        note = notes.logic.create_note("Still stored")

    assert note.title == "Still stored"
    (record,) = guard_records(caplog)
    assert record.levelno == logging.ERROR
    assert "notes.create@1.0: the output document could not be judged" in record.getMessage()
    assert "RuntimeError: validator crashed" in record.getMessage()


# -- stop, restore -------------------------------------------------------------------------


def test_stop_restores_the_original_callables(notes: Notes, client: TestClient) -> None:
    originals = notes.originals()

    running = seamguard.guard(notes.api.app, config=NOTES_CONFIG, sample=1.0)
    assert isinstance(running, Guard)
    assert running.app is notes.api.app
    wrapped = notes.originals()
    assert all(w is not o for w, o in zip(wrapped, originals, strict=True))
    # The API module's own name for create_note was replaced too.
    assert notes.api.create_note is notes.logic.create_note
    exercise_notes(client)
    running.stop()

    restored = notes.originals()
    assert all(r is o for r, o in zip(restored, originals, strict=True))
    assert not running.active
    final = running.counts()
    assert final == GuardCounts(calls=4, sampled=4, mismatches=0)
    running.stop()  # idempotent
    exercise_notes(client)  # reaches the originals: nothing counted
    assert running.counts() == final


def test_the_context_manager_restores_on_an_error(notes: Notes) -> None:
    originals = notes.originals()
    seen: list[tuple[Any, ...]] = []

    def fail_inside() -> None:
        with seamguard.guard(notes.api.app, config=NOTES_CONFIG):
            seen.append(notes.originals())
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail_inside()
    assert seen[0] != originals
    assert all(r is o for r, o in zip(notes.originals(), originals, strict=True))


def test_seams_chooses_what_is_guarded(notes: Notes) -> None:
    originals = notes.originals()
    with seamguard.guard(
        notes.api.app, config=NOTES_CONFIG, sample=1.0, seams=["notes.search"]
    ) as running:
        assert running.seams == ("notes.search",)
        assert running.versions() == {"notes.search": "1.0"}
        now = notes.originals()
        assert now[0] is originals[0]
        assert now[2] is not originals[2]
        assert asyncio.run(notes.logic.search_notes("welcome"))[0].title == "Welcome"
        with pytest.raises(ConfigError, match=r"did you mean 'notes\.search'"):
            running.counts("notes.serch")
    assert running.counts("notes.search") == GuardCounts(1, 1, 0)


# -- bad arguments and configurations -----------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"sample": 1.5}, "guard: sample=1.5 must be a number from 0 to 1"),
        ({"sample": -0.01}, "guard: sample=-0.01 must be a number from 0 to 1"),
        ({"sample": float("nan")}, "guard: sample=nan must be a number from 0 to 1"),
        ({"sample": True}, "guard: sample=True must be a number from 0 to 1"),
        ({"sample": "0.5"}, "guard: sample='0.5' must be a number from 0 to 1"),
        (
            {"on_mismatch": "warn"},
            "guard: on_mismatch='warn' is not one of 'log', 'raise'",
        ),
        ({"on_mismatch": "rase"}, "did you mean 'raise'"),
        ({"seed": "x"}, "guard: seed='x' must be a whole number or None"),
        ({"seams": ["notes.nope"]}, "guard: seams: no seam 'notes.nope' is bound"),
        ({"config": NOTES_DIR / "missing.toml"}, "config file '.*missing.toml' does not exist"),
    ],
)
def test_bad_arguments_are_a_config_error_and_wrap_nothing(
    notes: Notes, arguments: dict[str, Any], message: str
) -> None:
    originals = notes.originals()
    given: dict[str, Any] = {"config": NOTES_CONFIG, **arguments}
    with pytest.raises(ConfigError, match=message):
        seamguard.guard(notes.api.app, **given)
    assert all(r is o for r, o in zip(notes.originals(), originals, strict=True))


def _tiny_tree(root: Path, output_schema: object) -> Path:
    version = root / "contracts" / "things.make" / "1.0"
    version.mkdir(parents=True)
    (version / "input.schema.json").write_text(
        json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"})
    )
    (version / "output.schema.json").write_text(json.dumps(output_schema))
    return root / "contracts"


def _tiny_config(contracts: Path, root: Path) -> Config:
    return Config(
        root=root,
        contracts=contracts,
        seams=(
            Binding(
                contract="things.make",
                logic="tests.unit.seam_targets:make",
                raises=("tests.unit.seam_targets:Refused",),
            ),
        ),
    )


def test_a_config_object_binds_a_function_where_defined_and_where_imported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    output = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"size": {"type": "integer", "maximum": 9}},
    }
    config = _tiny_config(_tiny_tree(tmp_path, output), tmp_path)
    original = seam_targets.make

    with seamguard.guard(None, config=config, sample=1.0) as running:
        assert seam_caller.make is seam_targets.make is not original
        assert seam_caller.call_make("a")["size"] == 1
        assert seam_targets.make("b", 10)["size"] == 10  # logged, returned unchanged
        with pytest.raises(seam_targets.Refused):
            seam_targets.make("refuse")

    assert seam_caller.make is seam_targets.make is original
    (record,) = guard_records(caplog)
    assert "things.make@1.0 output breaks the contract at /size:" in record.getMessage()
    assert running.counts() == GuardCounts(calls=3, sampled=3, mismatches=1)


def test_an_invalid_contract_is_refused_at_start(tmp_path: Path) -> None:
    bad = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "strnig"}
    config = _tiny_config(_tiny_tree(tmp_path, bad), tmp_path)
    original = seam_targets.make
    with pytest.raises(ContractError, match=r"guard: the contract things\.make@1\.0 is not valid"):
        seamguard.guard(None, config=config)
    assert seam_targets.make is original


def test_no_bound_seam_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "seamguard.toml").write_text('contracts = "contracts"\n')
    with pytest.raises(ConfigError, match="guard: no seams are bound"):
        seamguard.guard(None, config=tmp_path / "seamguard.toml")


# -- taskapp, through the repository's pyproject.toml -------------------------------------


def test_taskapp_runs_clean_under_the_guard(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taskapp.api import create_app
    from taskapp.logic import TaskManager

    monkeypatch.setenv("TASKAPP_DB", str(tmp_path / "tasks.db"))
    caplog.set_level(logging.WARNING, logger=LOGGER)
    original = vars(TaskManager)["create_task"]
    app = create_app(db_path=tmp_path / "tasks.db")

    with seamguard.guard(app, config=REPO / "pyproject.toml", sample=1.0) as running:
        assert running.config.app == "taskapp.api:app"  # named, not imported again
        with TestClient(app) as client:
            created = client.post("/api/tasks", json={"title": "Guarded", "tags": ["a"]})
            assert created.status_code == 201, created.text
            task_id = created.json()["id"]
            assert client.get(f"/api/tasks/{task_id}").status_code == 200
            assert client.get("/api/tasks", params={"limit": "5"}).status_code == 200
            changed = client.patch(f"/api/tasks/{task_id}", json={"priority": "high"})
            assert changed.status_code == 200
            assert client.post(f"/api/tasks/{task_id}/complete").status_code == 200
            # A declared domain error (InvalidTransition), passed through as the API's 409.
            assert client.post(f"/api/tasks/{task_id}/complete").status_code == 409
            assert client.delete(f"/api/tasks/{task_id}").status_code == 204
            # TaskNotFound, passed through as the API's 404.
            assert client.get(f"/api/tasks/{task_id}").status_code == 404

    assert vars(TaskManager)["create_task"] is original
    assert guard_records(caplog) == []
    counts = running.counts_by_seam()
    assert counts["tasks.create"] == GuardCounts(1, 1, 0)
    assert counts["tasks.get"] == GuardCounts(2, 2, 0)
    assert counts["tasks.complete"] == GuardCounts(2, 2, 0)
    assert running.counts() == GuardCounts(calls=8, sampled=8, mismatches=0)
