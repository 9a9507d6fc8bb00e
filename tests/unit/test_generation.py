"""Logic-side generation and the counterexample search."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

from seamguard import load_contracts
from seamguard.generation import document_strategy, find_counterexample
from seamguard.schema import Validators
from tests.unit.helpers import make_tree


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
