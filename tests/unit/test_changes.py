"""``classify``: the changes between two schema versions and their verdict per direction.

Known answers follow COMPAT-CATALOGUE.md §2, row by row, in both directions; every breaking
change's counterexample is checked here again with jsonschema (formats asserted). The
getsentry corpus checks that no verdict contradicts its semantic labels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry

from seamguard.schema._changes import Change, Direction, Policy, classify

V = jsonschema.Draft202012Validator
CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
SENTRY = CORPORA / "getsentry-json-schema-diff"


def is_valid(schema: Any, value: Any) -> bool:
    """jsonschema's answer, formats asserted."""
    return bool(V(schema, format_checker=V.FORMAT_CHECKER, registry=Registry()).is_valid(value))


def verified(old: Any, new: Any, direction: Direction, change: Change) -> None:
    """A breaking change's counterexample is valid under the contained version only."""
    if change.breaking is not True or change.counterexample is None:
        return
    inner, outer = (old, new) if direction == "backward" else (new, old)
    assert is_valid(inner, change.counterexample), change
    assert not is_valid(outer, change.counterexample), change


def obj(props: dict[str, Any], *, required: list[str] | None = None, closed: bool = False) -> Any:
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    if closed:
        schema["additionalProperties"] = False
    return schema


S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741 - a schema, not a loop index

