"""Output documents (issue 18, point 2): a return value becomes JSON the way the API would.

The arena service's CRUD functions take a SQLAlchemy session (provided) and return ORM
objects, ``None`` or lists of them; its FastAPI routes answer through ``PlayerOut``
(``from_attributes``). An ORM object is read through the bound ``output-model``, else
through the return annotation's pydantic model; a value with no JSON form and no model is
a plain failure of ``logic-output-conforms`` (never a ``repr()`` with a memory address, so
its id is the same in every run).
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict
from sqlalchemy import create_engine
from sqlmodel import Field, Session, SQLModel

import seamguard
from seamguard.checks.crossing import judge_crossing
from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import Run, run_check
from seamguard.errors import ConfigError, ContractViolation
from seamguard.seams import (
    Crossing,
    NoJsonForm,
    Recorder,
    bind,
    installed,
    output_form,
    project_on_path,
    shape_of,
    to_json,
)

HERE = Path(__file__).parent
ARENA = HERE / "services" / "arena"
CREATE_MODEL = 'routes = ["POST /players"]\noutput-model = "arena_app.schemas:PlayerOut"\n'


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "arena_app"]:
        del sys.modules[name]


@pytest.fixture
def arena(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "arena"
    shutil.copytree(ARENA, root, ignore=shutil.ignore_patterns("__pycache__", ".seamguard"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("ARENA_BUG", raising=False)
    _forget()
    yield root
    _forget()


def edit(root: Path, old: str, new: str) -> None:
    path = root / "seamguard.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def check(**options: Any) -> Run:
    """A run in a fresh process state: the service's in-memory database made anew."""
    _forget()
    return run_check(load_config(), seed=1, example_db="none", **options)


def failed(run: Run) -> set[tuple[str, str]]:
    return {(r.seam, r.check) for r in run.results if r.status in ("failed", "error")}


def failures(run: Run, seam: str, check_id: str) -> list[Any]:
    return [f for r in run.results if (r.seam, r.check) == (seam, check_id) for f in r.failures]


# -- the service: clean passes, a planted bug and a missing model fail plainly -----------------


