"""Value objects in an input contract take the bounds the route declares for what they wrap.

A DDD route wraps a request field in a value object before handing it to the logic
(``usecase.execute(TodoTitle(value=data.title))``); the value object checks itself when it
is made (``__post_init__`` refuses an empty or long title), which its dataclass schema does
not say: pydantic describes ``TodoTitle`` as ``{"value": string}``. The contract ``init``
wrote then admitted ``{"value": ""}``, which the logic side cannot even build. The route's
field (``title: str = Field(min_length=1, max_length=100)``) is what the API hands on, so a
value object wrapping one scalar takes that field's bounds, found by the logic parameter's
name (``title``), as a bare ``str`` parameter does (``_schemas._narrowed``).
"""

from __future__ import annotations

import dataclasses
import typing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["narrow_value_objects"]


def narrow_value_objects(
    document: dict[str, Any],
    hints: Mapping[str, Any],
    single: str | None,
    api: Callable[[str], dict[str, Any] | None],
    narrow: Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any]],
) -> None:
    """Give each value object parameter's one field the bounds ``api(parameter)`` declares
    (in place). ``document`` is the input schema: the value object's own schema when it is
    the single parameter, else an object whose properties ``$ref`` its ``$defs``."""
    if single is not None:
        if _wrapped_field(hints.get(single)) is not None:
            _narrow_object(document, api(single), narrow)
        return
    definitions = document.get("$defs", {})
    references = [_reference(p) for p in document.get("properties", {}).values()]
    for name, schema in document.get("properties", {}).items():
        target = _reference(schema)
        if target is None or references.count(target) != 1:
            continue  # not a reference, or a class two parameters share: no guess
        if _wrapped_field(hints.get(name)) is not None and target in definitions:
            _narrow_object(definitions[target], api(name), narrow)


def _wrapped_field(hint: Any) -> str | None:
    """The one field of the dataclass ``hint`` names (``TodoTitle``, ``TodoTitle | None``)."""
    options = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    if len(options) != 1 or not isinstance(options[0], type):
        return None
    if not dataclasses.is_dataclass(options[0]):
        return None
    fields = [f for f in dataclasses.fields(options[0]) if f.init]
    return fields[0].name if len(fields) == 1 else None


def _reference(schema: Any) -> str | None:
    """The ``$defs`` name ``schema`` refers to, alone or beside ``null``."""
    if not isinstance(schema, dict):
        return None
    options = schema.get("anyOf", [schema])
    refs = [o["$ref"] for o in options if isinstance(o, dict) and "$ref" in o]
    others = [o for o in options if isinstance(o, dict) and "$ref" not in o]
    if len(refs) != 1 or any(o != {"type": "null"} for o in others):
        return None
    prefix = "#/$defs/"
    return refs[0][len(prefix) :] if refs[0].startswith(prefix) else None


def _narrow_object(
    schema: dict[str, Any],
    api: dict[str, Any] | None,
    narrow: Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any]],
) -> None:
    properties = schema.get("properties", {})
    if api is None or len(properties) != 1:
        return
    ((field, inner),) = properties.items()
    if isinstance(inner, dict):
        properties[field] = narrow(inner, api)
