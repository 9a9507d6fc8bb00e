"""``admits_only``: L(a) ⊆ L(b) for ``api-within-logic``, sound in both directions.

Every "no" is checked here again, independently of the module: its counterexample must be
valid under ``a`` and invalid under ``b`` for jsonschema with format checking on. Every "yes"
is checked against the shared corpora's labels and, in the property test, against a fixed
domain of values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from seamguard.schema._within import Verdict, admits_only

V = jsonschema.Draft202012Validator
CORPORA = Path(__file__).resolve().parents[1] / "corpora"  # MIT / Apache-2.0 copies
ROOT_URI = "https://tests.invalid/root.json"
UUID = "123e4567-e89b-42d3-a456-426614174000"


def is_valid(schema: Any, value: Any, *, root: Any = None, at: str = "") -> bool:
    """jsonschema's answer, formats asserted; with ``root``, ``schema`` sits at ``#{at}``."""
    if root is None:
        return V(schema, format_checker=V.FORMAT_CHECKER, registry=Registry()).is_valid(value)
    registry = Registry().with_resource(ROOT_URI, DRAFT202012.create_resource(root))
    ref = {"$ref": f"{ROOT_URI}#{at}"}
    return V(ref, format_checker=V.FORMAT_CHECKER, registry=registry).is_valid(value)


def check(a: Any, b: Any, **roots: Any) -> Verdict:
    """``admits_only`` with every "no" confirmed independently."""
    verdict = admits_only(a, b, **roots)
    if verdict.outcome == "no" and not roots:
        assert is_valid(a, verdict.counterexample), verdict
        assert not is_valid(b, verdict.counterexample), verdict
    if verdict.outcome != "yes":
        assert verdict.reason
    return verdict


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOL = {"type": "boolean"}

