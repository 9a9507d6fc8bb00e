"""Which call of an endpoint receives the request's data, and which calls are helpers.

A route hands the request to its logic: the call that is given the body model or a path or
query parameter itself (``crud.create_user(session=session, user_create=user_in)``,
``crud.read_user(session, user_id)``) is preferred over one given only values derived from
them (``get_user_by_email(email=user_in.email)``), and that over one given nothing of the
request. What the body gives (the model, or values read from it:
``crud.put(note=note, title=payload.title)``) wins over a path or query parameter alone (the
lookup ``crud.get(id=id)`` before it). A local the endpoint builds from the request's data
(``command = CompleteTodo(todo_id=todo_id)``, then ``handler.handle(command)``) carries what
it was built from, so the handler it is handed to wins over a read-back handed the path id
after it. Security helpers (hashing a password, making a
token) are never the logic, whatever they are given. Read from the source with :mod:`ast`;
nothing is run.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import re
from dataclasses import is_dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from seamguard.scaffold._source import dependency_of, hints_of, is_connection, plain_class

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = [
    "BODY_DERIVED",
    "BODY_FED",
    "DERIVED",
    "FED",
    "best_call",
    "body_parameters",
    "carriers",
    "fed",
    "is_security_helper",
    "request_parameters",
    "returns_result",
]

FED = 2
"""The call is given a path or query parameter itself (or all of one, ``**params``)."""
DERIVED = 1
"""The call is given only something computed from one (``user_id + 1``)."""
BODY_DERIVED = 3
"""The call is given something read from the body (``payload.title``): it receives the
request's data, so it wins over a lookup handed only the path id (``crud.get(id)``)."""
BODY_FED = 4
"""The call is given the body model itself (or all of it, ``**body.model_dump()``)."""

# What a helper that signs, hashes or checks credentials is named: `create_access_token`,
# `get_password_hash`, `verify_password`, `decode_jwt`; or the module it lives in.
_SECURITY_WORDS = frozenset(
    {"token", "password", "passwd", "hash", "hashed", "jwt", "crypt", "encrypt", "decrypt"}
)
_SECURITY_MODULES = frozenset({"security", "jwt", "crypto", "hashing"})
_WORD = re.compile(r"[a-z0-9]+")
# Parameters FastAPI fills from the connection, not from the request's data.
_BODY_MARKERS = frozenset({"Body", "Form", "File"})
_FRAMEWORK = frozenset({"Request", "Response", "BackgroundTasks", "WebSocket", "HTTPConnection"})


