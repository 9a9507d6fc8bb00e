"""What ``init`` reads off a route and its logic beyond the call: the database sessions the
logic takes (to be provided, with the factory the route fills them from), and the response
model the route answers with."""

from __future__ import annotations

import inspect
import typing
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._source import dependency_of, hints_of, plain_class

if TYPE_CHECKING:
    from collections.abc import Mapping

    from seamguard.scaffold._resolve import LogicTarget

__all__ = ["field_type", "no_arguments", "response_model", "session_parameters"]

SESSION_NAMES = frozenset({"session", "db", "async_session", "db_session", "dbsession", "conn"})
"""Names a database session parameter goes by in FastAPI services."""
SESSION_CLASSES = frozenset(
    {
        "Session",
        "AsyncSession",
        "Connection",
        "AsyncConnection",
        "sessionmaker",
        "async_sessionmaker",
        "scoped_session",
        "async_scoped_session",
    }
)
"""Class names of database sessions and session factories (SQLAlchemy, SQLModel), matched
along the MRO."""


def _is_session(klass: Any) -> bool:
    return inspect.isclass(klass) and any(c.__name__ in SESSION_CLASSES for c in klass.__mro__)


def _gives_session(dependency: Any) -> bool:
    """Whether a ``Depends`` function is annotated to give a session (``-> Iterator[Session]``)."""
    klass, _ = plain_class(hints_of(dependency).get("return", inspect.Parameter.empty))
    return _is_session(klass) or (inspect.isclass(dependency) and _is_session(dependency))


def session_parameters(target: LogicTarget, handed: Mapping[str, Any]) -> dict[str, Any]:
    """The logic's database session parameters, wherever they stand, each with the
    ``Depends`` function that gives one (``None`` when init cannot tell): a parameter
    annotated with a ``Session``/``AsyncSession``/``(async_)sessionmaker`` class (or an
    ``Annotated[..., Depends(get_session)]`` alias of one), one the route fills from a
    dependency that gives a session or named like one (``handed``: parameter -> the
    route's ``Depends`` function), or an unannotated first parameter named like one."""
    try:
        parameters = list(inspect.signature(target.function).parameters.values())
    except (TypeError, ValueError):
        return {}
    if target.kind in ("method", "classmethod"):
        parameters = parameters[1:]
    hints = hints_of(target.function)
    found: dict[str, Any] = {}
    for index, parameter in enumerate(parameters):
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        klass, metadata = plain_class(hints.get(parameter.name, inspect.Parameter.empty))
        declared = next(
            (d for m in metadata if (d := dependency_of(m)) is not None),
            dependency_of(parameter.default),
        )
        given = handed.get(parameter.name, declared)
        if (
            _is_session(klass)
            or (given is not None and (_gives_session(given) or parameter.name in SESSION_NAMES))
            or (index == 0 and klass is None and parameter.name in SESSION_NAMES)
        ):
            found[parameter.name] = given
    return found


def no_arguments(factory: Any) -> bool:
    """Whether ``factory`` can be called with no arguments: every parameter has a default
    that is not a ``Depends`` (FastAPI fills those; a plain call would get the marker)."""
    try:
        parameters = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(
        (p.default is not inspect.Parameter.empty and dependency_of(p.default) is None)
        or p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        for p in parameters
    )


def response_model(route: Any, handler: Any) -> Any:
    """The route's response model: FastAPI's ``response_model`` (given, or taken from the
    endpoint's return annotation), else the handler's return annotation; ``None``."""
    for holder in (route, getattr(route, "original_route", None)):
        model = getattr(holder, "response_model", None)
        if model is not None:
            return model
    returned = hints_of(handler).get("return")
    return None if returned in (None, type(None)) else returned


def field_type(model: Any, name: str) -> Any:
    """The type of the field ``name`` of a pydantic model (``list[NoteSchema]``); ``None``."""
    fields = getattr(model, "model_fields", None)
    if not isinstance(fields, dict) or name not in fields:
        return None
    annotation = fields[name].annotation
    return None if annotation in (None, typing.Any) else annotation