KNOWN = [
    # booleans, empty schemas, annotations
    ("true in true", True, True, "yes"),
    ("true in {}", True, {}, "yes"),
    ("{} in true", {}, True, "yes"),
    ("false in anything", False, STRING, "yes"),
    ("string in false", STRING, False, "no"),
    ("true in string", True, STRING, "no"),
    ("annotations only", STRING, {"title": "t", "description": "d", "examples": [1]}, "yes"),
    (
        "equal schemas, even with keywords not otherwise decided",
        {"type": "string", "pattern": "^[a-z]+$", "not": {"const": "x"}},
        {"type": "string", "pattern": "^[a-z]+$", "not": {"const": "x"}},
        "yes",
    ),
    # type
    ("string in string|null", STRING, {"type": ["string", "null"]}, "yes"),
    ("string|null in string", {"type": ["string", "null"]}, STRING, "no"),
    ("integer in number", INTEGER, NUMBER, "yes"),
    ("number in integer", NUMBER, INTEGER, "no"),
    (
        "integer 1..10 in number 0..100",
        {"type": "integer", "minimum": 1, "maximum": 10},
        {"type": "number", "minimum": 0, "maximum": 100},
        "yes",
    ),
    (
        "integer 1..10 in number 2..100",
        {"type": "integer", "minimum": 1, "maximum": 10},
        {"type": "number", "minimum": 2, "maximum": 100},
        "no",
    ),
    ("number 2..2 in integer", {"type": "number", "minimum": 2, "maximum": 2}, INTEGER, "yes"),
    ("number multipleOf 1 in integer", {"type": "number", "multipleOf": 1}, INTEGER, "yes"),
    ("null in string", {"type": "null"}, STRING, "no"),
    ("boolean in boolean|null", {"type": "boolean"}, {"type": ["boolean", "null"]}, "yes"),
    # enum and const
    ("enum subset", {"enum": ["a", "b"]}, {"enum": ["a", "b", "c"]}, "yes"),
    ("enum superset", {"enum": ["a", "b", "d"]}, {"enum": ["a", "b", "c"]}, "no"),
    ("const in enum", {"const": "a"}, {"enum": ["a", "b"]}, "yes"),
    ("string in enum", STRING, {"enum": ["a", "b"]}, "no"),
    ("boolean in enum true/false", {"type": "boolean"}, {"enum": [True, False]}, "yes"),
    ("boolean in enum true", {"type": "boolean"}, {"enum": [True]}, "no"),
    (
        "integer 1..3 in enum 1,2,3",
        {"type": "integer", "minimum": 1, "maximum": 3},
        {"enum": [1, 2, 3]},
        "yes",
    ),
    ("1 is not true", {"const": 1}, {"const": True}, "no"),
    ("enum with true in integer", {"enum": [1, True]}, INTEGER, "no"),
    ("1.0 is an integer", {"const": 1.0}, INTEGER, "yes"),
    ("enum filtered by a's own keywords", {"enum": ["a", 1], "type": "string"}, STRING, "yes"),
    # numbers
    (
        "exclusiveMinimum 0 on integers is minimum 1",
        {"type": "integer", "exclusiveMinimum": 0},
        {"minimum": 1},
        "yes",
    ),
    (
        "exclusiveMinimum 0 on numbers is not minimum 1",
        {"type": "number", "exclusiveMinimum": 0},
        {"minimum": 1},
        "no",
    ),
    ("maximum 10 in exclusiveMaximum 10", {"maximum": 10}, {"exclusiveMaximum": 10}, "no"),
    (
        "integer exclusiveMaximum 10 in maximum 9",
        {"type": "integer", "exclusiveMaximum": 10},
        {"maximum": 9},
        "yes",
    ),
    ("unbounded in minimum", INTEGER, {"type": "integer", "minimum": 0}, "no"),
    ("multipleOf 4 in 2", {"type": "integer", "multipleOf": 4}, {"multipleOf": 2}, "yes"),
    ("multipleOf 2 in 4", {"type": "integer", "multipleOf": 2}, {"multipleOf": 4}, "no"),
    (
        "multipleOf 3 and 5 in 15",
        {"multipleOf": 3, "allOf": [{"multipleOf": 5}]},
        {"multipleOf": 15},
        "yes",
    ),
    ("integers are multiples of 0.5", INTEGER, {"multipleOf": 0.5}, "yes"),
    ("multipleOf 6 in 1.5", {"type": "number", "multipleOf": 6}, {"multipleOf": 1.5}, "yes"),
    ("numbers are not multiples of 1", NUMBER, {"multipleOf": 1}, "no"),
    # strings
    ("maxLength 100 in 200", {"type": "string", "maxLength": 100}, {"maxLength": 200}, "yes"),
    ("maxLength 500 in 200", {"type": "string", "maxLength": 500}, {"maxLength": 200}, "no"),
    ("minLength 1 in 0", {"type": "string", "minLength": 1}, {"minLength": 0}, "yes"),
    ("minLength 0 in 1", STRING, {"minLength": 1}, "no"),
    ("uuid in string", {"type": "string", "format": "uuid"}, STRING, "yes"),
    ("string in uuid", STRING, {"type": "string", "format": "uuid"}, "no"),
    ("uuid in uuid", {"type": "string", "format": "uuid"}, {"format": "uuid"}, "yes"),
    ("date in date-time", {"type": "string", "format": "date"}, {"format": "date-time"}, "no"),
    ("unknown format is an annotation", STRING, {"type": "string", "format": "int64"}, "yes"),
    ("equal patterns", {"type": "string", "pattern": "^a+$"}, {"pattern": "^a+$"}, "yes"),
    ("pattern in no pattern", {"type": "string", "pattern": "^a+$"}, STRING, "yes"),
    ("no pattern in pattern", STRING, {"pattern": "^a+$"}, "no"),
    ("pattern in another pattern", {"pattern": "^a+$"}, {"pattern": "^b+$"}, "no"),
    ("empty string in enum", {"type": "string", "maxLength": 0}, {"enum": [""]}, "yes"),
    # arrays
    ("items integer in number", {"items": INTEGER}, {"items": NUMBER}, "yes"),
    ("items number in integer", {"type": "array", "items": NUMBER}, {"items": INTEGER}, "no"),
    ("maxItems 5 in 3", {"type": "array", "maxItems": 5}, {"maxItems": 3}, "no"),
    ("minItems 2 in 1", {"type": "array", "minItems": 2}, {"minItems": 1}, "yes"),
    ("repeats in uniqueItems", {"type": "array"}, {"uniqueItems": True}, "no"),
    ("unique in any", {"type": "array", "uniqueItems": True}, {"type": "array"}, "yes"),
    ("one item is unique", {"type": "array", "maxItems": 1}, {"uniqueItems": True}, "yes"),
    (
        "prefixItems string,integer in string,number",
        {"prefixItems": [STRING, INTEGER], "items": False},
        {"prefixItems": [STRING, NUMBER], "items": False},
        "yes",
    ),
    (
        "prefixItems string,number in string,integer",
        {"type": "array", "prefixItems": [STRING, NUMBER], "items": False},
        {"prefixItems": [STRING, INTEGER]},
        "no",
    ),
    (
        "closed tuple within maxItems",
        {"type": "array", "prefixItems": [STRING, STRING], "items": False, "maxItems": 2},
        {"maxItems": 2},
        "yes",
    ),
    (
        "nested strings too long",
        {"type": "array", "items": {"type": "string", "maxLength": 3}},
        {"type": "array", "items": {"type": "string", "maxLength": 2}},
        "no",
    ),
    # objects
    (
        "closed in open",
        {"type": "object", "properties": {"a": STRING}, "additionalProperties": False},
        {"type": "object", "properties": {"a": STRING, "b": {}}},
        "yes",
    ),
    (
        "open in closed",
        {"type": "object", "properties": {"a": STRING}},
        {"type": "object", "properties": {"a": STRING}, "additionalProperties": False},
        "no",
    ),
    (
        "a property the closed seam lacks",
        {"properties": {"a": STRING, "b": STRING}, "additionalProperties": False},
        {"properties": {"a": STRING}, "additionalProperties": False},
        "no",
    ),
    ("required missing", {"type": "object"}, {"type": "object", "required": ["id"]}, "no"),
    ("required both", {"type": "object", "required": ["id", "x"]}, {"required": ["id"]}, "yes"),
    (
        "nested property too long",
        {
            "type": "object",
            "properties": {"a": {"type": "string", "maxLength": 5}},
            "required": ["a"],
        },
        {"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}}},
        "no",
    ),
    (
        "nested objects and arrays",
        {
            "type": "object",
            "properties": {
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 10}},
                "meta": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}},
            },
            "required": ["tags"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 20}},
                "meta": {"type": "object", "properties": {"n": {"type": "number"}}},
            },
        },
        "yes",
    ),
    (
        "open in unevaluatedProperties false",
        {"type": "object", "properties": {"a": STRING}},
        {"properties": {"a": STRING}, "unevaluatedProperties": False},
        "no",
    ),
    (
        "closed in unevaluatedProperties false",
        {"type": "object", "properties": {"a": STRING}, "additionalProperties": False},
        {"properties": {"a": STRING}, "unevaluatedProperties": False},
        "yes",
    ),
    (
        "closed names in patternProperties",
        {"properties": {"a1": INTEGER}, "additionalProperties": False},
        {"patternProperties": {"^a": NUMBER}},
        "yes",
    ),
    ("open in patternProperties", {"type": "object"}, {"patternProperties": {"^x": INTEGER}}, "no"),
    (
        "minProperties from required",
        {"type": "object", "required": ["a", "b"]},
        {"minProperties": 2},
        "yes",
    ),
    ("maxProperties", {"type": "object", "minProperties": 1}, {"maxProperties": 0}, "no"),
    (
        "closed names in propertyNames",
        {"properties": {"a": {}, "b": {}}, "additionalProperties": False},
        {"propertyNames": {"maxLength": 1}},
        "yes",
    ),
    (
        "dependentRequired met by required",
        {"type": "object", "required": ["a", "b"]},
        {"dependentRequired": {"a": ["b"]}},
        "yes",
    ),
    (
        "dependentRequired not met",
        {"type": "object", "properties": {"a": INTEGER, "b": INTEGER}},
        {"dependentRequired": {"a": ["b"]}},
        "no",
    ),
    # anyOf, oneOf, allOf, not, if
    ("anyOf in anyOf", {"anyOf": [STRING, INTEGER]}, {"anyOf": [INTEGER, STRING]}, "yes"),
    ("anyOf with null in string", {"anyOf": [STRING, {"type": "null"}]}, STRING, "no"),
    (
        "nullable via anyOf",
        {"type": ["string", "null"]},
        {"anyOf": [STRING, {"type": "null"}]},
        "yes",
    ),
    ("oneOf in a", {"oneOf": [INTEGER, STRING]}, {"type": ["integer", "string"]}, "yes"),
    ("disjoint oneOf in b", STRING, {"oneOf": [STRING, INTEGER]}, "yes"),
    ("overlapping oneOf in b", STRING, {"oneOf": [STRING, {"maxLength": 3}]}, "no"),
    (
        "oneOf with a discriminator",
        {"type": "object", "properties": {"kind": {"const": "cat"}}, "required": ["kind"]},
        {
            "oneOf": [
                {"properties": {"kind": {"const": "cat"}}, "required": ["kind"]},
                {"properties": {"kind": {"const": "dog"}}, "required": ["kind"]},
            ]
        },
        "yes",
    ),
    (
        "allOf in b",
        {"type": "integer", "minimum": 1, "maximum": 5},
        {"allOf": [INTEGER, {"minimum": 0}]},
        "yes",
    ),
    (
        "allOf in a",
        {"allOf": [STRING, {"maxLength": 3}]},
        {"type": "string", "maxLength": 5},
        "yes",
    ),
    ("not string", INTEGER, {"not": STRING}, "yes"),
    ("string in not string", STRING, {"not": STRING}, "no"),
    ("not {} is empty", {"not": {}}, STRING, "yes"),
    ("not not", {"not": {"not": STRING}}, STRING, "yes"),
    (
        "if/then in b",
        {"type": "string", "maxLength": 3},
        {"if": STRING, "then": {"maxLength": 5}},
        "yes",
    ),
    (
        "if/then/else in b, the else side",
        INTEGER,
        {"if": STRING, "then": {"maxLength": 5}, "else": {"type": "integer"}},
        "yes",
    ),
    # $ref inside one document
    (
        "ref to a definition",
        {"$ref": "#/$defs/T", "$defs": {"T": {"type": "string", "maxLength": 3}}},
        {"type": "string", "maxLength": 4},
        "yes",
    ),
    (
        "ref with a sibling keyword",
        {"$ref": "#/$defs/T", "maxLength": 3, "$defs": {"T": STRING}},
        {"$ref": "#/$defs/U", "$defs": {"U": {"type": "string", "maxLength": 3}}},
        "yes",
    ),
]


