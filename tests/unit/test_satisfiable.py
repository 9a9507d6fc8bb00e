"""``contract-valid`` on a seam schema no document satisfies (schema/_satisfiable.py).

Each planted schema admits nothing and must fail with the conflicting keywords named by JSON
pointer; each look-alike admits something and must pass. The trees the project ships, and
the containment suite's satisfiable schemas, must never raise the alarm.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from seamguard import check_contract_valid, load_contracts
from seamguard.cli import cli
from seamguard.contracts import ContractRegistry, Problem
from seamguard.schema import _satisfiable as satisfiable
from tests.unit.helpers import DRAFT202012, make_tree, write_config, write_contract, write_json

PROJECT = Path(__file__).resolve().parents[2]
DRAFT7 = "http://json-schema.org/draft-07/schema#"
CONTAINMENT = PROJECT / "tests" / "corpora" / "json-schema-containment-testsuite"
SAYS = "no document satisfies this schema: "


def required(properties: dict[str, Any], *names: str, **more: Any) -> dict[str, Any]:
    """An object schema requiring ``names`` (all of ``properties`` when none are given)."""
    return {
        "$schema": DRAFT202012,
        "type": "object",
        "properties": properties,
        "required": list(names or properties),
        **more,
    }


# name: (input schema, the problem's pointer, words the message must hold)
UNSATISFIABLE: dict[str, tuple[Any, str, list[str]]] = {
    "minLength above maxLength": (
        required({"title": {"type": "string", "minLength": 300, "maxLength": 200}}),
        "/properties/title/minLength",
        [
            "/properties/title/minLength (300) conflicts with /properties/title/maxLength (200)",
            "'title' is required (/required)",
        ],
    ),
    "types of allOf members": (
        {"$schema": DRAFT202012, "allOf": [{"type": "string"}, {"type": "integer"}]},
        "/allOf/0/type",
        ['/allOf/0/type ("string") conflicts with /allOf/1/type ("integer")'],
    ),
    "minimum above maximum": (
        required({"n": {"type": "number", "minimum": 5, "maximum": 3}}),
        "/properties/n/minimum",
        ["/properties/n/minimum (5) conflicts with /properties/n/maximum (3)"],
    ),
    "enum outside its type": (
        required({"s": {"type": "string", "enum": [1, 2]}}),
        "/properties/s/type",
        ['/properties/s/type ("string") conflicts with /properties/s/enum ([1, 2])'],
    ),
    "required property that is false": (
        required({"a": False}),
        "/properties/a",
        ["/properties/a is false; 'a' is required (/required)"],
    ),
    "minItems above maxItems": (
        required({"tags": {"type": "array", "minItems": 3, "maxItems": 2}}),
        "/properties/tags/minItems",
        ["/properties/tags/minItems (3) conflicts with /properties/tags/maxItems (2)"],
    ),
    "const against a sibling": (
        required({"code": {"const": "abc", "maxLength": 2}}),
        "/properties/code/const",
        ['/properties/code/const ("abc") conflicts with /properties/code/maxLength (2)'],
    ),
    "not of everything": (
        {"$schema": DRAFT202012, "not": {}},
        "/not",
        ["/not ({}) rules out every value"],
    ),
    "$ref to an empty definition": (
        {
            **required({"a": {"$ref": "#/$defs/Code"}}),
            "$defs": {"Code": {"type": "string", "minLength": 5, "maxLength": 2}},
        },
        "/$defs/Code/minLength",
        [
            "/$defs/Code/minLength (5) conflicts with /$defs/Code/maxLength (2)",
            "(reached by /properties/a/$ref); 'a' is required (/required)",
        ],
    ),
    "$ref to an empty shared definition": (
        required({"name": {"$ref": "../../_shared/thing.schema.json#/$defs/Never"}}),
        "/properties/name/$ref",
        ["_shared/thing.schema.json#/$defs/Never is false (reached by /properties/name/$ref)"],
    ),
    "a property's schemas across allOf": (
        required({"a": {"type": "string"}}, allOf=[{"properties": {"a": {"type": "integer"}}}]),
        "/properties/a/type",
        ['/properties/a/type ("string") conflicts with /allOf/0/properties/a/type ("integer")'],
    ),
    "required property of a required property": (
        required({"a": required({"b": {"type": "integer", "minimum": 3, "maximum": 1}})}),
        "/properties/a/properties/b/minimum",
        ["'b' is required (/properties/a/required); 'a' is required (/required)"],
    ),
    "the item minItems asks for": (
        required({"t": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": [3]}}}),
        "/properties/t/items/type",
        ["item 0 must exist (/properties/t/minItems: 1)"],
    ),
    "a required name additionalProperties forbids": (
        required({"a": {}}, "b", additionalProperties=False),
        "/additionalProperties",
        ["/additionalProperties is false; 'b' is required (/required)"],
    ),
    "every oneOf branch": (
        {"$schema": DRAFT202012, "oneOf": [{"type": "integer", "minimum": 2, "maximum": 1}, False]},
        "/oneOf",
        ['/oneOf ([{"maximum": 1, "minimum": 2, "type": "integer"}, false]) rules out every'],
    ),
    "a required name unevaluatedProperties forbids": (
        required({"a": {}}, "b", unevaluatedProperties=False),
        "/properties",
        [
            '/properties ({"a": {}}), /required (["b"]) and /unevaluatedProperties (false)'
            ' conflict, given /type ("object")'
        ],
    ),
    "every anyOf branch": (
        required({"a": {"anyOf": [{"type": "string", "minLength": 2, "maxLength": 1}, False]}}),
        "/properties/a/anyOf",
        ["every schema in /properties/a/anyOf admits nothing"],
    ),
    "draft 7 positional items": (
        {
            "$schema": DRAFT7,
            "type": "object",
            "required": ["a"],
            "properties": {
                "a": {
                    "type": "array",
                    "minItems": 1,
                    "items": [{"type": "string", "minLength": 4, "maxLength": 1}],
                }
            },
        },
        "/properties/a/items/0/minLength",
        ["/properties/a/items/0/minLength (4) conflicts with /properties/a/items/0/maxLength (1)"],
    ),
    "the whole schema false": (False, "", ["the schema is false"]),
}

SATISFIABLE: dict[str, Any] = {
    "an optional property that is false": required({"a": False, "b": {}}, "b"),
    "an optional property that admits nothing": required(
        {"a": {"type": "string", "minLength": 3, "maxLength": 2}, "b": {}}, "b"
    ),
    "minLength equal to maxLength": required(
        {"a": {"type": "string", "minLength": 3, "maxLength": 3}}
    ),
    "exclusiveMinimum just below maximum": required(
        {"a": {"type": "integer", "exclusiveMinimum": 4, "maximum": 5}}
    ),
    "anyOf with one empty branch": required(
        {"a": {"anyOf": [{"type": "string", "minLength": 3, "maxLength": 2}, {"type": "integer"}]}}
    ),
    "not of something narrow": required({"a": {"not": {"type": "string", "const": "x"}}}),
    "required property false but no type": {
        "$schema": DRAFT202012,
        "properties": {"a": False},
        "required": ["a"],
    },
    "a property pattern may admit": required(
        {}, "a", patternProperties={"^a$": {}}, additionalProperties=False
    ),
    "minContains 0": required({"a": {"type": "array", "contains": False, "minContains": 0}}),
    "draft 7 ignores the siblings of $ref": {
        "$schema": DRAFT7,
        "definitions": {"S": {"type": "string"}},
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"$ref": "#/definitions/S", "minLength": 5, "maxLength": 2}},
    },
    # Read as Draft 2020-12 these admit nothing (a must not be there; two items in one).
    "draft 7 knows no unevaluatedProperties": {
        "$schema": DRAFT7,
        "type": "object",
        "required": ["a"],
        "unevaluatedProperties": False,
    },
    "draft 7 knows no minContains": {
        "$schema": DRAFT7,
        "type": "array",
        "contains": {},
        "minContains": 2,
        "maxItems": 1,
    },
    "a $ref cycle": required(
        {"next": {"$ref": "#/$defs/Node"}},
        "next",
        **{"$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}}}},
    ),
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = make_tree(tmp_path / "contracts")
    shared = root / "_shared" / "thing.schema.json"
    document = json.loads(shared.read_text(encoding="utf-8"))
    write_json(shared, {**document, "$defs": {**document["$defs"], "Never": False}})
    return root


def unsatisfiable(registry: ContractRegistry) -> list[Problem]:
    return [p for p in registry.problems if p.message.startswith(SAYS)]


@pytest.mark.parametrize("name", sorted(UNSATISFIABLE))
def test_a_schema_no_document_satisfies_is_named_with_its_conflict(tree: Path, name: str) -> None:
    schema, pointer, words = UNSATISFIABLE[name]
    write_contract(tree, "things.get", "1.0", input_schema=schema)

    (problem,) = unsatisfiable(load_contracts(tree))

    assert (problem.seam, problem.version) == ("things.get", "1.0")
    assert problem.path == tree / "things.get" / "1.0" / "input.schema.json"
    assert problem.pointer == pointer
    for word in words:
        assert word in problem.message


@pytest.mark.parametrize("name", sorted(SATISFIABLE))
def test_a_look_alike_that_admits_a_document_passes(tree: Path, name: str) -> None:
    write_contract(tree, "things.get", "1.0", input_schema=SATISFIABLE[name])

    assert load_contracts(tree).problems == ()


def test_the_output_schema_is_judged_too_and_the_check_fails_on_it(tree: Path) -> None:
    write_contract(
        tree,
        "things.get",
        "1.0",
        output_schema=required({"id": {"type": "integer", "minimum": 1, "maximum": 0}}),
    )

    results = {(r.seam, r.version): r for r in check_contract_valid(load_contracts(tree))}

    result = results[("things.get", "1.0")]
    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.check == "contract-valid"
    assert failure.file.endswith("things.get/1.0/output.schema.json")
    assert failure.pointer == "/properties/id/minimum"
    assert failure.message.startswith(SAYS)
    assert all(r.status == "passed" for key, r in results.items() if key != ("things.get", "1.0"))


@pytest.mark.parametrize("name", ["minLength above maxLength", "types of allOf members"])
def test_lint_exits_1_naming_the_file_pointer_and_conflict(
    tree: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    schema, pointer, words = UNSATISFIABLE[name]
    write_contract(tree, "things.get", "1.0", input_schema=schema)
    write_config(tree.parent, "")
    monkeypatch.chdir(tree.parent)

    result = CliRunner().invoke(cli, ["lint"])

    assert result.exit_code == 1, result.output
    assert "FAIL   things.get@1.0               contract-valid" in result.stdout
    assert f"contracts/things.get/1.0/input.schema.json#{pointer}" in result.stdout
    assert SAYS + words[0] in " ".join(result.stdout.split())
    assert "Traceback" not in result.output


def test_lint_passes_a_look_alike(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_contract(
        tree, "things.get", "1.0", input_schema=SATISFIABLE["an optional property that is false"]
    )
    write_config(tree.parent, "")
    monkeypatch.chdir(tree.parent)

    result = CliRunner().invoke(cli, ["lint"])

    assert result.exit_code == 0, result.output


def test_a_failing_example_and_the_conflict_are_both_reported(tree: Path) -> None:
    schema = {"$schema": DRAFT202012, "type": "string", "minLength": 3, "maxLength": 1}
    write_contract(tree, "things.get", "1.0", input_schema={**schema, "examples": ["ab"]})

    problems = load_contracts(tree).problems

    assert [p.pointer for p in problems] == ["/examples/0", "/minLength"]
    assert problems[1].message == (
        SAYS + '/minLength (3) conflicts with /maxLength (1), given /type ("string")'
    )


def test_a_schema_with_a_valid_example_is_not_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the engine was asked")

    monkeypatch.setattr(satisfiable, "admits_only", refuse)
    output = {"$schema": DRAFT202012, "type": "integer"}
    write_contract(tmp_path, "things.get", "1.0", output_schema={**output, "examples": [3]})

    assert load_contracts(tmp_path).problems == ()  # both files have a valid example

    write_contract(tmp_path, "things.get", "1.0", output_schema=output)
    with pytest.raises(AssertionError, match="the engine was asked"):
        load_contracts(tmp_path)


def test_an_emptiness_the_engine_cannot_prove_is_left_alone(tree: Path) -> None:
    # Empty (integers >= 0 must be <= -1, the others >= 0), but no rule proves it: silence,
    # never a guess.
    schema = {
        "$schema": DRAFT202012,
        "type": "integer",
        "if": {"minimum": 0},
        "then": {"maximum": -1},
        "else": {"minimum": 0},
    }
    write_contract(tree, "things.get", "1.0", input_schema=schema)

    assert load_contracts(tree).problems == ()


def strip_examples(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: strip_examples(v) for k, v in node.items() if k != "examples"}
    if isinstance(node, list):
        return [strip_examples(v) for v in node]
    return node


@pytest.mark.parametrize(
    "contracts",
    ["contracts", "examples/bookapp/contracts", "tests/unit/services/notes/contracts"],
)
def test_the_trees_the_project_ships_are_satisfiable(tmp_path: Path, contracts: str) -> None:
    # Their examples show a document already; without them the judge itself must agree.
    assert load_contracts(PROJECT / contracts).problems == ()
    copy = tmp_path / "contracts"
    shutil.copytree(PROJECT / contracts, copy)
    for path in copy.rglob("*.json"):
        write_json(path, strip_examples(json.loads(path.read_text(encoding="utf-8"))))

    assert load_contracts(copy).problems == ()


def satisfiable_schemas() -> list[Any]:
    """Schemas of the containment suite that admit a value: S of ``valid`` and ``unions``
    with a true label (``{"const": instance} ⊆ S``, ``{"anyOf": [consts]} ⊆ S``), and
    ``universal``'s ``{"anyOf": [S, {"not": S}]}``."""
    found: dict[str, Any] = {}
    folder = CONTAINMENT / "draft2020-12"
    for category, side in (("valid", "schema2"), ("unions", "schema2"), ("universal", "schema1")):
        for path in sorted((folder / category).rglob("*.json")):
            for case in json.loads(path.read_text(encoding="utf-8")):
                schema = case[side]
                text = json.dumps(schema, sort_keys=True)
                labelled = category == "universal" or case["tests"].get("s1SubsetEqOfs2")
                if labelled is True and "localhost:1234" not in text:
                    found[text] = schema
    return list(found.values())


def test_no_satisfiable_schema_of_the_containment_suite_is_flagged(tmp_path: Path) -> None:
    # Each as a seam's input, and again as the value of a required property (where the
    # rule added to the engine's decides).
    uri = DRAFT202012
    schemas = satisfiable_schemas()
    assert len(schemas) > 500, len(schemas)
    for index, schema in enumerate(schemas):
        output: Any = {"$schema": uri}
        if not any(word in json.dumps(schema) for word in ("$ref", "$id", "$anchor")):
            output = {"$schema": uri, "type": "object", "properties": {"x": schema}}
            output["required"] = ["x"]
        if isinstance(schema, dict):
            schema = {**schema, "$schema": uri}
        write_contract(tmp_path, f"s.n{index}", "1.0", input_schema=schema, output_schema=output)

    flagged = unsatisfiable(load_contracts(tmp_path))

    assert [(p.seam, p.path.name, p.message) for p in flagged] == []
