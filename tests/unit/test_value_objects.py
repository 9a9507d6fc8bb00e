"""``init`` and ``check`` on a DDD service of value objects and entities (issue 18, point 12).

The taskbook service (tests/unit/services/taskbook) is shaped like DDD samples: the route
wraps the body's title in a frozen ``TaskTitle`` that refuses an empty or long value in
``__post_init__``, the use case returns a ``Task`` entity whose properties are value objects,
and the route answers ``TaskRead.from_entity(task)``. Before, the first check after ``init``
failed three times: the contract admitted ``{"value": ""}``, which ``TaskTitle`` refuses
(logic-accepts-input), and the entity was read through ``TaskRead``'s fields, which refuse a
``TaskId`` for ``id: UUID`` (logic-output-conforms, twice).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional
from uuid import UUID, uuid4

import pytest
from click.testing import CliRunner, Result
from pydantic import BaseModel

from seamguard.cli import cli
from seamguard.scaffold._schemas import _narrowed
from seamguard.scaffold._valueobjects import narrow_value_objects
from seamguard.seams._outputs import NoJsonForm, output_form

TASKBOOK = Path(__file__).parent / "services" / "taskbook"
APP = "taskbook_app.api:app"


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == package]:
        del sys.modules[name]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def bound(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of taskbook after ``init --yes``, nothing edited."""
    root = tmp_path_factory.mktemp("taskbook") / "taskbook"
    shutil.copytree(TASKBOOK, root, ignore=shutil.ignore_patterns("__pycache__"))
    _forget("taskbook_app")
    made = run("init", "--app", APP, "--dir", str(root), "--yes")
    assert made.exit_code == 0, made.output
    yield root
    _forget("taskbook_app")


def check(root: Path, monkeypatch: pytest.MonkeyPatch, bug: str = "") -> Result:
    if bug:
        monkeypatch.setenv("TASKBOOK_BUG", bug)
    else:
        monkeypatch.delenv("TASKBOOK_BUG", raising=False)
    _forget("taskbook_app")
    return run(
        "check", "--config", str(root / "seamguard.toml"), "--max-examples", "15",
        "--seed", "1", "--example-db", "none",
    )  # fmt: skip


def test_a_value_object_takes_the_bounds_of_the_field_it_wraps(bound: Path) -> None:
    single = json.loads((bound / "contracts/tasks.create/1.0/input.schema.json").read_text())
    assert single["properties"]["value"] == {
        "title": "Value", "type": "string", "maxLength": 100, "minLength": 1,
    }  # fmt: skip
    several = json.loads((bound / "contracts/tasks.update/1.0/input.schema.json").read_text())
    assert several["$defs"]["TaskTitle"]["properties"]["value"]["maxLength"] == 100
    # TaskId wraps a UUID (format uuid): not a bare scalar, left as pydantic wrote it.
    assert several["$defs"]["TaskId"]["properties"]["value"] == {
        "format": "uuid", "title": "Value", "type": "string",
    }  # fmt: skip


def test_init_then_check_passes_on_taskbook(bound: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = check(bound, monkeypatch)
    assert checked.exit_code == 0, checked.output
    assert "FAIL" not in checked.output
    assert "ERROR" not in checked.output


def test_a_route_that_stops_bounding_the_title_is_caught(
    bound: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = check(bound, monkeypatch, "loose-title")
    assert checked.exit_code == 1, checked.output
    failed = {tuple(ln.split()[1:3]) for ln in checked.output.splitlines() if "  FAIL " in ln}
    assert ("tasks.create@1.0", "api-rejects-invalid") in failed
    assert "answered 500 (ValueError: title must be 1 to 100 characters)" in checked.output


# -- the narrowing on its own ---------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    value: str


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


def _api(name: str) -> dict[str, Any] | None:
    return {"type": "string", "maxLength": 9} if name in ("title", "other", "pair") else None


def _object(ref: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"value": {"type": "string"}}, "title": ref}


def test_only_a_one_field_value_object_referred_to_once_is_narrowed() -> None:
    document: dict[str, Any] = {
        "type": "object",
        "properties": {
            "title": {"anyOf": [{"$ref": "#/$defs/Title"}, {"type": "null"}]},
            "pair": {"$ref": "#/$defs/Pair"},
            "other": {"$ref": "#/$defs/Shared"},
            "again": {"$ref": "#/$defs/Shared"},
        },
        "$defs": {
            "Title": _object("Title"),
            "Pair": {"type": "object", "properties": {"left": {}, "right": {}}},
            "Shared": _object("Shared"),
        },
    }
    hints = {"title": Optional[Title], "pair": Pair, "other": Title, "again": Title}  # noqa: UP045
    narrow_value_objects(document, hints, None, _api, _narrowed)
    assert document["$defs"]["Title"]["properties"]["value"]["maxLength"] == 9
    assert "maxLength" not in document["$defs"]["Shared"]["properties"]["value"]  # shared
    assert document["$defs"]["Pair"]["properties"] == {"left": {}, "right": {}}  # two fields


# -- the output model's own converter ------------------------------------------------------------


class Entity:
    def __init__(self, ident: UUID, name: str) -> None:
        self.ident = ident
        self.name = name


class Read(BaseModel):
    id: UUID
    name: str

    @staticmethod
    def from_entity(entity: Entity) -> Read:
        return Read(id=entity.ident, name=entity.name)

    @classmethod
    def from_text(cls, text: str) -> Read:  # from a plain value: no converter
        return cls(id=uuid4(), name=text)


class Picky(BaseModel):
    name: str

    @classmethod
    def from_entity(cls, entity: Entity) -> Picky:
        raise ValueError("no")


def test_the_output_model_converts_an_object_it_has_a_converter_for() -> None:
    form = output_form(Read, None)
    one = uuid4()
    assert form.document(Entity(one, "n")) == {"id": str(one), "name": "n"}
    assert form.document([Entity(one, "n")]) == [{"id": str(one), "name": "n"}]
    assert set(form.converters) == {Entity}


def test_a_converter_that_raises_is_a_finding_with_a_stable_kind() -> None:
    found = output_form(Picky, None).document(Entity(uuid4(), "n"))
    assert isinstance(found, NoJsonForm)
    assert found.kind == "converter Picky.from_entity raised ValueError: a Entity object"
