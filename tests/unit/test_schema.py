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


def test_draft7_is_rewritten_for_the_subschema_decision() -> None:
    from seamguard.schema import DRAFT202012, admits_only, to_draft_2020

    tuple7 = {"type": "array", "items": [{"type": "integer"}], "additionalItems": False}
    ref7 = {"definitions": {"n": {"type": "integer"}}, "$ref": "#/definitions/n", "type": "string"}
    deps7 = {"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}

    assert to_draft_2020(tuple7, DRAFT7) == {
        "type": "array",
        "prefixItems": [{"type": "integer"}],
        "items": False,
        "$schema": DRAFT202012,
    }
    assert to_draft_2020(ref7, DRAFT7)["$ref"] == "#/definitions/n"
    assert "type" not in to_draft_2020(ref7, DRAFT7)  # ignored beside $ref in Draft 7
    assert to_draft_2020(deps7, DRAFT7) == {
        "dependentRequired": {"a": ["b"]},
        "dependentSchemas": {"c": {"required": ["d"]}},
        "$schema": DRAFT202012,
    }
    # Read as Draft 2020-12, [1, 2] would be allowed by the tuple; as Draft 7 it is not.
    wider = {"type": "array", "items": {"type": "integer"}}
    assert admits_only(wider, to_draft_2020(tuple7, DRAFT7)).outcome == "no"
    assert to_draft_2020(tuple7, DEFAULT_DIALECT) is tuple7


def test_annotations_are_stripped_at_schema_positions_only() -> None:
    from seamguard.schema import canonical_form, strip_annotations

    schema = {
        "title": "A",
        "properties": {"title": {"type": "string", "description": "kept out"}},
        "anyOf": [{"examples": [1], "type": "integer"}],
        "enum": [{"title": "data, not a keyword"}],
    }

    assert strip_annotations(schema) == {
        "properties": {"title": {"type": "string"}},
        "anyOf": [{"type": "integer"}],
        "enum": [{"title": "data, not a keyword"}],
    }
    assert canonical_form(schema) == canonical_form({**schema, "title": "B"})
    assert canonical_form(schema) != canonical_form({**schema, "enum": [1]})
