"""``seamguard init`` on code written like real services (issue 18, point 12).

The signup service (tests/unit/services/signup) has what broke ``init`` on real code:
CRUD functions with a SQLAlchemy session first, routes that call a lookup and security
helpers (``get_user_by_email``, ``get_password_hash``, ``create_access_token``) beside the
call that takes the request, a use case behind an ABC whose implementation a ``Depends``
factory builds, a ``Protocol`` with two implementations, ``Optional`` and ``Any`` returns
and naive datetimes.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest

from seamguard.scaffold import Survey, survey
from seamguard.scaffold._concrete import concrete_class

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