@pytest.mark.parametrize(("a", "b", "outcome"), [c[1:] for c in KNOWN], ids=[c[0] for c in KNOWN])
def test_known_answers(a: Any, b: Any, outcome: str) -> None:
    assert check(a, b).outcome == outcome


def test_too_long_strings_are_named_with_the_bound() -> None:
    verdict = check({"type": "string", "maxLength": 500}, {"type": "string", "maxLength": 200})

    assert verdict.outcome == "no"
    assert isinstance(verdict.counterexample, str)
    assert 201 <= len(verdict.counterexample) <= 500
    assert verdict.reason == (
        "/maxLength: the API admits strings of up to 500 characters; the seam admits at most 200"
    )


def test_a_missing_format_gives_not_a_uuid() -> None:
    verdict = check(STRING, {"type": "string", "format": "uuid"})

    assert verdict.counterexample == "not-a-uuid"
    assert verdict.reason.startswith("/format: ")


def test_a_number_is_not_an_integer_at_one_half() -> None:
    verdict = check({"type": "number", "minimum": 0, "maximum": 100}, INTEGER)

    assert verdict.counterexample == 0.5
    assert verdict.reason.startswith("/type: ")


def test_a_fraction_respects_the_api_bounds() -> None:
    verdict = check({"type": "number", "minimum": 3, "maximum": 4}, INTEGER)

    assert verdict.outcome == "no"
    assert 3 < verdict.counterexample < 4


