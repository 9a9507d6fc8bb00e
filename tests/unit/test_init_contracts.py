"""What ``seamguard init`` writes for code written like real services (issue 18, point 12).

On the signup service (tests/unit/services/signup): ``init --yes`` (the session ``provide``d
by the route's own ``get_db``), the use case's ``instance`` filled as a user would, then
``seamguard check`` passes;
the contracts keep an ``Optional``'s ``null``, describe an ``Any`` return by the route's
response model (or an ORM class by its columns, or say they could not tell), and admit the
naive datetimes the service really writes. ``init --add`` merges new seams into an existing
configuration.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import jsonschema
import pytest
from click.testing import CliRunner, Result
from pydantic import BaseModel

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.scaffold._outputs import DATE_TIME, NAIVE_COMMENT, UNKNOWN_COMMENT, output_schema
from seamguard.scaffold._schemas import _schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SIGNUP = Path(__file__).parent / "services" / "signup"
APP = "signup_app.api:app"
TODO = re.compile(r'^# provide = \{ session = "module:factory" \}.*$', re.MULTILINE)


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == package]:
        del sys.modules[name]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the signup service with no contracts and no configuration."""
    root = tmp_path / "signup"
    shutil.copytree(SIGNUP, root, ignore=shutil.ignore_patterns("__pycache__"))
    _forget("signup_app")
    yield root
    _forget("signup_app")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def init(root: Path, *args: str, app: str = APP) -> Result:
    return run("init", "--app", app, "--dir", str(root), *args)


def contract(root: Path, seam: str, side: str) -> dict[str, Any]:
    path = root / "contracts" / seam / "1.0" / f"{side}.schema.json"
    return json.loads(path.read_text())  # type: ignore[no-any-return]


# -- init --yes, the TODOs filled, then check ---------------------------------------------------


def test_init_then_check_passes_on_a_service_written_like_real_code(project: Path) -> None:
    made = init(project, "--yes")
    assert made.exit_code == 0, made.output
    assert "-> signup_app.crud:create_user" in made.output
    assert "-> signup_app.usecases:CreateNoteWithSession.execute" in made.output
    text = (project / "seamguard.toml").read_text()
    # The session comes from the route's own dependency (SessionDep = Annotated[Session,
    # Depends(get_db)]): a provide line per seam taking one, no TODO left.
    assert TODO.findall(text) == [], text
    assert text.count('provide = { session = "signup_app.db:get_db" }') == 2, text
    assert (
        "note: users.create: the logic takes a database session 'session'; it is left out of "
        "the input and provided by signup_app.db:get_db, the route's own dependency"
    ) in made.output
    config = load_config(project / "seamguard.toml")
    assert {b.contract: b.logic for b in config.seams} == {
        "users.create": "signup_app.crud:create_user",
        "users.get": "signup_app.crud:read_user",
        "notes.create": "signup_app.usecases:CreateNoteWithSession.execute",
    }
    # EmailTaken: the logic raises it; IntegrityError: the route answers 409 before the call
    # for an email taken, so the logic side's duplicates are what the API never lets through
    # (b233765).
    assert config.binding("users.create").raises == (
        "signup_app.crud:EmailTaken",
        "sqlalchemy.exc:IntegrityError",
    )
    assert "session" not in contract(project, "users.create", "input")["properties"]
    assert contract(project, "users.get", "input")["properties"] == {
        "user_id": {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
    }

    # The use case comes from the route's own factory, create_note_usecase(session:
    # SessionDep), whose Depends chain seamguard solves per call (c0824c6): nothing to fill.
    assert 'instance = "signup_app.api:create_note_usecase"' in text
    assert "# instance = " not in text
    checked = run(
        "check", "--config", str(project / "seamguard.toml"), "--max-examples", "15", "--seed", "1"
    )
    assert checked.exit_code == 0, checked.output
    assert "FAIL" not in checked.output
    assert "ERROR" not in checked.output


# -- the output schemas ------------------------------------------------------------------------


def test_an_any_return_is_described_by_the_route_response_model(project: Path) -> None:
    assert init(project, "--yes").exit_code == 0
    output = contract(project, "users.create", "output")  # create_user(...) -> Any
    assert output["title"] == "UserPublic"
    assert output["required"] == ["id", "email", "created_at"]
    config = load_config(project / "seamguard.toml")
    assert config.binding("users.create").output_model == "signup_app.schemas:UserPublic"
    # An annotation pydantic describes needs no output-model.
    assert config.binding("notes.create").output_model is None


def test_an_optional_orm_return_keeps_its_null(project: Path) -> None:
    # get_user_by_email(...) -> User | None: pydantic cannot describe User (an ORM class), the
    # route's response model does, and None stays.
    made = init(project, "--yes", app="signup_app.orm_api:app")
    assert made.exit_code == 0, made.output
    output = contract(project, "by-email.get", "output")
    assert output["anyOf"][1] == {"type": "null"}
    assert output["anyOf"][0]["title"] == "UserPublic"
    jsonschema.validate(None, output)
    binding = load_config(project / "seamguard.toml").binding("by-email.get")
    assert binding.output_model == "signup_app.schemas:UserPublic"


def test_a_naive_datetime_output_is_admitted(project: Path) -> None:
    assert init(project, "--yes").exit_code == 0
    output = contract(project, "notes.create", "output")  # Note.created_at: naive datetime
    created = output["properties"]["created_at"]
    assert "format" not in created
    assert created["pattern"] == DATE_TIME
    assert created["$comment"] == NAIVE_COMMENT
    note = {"id": 1, "owner_id": 1, "title": "t", "created_at": "2026-12-06T22:45:28.782002"}
    jsonschema.validate(note, output)
    for written in ("2026-12-06T22:45:28Z", "2024-02-29T00:00:00+05:30"):
        jsonschema.validate({**note, "created_at": written}, output)
    for wrong in ("2026-02-29T00:00:00", "2026-04-31T00:00:00", "2026-12-06", "now"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**note, "created_at": wrong}, output)


