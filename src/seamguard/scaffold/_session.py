"""What ``init`` reads off a route and its logic beyond the call: a database session the
logic takes first (to be provided), and the response model the route answers with."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._source import hints_of, plain_class

if TYPE_CHECKING:
    from seamguard.scaffold._resolve import LogicTarget

__all__ = ["response_model", "session_parameter"]

SESSION_NAMES = frozenset({"session", "db", "async_session", "db_session", "dbsession", "conn"})
"""Names a database session parameter goes by in FastAPI services."""
SESSION_CLASSES = frozenset({"Session", "AsyncSession", "Connection", "AsyncConnection"})
"""Class names of database sessions (SQLAlchemy, SQLModel), matched along the MRO."""


def session_parameter(target: LogicTarget) -> str | None:
    """The logic's first parameter (after ``self``/``cls``) when it is a database session:
    named like one, or annotated with a ``Session``/``AsyncSession`` class."""
    try:
        parameters = list(inspect.signature(target.function).parameters.values())
    except (TypeError, ValueError):
        return None
    if target.kind in ("method", "classmethod"):
        parameters = parameters[1:]
    if not parameters:
        return None
    first = parameters[0]
    if first.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
        return None
    klass, _ = plain_class(hints_of(target.function).get(first.name, inspect.Parameter.empty))
    if klass is not None and any(c.__name__ in SESSION_CLASSES for c in klass.__mro__):
        return first.name
    return first.name if first.name in SESSION_NAMES and klass is None else None


def response_model(route: Any, handler: Any) -> Any:
    """The route's response model: FastAPI's ``response_model`` (given, or taken from the
    endpoint's return annotation), else the handler's return annotation; ``None``."""
    for holder in (route, getattr(route, "original_route", None)):
        model = getattr(holder, "response_model", None)
        if model is not None:
            return model
    returned = hints_of(handler).get("return")
    return None if returned in (None, type(None)) else returned