# (row, old, new, pointer, kind, breaking backward, breaking forward)
KNOWN: list[tuple[str, Any, Any, str, str, bool | None, bool | None]] = [
    ("1-title", {"title": "A"}, {"title": "B"}, "/title", "annotation-changed", False, False),
    ("1-description", {"type": "string"}, {"type": "string", "description": "d"},
     "/description", "annotation-changed", False, False),
    ("2-default", {"type": "integer", "default": 1}, {"type": "integer", "default": 2},
     "/default", "default-changed", False, False),
    ("3-optional-closed", obj({"a": S}, closed=True), obj({"a": S, "nick": S}, closed=True),
     "/properties/nick", "property-added", False, True),
    ("4-optional-open", obj({"a": S}), obj({"a": S, "nick": S}),
     "/properties/nick", "property-added", True, False),
    ("5-empty-open", obj({"a": S}), obj({"a": S, "x": {}}),
     "/properties/x", "property-added", False, False),
    ("6-required-open", obj({"a": S}), obj({"a": S, "email": S}, required=["email"]),
     "/properties/email", "required-property-added", True, False),
    ("6-required-closed", obj({"a": S}, closed=True),
     obj({"a": S, "email": S}, required=["email"], closed=True),
     "/properties/email", "required-property-added", True, True),
    # the catalogue says OK for responses; set inclusion says no: the new open model admits
    # any "nick", the old one only strings
    ("8-removed-open", obj({"a": S, "nick": S}), obj({"a": S}),
     "/properties/nick", "property-removed", False, True),
    ("9-removed-closed", obj({"a": S, "nick": S}, closed=True), obj({"a": S}, closed=True),
     "/properties/nick", "property-removed", True, False),
    ("10-required-removed", obj({"id": I, "a": S}, required=["id"]), obj({"a": S}),
     "/properties/id", "property-removed", False, True),
    ("11-became-required", obj({"a": S}), obj({"a": S}, required=["a"]),
     "/properties/a", "property-became-required", True, False),
    ("12-became-optional", obj({"a": S}, required=["a"]), obj({"a": S}),
     "/properties/a", "property-became-optional", False, True),
    ("14-widened", I, {"type": "number"}, "/type", "type-widened", False, True),
    ("14-nullable", S, {"type": ["string", "null"]}, "/type", "type-widened", False, True),
    ("15-narrowed", {"type": "number"}, I, "/type", "type-narrowed", True, False),
    ("16-changed", S, I, "/type", "type-changed", True, True),
    ("17-enum-added", {"enum": ["a", "b"]}, {"enum": ["a", "b", "c"]},
     "/enum", "enum-value-added", False, True),
    ("18-enum-removed", {"enum": ["a", "b", "c"]}, {"enum": ["a", "b"]},
     "/enum", "enum-value-removed", True, False),
    ("19-enum-introduced", S, {"type": "string", "enum": ["a", "b"]},
     "/enum", "enum-added", True, False),
    ("20-max-length-decreased", {"type": "string", "maxLength": 50},
     {"type": "string", "maxLength": 20}, "/maxLength", "max-length-decreased", True, False),
    ("21-max-length-increased", {"type": "string", "maxLength": 20},
     {"type": "string", "maxLength": 50}, "/maxLength", "max-length-increased", False, True),
    ("21-max-length-removed", {"type": "string", "maxLength": 20}, S,
     "/maxLength", "max-length-increased", False, True),
    ("22-min-length-increased", {"type": "string", "minLength": 0},
     {"type": "string", "minLength": 3}, "/minLength", "min-length-increased", True, False),
    ("23-min-length-decreased", {"type": "string", "minLength": 3},
     {"type": "string", "minLength": 0}, "/minLength", "min-length-decreased", False, True),
    ("24-minimum-raised", {"type": "integer", "minimum": 0}, {"type": "integer", "minimum": 1},
     "/minimum", "bound-tightened", True, False),
    ("24-maximum-added", I, {"type": "integer", "maximum": 9},
     "/maximum", "bound-tightened", True, False),
    ("25-maximum-relaxed", {"type": "integer", "maximum": 10}, {"type": "integer", "maximum": 20},
     "/maximum", "bound-relaxed", False, True),
    ("26-multiple-of-expanded", {"type": "integer", "multipleOf": 2},
     {"type": "integer", "multipleOf": 4}, "/multipleOf", "multiple-of-changed", True, False),
    ("27-multiple-of-reduced", {"type": "integer", "multipleOf": 4},
     {"type": "integer", "multipleOf": 2}, "/multipleOf", "multiple-of-changed", False, True),
    ("28-multiple-of-unrelated", {"type": "integer", "multipleOf": 3},
     {"type": "integer", "multipleOf": 5}, "/multipleOf", "multiple-of-changed", True, True),
    ("29-pattern-added", S, {"type": "string", "pattern": "^[a-z]+$"},
     "/pattern", "pattern-added", True, False),
    ("31-pattern-removed", {"type": "string", "pattern": "^[a-z]+$"}, S,
     "/pattern", "pattern-removed", False, True),
    ("32-format-added", S, {"type": "string", "format": "email"},
     "/format", "format-added", True, False),
    ("33-closed", obj({"a": S}), obj({"a": S}, closed=True),
     "/additionalProperties", "additional-properties-closed", True, False),
    ("34-opened", obj({"a": S}, closed=True), obj({"a": S}),
     "/additionalProperties", "additional-properties-opened", False, True),
    ("36-max-items-lowered", {"type": "array", "maxItems": 5}, {"type": "array", "maxItems": 3},
     "/maxItems", "items-limits-tightened", True, False),
    ("36-unique-items-added", {"type": "array"}, {"type": "array", "uniqueItems": True},
     "/uniqueItems", "items-limits-tightened", True, False),
    ("37-min-items-lowered", {"type": "array", "minItems": 3}, {"type": "array", "minItems": 1},
     "/minItems", "items-limits-relaxed", False, True),
    ("38-items-widened", {"type": "array", "items": I},
     {"type": "array", "items": {"type": "number"}}, "/items/type", "type-widened", False, True),
    ("40-branch-added", {"anyOf": [S]}, {"anyOf": [S, I]},
     "/anyOf/1", "branch-added", False, True),
    ("41-branch-removed", {"anyOf": [S, I]}, {"anyOf": [S]},
     "/anyOf/1", "branch-removed", True, False),
    ("42-conjunct-added", {"allOf": [S]}, {"allOf": [S, {"minLength": 2}]},
     "/allOf/1", "all-of-conjunct-added", True, False),
    ("43-conjunct-removed", {"allOf": [S, {"minLength": 2}]}, {"allOf": [S]},
     "/allOf/1", "all-of-conjunct-removed", False, True),
    ("45-not-broadened", {"not": I}, {"not": {"type": "number"}},
     "/not/type", "type-widened", True, False),
    ("46-not-narrowed", {"not": {"type": "number"}}, {"not": I},
     "/not/type", "type-narrowed", False, True),
    ("47-keyword-added", {"type": "object"}, {"type": "object", "propertyNames": {"maxLength": 3}},
     "/propertyNames", "keyword-added", True, False),
    ("nested-max-length", obj({"title": {"type": "string", "maxLength": 50}}),
     obj({"title": {"type": "string", "maxLength": 20}}),
     "/properties/title/maxLength", "max-length-decreased", True, False),
]  # fmt: skip


