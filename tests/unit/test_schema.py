"""Dialects, metaschema messages and the subschema walk."""

from __future__ import annotations

import pytest

from seamguard.schema import (
    DEFAULT_DIALECT,
    DRAFT7,
    dialect_of,
    iter_subschemas,
    metaschema_errors,
    to_pointer,
)


@pytest.mark.parametrize(
    ("schema", "dialect"),
    [
        ({}, DEFAULT_DIALECT),
        (True, DEFAULT_DIALECT),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema#"}, DEFAULT_DIALECT),
        ({"$schema": "http://json-schema.org/draft-07/schema"}, DRAFT7),
        ({"$schema": "https://json-schema.org/draft-07/schema#"}, DRAFT7),
    ],
)
def test_supported_dialects(schema: object, dialect: str) -> None:
    assert dialect_of(schema) == (dialect, None)


def test_draft_2019_09_is_named_in_the_refusal() -> None:
    dialect, reason = dialect_of({"$schema": "https://json-schema.org/draft/2019-09/schema"})

    assert dialect is None
    assert reason is not None
    assert "Draft 2019-09" in reason


def test_metaschema_errors_point_at_each_bad_keyword() -> None:
    errors = dict(
        metaschema_errors(
            {"properties": {"a": {"minimum": "0"}, "b": {"type": ["string", "nul"]}}},
            DEFAULT_DIALECT,
        )
    )

    assert errors["/properties/a/minimum"] == "'0' is not of type 'number'"
    assert "'nul' is not a JSON Schema type; did you mean 'null'?" in errors["/properties/b/type"]


def test_to_pointer_escapes_per_rfc_6901() -> None:
    assert to_pointer(["properties", "a/b", "c~d", 0]) == "/properties/a~1b/c~0d/0"
    assert to_pointer([]) == ""


def test_walk_yields_every_subschema_with_pointer_and_base() -> None:
    schema = {
        "$id": "https://x.example/root.json",
        "properties": {"a": {"items": {"$ref": "#/$defs/n"}}},
        "prefixItems": [{"type": "string"}],
        "$defs": {"n": {"$id": "nested/n.json", "not": {"type": "null"}}},
        "enum": [{"properties": {"not-a-schema": {}}}],
    }

    found = {sub.pointer: sub.base_uri for sub in iter_subschemas(schema, base_uri="file:///x")}

    assert found == {
        "": "https://x.example/root.json",
        "/properties/a": "https://x.example/root.json",
        "/properties/a/items": "https://x.example/root.json",
        "/prefixItems/0": "https://x.example/root.json",
        "/$defs/n": "https://x.example/nested/n.json",
        "/$defs/n/not": "https://x.example/nested/n.json",
    }
