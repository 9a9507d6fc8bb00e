"""Draft 7 schemas rewritten in Draft 2020-12 terms, so one decision procedure reads both.

The keywords that changed meaning: ``items`` as an array (now ``prefixItems``) with
``additionalItems`` (now ``items``), ``dependencies`` (now ``dependentRequired`` and
``dependentSchemas``), and ``$ref``, whose sibling keywords Draft 7 ignores. jsonschema and
referencing validate each draft as it is; only the subschema decision needs one reading.
"""

from __future__ import annotations

from typing import Any

from seamguard.schema._dialects import DRAFT7, DRAFT202012

__all__ = ["to_draft_2020"]

_ONE = ("additionalProperties", "contains", "else", "if", "not", "propertyNames", "then")
_MANY = ("allOf", "anyOf", "oneOf")
_MAPS = ("definitions", "$defs", "properties", "patternProperties")
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


def to_draft_2020(schema: Any, dialect: str) -> Any:
    """``schema`` read as ``dialect``, written as Draft 2020-12 (unchanged if already so)."""
    if dialect != DRAFT7:
        return schema
    converted = _convert(schema)
    if isinstance(converted, dict):
        converted["$schema"] = DRAFT202012
    return converted


def _convert(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        # Draft 7 ignores every keyword beside $ref (definitions stay reachable by pointer).
        node = {k: v for k, v in node.items() if k == "$ref" or k in _KEEP_BESIDE_REF}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "items" and isinstance(value, list):
            out["prefixItems"] = [_convert(v) for v in value]
            if "additionalItems" in node:
                out["items"] = _convert(node["additionalItems"])
        elif key == "items":
            out["items"] = _convert(value)
        elif key == "additionalItems":
            continue  # meaningful only beside an array `items`, handled there
        elif key == "dependencies" and isinstance(value, dict):
            required = {k: v for k, v in value.items() if isinstance(v, list)}
            schemas = {k: _convert(v) for k, v in value.items() if not isinstance(v, list)}
            if required:
                out["dependentRequired"] = required
            if schemas:
                out["dependentSchemas"] = schemas
        elif key in _ONE:
            out[key] = _convert(value)
        elif key in _MANY and isinstance(value, list):
            out[key] = [_convert(v) for v in value]
        elif key in _MAPS and isinstance(value, dict):
            out[key] = {name: _convert(v) for name, v in value.items()}
        elif key == "$schema" or key in _LATER:
            continue
        else:
            out[key] = value
    return out
