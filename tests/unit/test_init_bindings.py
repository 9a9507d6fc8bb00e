"""``seamguard init`` on code written like real services (issue 18, point 12).

The signup service (tests/unit/services/signup) has what broke ``init`` on real code:
CRUD functions with a SQLAlchemy session first, routes that call a lookup and security
helpers (``get_user_by_email``, ``get_password_hash``, ``create_access_token``) beside the
call that takes the request, a use case behind an ABC whose implementation a ``Depends``
factory builds, a ``Protocol`` with two implementations, ``Optional`` and ``Any`` returns
and naive datetimes.
"""

from __future__ import annotations

import ast
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest

from seamguard.scaffold import Survey, survey
from seamguard.scaffold._concrete import concrete_class
from seamguard.scaffold._flow import returns_result

HERE = Path(__file__).parent
SIGNUP = HERE / "services" / "signup"
APP = "signup_app.api:app"


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == package]:
        del sys.modules[name]


@pytest.fixture
def found() -> Iterator[Survey]:
    _forget("signup_app")
    yield survey(APP, root=SIGNUP)
    _forget("signup_app")


def _logic(found: Survey) -> dict[str, str | None]:
    return {str(r.route): r.logic for r in found.routes}


def test_binds_the_call_handed_the_request_not_a_lookup_or_a_security_helper(
    found: Survey,
) -> None:
    logic = _logic(found)
    # get_user_by_email(email=user_in.email) comes first and get_password_hash is as near
    # to `sign_up` by name; create_user is handed the body model itself.
    assert logic["POST /users"] == "signup_app.crud:create_user"
    # create_access_token(subject=user.id) is a security helper; read_user gets the path id.
    assert logic["POST /users/{user_id}/token"] == "signup_app.crud:read_user"
    assert logic["GET /users/{user_id}"] == "signup_app.crud:read_user"


def test_an_abstract_method_binds_the_implementation_the_depends_factory_builds(
    found: Survey,
) -> None:
    notes = next(r for r in found.routes if str(r.route) == "POST /users/{user_id}/notes")
    assert notes.logic == "signup_app.usecases:CreateNoteWithSession.execute"
    assert notes.found.target is not None
    assert notes.found.target.owner is not None
    assert notes.found.target.owner.__name__ == "CreateNoteWithSession"
    assert [e.__name__ for e in notes.found.errors] == ["NoteOwnerMissing"]


def test_an_abstract_method_it_cannot_resolve_binds_nothing_and_says_why(
    found: Survey,
) -> None:
    export = next(r for r in found.routes if str(r.route) == "GET /exports/{title}")
    assert export.logic is None
    assert export.found.reason == (
        "NoteExporter.export is abstract and the route may run any of MarkdownExporter, "
        "TextExporter; bind the one it runs by hand"
    )


class _UseCase(ABC):
    @abstractmethod
    def execute(self, name: str) -> str: ...


class _Only(_UseCase):
    def execute(self, name: str) -> str:
        return name


class _Port(Protocol):
    def run(self) -> None: ...


def test_concrete_class_rules() -> None:
    def anywhere(_: object) -> bool:
        return True

    def nothing(_: object) -> list[type]:
        return []

    # Not abstract: the owner itself.
    assert concrete_class(_Only, "execute", (), returned=nothing, in_project=anywhere) == (
        _Only,
        None,
    )
    # The only concrete subclass.
    assert concrete_class(_UseCase, "execute", (), returned=nothing, in_project=anywhere) == (
        _Only,
        None,
    )
    # A Protocol nobody subclasses: nothing, and why.
    assert concrete_class(_Port, "run", (), returned=nothing, in_project=anywhere) == (
        None,
        "_Port.run is abstract and no implementation of it was found in the project",
    )


def test_the_response_model_describes_the_logic_only_where_the_route_answers_with_it(
    found: Survey,
) -> None:
    answers = {str(r.route): r.found.answers for r in found.routes if r.logic is not None}
    assert answers == {
        "POST /users": True,  # return crud.create_user(...)
        "GET /users/{user_id}": True,  # user = crud.read_user(...); return user
        "POST /users/{user_id}/token": False,  # answers a Token made from user.id
        "POST /users/{user_id}/notes": True,  # return NotePublic.model_validate(note)
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("return logic(x)", True),
        ("return await logic(x)", True),
        ("y = logic(x)\n    return y", True),
        ("y: int = await logic(x)\n    return Out.model_validate(y)", True),
        ("y = logic(x)\n    return Out(token=make(y.id))", False),
        ("logic(x)\n    return None", False),
    ],
)
def test_returns_result(body: str, expected: bool) -> None:
    tree = ast.parse(f"async def endpoint(x):\n    {body}\n")
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "logic"
    )
    assert returns_result(tree, call) is expected