def test_a_missing_required_name_gives_the_smallest_object_without_it() -> None:
    a = {"type": "object", "properties": {"title": STRING, "id": INTEGER}, "required": ["title"]}

    verdict = check(a, {"required": ["title", "id"]})

    assert set(verdict.counterexample) == {"title"}


def test_an_open_object_gets_an_extra_property() -> None:
    a = {"type": "object", "properties": {"title": STRING}, "required": ["title"]}

    verdict = check(a, {"properties": {"title": STRING}, "additionalProperties": False})

    assert "title" in verdict.counterexample
    assert set(verdict.counterexample) - {"title"}


def test_repeated_items_are_the_same_item_twice() -> None:
    verdict = check({"type": "array", "items": INTEGER}, {"uniqueItems": True})

    first, second = verdict.counterexample
    assert first == second


@pytest.mark.parametrize(
    ("a", "b", "pointer"),
    [
        (
            {"type": "object", "properties": {"title": {"type": "string", "maxLength": 500}}},
            {"properties": {"title": {"type": "string", "maxLength": 200}}},
            "/properties/title/maxLength",
        ),
        ({"type": "object"}, {"required": ["id"]}, "/required"),
        ({"type": "object"}, {"additionalProperties": False}, "/additionalProperties"),
        ({"type": "array"}, {"uniqueItems": True}, "/uniqueItems"),
        ({"type": "integer"}, {"multipleOf": 2}, "/multipleOf"),
        ({"enum": ["a", "z"]}, {"enum": ["a", "b"]}, "/enum"),
        (
            {"type": "string"},
            {"$ref": "#/$defs/Id", "$defs": {"Id": {"type": "string", "format": "uuid"}}},
            "/$defs/Id/format",
        ),
    ],
)
def test_reasons_name_the_keyword_of_b(a: Any, b: Any, pointer: str) -> None:
    verdict = check(a, b)

    assert verdict.outcome == "no"
    assert verdict.reason.startswith(pointer + ": ")


def test_undecided_names_where_the_proof_stopped() -> None:
    verdict = check({"type": "string", "pattern": "^[a-z]+$"}, {"pattern": "^[a-z0-9]+$"})

    assert verdict == Verdict("undecided", None, verdict.reason)
    assert verdict.reason.startswith("/pattern: ")


def test_a_verdict_is_a_frozen_value() -> None:
    verdict = admits_only(STRING, STRING)

    assert verdict == Verdict("yes")
    with pytest.raises(AttributeError):
        verdict.outcome = "no"  # type: ignore[misc]


# -- $ref into whole documents ---------------------------------------------------------------

API = {
    "openapi": "3.1.0",
    "paths": {},
    "components": {
        "schemas": {
            "TaskCreate": {
                "type": "object",
                "properties": {
                    "title": {"$ref": "#/components/schemas/Title"},
                    "due": {"type": ["string", "null"], "format": "date"},
                },
                "required": ["title"],
            },
            "Title": {"type": "string", "minLength": 1, "maxLength": 500},
            "ShortTitle": {"type": "string", "minLength": 1, "maxLength": 100},
        }
    },
}
SEAM = {
    "$defs": {"Title": {"type": "string", "minLength": 1, "maxLength": 200}},
    "type": "object",
    "properties": {
        "title": {"$ref": "#/$defs/Title"},
        "due": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
    },
    "required": ["title"],
}


