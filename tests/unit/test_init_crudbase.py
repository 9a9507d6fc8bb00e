"""``seamguard init`` on a generic CRUD base called through module-level instances, as
full-stack FastAPI backends write it (``crud.entry.create(session, obj_in=entry_in)`` after
``entry = CRUDEntry(Entry)``, ``class CRUDEntry(CRUDBase[Entry, EntryCreate, EntryUpdate])``).

- ``instance`` names the module-level instance the routes call the method on
  (``"ledgerbase_app.crud:entry"``), where init asked for a factory by hand ("CRUDEntry()
  needs arguments"), and a binding's ``instance`` may name that object itself: it is ``self``
  for every example, the routes' own.

- A type variable of the generic base reads as what the subclass binds it to
  (``obj_in: CreateSchemaType`` is an ``EntryCreate`` on ``CRUDEntry``, the result an
  ``Entry``), in the contracts init writes and in the logic side's conversion, where it read
  as its bound ``SQLModel``: the input contract was ``{"obj_in": {}}`` and every example
  failed ``logic-accepts-input`` (``Entry.model_validate(SQLModel())``).

Then ``seamguard check`` passes on what init wrote, with no edit.

On tests/unit/services/ledgerbase.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.errors import ConfigError
from seamguard.seams._binding import bind
from seamguard.seams._generics import bound_hints, type_arguments

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

LEDGERBASE = Path(__file__).parent / "services" / "ledgerbase"
APP = "ledgerbase_app.api:app"


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "ledgerbase_app"]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def ledgerbase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Result]]:
    """A copy of ledgerbase's code after ``init --yes``, and init's output."""
    root = tmp_path_factory.mktemp("ledgerbase") / "ledgerbase"
    shutil.copytree(
        LEDGERBASE / "ledgerbase_app",
        root / "ledgerbase_app",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    _forget()
    made = CliRunner().invoke(cli, ["init", "--app", APP, "--dir", str(root), "--yes"])
    assert made.exit_code == 0, made.output
    yield root, made
    _forget()


def seams_table(root: Path) -> dict[str, dict[str, Any]]:
    data = tomllib.loads((root / "seamguard.toml").read_text())
    return {s["contract"]: s for s in data["seams"]}


def test_instance_is_the_module_level_instance_the_routes_call(
    ledgerbase: tuple[Path, Result],
) -> None:
    root, made = ledgerbase
    seams = seams_table(root)

    assert seams["entries.create"]["logic"] == "ledgerbase_app.crud:CRUDEntry.create"
    assert seams["entries.create"]["instance"] == "ledgerbase_app.crud:entry"
    assert seams["entries.get"]["instance"] == "ledgerbase_app.crud:entry"
    assert "needs arguments" not in made.output
    assert "TODO" not in (root / "seamguard.toml").read_text()


def test_a_binding_instance_may_name_the_instance_itself(
    ledgerbase: tuple[Path, Result],
) -> None:
    root, _ = ledgerbase
    sys.path.insert(0, str(root))
    try:
        config = load_config(root / "seamguard.toml")
        (binding,) = [s for s in config.seams if s.contract == "entries.get"]
        bound = bind(binding)
        crud = sys.modules["ledgerbase_app.crud"]

        assert bound.make_instance() is crud.entry
        assert getattr(bound.target(), "__self__", None) is crud.entry
    finally:
        sys.path.remove(str(root))


def test_an_instance_of_another_class_is_still_refused(
    ledgerbase: tuple[Path, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = ledgerbase
    monkeypatch.syspath_prepend(str(root))
    config = load_config(root / "seamguard.toml")
    (binding,) = [s for s in config.seams if s.contract == "entries.get"]
    other = dataclasses.replace(binding, instance="ledgerbase_app.db:engine")
    with pytest.raises(
        ConfigError, match=re.escape("'instance' = 'ledgerbase_app.db:engine': is not callable")
    ):
        bind(other)


def test_the_generic_bases_type_variables_read_as_the_subclass_binds_them(
    ledgerbase: tuple[Path, Result],
) -> None:
    root, _ = ledgerbase
    created = json.loads((root / "contracts/entries.create/1.0/input.schema.json").read_text())
    found = json.loads((root / "contracts/entries.get/1.0/output.schema.json").read_text())
    seams = seams_table(root)

    assert set(created["properties"]) == {"label", "cents"}  # EntryCreate, not {"obj_in": {}}
    assert created["properties"]["label"]["maxLength"] == 40
    assert {"type": "null"} in found["anyOf"]  # ModelType | None: Entry | None
    assert seams["entries.create"]["output-model"] == "ledgerbase_app.models:EntryRead"


def test_init_then_check_passes_with_no_edit(ledgerbase: tuple[Path, Result]) -> None:
    root, _ = ledgerbase
    sys.path.insert(0, str(root))
    try:
        run = run_check(
            load_config(root / "seamguard.toml"), seed=1, example_db="none", max_examples=15
        )
    finally:
        sys.path.remove(str(root))
    assert [(r.seam, r.check, r.failures[0].message) for r in run.results if r.failures] == []
    assert run.ok


T = TypeVar("T")
U = TypeVar("U")


class Base(Generic[T, U]):
    def make(self, value: U, *, many: list[U], maybe: T | None = None) -> T:
        raise NotImplementedError


class Middle(Base[int, U]):
    pass


class Leaf(Middle[str]):
    pass


def test_bound_hints_follow_a_chain_of_generic_bases() -> None:
    assert type_arguments(Leaf) == {T: int, U: str}
    hints = bound_hints(Base.make, Leaf)
    assert hints["value"] is str
    assert hints["many"] == list[str]
    assert hints["maybe"] == int | None
    assert hints["return"] is int
    assert bound_hints(Base.make, Middle)["value"] is U  # still unbound there
    assert bound_hints(Base.make)["value"] is U


def test_a_looked_up_row_typed_by_the_bases_type_variable_is_noted(
    ledgerbase: tuple[Path, Result],
) -> None:
    root, _ = ledgerbase
    app = "ledgerbase_app.patching:app"  # the PATCH route's app, added to the binding
    made = CliRunner().invoke(cli, ["init", "--app", app, "--dir", str(root), "--add", "--yes"])
    assert made.exit_code == 0, made.output
    assert (
        "entries.update: 'db_obj' is what the route's crud.entry.get(...) returned" in made.output
    )
