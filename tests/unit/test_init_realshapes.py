"""``seamguard init`` on code shaped like tests/realworld's services (issue 18, point 12).

The jotter service (tests/unit/services/jotter) is written the way notes_sync, notebooks,
users and tokens are, and each test names the hand edit of tests/realworld/README.md it
removes: the call handed the body's values is bound, not the lookup before it; an
unannotated lookup the route turns into a 404 admits ``null``; a ``List[NoteOut]`` response
binds ``NoteOut`` as ``output-model``; a use case raising ``HTTPException`` declares it; a
route wrapping the items (``{"notes": [...]}``) gets the items as the output; a session
parameter anywhere is provided by the route's own ``Depends(get_db)``. Then ``seamguard
check`` passes with only the use case's ``instance`` filled by hand.
"""

from __future__ import annotations

import ast
import json
import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli
from seamguard.config import Config, load_config
from seamguard.scaffold._handoff import http_errors_raised, read_handoff, returns_none

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

JOTTER = Path(__file__).parent / "services" / "jotter"
APP = "jotter_app.api:app"


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == package]:
        del sys.modules[name]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def jotter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Result]]:
    """A copy of jotter after ``init --yes`` (run once for the module), and init's output."""
    root = tmp_path_factory.mktemp("jotter") / "jotter"
    shutil.copytree(JOTTER, root, ignore=shutil.ignore_patterns("__pycache__"))
    _forget("jotter_app")
    made = run("init", "--app", APP, "--dir", str(root), "--yes")
    assert made.exit_code == 0, made.output
    yield root, made
    _forget("jotter_app")


def config_of(root: Path) -> Config:
    return load_config(root / "seamguard.toml")


def contract(root: Path, seam: str, side: str) -> dict[str, Any]:
    path = root / "contracts" / seam / "1.0" / f"{side}.schema.json"
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def seams_table(root: Path) -> dict[str, dict[str, Any]]:
    data = tomllib.loads((root / "seamguard.toml").read_text())
    return {s["contract"]: s for s in data["seams"]}


# -- 1. the call handed the body's values wins over the lookup handed the path id ---------------


def test_put_binds_the_call_handed_the_body_values_not_the_lookup(
    jotter: tuple[Path, Result],
) -> None:
    # update_note: crud.get(db_session=db, id=id), then crud.put(..., id=note.id,
    # title=payload.title, body=payload.body): the put receives the request's data, the
    # lookup only the path id.
    root, made = jotter
    assert "PUT /notes/{id}/          -> jotter_app.crud:put" in made.output
    bound = {b.contract: (b.logic, b.routes) for b in config_of(root).seams}
    assert bound["notes.update"][0] == "jotter_app.crud:put"
    assert [str(r) for r in bound["notes.get"][1]] == ["GET /notes/{id}/"]
    assert contract(root, "notes.update", "input")["required"] == ["id", "title", "body"]


# -- 2. an unannotated lookup the route turns into a 404 admits null -----------------------------


def test_an_unannotated_lookup_tested_before_a_404_admits_null(
    jotter: tuple[Path, Result],
) -> None:
    root, _ = jotter
    output = contract(root, "notes.get", "output")  # crud.get: .first(), `if not note: raise`
    jsonschema.validate(None, output)
    jsonschema.validate({"id": 1, "title": "t", "body": ""}, output)
    # crud.create returns the note it made, never None: no null.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(None, contract(root, "notes.create", "output"))


def _endpoint_tree(source: str) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.Call]:
    tree = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef))
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "run"
    )
    return tree, call


def _noop(*args: Any) -> None:
    return None


_LOOKUP = "def f(x):\n    n = lookup.run(x)\n    if {test}:\n        {then}\n    return n\n"


@pytest.mark.parametrize(
    ("test", "then", "tested"),
    [
        ("not n", "raise E()", True),
        ("n is None", "raise E()", True),
        ("not n", "return {}", False),  # a falsy result answered, not refused
        ("not x", "raise E()", False),  # the input tested, not the result
    ],
)
def test_the_route_testing_the_result_before_raising_is_read(
    test: str, then: str, tested: bool
) -> None:
    tree, call = _endpoint_tree(_LOOKUP.format(test=test, then=then))
    assert read_handoff(tree, call, _noop, _noop, skip_first=False).none_tested is tested


class _Rows:
    """Stands for a SQLAlchemy query or result in the shapes below."""

    def first(self) -> Any:
        return None

    def all(self) -> list[Any]:
        return []

    def scalar_one_or_none(self) -> Any:
        return None


def _first(rows: _Rows):  # type: ignore[no-untyped-def]
    return rows.first()


def _bound_then_returned(rows: _Rows):  # type: ignore[no-untyped-def]
    user = rows.scalar_one_or_none()
    return user


def _none_beside_a_value(rows: _Rows, found: bool):  # type: ignore[no-untyped-def]
    if not found:
        return None
    return rows


def _all(rows: _Rows):  # type: ignore[no-untyped-def]
    return rows.all()


def _raises_instead(rows: _Rows):  # type: ignore[no-untyped-def]
    row = rows.first()
    if row is None:
        raise LookupError("no row")
    return {"row": row}


def test_a_logic_that_visibly_returns_none_is_read() -> None:
    assert returns_none(_first)
    assert returns_none(_bound_then_returned)
    assert returns_none(_none_beside_a_value)
    assert not returns_none(_all)
    assert not returns_none(_raises_instead)


# -- 3. and 5. list responses: the item model, the items a wrapper holds -------------------------


def test_a_list_response_binds_its_item_model(jotter: tuple[Path, Result]) -> None:
    root, _ = jotter
    binding = config_of(root).binding("notes.list")  # response_model=List[NoteOut]
    assert binding.output_model == "jotter_app.models:NoteOut"
    assert contract(root, "notes.list", "output")["type"] == "array"