def test_refs_resolve_in_their_own_documents() -> None:
    title = API["components"]["schemas"]["TaskCreate"]["properties"]["title"]  # type: ignore[index]
    short = API["components"]["schemas"]["ShortTitle"]  # type: ignore[index]

    long_title = admits_only(title, SEAM["properties"]["title"], root_a=API, root_b=SEAM)  # type: ignore[index]
    short_title = admits_only(short, SEAM["properties"]["title"], root_a=API, root_b=SEAM)  # type: ignore[index]

    assert long_title.outcome == "no"
    assert is_valid(
        title,
        long_title.counterexample,
        root=API,
        at="/components/schemas/TaskCreate/properties/title",
    )
    assert not is_valid(SEAM["$defs"]["Title"], long_title.counterexample)  # type: ignore[index]
    assert long_title.reason.startswith("#/$defs/Title/maxLength: ")
    assert short_title.outcome == "yes"


def test_refs_in_a_nested_document() -> None:
    task = API["components"]["schemas"]["TaskCreate"]  # type: ignore[index]

    verdict = admits_only(task, SEAM, root_a=API)

    assert verdict.outcome == "no"
    assert is_valid(task, verdict.counterexample, root=API, at="/components/schemas/TaskCreate")
    assert not is_valid(SEAM, verdict.counterexample)
    assert verdict.reason.startswith("/$defs/Title/maxLength: ")


TREE = {
    "$ref": "#/$defs/Node",
    "$defs": {
        "Node": {
            "type": "object",
            "properties": {
                "value": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
            },
            "required": ["value"],
        }
    },
}


def test_recursive_schemas_are_decided_by_induction() -> None:
    looser = json.loads(json.dumps(TREE).replace('"integer"', '"number"'))

    assert check(TREE, looser).outcome == "yes"
    deeper = check(looser, TREE)
    assert deeper.outcome == "no"


@pytest.mark.parametrize(
    "a",
    [{"$ref": "#"}, {"$ref": "#/$defs/x", "$defs": {"x": {"$ref": "#/$defs/x"}}}],
    ids=["self", "through-defs"],
)
def test_a_bare_ref_cycle_reads_as_jsonschema_rs_reads_it(a: Any) -> None:
    # A $ref cycle with no base case sends jsonschema into endless recursion. jsonschema-rs,
    # which decides validity in seamguard's checks, ends the cycle as satisfied: such a
    # schema admits every value, so a "no" names one jsonschema-rs accepts under it.
    verdict = admits_only(a, STRING)
    assert verdict.outcome == "no"
    assert jsonschema_rs.validator_for(a).is_valid(verdict.counterexample)
    assert not isinstance(verdict.counterexample, str)
    assert admits_only(STRING, a).outcome in ("yes", "undecided")


def test_a_cycle_under_all_of_narrows_to_its_other_parts() -> None:
    # {"allOf": [{"$ref": <itself>}, {"type": "string"}]} admits exactly the strings, the
    # reading the jsoncompat corpus labels (recursive_allof_enum_not_empty).
    value = {"allOf": [{"$ref": "#/$defs/Value"}, {"type": "string"}]}
    recursive = {
        "$defs": {"Value": value},
        "type": "object",
        "properties": {"value": {"$ref": "#/$defs/Value"}},
        "required": ["value"],
        "additionalProperties": False,
    }
    integers = json.loads(json.dumps(recursive))
    integers["properties"]["value"] = {"type": "integer"}

    verdict = admits_only(integers, recursive)
    assert verdict.outcome == "no"
    assert isinstance(verdict.counterexample["value"], int)
    assert admits_only(recursive, integers).outcome == "no"


def test_a_ref_jsonschema_cannot_resolve_is_undecided() -> None:
    verdict = admits_only(STRING, {"$ref": "https://example.com/remote.json"})

    assert verdict.outcome == "undecided"
    assert "$ref" in verdict.reason


def test_invalid_schemas_are_undecided() -> None:
    verdict = admits_only(STRING, {"maxLength": -1})

    assert verdict.outcome == "undecided"
    assert verdict.reason.startswith("schema b is not valid Draft 2020-12: /maxLength: ")


def test_a_non_schema_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="expects b to be a JSON Schema"):
        admits_only(STRING, "string")


# -- soundness, by property --------------------------------------------------------------------

DOMAIN: list[Any] = [
    None,
    True,
    False,
    *range(-4, 13),
    -1.5,
    0.5,
    2.5,
    7.5,
    10.0,
    11.5,
    "",
    "a",
    "b",
    "ab",
    "ba",
    "aaa",
    "abab",
    *("a" * n for n in range(5, 9)),
    "2024-01-31",
    UUID,
    "not-a-uuid",
    [],
    [1],
    [1, 1],
    [1, 2],
    [1, 2, 3],
    ["a"],
    [None],
    [0.5],
    {},
    {"a": 1},
    {"b": "x"},
    {"a": 1, "b": "x"},
    {"a": "a"},
    {"c": 1},
    {"a": None},
    {"a": 0.5, "b": ""},
]
SMALL = st.integers(-3, 10)
HALVES = st.sampled_from([-1.5, 0.5, 2.5, 7.5])


