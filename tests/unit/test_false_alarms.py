"""Three false alarms and a crash met on real services (issue 18, points 4 and 5).

- ``api-rejects-invalid``: a 404 after a logic that returned nothing (``None``, ``False``,
  ``0``: a delete that deleted nothing) is no possible partial write; a 4xx after a writing
  logic returned something still is (an empty list too: a search that found nothing is
  marked ``read-only``, as tests/unit/test_deliberate_4xx.py asks).
- ``logic-accepts-input``: a contract-valid value the logic's annotation refuses only by
  format strictness JSON Schema cannot state (pydantic's ``EmailStr`` refusing the
  special-use domain of ``0@0.test`` where both say ``format: email``) is a note on the
  passing result; a refusal where the formats differ still fails.
- ``model-matches-contract``: a return annotation pydantic cannot read
  (``AsyncIterator[Contact]``, an async generator logic) is judged by its items as the list
  the route collects, and any other one it cannot read is skipped with why, never a crash.

On tests/unit/services/mailbox; ``MAILBOX_BUG`` plants the defects of
``mailbox_app.logic.BUGS``.
"""

from __future__ import annotations

import pytest
import requests

from seamguard.checks.api._verdicts import Sent, api_rejects_invalid
from seamguard.generation._asgi import AsgiResponse
from seamguard.seams import Crossing

# -- api-rejects-invalid: the verdict on one answer ----------------------------------------


def sent(status: int, output: object, method: str = "DELETE") -> Sent:
    prepared = requests.Request(method, "http://localhost/things/1").prepare()
    answer = AsgiResponse(status, [("content-type", "application/json")], b"{}", 0.0)
    crossing = Crossing("things.remove", {"id": 1}, output=output)
    return Sent(answer, [crossing], ["things.remove"], None, prepared, negative=False)


@pytest.mark.parametrize("output", [None, False, 0])
def test_a_404_after_a_logic_that_returned_nothing_passes(output: object) -> None:
    assert api_rejects_invalid(sent(404, output)) is None


@pytest.mark.parametrize("output", [True, 1, {"id": 1}, [{"id": 1}], "gone", []])
def test_a_404_after_a_logic_that_returned_something_fails(output: object) -> None:
    verdict = api_rejects_invalid(sent(404, output))
    assert verdict is not None
    assert verdict[0] == "api-rejects-invalid"
    assert "after the logic of 'things.remove' returned normally" in verdict[2]


@pytest.mark.parametrize("status", [400, 409, 422])
def test_another_4xx_after_a_logic_that_returned_nothing_still_fails(status: int) -> None:
    assert api_rejects_invalid(sent(status, False)) is not None