@pytest.mark.parametrize("direction", ["backward", "forward"])
@pytest.mark.parametrize(
    ("old", "new", "pointer", "kind", "backward", "forward"),
    [pytest.param(*row[1:], id=row[0]) for row in KNOWN],
)
def test_known_answers(
    old: Any,
    new: Any,
    pointer: str,
    kind: str,
    backward: bool | None,
    forward: bool | None,
    direction: Direction,
) -> None:
    changes = classify(old, new, direction=direction)

    found = [c for c in changes if (c.pointer, c.kind) == (pointer, kind)]
    assert found, changes
    assert found[0].breaking is (backward if direction == "backward" else forward), found
    for change in changes:
        verified(old, new, direction, change)
    if found[0].breaking:
        # proved, not the catalogue's word: the counterexample (JSON null is one too) shows it
        assert not found[0].note.startswith("the catalogue"), found
        inner, outer = (old, new) if direction == "backward" else (new, old)
        assert is_valid(inner, found[0].counterexample), found
        assert not is_valid(outer, found[0].counterexample), found


def test_max_length_counterexample_is_between_the_bounds() -> None:
    [change] = classify({"type": "string", "maxLength": 50}, {"type": "string", "maxLength": 20},
                        direction="backward")  # fmt: skip

    assert change.breaking is True
    assert isinstance(change.counterexample, str)
    assert 21 <= len(change.counterexample) <= 50


@pytest.mark.parametrize(
    ("old", "new", "direction", "note"),
    [
        (obj({"a": S}), obj({"a": S, "nick": S}), "backward", "an open model"),
        (obj({"a": S}, closed=True), obj({"a": S, "nick": S}, closed=True), "forward",
         "a closed output model"),
    ],
)  # fmt: skip
def test_tolerant_policy_allows_optional_properties(
    old: Any, new: Any, direction: Direction, note: str
) -> None:
    [strict] = classify(old, new, direction=direction)
    [tolerant] = classify(old, new, direction=direction, policy="tolerant")

    assert strict.breaking is True
    assert tolerant.breaking is False
    assert tolerant.note.startswith("allowed by the tolerant policy")
    assert note in tolerant.note


@pytest.mark.parametrize("policy", ["strict", "tolerant"])
def test_tolerant_policy_leaves_required_properties_breaking(policy: Policy) -> None:
    changes = classify(obj({"a": S}), obj({"a": S, "b": S}, required=["b"]),
                       direction="backward", policy=policy)  # fmt: skip

    assert [(c.kind, c.breaking) for c in changes] == [("required-property-added", True)]


def test_annotations_never_break_even_beside_a_break() -> None:
    old = {"type": "string", "title": "A", "examples": ["x"], "maxLength": 9}
    new = {"type": "string", "title": "B", "examples": ["y"], "maxLength": 3, "deprecated": True}

    changes = classify(old, new, direction="backward")

    assert [(c.pointer, c.kind, c.breaking) for c in changes] == [
        ("/deprecated", "annotation-changed", False),
        ("/examples", "annotation-changed", False),
        ("/maxLength", "max-length-decreased", True),
        ("/title", "annotation-changed", False),
    ]


def test_identical_and_refactored_schemas_have_no_changes() -> None:
    schema = obj({"a": S, "b": {"type": "array", "items": I}}, required=["a"])
    factored = {"$ref": "#/$defs/Thing", "$defs": {"Thing": schema}}

    assert classify(schema, schema, direction="backward") == []
    assert classify(schema, factored, direction="forward") == []