@st.composite
def scalars(draw: st.DrawFn) -> dict[str, Any]:
    """A small schema for numbers, strings, booleans, null or an enum."""
    kind = draw(st.sampled_from(["integer", "number", "string", "boolean", "null", "enum", "list"]))
    schema: dict[str, Any] = {}
    if kind == "enum":
        return {"enum": draw(st.lists(st.sampled_from(DOMAIN[:30]), min_size=1, max_size=4))}
    if kind == "list":
        names = ["integer", "number", "string", "boolean", "null"]
        return {"type": draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))}
    schema["type"] = kind
    if kind in ("integer", "number"):
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if draw(st.booleans()):
                schema[keyword] = draw(SMALL | HALVES)
        if draw(st.integers(0, 3)) == 0:
            schema["multipleOf"] = draw(st.sampled_from([1, 2, 3, 0.5]))
    if kind == "string":
        for keyword in ("minLength", "maxLength"):
            if draw(st.booleans()):
                schema[keyword] = draw(st.integers(0, 6))
        if draw(st.integers(0, 4)) == 0:
            schema["format"] = draw(st.sampled_from(["uuid", "date"]))
        if draw(st.integers(0, 4)) == 0:
            schema["pattern"] = draw(st.sampled_from(["^a+$", "b"]))
    return schema


@st.composite
def schemas(draw: st.DrawFn) -> Any:
    """Scalars, arrays and objects of scalars, and anyOf/oneOf of two."""
    kind = draw(st.sampled_from(["scalar", "scalar", "array", "object", "anyOf", "oneOf", "bool"]))
    if kind == "bool":
        return draw(st.booleans())
    if kind == "scalar":
        return draw(scalars())
    if kind in ("anyOf", "oneOf"):
        return {kind: [draw(scalars()), draw(scalars())]}
    if kind == "array":
        schema: dict[str, Any] = {"type": "array"}
        if draw(st.booleans()):
            schema["items"] = draw(scalars())
        for keyword in ("minItems", "maxItems"):
            if draw(st.booleans()):
                schema[keyword] = draw(st.integers(0, 3))
        if draw(st.booleans()):
            schema["uniqueItems"] = True
        return schema
    schema = {"type": "object"}
    if draw(st.booleans()):
        schema["properties"] = {n: draw(scalars()) for n in draw(st.sets(st.sampled_from("ab")))}
    if draw(st.booleans()):
        schema["required"] = sorted(draw(st.sets(st.sampled_from("ab"), min_size=1)))
    if draw(st.booleans()):
        schema["additionalProperties"] = draw(st.booleans())
    return schema


@settings(max_examples=100, deadline=None)
@given(a=schemas(), b=schemas())
def test_every_answer_is_sound(a: Any, b: Any) -> None:
    verdict = check(a, b)

    if verdict.outcome == "yes":
        for value in DOMAIN:
            if is_valid(a, value):
                assert is_valid(b, value), (value, verdict)


@settings(max_examples=40, deadline=None)
@given(a=schemas())
def test_a_schema_is_within_itself_and_true(a: Any) -> None:
    assert admits_only(a, a).outcome == "yes"
    assert admits_only(a, True).outcome == "yes"


# -- the shared corpora -------------------------------------------------------------------------

CONTAINMENT = CORPORA / "json-schema-containment-testsuite" / "draft2020-12"
# The keyword files whose cases these rules cover; $dynamicRef, anchors, $id-relative refs,
# unevaluated* over applicators and content are out of scope, and format cases outside
# optional/ assume annotation-only formats where the seam asserts them.
COVERED = {
    "additionalProperties", "allOf", "anyOf", "boolean_schema", "const", "contains",
    "dependentRequired", "enum", "exclusiveMaximum", "exclusiveMinimum", "if-then-else",
    "items", "maxContains", "maxItems", "maxLength", "maxProperties", "maximum",
    "minContains", "minItems", "minLength", "minProperties", "minimum", "multipleOf", "not",
    "oneOf", "pattern", "patternProperties", "prefixItems", "properties", "propertyNames",
    "required", "type", "uniqueItems",
}  # fmt: skip


def _constants(schema: Any) -> list[Any] | None:
    """The values of ``{"const": v}`` or ``{"anyOf": [{"const": v}, ...]}``, else None."""
    if isinstance(schema, dict) and set(schema) == {"const"}:
        return [schema["const"]]
    if isinstance(schema, dict) and set(schema) == {"anyOf"}:
        parts = schema["anyOf"]
        if all(isinstance(p, dict) and set(p) == {"const"} for p in parts):
            return [p["const"] for p in parts]
    return None


def _containment_pairs() -> list[tuple[str, Any, Any, bool]]:
    pairs = []
    for path in sorted(CONTAINMENT.glob("*/*.json")):
        if path.stem not in COVERED:
            continue
        for case in json.loads(path.read_text(encoding="utf-8")):
            name = f"{path.parent.name}/{path.stem}#{case['id']}"
            tests = case["tests"]
            pairs.append((name, case["schema1"], case["schema2"], tests["s1SubsetEqOfs2"]))
            if "s2SubsetEqOfs1" in tests:
                pairs.append(
                    (name + "'", case["schema2"], case["schema1"], tests["s2SubsetEqOfs1"])
                )
    return pairs