def test_a_service_returning_orm_objects_passes_seamguard_check_clean(arena: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--seed", "1", "--example-db", "none"])
    assert result.exit_code == 0, result.output
    assert "object at 0x" not in result.output


def test_a_planted_bug_in_the_model_form_fails_logic_output_conforms(
    arena: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stored rating goes 5,000 below: PlayerOut reads it (a plain int), the contract
    forbids it; on players.create (bound output-model) and players.get (the annotation)."""
    monkeypatch.setenv("ARENA_BUG", "rating")
    first, second = check(), check()
    assert failed(first) == {
        ("players.create", "logic-output-conforms"),
        ("players.get", "logic-output-conforms"),
    }
    (failure,) = failures(first, "players.create", "logic-output-conforms")
    assert "at /rating: -5000 is less than the minimum of 0" in failure.message
    assert '"joined": "2026-01-01"' in failure.message  # the model's JSON form: a date string
    ids = [
        [f.id for f in failures(run, "players.create", "logic-output-conforms")]
        for run in (first, second)
    ]
    assert ids[0] == ids[1]


def test_an_orm_result_with_no_model_to_read_it_fails_plainly_with_a_stable_id(
    arena: Path,
) -> None:
    edit(arena, CREATE_MODEL, 'routes = ["POST /players"]\n')
    first, second = check(), check()
    assert failed(first) == {("players.create", "logic-output-conforms")}
    (failure,) = failures(first, "players.create", "logic-output-conforms")
    assert failure.message == (
        "the logic returned a Player object with no JSON form; bind `output-model` to a "
        "pydantic model that reads it (from_attributes), or annotate the logic's return "
        "with one"
    )
    assert [f.id for f in failures(second, "players.create", "logic-output-conforms")] == [
        failure.id
    ]


def test_the_api_side_records_the_model_form_and_judges_a_missing_model_plainly(
    arena: Path,
) -> None:
    """The recording wrapper reads the ORM object while the route's session is open."""
    config = load_config()
    with project_on_path(config.root):
        seams = [bind(config.binding(name)) for name in ("players.create", "players.list")]
        db, logic = sys.modules["arena_app.db"], sys.modules["arena_app.logic"]
        recorder = Recorder()
        with installed(seams, recorder):
            for session in db.session():
                logic.create_player(session, "Ada", 1500)
                logic.list_players(session, min_rating=1000)
    created, listed = recorder.take()
    assert created.output == {"id": 1, "name": "Ada", "rating": 1500, "joined": "2026-01-01"}
    assert listed.output == [created.output]
    breaches = judge_crossing(
        Crossing("players.create", {}, output=output_form(None, None).document(Row(1, "a", 5))),
        input_schema=None,
        output_schema=_Anything(),
    )
    assert [(b.check, b.kind) for b in breaches] == [
        ("logic-output-conforms", "no JSON form: a Row object")
    ]
    assert breaches[0].message.startswith("the logic returned a Row object with no JSON form")


class _Anything:
    """A schema that admits every document (the breach must come from NoJsonForm)."""

    def is_valid(self, instance: Any) -> bool:
        return True

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        return []

    def mismatches(self, instance: Any) -> str:
        return ""


def test_call_seam_returns_the_model_form_of_an_orm_result(arena: Path) -> None:
    output = seamguard.call_seam("players.create", {"name": "Bo", "rating": 7})
    assert output == {"id": 1, "name": "Bo", "rating": 7, "joined": "2026-01-01"}


def test_async_logic_returns_an_orm_object_read_before_its_async_session_closes(
    arena: Path,
) -> None:
    """The session commits and closes on exit (its objects expire and detach): the output
    document is made before, in the same event loop, or reading the row would fail."""
    edit(
        arena,
        'logic = "arena_app.logic:get_player"\n',
        'logic = "arena_app.logic:get_player_async"\n'
        'provide = { session = "arena_app.db:async_session" }\n',
    )
    seamguard.call_seam("players.create", {"name": "Cy", "rating": 9})
    output = seamguard.call_seam("players.get", {"player_id": 1})
    assert output == {"id": 1, "name": "Cy", "rating": 9, "joined": "2026-01-01"}
    assert seamguard.call_seam("players.get", {"player_id": 2}) is None


def test_the_guard_judges_the_model_form_and_words_a_missing_model_plainly(arena: Path) -> None:
    config = load_config()
    with project_on_path(config.root):
        app = importlib.import_module("arena_app.api").app
        db, logic = sys.modules["arena_app.db"], sys.modules["arena_app.logic"]
        with seamguard.guard(app, config=config, sample=1.0, on_mismatch="raise") as running:
            for session in db.session():
                logic.create_player(session, "Di", 3)
            assert running.counts("players.create").mismatches == 0
        edit(arena, CREATE_MODEL, 'routes = ["POST /players"]\n')
        with seamguard.guard(app, config=load_config(), sample=1.0, on_mismatch="raise"):
            for session in db.session():
                with pytest.raises(ContractViolation) as caught:
                    logic.create_player(session, "Ed", 4)
    assert caught.value.failure.check == "logic-output-conforms"
    assert "the logic returned a Player object with no JSON form" in caught.value.failure.message


def test_an_output_model_pydantic_cannot_read_is_one_usage_line(arena: Path) -> None:
    edit(arena, CREATE_MODEL, 'routes = ["POST /players"]\noutput-model = "arena_app.db:engine"\n')
    result = CliRunner().invoke(cli, ["check", "--seed", "1"])
    assert result.exit_code == 2
    assert "'output-model' = " in result.output
    assert "pydantic cannot read it as a model" in result.output
    assert "Traceback" not in result.output


# -- the output form, value by value -----------------------------------------------------------


class Row:
    """A plain object with attributes (an ORM object's stand-in): no JSON form of its own."""

    def __init__(self, id: int, name: str, rating: Any) -> None:
        self.id, self.name, self.rating = id, name, rating


class RowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    rating: int


def test_an_object_reads_through_the_bound_model_and_none_stays_null() -> None:
    form = output_form(RowOut, None)
    assert form.document(Row(1, "a", 5)) == {"id": 1, "name": "a", "rating": 5}
    assert form.document(None) is None
    assert form.document([Row(1, "a", 5), Row(2, "b", 6)]) == [
        {"id": 1, "name": "a", "rating": 5},
        {"id": 2, "name": "b", "rating": 6},
    ]
    assert form.document((Row(3, "c", 7),)) == [{"id": 3, "name": "c", "rating": 7}]
    # A value with a JSON form of its own is judged as it is, not filtered by the model.
    assert form.document({"id": 1, "extra": True}) == {"id": 1, "extra": True}
    # Row is remembered as having no JSON form (the next one goes to the model at once); a
    # dict that held one is not, nor is a list whose first item had a JSON form.
    assert form.formless == {Row}
    assert isinstance(form.document({"row": Row(1, "a", 5)}), NoJsonForm)
    assert isinstance(form.document([{"id": 1}, Row(1, "a", 5)]), NoJsonForm)
    assert form.formless == {Row}
    assert form.document({"id": 1, "extra": True}) == {"id": 1, "extra": True}
    assert form.document([{"id": 1}]) == [{"id": 1}]
    assert form.document(Row(4, "d", 8)) == {"id": 4, "name": "d", "rating": 8}


def test_the_return_annotation_reads_an_object_when_no_model_is_bound() -> None:
    def one() -> RowOut | None:
        return Row(1, "a", 5)  # type: ignore[return-value]

    def many() -> list[RowOut]:
        return [Row(1, "a", 5)]  # type: ignore[list-item]

    assert shape_of(one, skip_first=False).output_document(Row(1, "a", 5)) == {
        "id": 1,
        "name": "a",
        "rating": 5,
    }
    assert shape_of(one, skip_first=False).output_document(None) is None
    assert shape_of(many, skip_first=False).output_document([Row(2, "b", 6)]) == [
        {"id": 2, "name": "b", "rating": 6}
    ]


def test_an_object_the_model_refuses_fails_naming_the_model_and_the_pointer() -> None:
    document = output_form(RowOut, None).document(Row(1, "a", None))
    assert isinstance(document, NoJsonForm)
    assert document.message == (
        "the logic returned a Row object that its output model RowOut refuses, at /rating: "
        "Input should be a valid integer"
    )
    assert document.kind == "output model RowOut refuses: int_type at /rating"


def test_no_model_no_json_form_says_so_without_a_memory_address() -> None:
    document = output_form(None, None).document([Row(1, "a", 5)])
    assert isinstance(document, NoJsonForm)
    assert document.message.startswith(
        "the logic returned a list holding a Row object with no JSON form; bind `output-model`"
    )
    assert "0x" not in document
    assert to_json({"row": Row(1, "a", 5)}) == {"row": "<Row object with no JSON form>"}


def test_the_adapter_is_compiled_at_binding_not_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    form = output_form(RowOut, None)

    def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a TypeAdapter built per call")

    monkeypatch.setattr("seamguard.seams._outputs.TypeAdapter", refused)
    assert form.document([Row(1, "a", 5)]) == [{"id": 1, "name": "a", "rating": 5}]


@dataclasses.dataclass
class Stamp:
    at: datetime.date
    key: uuid.UUID


@dataclasses.dataclass
class Entry:
    title: str
    stamp: Stamp
    tags: tuple[str, ...]


def test_a_dataclass_output_is_its_json_form() -> None:
    def make() -> Entry:
        raise NotImplementedError

    key = uuid.UUID(int=7)
    entry = Entry("a", Stamp(datetime.date(2026, 1, 2), key), ("x", "y"))
    assert shape_of(make, skip_first=False).output_document(entry) == {
        "title": "a",
        "stamp": {"at": "2026-01-02", "key": str(key)},
        "tags": ["x", "y"],
    }


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


def test_a_sqlmodel_table_instance_dumps_its_columns_also_once_expired() -> None:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    form = output_form(None, Hero)
    with Session(engine) as session:
        hero = Hero(name="Ada")
        session.add(hero)
        session.commit()  # expire_on_commit: its attributes are unloaded
        assert form.document(hero) == {"id": 1, "name": "Ada"}
        later = Hero(name="Bo")
        session.add(later)
        session.commit()
        assert form.document([hero, later]) == [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Bo"}]


def test_a_bound_model_pydantic_cannot_read_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"'output-model' = .*pydantic cannot read it"):
        output_form(object(), None)
