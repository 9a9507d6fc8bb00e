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
OUTPUTS = "tests.unit.services.drift.outputs"

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
NOTE_OUTPUT: dict[str, Any] = {
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
    logic = logic if ":" in logic else f"{SERVICE}:{logic}"
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
    # the example is the contract-valid output; the message says what the model made of it
    assert "NoteWithoutCreated turns a contract-valid output into one" in failure.message
    assert "/created was dropped" in failure.message
    assert "created" in failure.example


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

    # binding reads the output model first since issue 18 point 2 (seams/_outputs.py),
    # with its own wording: one line naming the key, the class and what to name instead
    message = str(caught.value)
    assert message.startswith("'output-model' = ")
    assert "seamguard.errors.ContractViolation" in message
    assert "pydantic cannot read" in message
    assert "name a pydantic model" in message
    assert "\n" not in message


def test_a_run_that_cannot_finish_is_an_error_not_a_pass(tmp_path: Path) -> None:
    # The model's validator raises RuntimeError on every title: nothing is judged, and
    # the result must say so rather than pass.
    result = judge(tmp_path, "create_broken")

    assert result.status == "error", result
    assert "RuntimeError: the validator itself is broken" in result.reason


# -- issue 18, point 4: an output model fails only when it breaks a contract-valid output ----

STRICT_OUTPUT: dict[str, Any] = {
    **NOTE_OUTPUT,
    "properties": {
        **NOTE_OUTPUT["properties"],
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
    },
}


def test_an_output_model_looser_than_the_contract_passes(tmp_path: Path) -> None:
    # NoteOut says title: str where the contract says 1-200 characters: what the logic
    # really returns is logic-output-conforms' business, not the model's.
    result = judge(tmp_path, f"{OUTPUTS}:create_loose", output_schema=STRICT_OUTPUT)

    assert result.status == "passed", result.failures
    assert result.examples > 0


def test_an_output_model_renaming_a_field_by_an_alias_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = judge(tmp_path, f"{OUTPUTS}:create_renamed", output_schema=STRICT_OUTPUT)

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.check == MODEL_MATCHES_CONTRACT
    assert failure.file == "contracts/notes.create/1.0/output.schema.json"
    assert "RenamedNote turns a contract-valid output into one" in failure.message
    assert "/title was renamed /heading" in failure.message
    assert '"title" is a required property' in failure.message
    # the reproduction prints what crosses the seam: the title under its alias
    exec(failure.reproduce, {})
    assert "'heading'" in capsys.readouterr().out


def test_an_output_model_reformatting_a_date_fails(tmp_path: Path) -> None:
    dated = {
        **NOTE_OUTPUT,
        "properties": {
            **NOTE_OUTPUT["properties"],
            "created": {"type": "string", "format": "date"},
        },
    }
    result = judge(tmp_path, f"{OUTPUTS}:create_dated", output_schema=dated)

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.check == MODEL_MATCHES_CONTRACT
    assert "DatedNote turns a contract-valid output into one" in failure.message
    assert "at /created" in failure.message
    assert '"date"' in failure.message  # jsonschema-rs: '... is not a "date"'


def test_failures_keep_their_id_from_run_to_run(tmp_path: Path) -> None:
    first = judge(tmp_path / "a", f"{OUTPUTS}:create_renamed", output_schema=STRICT_OUTPUT)
    second = judge(tmp_path / "b", f"{OUTPUTS}:create_renamed", output_schema=STRICT_OUTPUT)

    assert [f.id for f in first.failures] == [f.id for f in second.failures]


SIGNUP: dict[str, Any] = {
    "$schema": DRAFT202012,
    "type": "object",
    "properties": {"email": {"type": "string", "format": "email"}},
    "required": ["email"],
    "additionalProperties": False,
    "examples": [{"email": "ada@example.com"}, {"email": "0@0.test"}],
}


def test_format_strictness_json_schema_cannot_state_is_a_note_not_a_failure(
    tmp_path: Path,
) -> None:
    # EmailStr refuses the special-use domain of 0@0.test, which format: email admits; the
    # model's own JSON schema says format: email too, so no schema can state the difference.
    plain = {"$schema": DRAFT202012, "type": "object"}
    result = judge(tmp_path, f"{OUTPUTS}:sign_up", SIGNUP, plain)

    assert result.status == "passed", result.failures
    assert "Signup refuses at /email a value the contract admits" in result.reason
    assert '"0@0.test"' in result.reason
    assert "format 'email'" in result.reason
    assert "noted, not failed" in result.reason


def test_a_refusal_where_the_formats_differ_still_fails(tmp_path: Path) -> None:
    # The same model against a contract with no format: its refusal of "x" is a real one.
    bare: dict[str, Any] = {
        **SIGNUP,
        "properties": {"email": {"type": "string"}},
        "examples": [{"email": "x"}],
    }
    plain = {"$schema": DRAFT202012, "type": "object"}
    result = judge(tmp_path, f"{OUTPUTS}:sign_up", bare, plain)

    assert result.status == "failed"
    assert any("Signup rejects a document" in f.message for f in result.failures)


def test_an_input_model_letting_a_forbidden_document_cross_fails(tmp_path: Path) -> None:
    result = judge(tmp_path, "create_long")

    assert result.status == "failed"
    assert [f.check for f in result.failures] == [MODEL_MATCHES_CONTRACT]
    assert "LongNewNote accepts a document the contract's input schema forbids" in (
        result.failures[0].message
    )


def test_an_input_model_refusing_a_contract_example_fails(tmp_path: Path) -> None:
    example = {**NOTE_INPUT, "examples": [{"title": "four"}]}
    result = judge(tmp_path, "create_picky", example)

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.check == MODEL_MATCHES_CONTRACT
    assert "PickyNewNote rejects a document the contract's input schema admits" in (failure.message)
    assert failure.example == {"title": "four"}


def test_a_failure_on_a_long_string_stays_a_few_lines(tmp_path: Path) -> None:
    huge = {
        "$schema": DRAFT202012,
        "type": "object",
        "properties": {"title": {"type": "string", "maxLength": 20_000}},
        "required": ["title"],
    }
    plain = {"$schema": DRAFT202012, "type": "object"}
    result = judge(tmp_path, f"{OUTPUTS}:create_huge", huge, plain)

    assert result.status == "failed"
    (failure,) = result.failures
    title = failure.example["title"]
    assert 20_000 < len(title) <= 30_000
    # the message names the place and the bound, shows the value as its start and length
    assert "HugeNote accepts a document" in failure.message
    assert f"({len(title)} characters)" in failure.message
    assert len(failure.message) < 400
    assert failure.message.count("\n") == 0
    # the reproduction builds the same document with a short expression, and runs
    assert len(failure.reproduce) < 400
    assert f"* {len(title)}" in failure.reproduce
    exec(failure.reproduce, {})
