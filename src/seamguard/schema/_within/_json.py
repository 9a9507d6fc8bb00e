"""JSON values as JSON Schema sees them, and small readers of schema keywords."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from seamguard.schema._within._tables import _IN_PLACE, _TYPE_ATOMS


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> int | None:
    """A non-negative integer keyword value (``2.0`` counts), else None."""
    if _is_number(value) and value >= 0 and float(value).is_integer():
        return int(value)
    return None


def _atom_of(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "fraction"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return None


def _atoms_of_type(declared: Any) -> frozenset[str] | None:
    names = declared if isinstance(declared, list) else [declared]
    atoms: frozenset[str] = frozenset()
    for name in names:
        if not isinstance(name, str) or name not in _TYPE_ATOMS:
            return None
        atoms |= _TYPE_ATOMS[name]
    return atoms


def _json_equal(x: Any, y: Any) -> bool:
    """Equality as JSON Schema sees it: ``1 == 1.0`` but ``1 != true`` (Python says both)."""
    if isinstance(x, bool) or isinstance(y, bool):
        return isinstance(x, bool) and isinstance(y, bool) and x == y
    if _is_number(x) and _is_number(y):
        return bool(x == y)
    if isinstance(x, Mapping) and isinstance(y, Mapping):
        return x.keys() == y.keys() and all(_json_equal(x[k], y[k]) for k in x)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_json_equal(i, j) for i, j in zip(x, y, strict=True))
    return type(x) is type(y) and bool(x == y)


def _has_ref(node: Any) -> bool:
    if isinstance(node, Mapping):
        return "$ref" in node or "$dynamicRef" in node or any(_has_ref(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_ref(v) for v in node)
    return False


def _fingerprint(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _short(value: Any) -> str:
    text = json.dumps(value, default=repr)
    if isinstance(value, str) and len(value) > 24:
        return f"a string of {len(value)} characters"
    return text if len(text) <= 60 else text[:57] + "..."


def _search(pattern: Any, text: str) -> bool | None:
    """Whether ``pattern`` matches ``text`` as jsonschema tests it; None if it does not compile."""
    if not isinstance(pattern, str):
        return None
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return None


def _additional(schema: Mapping[str, Any]) -> Any:
    """The schema for properties outside ``properties``/``patternProperties``, or None."""
    if "additionalProperties" in schema:
        return schema["additionalProperties"]
    if "unevaluatedProperties" in schema and not schema.keys() & _IN_PLACE:
        return schema["unevaluatedProperties"]
    return None


def _additional_items(schema: Mapping[str, Any]) -> Any:
    """The schema for items after ``prefixItems``, or None."""
    items = schema.get("items")
    if items is not None and not isinstance(items, list):
        return items
    if "unevaluatedItems" in schema and not schema.keys() & _IN_PLACE and "contains" not in schema:
        return schema["unevaluatedItems"]
    return None
