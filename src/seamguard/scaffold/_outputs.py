"""The output schema of a first contract: what the logic really returns, as JSON.

The return annotation, through pydantic (``TypeAdapter(...).json_schema(mode=
"serialization")``), with three amendments real services need:

- ``Optional[X]`` / ``X | None`` keeps its ``null`` also when ``X`` itself is described by
  something else (an ORM class pydantic cannot describe: the route's response model);
- a return annotated ``Any``, unannotated, or an ORM class is described by the route's
  response model (FastAPI's ``response_model``, or the endpoint's return annotation), else
  by the ORM class's mapped columns, else by the route's documented 2xx body; when nothing
  tells, the schema is ``{}`` with a ``$comment`` saying so;
- every ``format: date-time`` becomes a ``pattern`` that admits what pydantic's
  ``model_dump(mode="json")`` writes for a naive datetime (no offset, which RFC 3339's
  ``date-time`` forbids), with a ``$comment`` saying why.
"""

from __future__ import annotations

import collections.abc
import inspect
import typing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import create_model

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DATE_TIME", "NAIVE_COMMENT", "OutputSchema", "naive_datetimes", "output_schema"]

_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
DATE_TIME = (
    rf"^(?:{_YEAR}-{_DAY}|{_LEAP}-02-29)"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?$"
)
"""ISO 8601 date and time as pydantic writes it, the offset optional: only real dates (the
days of each month, 29 February of leap years), so a value drawn from it is a datetime."""

NAIVE_COMMENT = (
    "seamguard init: a datetime, written as pydantic's model_dump(mode='json') writes it; a "
    "naive datetime has no offset, which format date-time (RFC 3339) forbids, so this "
    "pattern admits one with or without an offset"
)

UNKNOWN_COMMENT = (
    "seamguard init could not tell what the logic returns (annotated Any or not at all, and "
    "the route names no response model); describe it"
)


@dataclass(slots=True)
class OutputSchema:
    """The output schema, the response model it came from (for ``output-model``), notes."""

    schema: dict[str, Any]
    model: type | None = None
    notes: list[str] = field(default_factory=list)


def _is_any(annotation: Any) -> bool:
    return annotation is inspect.Parameter.empty or annotation is Any or annotation is object


def _is_orm(annotation: Any) -> bool:
    """A SQLAlchemy mapped class (duck-typed: ``__mapper__`` and ``__table__``)."""
    return inspect.isclass(annotation) and hasattr(annotation, "__mapper__")


def _optional_parts(annotation: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None`` (``X`` a union of the rest), else ``(annotation, False)``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        args = typing.get_args(annotation)
        rest = [a for a in args if a is not type(None)]
        if len(rest) < len(args) and rest:
            return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True  # noqa: UP007
    return annotation, False


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or ``null``; ``$defs`` stay at the top."""
    if not schema or schema.get("type") == "null":
        return schema
    options = schema.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        return schema
    rest = {k: v for k, v in schema.items() if k != "$defs"}
    made: dict[str, Any] = {"anyOf": [rest, {"type": "null"}]}
    if "$defs" in schema:
        made["$defs"] = schema["$defs"]
    return made


def _item_class(annotation: Any) -> type | None:
    """The item class of ``list[X]``, ``List[X]``, ``Sequence[X]`` or ``tuple[X, ...]``: a
    returned list is read item by item through the output model (``seams._outputs``)."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
    if origin in (list, tuple, collections.abc.Sequence, set, frozenset) and len(args) == 1:
        return args[0] if inspect.isclass(args[0]) else None
    return None


def orm_schema(klass: type, describe: Callable[[Any], dict[str, Any] | None]) -> dict[str, Any]:
    """The JSON form of an ORM object, from its mapped columns (a pydantic model made of
    each column's Python type, ``None`` allowed where the column is nullable)."""
    fields: dict[str, Any] = {}
    for attribute in getattr(getattr(klass, "__mapper__", None), "column_attrs", ()):
        column = attribute.columns[0]
        try:
            kind: Any = column.type.python_type
        except NotImplementedError:
            kind = Any
        if column.nullable:
            kind = typing.Optional[kind]  # noqa: UP045 - Any | None fails before Python 3.11
        fields[attribute.key] = (kind, ...)
    model = create_model(klass.__name__, **fields)
    return describe(model) or {}


def output_schema(
    annotation: Any,
    *,
    responses: list[Any],
    documented: dict[str, Any] | None,
    describe: Callable[[Any], dict[str, Any] | None],
    seam: str,
    may_be_none: bool = False,
) -> OutputSchema:
    """The output schema for a logic whose return annotation is ``annotation``.

    Args:
        annotation: the return annotation (``inspect.Parameter.empty`` when there is none).
        responses: the response models of the seam's routes (FastAPI's ``response_model``).
        documented: the routes' documented 2xx body schema, if any.
        describe: pydantic's serialization schema of a type, ``None`` when it has none.
        seam: the seam name, for the notes.
        may_be_none: the logic may return ``None`` (its source or its route says so): an
            annotation that does not say what it returns (``Any``, none, an ORM class)
            gets ``null`` too.
    """
    found = OutputSchema(schema={})
    inner, optional = _optional_parts(annotation)
    optional = optional or (may_be_none and (_is_any(inner) or _is_orm(inner)))
    schema = describe(inner) if not (_is_any(inner) or _is_orm(inner)) else None
    if schema is None:
        for model in responses:
            schema = describe(model)
            if schema is not None:
                found.model = model if inspect.isclass(model) else _item_class(model)
                break
    if schema is None and _is_orm(inner):
        schema = orm_schema(inner, describe)
        found.notes.append(
            f"{seam}: {inner.__qualname__} is an ORM class and no route names a response "
            "model: the output schema lists its mapped columns; set output-model to the "
            "pydantic model the API answers with"
        )
    if schema is None and not _is_any(inner):
        found.notes.append(f"{seam}: pydantic cannot describe the return type")
    if schema is None:
        schema = documented
    if schema is None:
        schema = {"$comment": UNKNOWN_COMMENT}
        found.notes.append(
            f"{seam}: could not tell what the logic returns (annotated Any or not at all, no "
            "response model, no documented 2xx body): its output schema admits anything; "
            "describe it"
        )
    found.schema = naive_datetimes(_nullable(schema) if optional else schema)
    return found


def naive_datetimes(schema: Any) -> Any:
    """``schema`` with every ``format: date-time`` made :data:`DATE_TIME`'s pattern."""
    if isinstance(schema, list):
        return [naive_datetimes(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    made = {k: naive_datetimes(v) for k, v in schema.items()}
    if made.get("format") == "date-time":
        del made["format"]
        made["pattern"] = DATE_TIME
        made.setdefault("$comment", NAIVE_COMMENT)
    return made
