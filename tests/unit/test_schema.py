"""Dialects, metaschema messages and the subschema walk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seamguard import load_contracts
from seamguard.checks.compat import compare_versions
from seamguard.contracts import Validators
from seamguard.schema import (
    DEFAULT_DIALECT,
    DRAFT7,
    dialect_of,
    iter_subschemas,
    metaschema_errors,
    to_pointer,
)
from seamguard.schema._inline import merge_lone_conjuncts, refs_apart
from tests.unit.helpers import DRAFT202012, make_tree, write_contract


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


def test_keywords_draft7_does_not_know_mean_nothing_when_rewritten() -> None:
    # Kept, they meant something in Draft 2020-12, and "prefixItems": 5 made jsonschema-rs
    # refuse the rewritten schema (self-fuzz).
    from seamguard.schema import DRAFT202012, to_draft_2020

    later = {"prefixItems": 5, "unevaluatedProperties": False, "minContains": "x"}
    tuple7 = {"items": [{"type": "integer"}], "prefixItems": [{"type": "string"}]}

    assert to_draft_2020({"type": "object", **later}, DRAFT7) == {
        "type": "object",
        "$schema": DRAFT202012,
    }
    assert to_draft_2020(tuple7, DRAFT7)["prefixItems"] == [{"type": "integer"}]


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


# -- inlining $ref: keywords beside a $ref keep their meaning --------------------------------


def _tree_with_title(tmp_path: Path, beside_ref: dict[str, Any], *, draft7: bool = False) -> Any:
    root = make_tree(tmp_path / "contracts")
    dialect = "http://json-schema.org/draft-07/schema#" if draft7 else DRAFT202012
    write_contract(
        root,
        "things.create",
        "1.2",
        input_schema={
            "$schema": dialect,
            "type": "object",
            "properties": {
                "name": {"$ref": "../../_shared/thing.schema.json#/$defs/Name", **beside_ref}
            },
            "required": ["name"],
        },
    )
    registry = load_contracts(root)
    return registry, Validators(registry)


def test_a_keyword_beside_a_ref_is_not_overwritten_by_the_target(tmp_path: Path) -> None:
    # The target says maxLength 20; the keyword beside the $ref narrows it to 5. jsonschema-rs
    # alone inlines this as maxLength 20, and a narrowing would read as no change.
    registry, validators = _tree_with_title(tmp_path, {"maxLength": 5, "minLength": 2})

    inlined = validators.dereference(registry.get("things.create", "1.2").input)

    assert inlined["properties"]["name"] == {"type": "string", "maxLength": 5, "minLength": 2}


def test_a_ref_key_in_data_is_data_when_inlining(tmp_path: Path) -> None:
    # jsonschema-rs's dereference inlines a "$ref" key inside const/enum/examples/default (it
    # is a property of the admitted value), or raised ReferencingError when it resolves
    # nowhere (self-fuzz). The JSON-Schema-Test-Suite's "naive replacement of $ref".
    literal = {"$ref": "../../_shared/thing.schema.json#/$defs/Name"}
    nowhere = {"items": {"$ref": "../../_shared/nowhere.json"}}
    registry, validators = _tree_with_title(
        tmp_path, {"enum": [literal, nowhere], "const": literal, "examples": [nowhere]}
    )

    inlined = validators.dereference(registry.get("things.create", "1.2").input)

    name = inlined["properties"]["name"]
    assert (name["enum"], name["const"]) == ([literal, nowhere], literal)
    assert name["allOf"] == [{"type": "string", "maxLength": 20}]


def test_draft_7_ignores_keywords_beside_a_ref(tmp_path: Path) -> None:
    registry, validators = _tree_with_title(tmp_path, {"maxLength": 5}, draft7=True)

    inlined = validators.dereference(registry.get("things.create", "1.2").input)

    assert inlined["properties"]["name"] == {"type": "string", "maxLength": 20}


def test_a_narrowing_beside_a_ref_is_a_breaking_change(tmp_path: Path) -> None:
    registry, validators = _tree_with_title(tmp_path, {"maxLength": 5})
    earlier = registry.get("things.create", "1.1")
    later = registry.get("things.create", "1.2")

    (found,) = (b for b in compare_versions(earlier, later, validators) if b.file == "input")

    assert found.outcome == "no"
    assert [c.kind for c in found.changes if c.breaking] == ["max-length-decreased"]


@pytest.mark.parametrize(
    ("schema", "folded"),
    [
        (
            {"maxLength": 5, "allOf": [{"type": "string", "maxLength": 9, "title": "t"}]},
            {"maxLength": 5, "type": "string", "title": "t"},
        ),
        (
            {"required": ["a"], "allOf": [{"required": ["b", "a"], "minimum": 1}]},
            {"required": ["a", "b"], "minimum": 1},
        ),
        # additionalProperties depends on the properties beside it: folding would change it
        (
            {"additionalProperties": False, "allOf": [{"properties": {"a": {}}}]},
            {"additionalProperties": False, "allOf": [{"properties": {"a": {}}}]},
        ),
        # two patterns cannot be one keyword
        (
            {"pattern": "a", "allOf": [{"pattern": "b"}]},
            {"pattern": "a", "allOf": [{"pattern": "b"}]},
        ),
        # a remaining (recursive) $ref names places by pointer: nothing moves
        (
            {"maxLength": 5, "allOf": [{"$ref": "#"}]},
            {"maxLength": 5, "allOf": [{"$ref": "#"}]},
        ),
    ],
    ids=["bounds", "required", "depends", "patterns", "recursive"],
)
def test_merge_lone_conjuncts_folds_only_where_exact(schema: Any, folded: Any) -> None:
    assert merge_lone_conjuncts(schema) == folded


def test_refs_apart_moves_only_refs_with_asserting_siblings() -> None:
    assert refs_apart({"$ref": "#/$defs/a", "description": "d"}) == {
        "$ref": "#/$defs/a",
        "description": "d",
    }
    assert refs_apart({"properties": {"x": {"$ref": "#/$defs/a", "minimum": 1}}}) == {
        "properties": {"x": {"minimum": 1, "allOf": [{"$ref": "#/$defs/a"}]}}
    }
    # an enum value that looks like a schema is a value, not a schema
    assert refs_apart({"enum": [{"$ref": "x", "minimum": 1}]}) == {
        "enum": [{"$ref": "x", "minimum": 1}]
    }


def test_draft7_keywords_names_where_each_moved_schema_is_written() -> None:
    from seamguard.schema._normalize import draft7_keywords

    node = {
        "items": [{"type": "string"}],
        "additionalItems": False,
        "dependencies": {"a": ["b"], "c": {"required": ["d"]}},
        "unevaluatedProperties": False,
        "maxLength": 3,
    }

    keywords, moved = draft7_keywords(node)

    assert keywords == {
        "prefixItems": [{"type": "string"}],
        "items": False,
        "dependentRequired": {"a": ["b"]},
        "dependentSchemas": {"c": {"required": ["d"]}},
        "maxLength": 3,
    }
    assert moved == {
        "prefixItems": "items",
        "items": "additionalItems",
        "dependentSchemas": "dependencies",
    }
    assert draft7_keywords({"$ref": "#/definitions/a", "maxLength": 3}) == (
        {"$ref": "#/definitions/a"},
        {},
    )


def test_the_walks_of_either_draft_read_both_drafts_applicators() -> None:
    from seamguard.schema import _keywords as k

    for either, later, draft7 in (
        (k.ONE_SCHEMA, k.ONE_SCHEMA_2020, k.ONE_SCHEMA_DRAFT7),
        (k.SCHEMA_ARRAYS, k.SCHEMA_ARRAYS_2020, k.SCHEMA_ARRAYS_DRAFT7),
        (k.SCHEMA_MAPS, k.SCHEMA_MAPS_2020, k.SCHEMA_MAPS_DRAFT7),
    ):
        assert sorted(either) == sorted({*later, *draft7})
