"""``contract-compat``: a MINOR version keeps every old input valid and returns nothing new."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seamguard import load_contracts
from seamguard.checks import CheckResult
from seamguard.checks.compat import check_contract_compat
from seamguard.contracts import Validators
from tests.unit.helpers import write_contract, write_json

CLOSED_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {"id": {"type": "integer"}},
    "required": ["id"],
    "additionalProperties": False,
}


def name_input(**name: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"name": {"type": "string", **name}},
        "required": ["name"],
        "additionalProperties": False,
    }


def results(root: Path) -> list[CheckResult]:
    registry = load_contracts(root)
    return list(check_contract_compat(registry, Validators(registry), relative_to=root))


def test_an_optional_input_field_added_to_a_closed_model_is_compatible(tmp_path: Path) -> None:
    write_contract(
        tmp_path,
        "things.create",
        "1.0",
        input_schema=name_input(maxLength=20),
        output_schema=CLOSED_OUTPUT,
    )
    wider = name_input(maxLength=20)
    wider["properties"]["size"] = {"type": "integer"}
    write_contract(
        tmp_path, "things.create", "1.1", input_schema=wider, output_schema=CLOSED_OUTPUT
    )

    (result,) = results(tmp_path)

    assert (result.seam, result.version, result.status) == ("things.create", "1.1", "passed")


def test_a_narrowed_input_breaks_with_a_document_that_shows_it(tmp_path: Path) -> None:
    write_contract(
        tmp_path,
        "things.create",
        "1.0",
        input_schema=name_input(maxLength=20),
        output_schema=CLOSED_OUTPUT,
    )
    write_contract(
        tmp_path,
        "things.create",
        "1.1",
        input_schema=name_input(maxLength=10),
        output_schema=CLOSED_OUTPUT,
    )

    (result,) = results(tmp_path)

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.check == "contract-compat"
    assert failure.file == "things.create/1.1/input.schema.json"
    assert "not BACKWARD compatible" in failure.message
    assert "version 1.0" in failure.message
    assert 10 < len(failure.example["name"]) <= 20


def test_a_new_output_field_on_a_closed_output_breaks_forward(tmp_path: Path) -> None:
    write_contract(
        tmp_path, "things.create", "1.0", input_schema=name_input(), output_schema=CLOSED_OUTPUT
    )
    more = {**CLOSED_OUTPUT, "properties": {"id": {"type": "integer"}, "tag": {"type": "string"}}}
    write_contract(tmp_path, "things.create", "1.1", input_schema=name_input(), output_schema=more)

    (result,) = results(tmp_path)

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.file == "things.create/1.1/output.schema.json"
    assert "not FORWARD compatible" in failure.message
    assert "tag" in failure.example


def test_a_new_major_may_break(tmp_path: Path) -> None:
    write_contract(tmp_path, "things.create", "1.0", input_schema=name_input(maxLength=20))
    write_contract(tmp_path, "things.create", "2.0", input_schema=name_input(maxLength=5))

    (result,) = results(tmp_path)

    assert result.status == "passed"
    assert "new MAJOR" in result.reason


def test_what_the_decision_leaves_open_is_searched_for(tmp_path: Path) -> None:
    # Given two patterns the subschema decision cannot compare
    write_contract(tmp_path, "things.create", "1.0", input_schema=name_input(pattern="^[a-z]+$"))
    write_contract(tmp_path, "things.create", "1.1", input_schema=name_input(pattern="^[a-y]+$"))

    (result,) = results(tmp_path)

    # Then a search finds the shortest name 1.0 accepts and 1.1 refuses
    assert result.status == "failed"
    assert result.failures[0].example == {"name": "z"}
    assert "a search found a document" in result.failures[0].message


def test_what_neither_decides_nor_finds_is_undecided_not_failed(tmp_path: Path) -> None:
    write_contract(tmp_path, "things.create", "1.0", input_schema=name_input(pattern="^[a-c]+$"))
    write_contract(tmp_path, "things.create", "1.1", input_schema=name_input(pattern="^[a-z]+$"))

    (result,) = results(tmp_path)

    assert result.status == "passed"
    assert result.reason.startswith("undecided: input backward vs 1.0")


def test_the_project_contracts_are_compatible() -> None:
    root = Path(__file__).resolve().parents[2] / "contracts"

    found = {(r.seam, r.version): r for r in results(root)}

    assert found[("tasks.create", "1.1")].status == "passed"
    assert found[("tasks.create", "1.1")].reason == ""  # decided, not undecided
    assert ("tasks.create", "1.0") not in found  # nothing before it


def test_full_mode_also_refuses_an_input_that_widens(tmp_path: Path) -> None:
    write_contract(
        tmp_path,
        "things.create",
        "1.0",
        input_schema=name_input(maxLength=20),
        output_schema=CLOSED_OUTPUT,
    )
    write_contract(
        tmp_path,
        "things.create",
        "1.1",
        input_schema=name_input(maxLength=30),
        output_schema=CLOSED_OUTPUT,
    )
    registry = load_contracts(tmp_path)

    seam_mode = list(check_contract_compat(registry, Validators(registry)))
    full = list(check_contract_compat(registry, Validators(registry), default_mode="full"))

    assert [r.status for r in seam_mode] == ["passed"]
    assert [r.status for r in full] == ["failed"]
    assert "not FORWARD compatible" in full[0].failures[0].message


def test_transitive_mode_compares_with_every_earlier_minor(tmp_path: Path) -> None:
    write_contract(tmp_path, "things.create", "1.0", input_schema=name_input(maxLength=20))
    write_contract(tmp_path, "things.create", "1.1", input_schema=name_input(maxLength=20))
    write_contract(tmp_path, "things.create", "1.2", input_schema=name_input(maxLength=5))
    registry = load_contracts(tmp_path)

    last = list(check_contract_compat(registry, Validators(registry)))
    every = list(
        check_contract_compat(
            registry, Validators(registry), modes={"things.create": "seam-transitive"}
        )
    )

    assert [len(r.failures) for r in last] == [0, 1]
    assert [len(r.failures) for r in every] == [0, 2]


def test_the_tolerant_policy_allows_an_optional_property_added_to_an_open_input(
    tmp_path: Path,
) -> None:
    open_input = {"type": "object", "properties": {"name": {"type": "string"}}}
    wider = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
    }
    write_contract(tmp_path, "things.create", "1.0", input_schema=open_input)
    write_contract(tmp_path, "things.create", "1.1", input_schema=wider)
    registry = load_contracts(tmp_path)

    (strict,) = check_contract_compat(registry, Validators(registry))
    (tolerant,) = check_contract_compat(registry, Validators(registry), policy="tolerant")

    assert strict.status == "failed"  # an old input may carry "size": "big"
    assert isinstance(strict.failures[0].example["size"], (str, bool, list, dict, float))
    assert tolerant.status == "passed"


@pytest.mark.parametrize(
    "broken",
    [
        {"$defs": {"Name": {"type": 5}}},  # breaks its metaschema
        {"$defs": {"Name": {"$ref": "#/$defs/Name"}}},  # a $ref cycle with no base case
    ],
)
def test_a_version_whose_refs_reach_a_broken_schema_is_skipped(
    tmp_path: Path, broken: dict[str, Any]
) -> None:
    # The broken shared file is left out of the validators; jsonschema-rs then failed to
    # build them at all (ValueError) or to inline the $ref (ReferencingError): self-fuzz.
    write_json(tmp_path / "_shared" / "defs.json", broken)
    by_ref = {"$ref": "../../_shared/defs.json#/$defs/Name"}
    write_contract(tmp_path, "things.create", "1.0", input_schema=by_ref)
    write_contract(tmp_path, "things.create", "1.1", input_schema=by_ref)

    (result,) = results(tmp_path)

    assert (result.version, result.status) == ("1.1", "skipped")
    assert result.reason == "a schema its $refs reach is invalid"
