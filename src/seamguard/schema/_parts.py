"""What the parts of a node say: the parts are the spots every value of the node meets (its
schema, its ``allOf`` members, its ``$ref`` targets), read apart by ``_satisfiable``.

The JSON types they leave, the member schemas they force (a required property's, an item's),
and which keywords must be kept together when some are dropped to name a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from seamguard.schema._keywords import NARROWS_WITHOUT, UNEVALUATED

if TYPE_CHECKING:
    from seamguard.schema._spots import Spot

__all__ = [
    "EVALUATING",
    "KINDS",
    "Atom",
    "closure",
    "conjunction",
    "evaluates_in_place",
    "item_of",
    "kind_of",
    "kinds_of",
    "positional_items",
    "restrict",
    "short",
    "too_many_required",
    "value_of",
]

# Keywords whose annotations an unevaluated* beside them (in the same object) reads.
EVALUATING = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "prefixItems",
        "items",
        "contains",
        "if",
        "then",
        "else",
        "anyOf",
        "oneOf",
        "allOf",
        "$ref",
        "dependentSchemas",
    }
)
KINDS = frozenset({"null", "boolean", "number", "string", "array", "object"})

Atom = tuple[int, str | None]
"""A keyword of a node: (index of its part, keyword); keyword None for a ``false`` part."""


def conjunction(schemas: list[Any]) -> Any:
    kept = [s for s in schemas if s is not True]
    if any(s is False for s in kept):
        return False
    if not kept:
        return True
    return kept[0] if len(kept) == 1 else {"allOf": kept}


def kinds_of(parts: list[Spot]) -> frozenset[str]:
    """The JSON types a value of every part may have (integers count as numbers)."""
    kinds = KINDS
    for part in parts:
        if part.schema is False:
            return frozenset()
        keywords = part.keywords()
        declared = keywords.get("type")
        if isinstance(declared, str):
            declared = [declared]
        if isinstance(declared, list):
            kinds &= frozenset("number" if t == "integer" else t for t in declared)
        listed: Any = None
        if "const" in keywords:
            listed = [keywords["const"]]
        elif isinstance(keywords.get("enum"), list):
            listed = keywords["enum"]
        if listed is not None:
            kinds &= frozenset(kind_of(v) for v in listed)
    return kinds


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def too_many_required(parts: list[Spot]) -> bool:
    """More names are required than ``maxProperties`` lets an object have."""
    names: set[str] = set()
    most: int | None = None
    for part in parts:
        keywords = part.keywords()
        listed = keywords.get("required")
        if isinstance(listed, list):
            names.update(n for n in listed if isinstance(n, str))
        count = keywords.get("maxProperties")
        if isinstance(count, int) and not isinstance(count, bool):
            most = count if most is None else min(most, count)
    return most is not None and len(names) > most


def value_of(part: Spot, name: str) -> Spot | None:
    """The schema of ``part`` that the value of property ``name`` meets, if one surely does.

    A name ``patternProperties`` might match is left unconstrained (regex dialects differ):
    leaving a schema out only widens the conjunction.
    """
    keywords = part.keywords()
    properties = keywords.get("properties")
    if isinstance(properties, Mapping) and name in properties:
        return part.child("properties", name)
    if "additionalProperties" in keywords and not keywords.get("patternProperties"):
        return part.child("additionalProperties")
    return None


def positional_items(part: Spot) -> tuple[list[Any], str]:
    """The part's positional item schemas and the keyword holding them."""
    key = "items" if part.draft7 else "prefixItems"
    found = part.keywords().get(key)
    return (found, key) if isinstance(found, list) else ([], key)


def item_of(part: Spot, index: int) -> Spot | None:
    """The schema of ``part`` that the item at ``index`` meets, if any."""
    items, key = positional_items(part)
    if index < len(items):
        return part.child(key, index)
    keywords = part.keywords()
    if part.draft7 and isinstance(keywords.get("items"), list):
        return part.child("additionalItems")
    return part.child("items") if isinstance(keywords.get("items"), (bool, Mapping)) else None


def evaluates_in_place(part: Spot) -> bool:
    return any(key in UNEVALUATED for key in part.keywords())


def closure(parts: list[Spot], atoms: list[Atom]) -> set[Atom]:
    """``atoms`` with what they mean nothing without (so dropping the rest only widens)."""
    kept = set(atoms)
    for index, key in atoms:
        keywords = parts[index].keywords()
        for needed in NARROWS_WITHOUT.get(key or "", ()):
            if needed in keywords and not (needed == "prefixItems" and parts[index].draft7):
                kept.add((index, needed))
    for index in {index for index, key in atoms if key in UNEVALUATED}:
        kept.update((index, key) for key in parts[index].keywords() if key in EVALUATING)
    return kept


def restrict(parts: list[Spot], atoms: set[Atom]) -> tuple[Spot, ...]:
    """The parts holding only ``atoms`` (an ``allOf`` or ``$ref`` read apart is gone: its
    members are parts of their own)."""
    out: list[Spot] = []
    for index, part in enumerate(parts):
        if (index, None) in atoms:
            out.append(part)
            continue
        kept = {k: v for k, v in part.keywords().items() if (index, k) in atoms}
        if kept:
            out.append(part.restricted(kept))
    return tuple(out)


def short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."
