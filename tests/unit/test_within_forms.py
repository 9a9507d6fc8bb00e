"""``api-within-logic`` across forms (issue 18, point 6): a route that takes ``title: str``
and hands the logic ``TodoTitle(value=title)`` is undecided with the reason, never failed;
a same-form field where the API admits more than the seam still fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seamguard import load_contracts
from seamguard.checks import API_WITHIN_LOGIC
from seamguard.checks.within import check_api_within_logic
from seamguard.config import Binding, Route
from seamguard.contracts import Validators
from seamguard.schema import admits_only, different_forms
from seamguard.schema._within._forms import FORMS, json_forms
from seamguard.seams import bind
from tests.unit.helpers import DRAFT202012, write_contract
from tests.unit.services.titles.service import INPUT_SCHEMA, app

LOGIC = "tests.unit.services.titles.service:create_todo"


def judge(tmp_path: Path, route: str) -> Any:
    root = tmp_path / "contracts"
    write_contract(
        root,
        "todos.create",
        "1.0",
        input_schema=INPUT_SCHEMA,
        output_schema={"$schema": DRAFT202012, "type": "object"},
    )
    registry = load_contracts(root)
    method, path = route.split(" ")
    seam = bind(Binding("todos.create", LOGIC, routes=(Route(method=method, path=path),)))
    return check_api_within_logic(
        seam,
        registry.get("todos.create", "1.0"),
        Validators(registry),
        app.openapi(),
        relative_to=tmp_path,
    )


def test_a_value_object_built_by_the_route_is_undecided_not_failed(tmp_path: Path) -> None:
    result = judge(tmp_path, "POST /todos")

    assert result.check == API_WITHIN_LOGIC
    assert result.status == "passed", [f.message for f in result.failures]
    assert result.reason == (
        "undecided: POST /todos body property 'title' (different forms: the API admits "
        "strings, the seam objects, so the route builds the seam's value (a value object, "
        "a wrapper); not compared)"
    )
    assert result.examples == 2  # the title and the note were both looked at


def test_a_same_form_widening_beside_a_value_object_still_fails(tmp_path: Path) -> None:
    result = judge(tmp_path, "POST /wide-todos")

    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.check == API_WITHIN_LOGIC
    assert failure.pointer == "/properties/note"
    assert "POST /wide-todos body property 'note' admits values" in failure.message
    assert "at most 200" in failure.message
    assert 200 < len(failure.example["note"]) <= 500
    # the value object is still named as undecided, not failed
    assert "body property 'title' (different forms" in result.reason


@pytest.mark.parametrize(
    ("schema", "forms"),
    [
        ({"type": "string"}, {"string"}),
        ({"type": ["integer", "null"]}, {"number", "null"}),
        ({"enum": ["a", 1]}, {"string", "number"}),
        ({"const": None}, {"null"}),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, {"string", "null"}),
        ({"allOf": [{"type": ["string", "null"]}, {"type": "string"}]}, {"string"}),
        ({"$ref": "#/$defs/T", "$defs": {"T": {"type": "object"}}}, {"object"}),
        ({"$ref": "#/$defs/missing"}, set(FORMS)),
        ({}, set(FORMS)),
        (True, set(FORMS)),
        (False, set()),
    ],
)
def test_the_forms_a_schema_admits(schema: Any, forms: set[str]) -> None:
    assert json_forms(schema) == forms


def test_only_disjoint_forms_are_different_forms() -> None:
    obj = {"type": "object", "properties": {"value": {"type": "string"}}}
    assert different_forms({"type": "string"}, obj)
    assert different_forms({"type": "string"}, {"type": "integer"})
    # a shared form is compared as before: a nullable string against a string, any value
    assert not different_forms({"type": ["string", "null"]}, {"type": "string"})
    assert not different_forms({}, obj)
    assert not different_forms({"type": "integer"}, {"type": "number"})
    # and the subschema decision itself still answers across forms (compat, models use it)
    assert admits_only({"type": "string"}, obj).outcome == "no"
