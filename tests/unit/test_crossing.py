"""One answer to "is this crossing valid under the contract?", and the API side's verdicts on
one request's answer: each check id planted, each clean case flagged by nothing."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from seamguard.checks.api._verdicts import Sent, api_accepted_crossed, api_rejects_invalid
from seamguard.checks.crossing import judge_crossing
from seamguard.generation._asgi import AsgiResponse
from seamguard.seams import Crossing


class Schema:
    """A schema that forbids the documents that hold ``"bad"`` at ``/x``."""

    def is_valid(self, instance: Any) -> bool:
        return not (isinstance(instance, dict) and instance.get("x") == "bad")

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        if self.is_valid(instance):
            return []
        return [("/x", "'bad' is not allowed"), ("/y", "'y' is required")]

    def mismatches(self, instance: Any) -> str:
        return "" if self.is_valid(instance) else "const at /x; required at /"


SCHEMAS: dict[str, Any] = {"input_schema": Schema(), "output_schema": Schema()}


def kinds(crossing: Crossing, **schemas: Any) -> list[tuple[str, str]]:
    return [(b.check, b.side) for b in judge_crossing(crossing, **(schemas or SCHEMAS))]


def test_a_crossing_that_holds_is_no_breach() -> None:
    assert judge_crossing(Crossing("s", {"x": 1}, output={"x": 2}), **SCHEMAS) == []
    declared = Crossing("s", {"x": 1}, error=LookupError("none"), declared=True)
    assert judge_crossing(declared, **SCHEMAS) == []


def test_an_input_the_contract_forbids_is_api_hands_valid_input_worded_as_reports_show_it() -> None:
    (breach,) = judge_crossing(Crossing("s", {"x": "bad"}, output={"x": 1}), **SCHEMAS)
    assert (breach.check, breach.seam, breach.side) == ("api-hands-valid-input", "s", "input")
    assert breach.message == (
        "the API handed the logic an input the contract forbids, at /x: 'bad' is not allowed "
        '(and 1 more); it handed {"x": "bad"}'
    )
    assert breach.errors[0] == ("/x", "'bad' is not allowed")
    assert breach.kind == "const at /x; required at /"


def test_an_undeclared_error_on_a_valid_input_is_logic_accepts_input() -> None:
    crossing = Crossing("s", {"x": 1}, error=RuntimeError("boom"))
    (breach,) = judge_crossing(crossing, **SCHEMAS)
    assert breach.check == "logic-accepts-input"
    assert (
        breach.message == 'the logic raised RuntimeError: boom on a contract-valid input {"x": 1}'
    )
    assert breach.kind == "raised builtins.RuntimeError"


def test_an_error_on_a_forbidden_input_is_the_apis_fault_alone() -> None:
    crossing = Crossing("s", {"x": "bad"}, error=RuntimeError("boom"))
    assert kinds(crossing) == [("api-hands-valid-input", "input")]


def test_an_output_the_contract_forbids_is_logic_output_conforms() -> None:
    (breach,) = judge_crossing(Crossing("s", {"x": 1}, output={"x": "bad"}), **SCHEMAS)
    assert (breach.check, breach.side) == ("logic-output-conforms", "output")
    assert breach.message == (
        "the logic returned a document its output schema forbids, at /x: 'bad' is not allowed "
        "(and 1 more)"
    )
    assert breach.kind == "const at /x; required at /"


def test_both_documents_forbidden_are_two_breaches_input_first() -> None:
    crossing = Crossing("s", {"x": "bad"}, output={"x": "bad"})
    assert kinds(crossing) == [
        ("api-hands-valid-input", "input"),
        ("logic-output-conforms", "output"),
    ]


def test_a_side_without_a_schema_is_not_judged() -> None:
    crossing = Crossing("s", {"x": "bad"}, output={"x": "bad"})
    assert kinds(crossing, input_schema=None, output_schema=Schema()) == [
        ("logic-output-conforms", "output")
    ]
    assert kinds(crossing, input_schema=Schema(), output_schema=None) == [
        ("api-hands-valid-input", "input")
    ]


# -- the verdicts on the answer -------------------------------------------------------------


def sent(status: int, *crossings: Crossing, error: BaseException | None = None) -> Sent:
    prepared = requests.Request("POST", "http://localhost/things", json={}).prepare()
    answer = AsgiResponse(status, [("content-type", "application/json")], b"{}", 0.0, error)
    return Sent(answer, list(crossings), ["things.create"], None, prepared, negative=False)


CROSSED = Crossing("things.create", {}, output={})
RAISED = Crossing("things.create", {}, error=LookupError("none"), declared=True)


def test_a_2xx_that_never_crossed_fails_api_accepted_crossed() -> None:
    assert api_accepted_crossed(sent(201)) == (
        "api-accepted-crossed",
        "things.create",
        "answered 201 but the logic of 'things.create' was never called",
        "2xx, never crossed",
    )
    assert api_accepted_crossed(sent(201, CROSSED)) is None
    # Another seam's crossing does not count.
    assert api_accepted_crossed(sent(200, Crossing("other.seam", {}, output={}))) is not None
    assert api_accepted_crossed(sent(404)) is None


@pytest.mark.parametrize(
    ("answer", "message", "kind"),
    [
        (sent(500), "answered 500", "5xx"),
        (
            sent(502, error=RuntimeError("down")),
            "answered 502 (RuntimeError: down)",
            "5xx, raised builtins.RuntimeError",
        ),
        (
            sent(409, CROSSED),
            "answered 409 after the logic of 'things.create' returned normally (a possible "
            "partial write: the logic acted, the client was told it did not)",
            "4xx after the logic returned",
        ),
    ],
)
def test_a_5xx_or_a_4xx_after_the_logic_returned_fails_api_rejects_invalid(
    answer: Sent, message: str, kind: str
) -> None:
    # The kind (what the failure id takes) names the status class and the error's type,
    # never its text: a KeyError 500 and a RuntimeError 500 are two failures.
    assert api_rejects_invalid(answer) == ("api-rejects-invalid", "things.create", message, kind)


@pytest.mark.parametrize("answer", [sent(201, CROSSED), sent(409, RAISED), sent(422)])
def test_answers_that_hold_pass_api_rejects_invalid(answer: Sent) -> None:
    assert api_rejects_invalid(answer) is None


# -- the logic checks' two sides ------------------------------------------------------------


def test_the_api_sides_failure_of_a_logic_check_replaces_the_logic_sides_pass() -> None:
    from seamguard.checks import CheckResult
    from seamguard.checks.logic import settle_sides

    passed = CheckResult("s", "1.0", "logic-output-conforms", "passed", 10)
    failed_logic = CheckResult("s", "1.0", "logic-accepts-input", "failed", 10)
    failed_api = CheckResult("s", "1.0", "logic-output-conforms", "failed", 5)
    also_failed_api = CheckResult("s", "1.0", "logic-accepts-input", "failed", 5)
    api_own = CheckResult("s", "1.0", "api-accepted-crossed", "passed", 5)
    logic = {(r.seam, r.check): r for r in (passed, failed_logic)}

    settled = settle_sides(logic, [failed_api, also_failed_api, api_own])

    assert settled[("s", "logic-output-conforms")] is failed_api
    assert settled[("s", "logic-accepts-input")] is failed_logic  # the logic side's stands
    assert settled[("s", "api-accepted-crossed")] is api_own
    assert logic[("s", "logic-output-conforms")] is passed  # nothing changed in place
