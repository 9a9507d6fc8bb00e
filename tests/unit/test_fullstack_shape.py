"""``seamguard init`` and ``check`` on a backend shaped like the full-stack FastAPI services:
keyword-only CRUD functions taking the session (``crud.create_user(*, session,
user_create)``), ``SessionDep`` and ``CurrentUser`` dependencies, an OAuth2 password-form
``/login/access-token``, ``GET /users/me`` with no parameters, uuid primary keys, a PATCH of
optional fields, a first superuser made at start-up, and routes that answer 409 themselves
before calling the logic when the e-mail is taken.

The logic side met the database's refusal of a duplicate: ``crud.create_user`` of an e-mail an
earlier example stored raised ``IntegrityError`` (UNIQUE), a failure of
``logic-accepts-input`` the API never meets (its route answers 409 first). init now declares
``sqlalchemy.exc:IntegrityError`` in ``raises`` for a seam whose route guards so, and says
why; a 500 on the API side still fails (``KEYRING_BUG=null-email``: ``PATCH`` with
``{"email": null}`` writes NULL into a NOT NULL column).

On tests/unit/services/keyring, with the edits ``keyring_app/seamguard_hooks.py`` names.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pydantic import TypeAdapter

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import Run, run_check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

KEYRING = Path(__file__).parent / "services" / "keyring"
APP = "keyring_app.main:app"


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "keyring_app"]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def keyring(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, Result, dict[str, dict[str, Any]]]]:
    """A copy of keyring after ``init --yes`` and the user's edits (the working directory:
    its SQLite file), init's output and the seams init wrote. Once per module: SQLModel's
    tables are defined once per process."""
    root = tmp_path_factory.mktemp("keyring") / "keyring"
    shutil.copytree(KEYRING, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.syspath_prepend(str(root))
        patch.delenv("KEYRING_BUG", raising=False)
        _forget()
        made = CliRunner().invoke(cli, ["init", "--app", APP, "--dir", str(root), "--yes"])
        assert made.exit_code == 0, made.output
        written = seams_table(root)
        edit(root)
        yield root, made, written
    _forget()


def seams_table(root: Path) -> dict[str, dict[str, Any]]:
    data = tomllib.loads((root / "seamguard.toml").read_text())
    return {s["contract"]: s for s in data["seams"]}


def test_a_route_guarding_a_duplicate_declares_the_databases_refusal(
    keyring: tuple[Path, Result, dict[str, dict[str, Any]]],
) -> None:
    _, made, seams = keyring

    assert seams["users.create"]["raises"] == ["sqlalchemy.exc:IntegrityError"]
    assert seams["users.update"]["raises"] == ["sqlalchemy.exc:IntegrityError"]
    assert "raises" not in seams["access-token.create"]  # a 400 that is no "already exists"
    assert "users.create: the route answers 'already exists' before calling" in made.output


def edit(root: Path) -> None:
    """The edits a user makes: the hooks, and a factory for ``db_user`` (init writes
    ``db_user = "route"``: the API side alone would judge the update) so the logic side
    runs it too."""
    text = (root / "seamguard.toml").read_text()
    text = text.replace('"keyring_app.deps:get_db"', '"keyring_app.seamguard_hooks:session"')
    text = text.replace(
        'openapi = "/openapi.json"\n',
        'openapi = "/openapi.json"\nauth = "keyring_app.seamguard_hooks:login"\n',
    )
    head, _, tail = text.partition('contract = "users.update"')
    assert 'db_user = "route" }' in tail.partition("[[seams]]")[0]
    tail = tail.replace('db_user = "route"', 'db_user = "keyring_app.seamguard_hooks:db_user"', 1)
    (root / "seamguard.toml").write_text(head + 'contract = "users.update"' + tail)
    path = root / "contracts" / "users.update" / "1.0" / "input.schema.json"
    written = json.loads(path.read_text())
    # The single model left is the document itself.
    update = importlib.import_module("keyring_app.models").UserUpdate
    schema = {"$schema": written["$schema"], **TypeAdapter(update).json_schema()}
    path.write_text(json.dumps(schema, indent=2))


def check(root: Path) -> Run:
    return run_check(
        load_config(root / "seamguard.toml"), seed=1, example_db="none", max_examples=30
    )


def failed(run: Run) -> dict[tuple[str, str], list[str]]:
    return {(r.seam, r.check): [f.message for f in r.failures] for r in run.results if r.failures}


def test_init_and_the_users_edits_then_check_passes(
    keyring: tuple[Path, Result, dict[str, dict[str, Any]]],
) -> None:
    root, _, _ = keyring
    run = check(root)
    assert failed(run) == {}
    assert run.ok


def test_the_null_email_500_still_fails_on_the_api_side(
    keyring: tuple[Path, Result, dict[str, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _, _ = keyring
    monkeypatch.setenv("KEYRING_BUG", "null-email")
    found = failed(check(root))
    (message,) = found["users.update", "api-rejects-invalid"]
    assert "answered 500 (IntegrityError: NOT NULL constraint failed: user.email" in message
    assert ("users.update", "logic-accepts-input") not in found  # declared: the API's 500 tells
