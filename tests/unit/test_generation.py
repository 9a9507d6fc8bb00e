"""Logic-side generation and the counterexample search."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from seamguard import load_contracts
from seamguard.contracts import Validators
from seamguard.errors import SeamguardError
from seamguard.generation import document_strategy, find_counterexample
from tests.unit.helpers import DRAFT202012, make_tree, write_contract, write_json


def test_documents_drawn_from_a_contract_are_valid_under_it(tmp_path: Path) -> None:
    registry = load_contracts(make_tree(tmp_path / "contracts"))
    validators = Validators(registry)
    document = registry.get("things.create", "1.1").input
    compiled = validators.of(document)

    @settings(max_examples=50, database=None, deadline=None)
    @given(document_strategy(document, validators))
    def drawn(value: object) -> None:
        assert compiled.is_valid(value), compiled.explain(value)

    drawn()


def test_a_schema_schemathesis_cannot_read_is_one_usage_error_line(tmp_path: Path) -> None:
    # Schemathesis reads a "$ref" key inside an enum value as a reference; its message ran
    # over several lines, and a usage error is one (self-fuzz).
    root = make_tree(tmp_path / "contracts")
    enum = {"type": "object", "enum": [{"$ref": "nowhere.json"}]}
    write_contract(root, "things.get", "1.0", input_schema=enum)
    registry = load_contracts(root)
    document = registry.get("things.get", "1.0").input

    with pytest.raises(SeamguardError) as caught:
        document_strategy(document, Validators(registry))

    message = str(caught.value)
    assert message.startswith(f"{document.path}: cannot generate documents from this schema: ")
    assert "\n" not in message


def test_the_search_finds_a_shrunk_counterexample_or_nothing() -> None:
    assert find_counterexample({"type": "integer", "minimum": 0}, {"maximum": 9}) == 10
    assert find_counterexample({"type": "string", "maxLength": 3}, {"type": "string"}) is None


def test_the_search_survives_a_ref_cycle_with_no_base_case() -> None:
    # jsonschema recurses forever on such a cycle; the search asks jsonschema-rs instead of
    # raising RecursionError out of seamguard diff.
    cyclic = {
        "$defs": {"Name": {"allOf": [{"$ref": "#/$defs/Name"}, {"type": "string"}]}},
        "type": "object",
        "properties": {"value": {"$ref": "#/$defs/Name"}},
    }
    integers = {
        "type": "object",
        "properties": {"value": {"type": "integer"}},
        "required": ["value"],
    }

    found = find_counterexample(integers, cyclic, max_examples=100)

    assert found == {"value": 0}


def test_a_schema_the_generator_cannot_draw_from_finds_nothing() -> None:
    # Schemathesis builds its strategy lazily and raised UnsupportedSchema on the first draw,
    # out of contract-compat (self-fuzz); the search now finds nothing, which proves nothing.
    unsupported = {"not": {"properties": {"a": {"not": {"const": {"b": 1}}}}}}

    assert find_counterexample(unsupported, {"not": {"required": ["a"]}}) is None


def test_validators_follow_refs_through_shared_files_transitively(tmp_path: Path) -> None:
    # Each document is compiled with only the documents it reaches (a registry of the whole
    # tree costs time in proportion to its size); the reach must follow refs of refs.
    root = make_tree(tmp_path / "contracts")
    write_json(
        root / "_shared" / "outer.schema.json",
        {
            "$schema": DRAFT202012,
            "$defs": {"Thing": {"$ref": "thing.schema.json#/$defs/Name"}},
        },
    )
    write_contract(
        root,
        "things.create",
        "1.2",
        input_schema={
            "$schema": DRAFT202012,
            "type": "object",
            "properties": {"name": {"$ref": "../../_shared/outer.schema.json#/$defs/Thing"}},
            "required": ["name"],
        },
    )
    registry = load_contracts(root)
    validators = Validators(registry)
    document = registry.get("things.create", "1.2").input

    inlined = validators.dereference(document)
    compiled = validators.of(document)

    assert inlined["properties"]["name"] == {"type": "string", "maxLength": 20}
    assert compiled.is_valid({"name": "ada"})
    assert not compiled.is_valid({"name": "x" * 21})
