"""The error families, failure ids and near-miss suggestions."""

from __future__ import annotations

import pickle
import sys

import pytest

from seamguard import ConfigError, ContractError, ContractViolation, Failure, SeamguardError
from seamguard.errors import did_you_mean


def failure(**changes: object) -> Failure:
    fields: dict[str, object] = {
        "check": "contract-valid",
        "seam": "tasks.create",
        "version": "1.1",
        "message": "-1 is less than the minimum of 0",
        "file": "contracts/tasks.create/1.1/input.schema.json",
        "pointer": "/properties/title/maxLength",
    }
    fields.update(changes)
    return Failure(**fields)  # type: ignore[arg-type]


def test_usage_errors_share_a_base_and_violations_are_assertions() -> None:
    assert issubclass(ConfigError, SeamguardError)
    assert issubclass(ContractError, SeamguardError)
    assert issubclass(ContractViolation, AssertionError)
    assert not issubclass(ContractViolation, SeamguardError)


def test_a_violation_pickles_and_keeps_notes() -> None:
    violation = ContractViolation(failure())
    if sys.version_info >= (3, 11):  # add_note() is how pytest and Hypothesis attach examples
        violation.add_note("Falsifying example: ...")

    copy = pickle.loads(pickle.dumps(violation))

    assert copy.failure == violation.failure
    assert "[contract-valid] tasks.create@1.1" in str(violation)


def test_failure_ids_are_stable_and_tell_failures_apart() -> None:
    assert failure().id == failure().id
    assert len(failure().id) == 12
    assert failure().id != failure(pointer="/properties/title/minLength").id
    assert failure().id != failure(seed=1).id


def test_failure_location_joins_file_and_pointer() -> None:
    assert failure().location() == (
        "contracts/tasks.create/1.1/input.schema.json#/properties/title/maxLength"
    )
    assert failure(pointer="").location() == "contracts/tasks.create/1.1/input.schema.json"
    assert failure(file="", pointer="").location() == ""


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [
        ("max_examples", "; did you mean 'max-examples'?"),
        ("maxexamples", "; did you mean 'max-examples'?"),
        ("rotues", "; did you mean 'routes'?"),
        ("zzzz", ""),
    ],
)
def test_did_you_mean(word: str, suggestion: str) -> None:
    assert did_you_mean(word, ["max-examples", "routes", "raises"]) == suggestion