def request_parameters(function: Any) -> frozenset[str]:
    """The endpoint's parameters that carry the request's data: the body model, path and
    query parameters; not ``Depends`` dependencies, nor the request or response objects."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return frozenset()
    hints = hints_of(function)
    names: set[str] = set()
    for name, parameter in parameters.items():
        klass, metadata = plain_class(hints.get(name, inspect.Parameter.empty))
        if dependency_of(parameter.default) is not None or any(
            dependency_of(item) is not None for item in metadata
        ):
            continue
        if klass is not None and (is_connection(klass) or klass.__name__ in _FRAMEWORK):
            continue
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        names.add(name)
    return frozenset(names)


def body_parameters(function: Any) -> frozenset[str]:
    """The endpoint's request parameters that are the body: a pydantic model or dataclass
    parameter, or one declared ``Body()``, ``Form()`` or ``File()``."""
    hints = hints_of(function)
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return frozenset()
    names: set[str] = set()
    for name in request_parameters(function):
        klass, metadata = plain_class(hints.get(name, inspect.Parameter.empty))
        markers = {type(m).__name__ for m in (parameters[name].default, *metadata)}
        if markers & _BODY_MARKERS or (
            klass is not None and (hasattr(klass, "model_fields") or is_dataclass(klass))
        ):
            names.add(name)
    return frozenset(names)


def fed(
    call: ast.Call,
    names: frozenset[str],
    body: frozenset[str] = frozenset(),
    carried: Mapping[str, int] | None = None,
) -> int:
    """How much of the request ``call`` is given: :data:`BODY_FED`, :data:`BODY_DERIVED`,
    :data:`FED`, :data:`DERIVED` or ``0``; ``body`` are the names of ``names`` that are the
    request's body, ``carried`` the locals built from the request (:func:`carriers`), each
    with what it carries."""
    best = 0
    carried = carried or {}
    values = [*call.args, *(k.value for k in call.keywords)]
    spread = {id(k.value) for k in call.keywords if k.arg is None}
    for value in values:
        whole = value.value if isinstance(value, ast.Starred) else value
        walked = [n.id for n in ast.walk(whole) if isinstance(n, ast.Name)]
        all_of = (isinstance(whole, ast.Name) and (whole.id in names or whole.id in carried)) or (
            id(value) in spread or isinstance(value, ast.Starred)  # **user_in.model_dump()
        )
        for name in (n for n in walked if n in carried):
            # A command handed whole carries what it was built from; a field read from it less.
            level = carried[name]
            best = max(best, level if all_of else _PARTLY.get(level, level))
        used = {n for n in walked if n in names}
        if used:
            level = FED if all_of else DERIVED
            best = max(best, level + 2 if used & body else level)
    return best


_PARTLY = {BODY_FED: BODY_DERIVED, FED: DERIVED}


def carriers(
    tree: ast.AST,
    names: frozenset[str],
    body: frozenset[str],
    builds: Callable[[ast.Call], bool],
) -> dict[str, int]:
    """The endpoint's locals bound to an object it builds from the request's data, each with
    how much of the request it carries (:func:`fed` of the building call): ``command =
    UpdateTodo(todo_id=todo_id, title=request.title)`` carries :data:`BODY_DERIVED`.
    ``builds`` tells a construction of the project's own classes (a command, a value object)
    from a call of its logic, whose result is no carrier. In source order, so that a value
    object built first is carried into the command built from it."""
    built: list[tuple[str, ast.Call]] = []
    value: ast.expr | None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and isinstance(value, ast.Call) and builds(value):
            built.append((target.id, value))
    carried: dict[str, int] = {}
    for name, value in sorted(built, key=lambda b: (b[1].lineno, b[1].col_offset)):
        level = fed(value, names, body, carried)
        if level:
            carried[name] = level
    return carried


def is_security_helper(function: Any) -> bool:
    """A helper that hashes, signs or checks credentials, by its name or its module's."""
    name = getattr(function, "__name__", "")
    module = getattr(function, "__module__", "") or ""
    if set(_WORD.findall(name.lower())) & _SECURITY_WORDS:
        return True
    return module.rpartition(".")[2].lower() in _SECURITY_MODULES


def returns_result(tree: ast.AST, call: ast.Call) -> bool:
    """Whether the endpoint answers with what ``call`` returns: ``return call(...)``, or a
    name bound to its result returned as it is or handed whole to the returned call
    (``return UserPublic.model_validate(user)``; not ``Token(subject=user.id)``)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        value = getattr(node, "value", None)
        if isinstance(value, ast.Await):
            value = value.value
        if value is call and isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        if value is call or (isinstance(value, ast.Name) and value.id in names):
            return True
        if isinstance(value, ast.Call):
            handed = [*value.args, *(k.value for k in value.keywords)]
            if any(a is call or (isinstance(a, ast.Name) and a.id in names) for a in handed):
                return True
    return False


class _Ranked(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def rank(self) -> int: ...
    @property
    def fed(self) -> int: ...
    @property
    def order(self) -> int: ...


_C = TypeVar("_C", bound=_Ranked)


def best_call(candidates: Sequence[_C], endpoint_name: str) -> _C | None:
    """The call most likely to be the hand-off. A condition or a data class's method (rank
    1) comes last; then the call handed the request's data over one handed what derives
    from it, over one handed nothing of it; then the rank (a service's method, another
    module's function, the endpoint module's own); then the name nearest the endpoint's;
    then the first call."""

    def score(c: _C) -> tuple[bool, int, int, float, int]:
        name = c.path.rpartition(".")[2].rpartition(":")[2]
        near = difflib.SequenceMatcher(None, name, endpoint_name).ratio()
        return (c.rank > 1, c.fed, c.rank, near, -c.order)

    return max(candidates, key=score) if candidates else None