@pytest.fixture(scope="module")
def containment() -> dict[str, list[str]]:
    """Each covered pair of the containment suite, scored against its label."""
    if not CONTAINMENT.is_dir():
        pytest.skip(f"the shared corpus is not at {CONTAINMENT}")
    scores: dict[str, list[str]] = {}
    for name, a, b, label in _containment_pairs():
        constants = _constants(a)
        if constants is not None and all(is_valid(b, v) for v in constants) != label:
            # The label and jsonschema disagree on the very values listed (format assertion,
            # regex dialect): the pair does not test this module.
            scores.setdefault("label-differs", []).append(name)
            continue
        verdict = admits_only(a, b)
        if verdict.outcome == "no":
            assert is_valid(a, verdict.counterexample), name
            assert not is_valid(b, verdict.counterexample), name
        if verdict.outcome == "undecided":
            score = "undecided"
        elif (verdict.outcome == "yes") == label:
            score = "agree"
        elif verdict.outcome == "no":
            score = "witness-against-label"  # the counterexample was just confirmed above
        else:
            score = "unsound"
        scores.setdefault(score, []).append(name)
    return scores


def test_containment_suite_has_no_unsound_answer(containment: dict[str, list[str]]) -> None:
    assert containment.get("unsound", []) == []


def test_containment_suite_is_mostly_decided(containment: dict[str, list[str]]) -> None:
    agree = len(containment.get("agree", []))
    undecided = len(containment.get("undecided", []))

    assert agree / (agree + undecided) > 0.85


JSONSUBSCHEMA = CORPORA / "jsonsubschema-tests" / "cases.json"


def _same_in_draft_2020_12(case: dict[str, Any]) -> bool:
    """Whether the Draft 4 pair means the same in Draft 2020-12 with formats asserted."""
    if case.get("draft4_only") or not isinstance(case["expected"], bool):
        return False
    text = json.dumps([case["lhs"], case["rhs"]])
    if '"format"' in text or '"additionalItems"' in text or '"dependencies"' in text:
        return False
    if '"items": [' in text:
        return False

    def ref_with_siblings(node: Any) -> bool:
        if isinstance(node, dict):
            if "$ref" in node and len(node) > 1:
                return True
            return any(ref_with_siblings(v) for v in node.values())
        return isinstance(node, list) and any(ref_with_siblings(v) for v in node)

    return not ref_with_siblings([case["lhs"], case["rhs"]])


def test_jsonsubschema_cases_have_no_unsound_answer() -> None:
    if not JSONSUBSCHEMA.is_file():
        pytest.skip(f"the shared corpus is not at {JSONSUBSCHEMA}")
    cases = json.loads(JSONSUBSCHEMA.read_text(encoding="utf-8"))
    unsound = []
    decided = 0
    for case in filter(_same_in_draft_2020_12, cases):
        verdict = check(case["lhs"], case["rhs"])
        if verdict.outcome != "undecided":
            decided += 1
            if (verdict.outcome == "yes") != case["expected"]:
                unsound.append(case["id"])

    assert unsound == []
    assert decided > 300


def test_a_spent_time_budget_answers_undecided_never_a_guess() -> None:
    verdict = admits_only({"type": "string", "maxLength": 5}, {"maxLength": 9}, time_budget=0)

    assert verdict.outcome == "undecided"
    assert verdict.reason == "no answer within the time budget"
    assert admits_only({"type": "string", "maxLength": 5}, {"maxLength": 9}).outcome == "yes"


ARRAY_WITH_INTEGER = {"type": "array", "contains": INTEGER}
PATTERN_OBJECT = {
    "properties": {"foo": STRING},
    "additionalProperties": False,
    "patternProperties": {"^S_": STRING, "^I_": INTEGER},
}

