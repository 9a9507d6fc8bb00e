"""Walk the subschemas of a schema document, keeping each one's JSON pointer and base URI.

referencing's ``Specification.subresources_of`` walks the same keywords but yields no
location, and every message seamguard prints needs the JSON pointer; so the walk reads the
keyword tables of both drafts (``schema._keywords``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin

from seamguard.schema._keywords import (
    ANNOTATIONS,
    DATA_KEYWORDS,
    ONE_SCHEMA,
    SCHEMA_ARRAYS,
    SCHEMA_MAPS,
    to_pointer,
)

__all__ = [
    "Subschema",
    "canonical_form",
    "iter_subschemas",
    "refs_outside_schemas",
    "strip_annotations",
]


@dataclass(frozen=True, slots=True)
class Subschema:
    """One schema object inside a document."""

    pointer: str
    """Its JSON pointer from the document root."""
    path: tuple[str | int, ...]
    """The same location as a tuple of keys and indexes."""
    base_uri: str
    """The base URI relative references inside it resolve against."""
    schema: Mapping[str, Any]
    """The schema object itself."""


def iter_subschemas(document: Any, *, base_uri: str) -> Iterator[Subschema]:
    """Every schema object in ``document`` (itself first), depth first."""
    stack: list[tuple[tuple[str | int, ...], Any, str]] = [((), document, base_uri)]
    while stack:
        path, node, base = stack.pop()
        if not isinstance(node, Mapping):
            continue  # a boolean schema, or a malformed one the metaschema check reports
        declared = node.get("$id")
        if isinstance(declared, str) and declared:
            base = urldefrag(urljoin(base, declared)).url
        yield Subschema(to_pointer(path), path, base, node)
        children: list[tuple[tuple[str | int, ...], Any, str]] = []
        for key in ONE_SCHEMA:
            if key in node and not isinstance(node[key], list):
                children.append(((*path, key), node[key], base))
        for key in SCHEMA_ARRAYS:
            value = node.get(key)
            if isinstance(value, list):
                children.extend(((*path, key, i), item, base) for i, item in enumerate(value))
        for key in SCHEMA_MAPS:
            value = node.get(key)
            if isinstance(value, Mapping):
                children.extend(((*path, key, name), item, base) for name, item in value.items())
        stack.extend(reversed(children))


def refs_outside_schemas(schema: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """``(pointer from schema, keyword, reference)`` for each ``$ref`` or ``$dynamicRef``
    inside a keyword of ``schema`` that holds neither schemas nor data (an unknown keyword,
    ``{"x-doc": {"$ref": ...}}``): no validator follows it, but jsonschema-rs's
    ``dereference`` does, and fails where it resolves nowhere."""
    skip = {*ONE_SCHEMA, *SCHEMA_ARRAYS, *SCHEMA_MAPS, *DATA_KEYWORDS, "$ref", "$dynamicRef"}
    stack: list[tuple[tuple[str | int, ...], Any]] = [
        ((key,), value) for key, value in schema.items() if key not in skip
    ]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Mapping):
            for keyword in ("$ref", "$dynamicRef"):
                if isinstance(node.get(keyword), str):
                    yield to_pointer(path), keyword, node[keyword]
            stack.extend(((*path, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))


def strip_annotations(schema: Any) -> Any:
    """``schema`` without annotations, removed at schema positions only (a property named
    ``title`` stays)."""
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ANNOTATIONS:
            continue
        if key in SCHEMA_MAPS and isinstance(value, Mapping):
            out[key] = {name: strip_annotations(item) for name, item in value.items()}
        elif key in SCHEMA_ARRAYS and isinstance(value, list):
            out[key] = [strip_annotations(item) for item in value]
        elif key in ONE_SCHEMA:
            out[key] = strip_annotations(value)
        else:
            out[key] = value
    return out


def canonical_form(schema: Any) -> str:
    """A text equal for two schemas exactly when they differ at most in annotations."""
    return json.dumps(strip_annotations(schema), sort_keys=True, default=repr)
