"""The contracts of the example service: valid, and written the way the project asks.

The seam checks (one test item per seam and check) are generated here by seamguard's pytest
plugin once it exists; until then these tests hold the tree to its rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from seamguard import load_config, load_contracts
from seamguard.contracts import Contract

PROJECT = Path(__file__).resolve().parents[2]
CONFIG = load_config(PROJECT / "pyproject.toml")
REGISTRY = load_contracts(CONFIG.contracts)
CONTRACTS = [c for versions in REGISTRY.contracts.values() for c in versions]


def test_the_tree_is_valid() -> None:
    assert REGISTRY.problems == ()


def test_every_logic_method_has_a_seam() -> None:
    assert set(REGISTRY.seams) == {
        "tasks.complete",
        "tasks.create",
        "tasks.delete",
        "tasks.get",
        "tasks.list",
        "tasks.update",
    }
    assert {b.contract for b in CONFIG.seams} == set(REGISTRY.seams)


def test_tasks_create_has_a_history() -> None:
    assert [str(c.version) for c in REGISTRY.versions("tasks.create")] == ["1.0", "1.1"]
    old = REGISTRY.get("tasks.create", "1.0").input.contents
    new = REGISTRY.get("tasks.create", "1.1").input.contents
    added = set(new["properties"]) - set(old["properties"])
    assert added == {"estimate_minutes"}
    assert new["required"] == old["required"]  # the new field is optional


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: f"{c.seam}@{c.version}")
def test_each_schema_has_id_description_and_examples(contract: Contract) -> None:
    for document in (contract.input, contract.output):
        contents = document.contents
        assert contents["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert contents["$id"].endswith(f"/{contract.seam}/{contract.version}/{document.path.name}")
        assert contents["description"]
        assert contents["examples"]