CASE_SPLITS = [
    # a part's "not" that admits every value of a branch's type: the branch has none of it
    (
        "X and not X in false",
        {"allOf": [{"properties": {"foo": {}}}, {"not": {"properties": {"foo": {}}}}]},
        False,
        "yes",
    ),
    (
        "X and not X (no additionalProperties) in false",
        {"allOf": [{"additionalProperties": BOOL}, {"not": {"additionalProperties": BOOL}}]},
        False,
        "yes",
    ),
    (
        "foo string and not foo integer in false",
        {"allOf": [{"properties": {"foo": STRING}}, {"not": {"properties": {"foo": INTEGER}}}]},
        False,
        "no",
    ),
    ("integer and not number in false", {"allOf": [INTEGER, {"not": NUMBER}]}, False, "yes"),
    ("number and not integer in false", {"allOf": [NUMBER, {"not": INTEGER}]}, False, "no"),
    # anyOf [{not N}, O]: values in N must lie in O
    (
        "true in X or not X",
        True,
        {"anyOf": [{"properties": {"foo": STRING}}, {"not": {"properties": {"foo": STRING}}}]},
        "yes",
    ),
    (
        "integer in minimum 5 or not minimum 5",
        INTEGER,
        {"anyOf": [{"type": "integer", "minimum": 5}, {"not": {"minimum": 5}}]},
        "yes",
    ),
    (
        "integer in minimum 6 or not minimum 5",
        INTEGER,
        {"anyOf": [{"type": "integer", "minimum": 6}, {"not": {"minimum": 5}}]},
        "no",
    ),
    ("integer in string or not number", INTEGER, {"anyOf": [STRING, {"not": NUMBER}]}, "no"),
    # contains: minContains bounds the length; counts against the seam's bounds
    ("contains integer in minItems 1", ARRAY_WITH_INTEGER, {"minItems": 1}, "yes"),
    (
        "contains minContains 0 in minItems 1",
        {**ARRAY_WITH_INTEGER, "minContains": 0},
        {"minItems": 1},
        "no",
    ),
    (
        "contains integer in a closed [integer, string] tuple",
        ARRAY_WITH_INTEGER,
        {"type": "array", "prefixItems": [INTEGER, STRING], "items": False, "minItems": 1},
        "no",
    ),
    (
        "maxContains 1 in maxContains 2",
        {"type": "array", "contains": STRING, "maxContains": 1},
        {"type": "array", "contains": STRING, "maxContains": 2},
        "yes",
    ),
    (
        "maxContains 2 in maxContains 1",
        {"type": "array", "contains": STRING, "maxContains": 2},
        {"type": "array", "contains": STRING, "maxContains": 1},
        "no",
    ),
    (
        "2 integers in 2 numbers",
        {**ARRAY_WITH_INTEGER, "minContains": 2},
        {"contains": NUMBER, "minContains": 2},
        "yes",
    ),
    (
        "2 integers in 3 numbers",
        {**ARRAY_WITH_INTEGER, "minContains": 2},
        {"contains": NUMBER, "minContains": 3},
        "no",
    ),
    # patternProperties and additionalProperties
    (
        "closed object with dependentRequired in the same closed object",
        {
            "type": "object",
            "patternProperties": {"^x$": True},
            "dependentRequired": {"x": ["y"]},
            "additionalProperties": False,
        },
        {"type": "object", "patternProperties": {"^x$": True}, "additionalProperties": False},
        "yes",
    ),
    (
        "open object in the same patterns, closed",
        {"type": "object", "patternProperties": {"^x$": True}},
        {"type": "object", "patternProperties": {"^x$": True}, "additionalProperties": False},
        "no",
    ),
    (
        "same patterns and one more listed property",
        PATTERN_OBJECT,
        {**PATTERN_OBJECT, "properties": {"foo": STRING, "I_123": NUMBER}},
        "yes",
    ),
    (
        "a listed number in an integer pattern",
        {**PATTERN_OBJECT, "properties": {"I_9": NUMBER}, "patternProperties": {"^S_": STRING}},
        PATTERN_OBJECT,
        "no",
    ),
    (
        "overlapping patterns, one dropped",
        {
            "type": "object",
            "patternProperties": {"^x": STRING, "x$": INTEGER},
            "additionalProperties": False,
        },
        {"type": "object", "patternProperties": {"^x": STRING}, "additionalProperties": False},
        "no",
    ),
    (
        "one pattern, an overlapping one added",
        {"type": "object", "patternProperties": {"^x": STRING}, "additionalProperties": False},
        {
            "type": "object",
            "patternProperties": {"^x": STRING, "x$": INTEGER},
            "additionalProperties": False,
        },
        "no",
    ),
    # counterexamples: pattern text, property counts, dependentSchemas
    (
        "pattern date-time in pattern uuid",
        {"type": "string", "pattern": "date-time"},
        {"type": "string", "pattern": "uuid"},
        "no",
    ),
    (
        "pattern in the same pattern",
        {"type": "string", "pattern": "uuid"},
        {"pattern": "uuid"},
        "yes",
    ),
    ("minProperties 1 in minProperties 2", {"minProperties": 1}, {"minProperties": 2}, "no"),
    ("minProperties 2 in minProperties 1", {"minProperties": 2}, {"minProperties": 1}, "yes"),
    (
        "dependentSchemas on foo in dependentSchemas on bar",
        {"dependentSchemas": {"foo": STRING}},
        {"dependentSchemas": {"bar": STRING}},
        "no",
    ),
    (
        "dependentSchemas in the same",
        {"dependentSchemas": {"foo": STRING}},
        {"dependentSchemas": {"foo": STRING}},
        "yes",
    ),
]


@pytest.mark.parametrize(
    ("a", "b", "outcome"), [c[1:] for c in CASE_SPLITS], ids=[c[0] for c in CASE_SPLITS]
)
def test_case_splits_and_built_counterexamples(a: Any, b: Any, outcome: str) -> None:
    assert check(a, b).outcome == outcome
