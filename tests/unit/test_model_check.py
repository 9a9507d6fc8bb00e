"""``model-matches-contract``: planted drifts between pydantic models and their contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seamguard import load_contracts
from seamguard.checks import MODEL_MATCHES_CONTRACT
from seamguard.checks._model_sides import models_of
from seamguard.checks.model import check_model_matches_contract
from seamguard.config import Binding
from seamguard.contracts import Validators
from seamguard.errors import ConfigError
from seamguard.seams import bind
from tests.unit.helpers import DRAFT202012, write_contract

SERVICE = "tests.unit.services.drift.service"

NOTE_INPUT: dict[str, Any] = {
    "$schema": DRAFT202012,
    "type": "object",
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
    },
    "required": ["title"],
    "additionalProperties": False,
}
NOTE_OUTPUT = {
    "$schema": DRAFT202012,
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "created": {"type": "string"},
    },
    "required": ["id", "title", "created"],
    "additionalProperties": False,
}


def judge(
    tmp_path: Path,
    logic: str,
    input_schema: Any = None,
    output_schema: Any = None,
    *,
    input_model: str | None = None,
    output_model: str | None = None,
) -> Any:
    root = tmp_path / "contracts"
    write_contract(
        root,
        "notes.create",
        "1.0",
        input_schema=input_schema or NOTE_INPUT,
        output_schema=output_schema or NOTE_OUTPUT,
    )
    registry = load_contracts(root)
    logic = f"{SERVICE}:{logic}"
    binding = Binding("notes.create", logic, input_model=input_model, output_model=output_model)
    seam = bind(binding)
    return check_model_matches_contract(
        seam,
        registry.get("notes.create", "1.0"),
        Validators(registry),
        max_examples=30,
        seed=1,
        relative_to=tmp_path,
    )


def test_models_matching_their_contract_pass(tmp_path: Path) -> None:
    result = judge(tmp_path, "create")

    assert result.check == MODEL_MATCHES_CONTRACT
    assert result.status == "passed", result.failures
    assert result.examples > 0
    # Unknown properties are dropped by pydantic, not refused: said, not silently accepted.
    assert "dropped" in result.reason


def test_a_model_that_allows_longer_strings_than_the_contract_fails(tmp_path: Path) -> None:
    result = judge(tmp_path, "create_long")

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.check == MODEL_MATCHES_CONTRACT
    assert failure.file == "contracts/notes.create/1.0/input.schema.json"
    assert "LongNewNote accepts a document the contract's input schema forbids" in failure.message
    assert "at /title" in failure.message
    assert 200 < len(failure.example["title"]) <= 500
    assert "validate_json" in failure.reproduce


def test_generation_finds_what_the_json_schema_does_not_show(tmp_path: Path) -> None:
    # PickyNewNote's JSON schema equals the contract; only its validator refuses long titles.
    result = judge(tmp_path, "create_picky")

    assert result.status == "failed"
    (failure,) = result.failures
    assert "PickyNewNote rejects a document the contract's input schema admits" in failure.message
    assert "at most 3 characters" in failure.message
    assert len(failure.example["title"]) == 4  # shrunk to the shortest refused title


def test_a_model_that_drops_a_required_output_field_fails(tmp_path: Path) -> None:
    result = judge(tmp_path, "create_dropping")

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.file == "contracts/notes.create/1.0/output.schema.json"
    assert "NoteWithoutCreated can produce a document" in failure.message
    assert "created" in failure.message
    assert "created" not in failure.example


def test_a_lax_coercion_that_breaks_the_contract_is_named(tmp_path: Path) -> None:
    digits = {
        "$schema": DRAFT202012,
        "type": "object",
        "properties": {"count": {"type": "string", "pattern": "^[0-9]+$"}},
        "required": ["count"],
    }
    output = {"$schema": DRAFT202012, "type": "object"}
    result = judge(tmp_path, "count", digits, output)

    assert result.status == "failed"
    messages = " ".join(f.message for f in result.failures)
    assert "pydantic's lax mode turned" in messages
    assert "a string to an integer" in messages


def test_a_model_parameter_beside_others_is_judged_at_its_property(tmp_path: Path) -> None:
    schema: dict[str, Any] = {
        "$schema": DRAFT202012,
        "type": "object",
        "properties": {
            "note_id": {"type": "integer"},
            "new": {**{k: v for k, v in NOTE_INPUT.items() if k != "$schema"}},
        },
        "required": ["note_id", "new"],
    }
    schema["properties"]["new"]["properties"] = {
        "title": {"type": "string", "minLength": 1, "maxLength": 100},
        "tags": NOTE_INPUT["properties"]["tags"],
    }
    result = judge(tmp_path, "rename", schema)

    assert result.status == "failed"
    failure = next(f for f in result.failures if f.pointer == "/properties/new")
    assert "NewNote (parameter 'new') accepts" in failure.message


def test_a_logic_without_models_is_skipped(tmp_path: Path) -> None:
    schema = {"$schema": DRAFT202012, "type": "object"}
    result = judge(tmp_path, "plain", schema, schema)

    assert result.status == "skipped"
    assert "no pydantic model" in result.reason


@pytest.mark.parametrize(
    ("logic", "files"),
    [("create", ["input", "output"]), ("count", ["input"]), ("rename", ["input", "output"])],
)
def test_models_are_found_from_annotations(logic: str, files: list[str]) -> None:
    seam = bind(Binding(contract="notes.create", logic=f"{SERVICE}:{logic}"))

    assert [side.file for side in models_of(seam)] == files


def test_a_model_named_in_the_binding_is_judged_without_annotations(tmp_path: Path) -> None:
    result = judge(
        tmp_path,
        "plain",
        input_model=f"{SERVICE}:LongNewNote",
        output_model=f"{SERVICE}:Note",
    )

    assert result.status == "failed"
    (failure,) = result.failures
    assert "LongNewNote accepts" in failure.message


def test_a_model_named_in_the_binding_that_does_not_import_is_a_config_error(
    tmp_path: Path,
) -> None:
    with pytest.raises(ConfigError, match="input-model"):
        judge(tmp_path, "plain", input_model=f"{SERVICE}:LongNewNot")


def test_a_named_model_pydantic_cannot_read_is_a_config_error(tmp_path: Path) -> None:
    # An exception class named as the output model: PydanticSchemaGenerationError escaped
    # from seamguard check (self-fuzz).
    with pytest.raises(ConfigError) as caught:
        judge(tmp_path, "plain", output_model="seamguard.errors:ContractViolation")

    assert str(caught.value).startswith(
        "'output-model' = 'seamguard.errors:ContractViolation': pydantic cannot read "
        "<class 'seamguard.errors.ContractViolation'> as a model; name a pydantic model"
    )


def test_a_run_that_cannot_finish_is_an_error_not_a_pass(tmp_path: Path) -> None:
    # The model's validator raises RuntimeError on every title: nothing is judged, and
    # the result must say so rather than pass.
    result = judge(tmp_path, "create_broken")

    assert result.status == "error", result
    assert "RuntimeError: the validator itself is broken" in result.reason