def test_a_change_behind_a_ref_is_found_where_it_is() -> None:
    old = {"type": "array", "items": {"$ref": "#/$defs/T"}, "$defs": {"T": {"maxLength": 5}}}
    new = {"type": "array", "items": {"$ref": "#/$defs/T"}, "$defs": {"T": {"maxLength": 2}}}

    [change] = classify(old, new, direction="backward")

    assert (change.pointer, change.kind, change.breaking) == (
        "/$defs/T/maxLength", "max-length-decreased", True)  # fmt: skip
    verified(old, new, "backward", change)


def test_recursive_refs_are_walked_once() -> None:
    def tree(limit: int) -> Any:
        node = {"type": "object", "properties": {"name": {"type": "string", "maxLength": limit},
                "kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}  # fmt: skip
        return {"$ref": "#/$defs/Node", "$defs": {"Node": node}}

    changes = classify(tree(9), tree(20), direction="forward")

    assert [(c.pointer, c.kind) for c in changes] == [
        ("/$defs/Node/properties/name/maxLength", "max-length-increased")
    ]
    assert changes[0].breaking is True


def test_changes_are_ordered_by_pointer() -> None:
    old = obj({"z": S, "a": I, "m": {"type": "number"}})
    new = obj({"z": I, "a": S, "m": {"type": "integer"}})

    pointers = [c.pointer for c in classify(old, new, direction="backward")]

    assert pointers == sorted(pointers) == ["/properties/a/type", "/properties/m/type",
                                            "/properties/z/type"]  # fmt: skip


def test_compensating_changes_are_not_breaking() -> None:
    # the constraint moves from a keyword into an allOf conjunct: the language is the same
    old = {"type": "string", "maxLength": 5}
    new = {"type": "string", "allOf": [{"maxLength": 5}]}

    for direction in ("backward", "forward"):
        changes = classify(old, new, direction=direction)
        assert {c.kind for c in changes} == {"max-length-increased", "keyword-added"}
        assert all(c.breaking is False for c in changes), changes


def test_boolean_schemas() -> None:
    [change] = classify(True, False, direction="backward")

    assert (change.kind, change.breaking) == ("keyword-changed", True)
    assert classify(True, {}, direction="forward") == []


def test_bad_arguments_are_named() -> None:
    with pytest.raises(TypeError, match="old to be a JSON Schema"):
        classify("nope", {}, direction="backward")
    with pytest.raises(ValueError, match="direction"):
        classify({}, {}, direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="policy"):
        classify({}, {}, direction="forward", policy="lax")  # type: ignore[arg-type]


def to_2020(schema: Any) -> Any:
    """A Draft 7 schema in Draft 2020-12 spelling: ``definitions``, array ``items``."""
    if isinstance(schema, list):
        return [to_2020(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    tuple_items = isinstance(schema.get("items"), list)
    for key, value in schema.items():
        if key == "definitions":
            out["$defs"] = {name: to_2020(s) for name, s in value.items()}
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/definitions/", "#/$defs/")
        elif key == "items" and tuple_items:
            out["prefixItems"] = to_2020(value)
        elif key == "additionalItems":
            if tuple_items:
                out["items"] = to_2020(value)
        elif key in ("properties", "patternProperties"):
            out[key] = {name: to_2020(s) for name, s in value.items()}
        else:
            out[key] = to_2020(value)
    return out


def uses_draft7_syntax(schema: Any) -> bool:
    text = json.dumps(schema)
    return '"definitions"' in text or '"additionalItems"' in text or '"items": [' in text


DRAFT7_ONLY = ('"dependencies"', '"exclusiveMinimum": true', '"exclusiveMaximum": true')


@pytest.mark.skipif(not SENTRY.is_dir(), reason=f"corpus folder {SENTRY} is absent")
def test_getsentry_corpus_labels_are_never_contradicted() -> None:
    expected = json.loads((SENTRY / "expected.json").read_text())
    agreed, exact, converted, skipped, unlabelled = 0, 0, 0, 0, 0
    wrong: list[str] = []
    for case in expected:
        label = case["semantic_lhs_subset_of_rhs"]
        if label is None:
            unlabelled += 1
            continue
        pair = json.loads((SENTRY / case["fixture"]).read_text())
        text = json.dumps(pair)
        if any(marker in text for marker in DRAFT7_ONLY):
            skipped += 1
            continue
        converted += uses_draft7_syntax(pair)
        lhs, rhs = to_2020(pair["lhs"]), to_2020(pair["rhs"])

        verdicts = [c.breaking for c in classify(lhs, rhs, direction="backward")]

        sound = True not in verdicts if label else not all(v is False for v in verdicts)
        agreed += sound
        exact += all(v is False for v in verdicts) if label else True in verdicts
        if not sound:
            wrong.append(f"{case['fixture']}: {verdicts}")
    print(
        f"getsentry corpus: {agreed}/{agreed + len(wrong)} labelled pairs never contradicted, "
        f"{exact} decided exactly; {converted} converted from Draft 7 syntax, {skipped} skipped "
        f"for Draft 7-only syntax, {unlabelled} unlabelled (format policy)"
    )
    assert agreed >= 80
    assert not wrong, wrong


def test_undecided_proofs_fall_back_to_the_catalogue() -> None:
    old = {"type": "string", "pattern": "^[a-z]+$"}
    new = {"type": "string", "pattern": "^[a-z0-9]+$"}

    [backward] = classify(old, new, direction="backward")
    [forward] = classify(old, new, direction="forward")

    assert backward.kind == forward.kind == "pattern-changed"
    assert backward.breaking is not True
    assert forward.breaking is not False
    verified(old, new, "forward", forward)


def test_recursive_definitions_stay_fast_and_never_all_compatible() -> None:
    # jsoncompat's same_value_recursive_applicator_narrowed: {"value": 1} is old-only
    def doc(combinator: str) -> Any:
        value = {combinator: [{"$ref": "#/$defs/Value"}, {"type": "string"}]}
        return {"$defs": {"Value": value}, "type": "object",
                "properties": {"value": {"$ref": "#/$defs/Value"}},
                "additionalProperties": False}  # fmt: skip

    changes = classify(doc("anyOf"), doc("allOf"), direction="backward")

    assert {(c.pointer, c.kind) for c in changes} == {
        ("/$defs/Value/allOf", "keyword-added"),
        ("/$defs/Value/anyOf", "keyword-removed"),
    }
    assert any(c.breaking is not False for c in changes)


JSONCOMPAT = CORPORA / "jsoncompat-backcompat" / "backcompat"
# Where jsoncompat's labels follow a policy other than seamguard's, by its own README:
JSONCOMPAT_POLICY = {
    ("format_annotation_changed", "backward"): "format is an annotation there, asserted here",
    ("format_annotation_changed", "forward"): "format is an annotation there, asserted here",
    ("pattern_properties_fall_back_to_additional_properties", "backward"): (
        "its deserializer ignores undeclared properties of an open object (tolerant reader)"
    ),
}


@pytest.mark.skipif(not JSONCOMPAT.is_dir(), reason=f"corpus folder {JSONCOMPAT} is absent")
def test_jsoncompat_corpus_labels_are_never_contradicted() -> None:
    cases = sorted(path for path in JSONCOMPAT.iterdir() if path.is_dir())
    agreed, wrong, policy = 0, [], 0
    for case in cases:
        old = json.loads((case / "old.json").read_text())
        new = json.loads((case / "new.json").read_text())
        expect = json.loads((case / "expect.json").read_text())
        direction: Direction
        for direction, role in (("backward", "deserializer"), ("forward", "serializer")):
            if (case.name, direction) in JSONCOMPAT_POLICY:
                policy += 1
                continue

            verdicts = [c.breaking for c in classify(old, new, direction=direction)]

            compatible = expect[role]
            if compatible:
                sound = True not in verdicts
            else:
                sound = bool(verdicts) and not all(v is False for v in verdicts)
            agreed += sound
            if not sound:
                wrong.append(f"{case.name} {direction}: {verdicts}")
    print(f"jsoncompat corpus: {agreed}/{agreed + len(wrong)} verdicts never contradicted, "
          f"{policy} left out for a declared policy difference")  # fmt: skip
    assert not wrong, wrong