def test_an_orm_return_without_a_response_model_is_described_by_its_columns() -> None:
    sys.path.insert(0, str(SIGNUP))
    try:
        user = importlib.import_module("signup_app.models").User
        found = output_schema(
            user,
            responses=[],
            documented=None,
            describe=lambda k: _schema(k, "serialization"),
            seam="users.get",
        )
    finally:
        sys.path.remove(str(SIGNUP))
        _forget("signup_app")
    properties = found.schema["properties"]
    assert set(properties) == {"id", "email", "full_name", "hashed_password", "created_at"}
    assert properties["full_name"]["anyOf"][1] == {"type": "null"}
    assert properties["created_at"]["pattern"] == DATE_TIME
    assert found.schema["required"] == list(properties)
    assert found.notes == [
        "users.get: User is an ORM class and no route names a response model: the output "
        "schema lists its mapped columns; set output-model to the pydantic model the API "
        "answers with"
    ]


def test_an_any_return_nothing_describes_says_so() -> None:
    found = output_schema(
        Any,
        responses=[],
        documented=None,
        describe=lambda k: _schema(k, "serialization"),
        seam="things.get",
    )
    assert found.schema == {"$comment": UNKNOWN_COMMENT}
    assert found.notes == [
        "things.get: could not tell what the logic returns (annotated Any or not at all, no "
        "response model, no documented 2xx body): its output schema admits anything; "
        "describe it"
    ]


# -- init --add --------------------------------------------------------------------------------


def test_init_without_add_refuses_an_existing_config_and_names_add(project: Path) -> None:
    (project / "seamguard.toml").write_text("# mine\n")
    result = init(project, "--yes")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "seamguard: error: seamguard.toml exists already; init never overwrites a file "
        "(--add merges new seams into it, --force overwrites it)"
    ]
    assert (project / "seamguard.toml").read_text() == "# mine\n"


