"""The error families, failure ids and near-miss suggestions."""

from __future__ import annotations

import pickle
import sys

import pytest

from seamguard import ConfigError, ContractError, ContractViolation, Failure, SeamguardError
from seamguard.errors import did_you_mean, error_kind, failure_id, without_fresh_values


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
    assert failure().id != failure(message="-2 is less than the minimum of 0").id
    assert failure().id != failure(check="contract-compat").id
    assert failure().id != failure(version="1.2").id
    assert failure().id != failure(example={"title": ""}).id


def test_a_failure_id_is_what_makes_the_failure_the_same_not_the_run() -> None:
    """DESIGN.md: a digest of seam, version, check, the minimal example, the kind of mismatch
    and its pointer. Not the seed that found it, nor how it was worded, nor values the code
    made afresh."""
    found = failure(example={"title": "a"}, kind="maxLength at /title", seed=1)
    assert found.id == failure(example={"title": "a"}, kind="maxLength at /title", seed=2).id
    # The kind stands for the message: a message quoting the output may differ run to run.
    reworded = failure(example={"title": "a"}, kind="maxLength at /title", message="other")
    assert found.id == reworded.id
    assert found.id != failure(example={"title": "a"}, kind="type at /title").id
    assert found.id != failure(example={"title": "b"}, kind="maxLength at /title").id
    # The key stands for the example (a request whose path holds an id made at run time).
    keyed = failure(example={"url": "/tasks/1"}, key="GET /tasks/{id}")
    assert keyed.id == failure(example={"url": "/tasks/2"}, key="GET /tasks/{id}").id


@pytest.mark.parametrize(
    ("made", "again"),
    [
        ("7d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", "0c9a4e8b-2d61-4f3a-9b57-e1d2c3b4a596"),
        ("7d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a", "0c9a4e8b2d614f3a9b57e1d2c3b4a596"),  # uuid4().hex
        ("2026-01-01T09:00:00.123456+00:00", "2026-03-07T17:41:02.000001+00:00"),
        ("2026-01-01T09:00:00Z", "2027-12-31 23:59:59"),
        ("2026-01-01", "2026-01-02"),
        ("09:00:00.5", "17:41:02"),
        ("datetime.datetime(2026, 1, 1, 9, 0)", "datetime.datetime(2026, 1, 2, 9, 1, 5)"),
        ("<Note object at 0x7fa92d9c04a0>", "<Note object at 0x7fa92c7043b0>"),
    ],
)
def test_values_made_afresh_each_run_do_not_change_the_id(made: str, again: str) -> None:
    first = failure(message=f"it returned {made}", example={"note": {"id": made}, made: 1})
    second = failure(message=f"it returned {again}", example={"note": {"id": again}, again: 1})
    assert first.id == second.id
    assert without_fresh_values([made, {"k": made}]) == without_fresh_values([again, {"k": again}])
    # What is not made afresh still tells failures apart.
    assert first.id != failure(message=f"it refused {made}", example={"note": {"id": made}}).id


def test_the_id_is_one_function_of_the_failures_fields() -> None:
    found = failure(example={"a": [1, None, True, 1.5]}, kind="type at /a/0", seed=3)
    assert found.id == failure_id(
        check=found.check,
        seam=found.seam,
        version=found.version,
        file=found.file,
        pointer=found.pointer,
        example=found.example,
        kind=found.kind,
    )
    # An object that is not JSON counts by its repr, its address normalised out.
    assert failure(example=object()).id == failure(example=object()).id


def test_an_error_kind_is_its_type_and_the_function_that_raised_it() -> None:
    def lookup() -> None:
        raise KeyError("title")

    with pytest.raises(KeyError) as raised:
        lookup()
    assert error_kind(raised.value) == "builtins.KeyError in lookup"
    assert error_kind(RuntimeError("never raised")) == "builtins.RuntimeError"


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