def test_a_route_wrapping_the_items_gets_the_items_as_the_output(
    jotter: tuple[Path, Result],
) -> None:
    # search_notes: return {"notes": crud.search(term, db_session=db)}, response NotePage.
    root, _ = jotter
    output = contract(root, "search.list", "output")
    assert output["type"] == "array"
    assert output["items"] == {"$ref": "#/$defs/NoteOut"}
    jsonschema.validate([{"id": 1, "title": "t", "body": ""}], output)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"notes": []}, output)
    assert config_of(root).binding("search.list").output_model == "jotter_app.models:NoteOut"


@pytest.mark.parametrize(
    "source",
    [
        "async def f(u):\n    return Page(notes=[n async for n in u.run()])\n",
        "def f(u):\n    return {'notes': list(u.run())}\n",
        "def f(u):\n    found = u.run()\n    return Page(notes=found)\n",
    ],
)
def test_the_field_a_route_wraps_the_items_in_is_read(source: str) -> None:
    tree, call = _endpoint_tree(source)
    assert read_handoff(tree, call, _noop, _noop, skip_first=False).field == "notes"


def test_a_route_answering_with_the_result_wraps_nothing() -> None:
    tree, call = _endpoint_tree("def f(u):\n    return Page.model_validate(u.run())\n")
    assert read_handoff(tree, call, _noop, _noop, skip_first=False).field is None


# -- 4. a logic raising HTTPException itself declares it -----------------------------------------


def test_a_use_case_raising_http_exception_declares_it(jotter: tuple[Path, Result]) -> None:
    root, _ = jotter
    assert config_of(root).binding("notes.archive").raises == ("fastapi:HTTPException",)
    assert config_of(root).binding("notes.get").raises == ()  # the route raises it, not crud


def test_http_errors_raised_names_starlettes_too() -> None:
    from starlette.exceptions import HTTPException

    def f() -> None:
        raise HTTPException(404)

    def g() -> None:
        raise ValueError("not an HTTP error")

    assert http_errors_raised(f) == ("starlette.exceptions:HTTPException",)
    assert http_errors_raised(g) == ()


# -- 6. and 7. sessions anywhere, provided by the route's own factory ----------------------------


def test_a_session_anywhere_is_provided_by_the_routes_own_dependency(
    jotter: tuple[Path, Result],
) -> None:
    root, made = jotter
    table = seams_table(root)
    for seam in ("notes.create", "notes.get", "notes.list", "notes.update", "search.list"):
        assert table[seam]["provide"] == {"db_session": "jotter_app.db:get_db"}, seam
        assert "db_session" not in contract(root, seam, "input").get("properties", {}), seam
    # search(term, db_session: Session): the session last.
    assert contract(root, "search.list", "input")["required"] == ["term"]
    assert "TODO: a function that gives a fresh session" not in made.output
    assert "# provide" not in (root / "seamguard.toml").read_text()


def test_a_depends_factory_that_takes_a_dependency_is_the_instance(
    jotter: tuple[Path, Result],
) -> None:
    # get_archive(db: Session = Depends(get_db)): since c0824c6 seamguard solves a factory's
    # Depends chain per call as one request would (a fresh session, closed after the call),
    # so init names the route's own factory; before, it left a TODO for the user.
    root, made = jotter
    text = (root / "seamguard.toml").read_text()
    assert 'instance = "jotter_app.usecases:get_archive"' in text
    assert "# instance = " not in text
    assert "Archive() needs arguments" not in made.output


# -- then check passes, with nothing filled ------------------------------------------------------


def test_init_then_check_passes_on_jotter(jotter: tuple[Path, Result]) -> None:
    # Every line init wrote is used as it is: the session and the use case come from the
    # route's own dependencies (provide, and instance solved as one request would).
    root, _ = jotter
    config = root / "seamguard.toml"
    assert "TODO" not in config.read_text()
    checked = run(
        "check", "--config", str(config), "--max-examples", "15", "--seed", "1",
        "--example-db", "none",
    )  # fmt: skip
    assert checked.exit_code == 0, checked.output
    assert "FAIL" not in checked.output
    assert "ERROR" not in checked.output


def test_a_session_factory_init_cannot_name_is_left_as_a_todo() -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from seamguard.scaffold._planning import _factory

    def local() -> None:
        return None

    def takes_request(request: Any) -> None:
        return None

    # Depends(SessionLocal): a sessionmaker instance has no module-level name of its own.
    assert _factory({sessionmaker(bind=create_engine("sqlite://"))}) is None
    assert _factory({local}) is None  # defined inside a function
    assert _factory({takes_request}) is None  # needs an argument FastAPI fills
    assert _factory({_first, _all}) is None  # the routes disagree
    assert _factory({_noop}) == f"{__name__}:_noop"


def _put(db_session: Any, note: Any, title: str) -> Any:
    return note


def test_an_argument_the_route_looked_up_is_read() -> None:
    # notes_sync: note = crud.get(db_session=db, id=id); crud.put(db_session=db, note=note, ...)
    tree, call = _endpoint_tree(
        "def f(db, id, payload):\n"
        "    note = crud.get(db_session=db, id=id)\n"
        "    return crud.run(db, note, title=payload.title)\n"
    )
    handoff = read_handoff(tree, call, _noop, _put, skip_first=False)
    assert handoff.looked_up == (("note", "crud.get"),)
    tree, call = _endpoint_tree(
        "def f(db, id, payload):\n"
        "    note = crud.get(db_session=db, id=id)\n"
        "    return crud.run(db, note.id, title=payload.title)\n"
    )
    assert read_handoff(tree, call, _noop, _put, skip_first=False).looked_up == ()
