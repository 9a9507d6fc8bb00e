"""The vocabulary every walker of the schema core shares: keyword tables and JSON pointers.

``_walk``, ``_budget``, ``_inline``, ``_normalize``, ``_spots`` and ``_satisfiable`` each
walk schemas; they read the keywords from here, so a keyword a draft adds is listed once.
referencing's ``Specification.subresources_of`` walks the same applicators but names no
location, and jsonschema's ``VALIDATORS`` tables do not say which values are schemas.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ANNOTATIONS",
    "DATA_KEYWORDS",
    "INERT_BESIDE_REF",
    "LOWER_BOUNDS",
    "MEANING_DEPENDS_ON",
    "NARROWS_WITHOUT",
    "NOT_ASSERTING",
    "ONE_SCHEMA",
    "ONE_SCHEMA_2020",
    "ONE_SCHEMA_DRAFT7",
    "SCHEMA_ARRAYS",
    "SCHEMA_ARRAYS_2020",
    "SCHEMA_ARRAYS_DRAFT7",
    "SCHEMA_MAPS",
    "SCHEMA_MAPS_2020",
    "SCHEMA_MAPS_DRAFT7",
    "UNEVALUATED",
    "UPPER_BOUNDS",
    "follow_pointer",
    "to_pointer",
]

ANNOTATIONS = frozenset(
    (
        "title",
        "description",
        "examples",
        "$comment",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$id",
        "$schema",
    )
)
"""Keywords that never change which documents a schema admits."""
DATA_KEYWORDS = ("const", "default", "enum", "examples")
"""Keywords whose values are data: a ``"$ref"`` key in them is a property name."""
NOT_ASSERTING = ANNOTATIONS | {
    "$defs",
    "definitions",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "contentEncoding",
    "contentMediaType",
}
"""Keywords that say nothing about which values a schema admits (nor move its base URI)."""
INERT_BESIDE_REF = ANNOTATIONS | {"$defs", "definitions", "$anchor", "$dynamicAnchor"}
"""Keywords that mean nothing about the value and may sit beside a ``$ref`` as they are
when it is inlined (``_inline``). Not ``$vocabulary`` nor the content keywords: beside a
``$ref`` jsonschema-rs's inlining would let the target's overwrite them."""
UNEVALUATED = ("unevaluatedProperties", "unevaluatedItems")
"""The keywords whose meaning depends on every in-place sibling's annotations."""

# Applicators by the shape of their value: one schema, an array of schemas, a map of them.
ONE_SCHEMA_2020 = (
    "additionalProperties",
    "contains",
    "contentSchema",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
)
SCHEMA_ARRAYS_2020 = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAPS_2020 = ("$defs", "dependentSchemas", "patternProperties", "properties")
# Draft 7's ``items`` is one schema or an array, ``dependencies`` maps to a schema or a list
# of names; seamguard reads a Draft 7 ``$defs`` as schemas too (schema._dialects._metaschema).
ONE_SCHEMA_DRAFT7 = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
)
SCHEMA_ARRAYS_DRAFT7 = ("allOf", "anyOf", "oneOf", "items")
SCHEMA_MAPS_DRAFT7 = ("$defs", "definitions", "dependencies", "patternProperties", "properties")
# Either draft, for the walks that do not ask which one a document is written in (in the
# order they visit children, which fixes the order of what they report).
ONE_SCHEMA = ("additionalItems", *ONE_SCHEMA_2020)
SCHEMA_ARRAYS = (*SCHEMA_ARRAYS_2020, "items")
SCHEMA_MAPS = (
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
    "patternProperties",
    "properties",
)

UPPER_BOUNDS = frozenset(
    {"maxLength", "maxItems", "maxProperties", "maxContains", "maximum", "exclusiveMaximum"}
)
"""Bounds two conjuncts combine into one by the lower value."""
LOWER_BOUNDS = frozenset(
    {"minLength", "minItems", "minProperties", "minContains", "minimum", "exclusiveMinimum"}
)
"""Bounds two conjuncts combine into one by the higher value."""

# Two relations between sibling keywords (Draft 2020-12), kept apart because they differ:
# `then` means nothing without `if`, yet dropping `if` only widens a schema (`then` is
# ignored); `contains` means the same without `minContains`, yet dropping `minContains: 0`
# narrows it (an item must then match).
MEANING_DEPENDS_ON: dict[str, frozenset[str]] = {
    "additionalProperties": frozenset({"properties", "patternProperties"}),
    "items": frozenset({"prefixItems"}),
    "minContains": frozenset({"contains"}),
    "maxContains": frozenset({"contains"}),
    "then": frozenset({"if"}),
    "else": frozenset({"if"}),
}
"""keyword: the siblings its meaning depends on; an ``allOf`` member is folded into its
parent only when neither holds a keyword the other's depend on (``_inline``)."""
NARROWS_WITHOUT: dict[str, tuple[str, ...]] = {
    "additionalProperties": ("properties", "patternProperties"),
    "items": ("prefixItems",),
    "contains": ("minContains",),
}
"""keyword: the siblings whose removal, the keyword kept, would narrow the schema
(``additionalProperties`` then reaches the names ``properties`` had); ``_satisfiable``
keeps them together when it drops keywords to name a conflict."""


def to_pointer(path: list[Any] | tuple[Any, ...]) -> str:
    """A JSON pointer (RFC 6901) for a sequence of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def follow_pointer(document: Any, pointer: str) -> tuple[bool, Any]:
    """``(True, node)`` for the node a JSON pointer (RFC 6901, already URI-unquoted; ``""``
    is the whole document) names in ``document``, ``(False, None)`` when it names nothing.
    The inverse of :func:`to_pointer`."""
    node = document
    for token in pointer.split("/")[1:] if pointer else ():
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node