def test_init_add_merges_new_seams_and_skips_bound_ones(project: Path) -> None:
    mine = (
        "# my configuration\n"
        'contracts = "seams"\n'
        f'app = "{APP}"\n\n'
        "[[seams]]  # written by hand\n"
        'contract = "users.create"\n'
        'logic = "signup_app.crud:create_user"\n'
        'routes = ["POST /users"]\n\n'
        "[[seams]]\n"
        'contract = "users.get"\n'
        'logic = "signup_app.elsewhere:get_user"\n'
        'routes = ["GET /elsewhere"]\n'
    )
    (project / "seamguard.toml").write_text(mine)
    result = init(project, "--yes", "--add")
    assert result.exit_code == 0, result.output
    assert (
        "skipped POST /users: signup_app.crud:create_user is bound already by seam users.create"
        in result.output
    )
    # users.get is taken by another logic: the new seam is named by its callable instead.
    assert (
        "added users.read_user (signup_app.crud:read_user) for GET /users/{user_id}, "
        "POST /users/{user_id}/token" in result.output
    )
    assert "added notes.create" in result.output
    text = (project / "seamguard.toml").read_text()
    assert text.startswith(mine)  # nothing rewritten
    config = load_config(project / "seamguard.toml")
    assert [b.contract for b in config.seams] == [
        "users.create",
        "users.get",
        "users.read_user",
        "notes.create",
    ]
    assert (project / "seams" / "users.read_user" / "1.0" / "input.schema.json").is_file()
    assert not (project / "contracts").exists()

    again = init(project, "--yes", "--add")
    assert again.exit_code == 0, again.output
    assert "nothing to add; nothing written" in again.output
    assert (project / "seamguard.toml").read_text() == text


def test_init_add_into_pyproject(project: Path) -> None:
    head = (
        '[project]\nname = "signup"\n\n[tool.seamguard]\ncontracts = "contracts"\n'
        f'app = "{APP}"\n\n[[tool.seamguard.seams]]\ncontract = "users.create"\n'
        'logic = "signup_app.crud:create_user"\nroutes = ["POST /users"]\n\n'
        "[tool.ruff]\nline-length = 99\n"
    )
    (project / "pyproject.toml").write_text(head)
    refused = init(project, "--yes", "--config-file", "pyproject.toml")
    assert refused.exit_code == 2
    assert "--add merges new seams into it" in refused.stderr
    added = init(project, "--yes", "--config-file", "pyproject.toml", "--add")
    assert added.exit_code == 0, added.output
    text = (project / "pyproject.toml").read_text()
    assert text.startswith(head)
    data = tomllib.loads(text)
    assert data["tool"]["ruff"] == {"line-length": 99}
    seams = data["tool"]["seamguard"]["seams"]
    assert [s["contract"] for s in seams] == ["users.create", "users.get", "notes.create"]
    # --add without --config-file finds the table too, and writes no seamguard.toml.
    again = init(project, "--yes", "--add")
    assert again.exit_code == 0, again.output
    assert "nothing to add; nothing written" in again.output
    assert not (project / "seamguard.toml").exists()


def test_init_add_refuses_force_and_inline_seams(project: Path) -> None:
    both = init(project, "--yes", "--add", "--force")
    assert both.exit_code == 2
    assert both.stderr.strip() == (
        "seamguard: error: --add never overwrites anything; leave out --force"
    )
    inline = 'contracts = "contracts"\nseams = [{ contract = "x.y", logic = "a:b" }]\n'
    (project / "seamguard.toml").write_text(inline)
    result = init(project, "--yes", "--add")
    assert result.exit_code == 2
    assert "the new [[seams]] entries cannot be appended" in result.stderr
    assert (project / "seamguard.toml").read_text() == inline


class _Tag(BaseModel):
    name: str


class _Item(BaseModel):
    tags: list[_Tag]


def test_optional_any_keeps_null_and_the_defs_stay_at_the_top() -> None:
    found = output_schema(
        Optional[Any],  # noqa: UP045 - the spelling real code uses
        responses=[_Item],
        documented=None,
        describe=lambda k: _schema(k, "serialization"),
        seam="items.get",
    )
    assert found.model is _Item
    assert found.schema["anyOf"][1] == {"type": "null"}
    assert found.schema["anyOf"][0]["properties"]["tags"]["items"] == {"$ref": "#/$defs/_Tag"}
    assert set(found.schema) == {"anyOf", "$defs"}
    jsonschema.validate(None, found.schema)
    jsonschema.validate({"tags": [{"name": "a"}]}, found.schema)
    # A union pydantic describes keeps its one null.
    described = output_schema(
        _Item | None,
        responses=[],
        documented=None,
        describe=lambda k: _schema(k, "serialization"),
        seam="items.get",
    )
    assert described.model is None
    assert described.schema["anyOf"][1] == {"type": "null"}
    assert len(described.schema["anyOf"]) == 2
