"""What kind of change an edit of one keyword is, and the small readings the walk shares.

The kinds are the catalogue's (``_rules``): a bound that tightens or relaxes, a type that
widens or narrows, a pattern or format added or removed; branches of ``anyOf``/``oneOf``/
``allOf`` are paired by likeness before they are compared.
"""

from __future__ import annotations

import json
from typing import Any

from seamguard.schema._changes._model import MISSING

__all__ = [
    "AFFIX",
    "LIMITS",
    "as_mapping",
    "both_are",
    "canon",
    "canon_eq",
    "covers",
    "limit_kind",
    "match_branches",
    "name_list",
    "signature",
    "type_kind",
    "type_set",
]


def canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# keyword -> (kind when the constraint tightens, kind when it relaxes, True if "larger" is looser)
LIMITS: dict[str, tuple[str, str, bool]] = {
    "maxLength": ("max-length-decreased", "max-length-increased", True),
    "minLength": ("min-length-increased", "min-length-decreased", False),
    "maximum": ("bound-tightened", "bound-relaxed", True),
    "exclusiveMaximum": ("bound-tightened", "bound-relaxed", True),
    "minimum": ("bound-tightened", "bound-relaxed", False),
    "exclusiveMinimum": ("bound-tightened", "bound-relaxed", False),
    "maxProperties": ("bound-tightened", "bound-relaxed", True),
    "minProperties": ("bound-tightened", "bound-relaxed", False),
    "maxItems": ("items-limits-tightened", "items-limits-relaxed", True),
    "maxContains": ("items-limits-tightened", "items-limits-relaxed", True),
    "minItems": ("items-limits-tightened", "items-limits-relaxed", False),
    "minContains": ("items-limits-tightened", "items-limits-relaxed", False),
}
AFFIX = {"pattern": "pattern", "format": "format", "multipleOf": "multiple-of"}


def match_branches(
    a: list[Any], b: list[Any]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair branches: equal ones first, then ones of the same type, then the last one left."""
    free_a, free_b = list(range(len(a))), list(range(len(b)))
    pairs: list[tuple[int, int]] = []
    for same in (canon, signature):
        for j in list(free_b):
            for i in free_a:
                if same(a[i]) == same(b[j]):
                    pairs.append((i, j))
                    free_a.remove(i)
                    free_b.remove(j)
                    break
    if len(free_a) == len(free_b) == 1:
        pairs.append((free_a.pop(), free_b.pop()))
    return sorted(pairs), free_a, free_b


def signature(schema: Any) -> str:
    if isinstance(schema, dict) and "type" in schema:
        return "type:" + canon(schema["type"])
    if isinstance(schema, dict) and "$ref" in schema:
        return "ref:" + str(schema["$ref"])
    return "other:" + canon(schema if not isinstance(schema, dict) else sorted(schema))


def canon_eq(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    text = canon(a)
    return text == canon(b) and '"$ref"' not in text


def both_are(kind: type | tuple[type, ...], a: Any, b: Any) -> bool:
    return isinstance(a, kind) and isinstance(b, kind)


def as_mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def name_list(value: Any) -> list[str]:
    return [n for n in value if isinstance(n, str)] if isinstance(value, list) else []


def type_set(value: Any) -> set[str] | None:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {t for t in value if isinstance(t, str)}
    return None


def covers(wide: set[str], narrow: set[str]) -> bool:
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def type_kind(a: Any, b: Any) -> str:
    ta, tb = type_set(a), type_set(b)
    if tb is None or (ta is not None and covers(tb, ta)):
        return "type-widened"
    if ta is None or covers(ta, tb):
        return "type-narrowed"
    return "type-changed"


def limit_kind(key: str, a: Any, b: Any) -> str:
    tighter, looser, larger_looser = LIMITS[key]
    if a is MISSING:
        return tighter
    if b is MISSING:
        return looser
    if not both_are((int, float), a, b) or isinstance(a, bool) or isinstance(b, bool):
        return "keyword-changed"
    return looser if (b > a) == larger_looser else tighter
