"""Draft 7 schemas rewritten in Draft 2020-12 terms, so one decision procedure reads both.

The keywords that changed meaning: ``items`` as an array (now ``prefixItems``) with
``additionalItems`` (now ``items``), ``dependencies`` (now ``dependentRequired`` and
``dependentSchemas``), and ``$ref``, whose sibling keywords Draft 7 ignores. jsonschema and
referencing validate each draft as it is; only the subschema decision needs one reading.
This is the one place seamguard rewrites Draft 7: ``schema._spots`` reads its objects
through ``draft7_keywords``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seamguard.schema._dialects import DRAFT7, DRAFT202012
from seamguard.schema._keywords import ONE_SCHEMA_2020, SCHEMA_ARRAYS_2020, SCHEMA_MAPS_2020

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["draft7_keywords", "to_draft_2020"]

_KEEP_BESIDE_REF = ("$id", "$schema", "definitions", "$defs", "$comment")
# Keywords Draft 7 does not know, so they mean nothing in a Draft 7 document; kept, they
# would start to mean something in Draft 2020-12 (and a value that is not valid there,
# "prefixItems": 5, made jsonschema-rs refuse the converted schema).
_LATER = frozenset(
    {
        "prefixItems",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "minContains",
        "maxContains",
        "contentSchema",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$recursiveAnchor",
        "$vocabulary",
    }
)
# The maps of schemas a converted object holds: Draft 2020-12's, and Draft 7's definitions.
_MAPS = (*SCHEMA_MAPS_2020, "definitions")


def to_draft_2020(schema: Any, dialect: str) -> Any:
    """``schema`` read as ``dialect``, written as Draft 2020-12 (unchanged if already so)."""
    if dialect != DRAFT7:
        return schema
    converted = _convert(schema)
    if isinstance(converted, dict):
        converted["$schema"] = DRAFT202012
    return converted


def draft7_keywords(node: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """One Draft 7 schema object's own keywords in Draft 2020-12 terms, the schemas below it
    left as written; and, for each keyword that holds schemas written under another name,
    that name (``{"prefixItems": "items", "items": "additionalItems"}``), so a walker that
    keeps JSON pointers into the document finds them (``schema._spots``)."""
    if "$ref" in node:
        # Draft 7 ignores every keyword beside $ref (definitions stay reachable by pointer).
        node = {k: v for k, v in node.items() if k == "$ref" or k in _KEEP_BESIDE_REF}
    out: dict[str, Any] = {}
    moved: dict[str, str] = {}
    for key, value in node.items():
        if key == "items" and isinstance(value, list):
            out["prefixItems"], moved["prefixItems"] = value, "items"
            if "additionalItems" in node:
                out["items"], moved["items"] = node["additionalItems"], "additionalItems"
        elif key == "additionalItems":
            continue  # meaningful only beside an array `items`, handled there
        elif key == "dependencies" and isinstance(value, dict):
            required = {k: v for k, v in value.items() if isinstance(v, list)}
            schemas = {k: v for k, v in value.items() if not isinstance(v, list)}
            if required:
                out["dependentRequired"] = required
            if schemas:
                out["dependentSchemas"], moved["dependentSchemas"] = schemas, "dependencies"
        elif key == "$schema" or key in _LATER:
            continue
        else:
            out[key] = value
    return out, moved


def _convert(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in draft7_keywords(node)[0].items():
        if key in ONE_SCHEMA_2020:
            out[key] = _convert(value)
        elif key in SCHEMA_ARRAYS_2020 and isinstance(value, list):
            out[key] = [_convert(v) for v in value]
        elif key in _MAPS and isinstance(value, dict):
            out[key] = {name: _convert(v) for name, v in value.items()}
        else:
            out[key] = value
    return out
