"""A 4xx after a lookup that found nothing is no partial write (issue 18, point 5).

Met on a full-stack service's login: ``authenticate(...) -> User | None`` found no match and
the route answered 400 or 401; ``api-rejects-invalid`` called it "a possible partial write"
unless the seam was marked ``read-only``. A seam whose output contract admits ``null`` beside
a value is a lookup: any 4xx after it returned ``None`` passes. A logic whose contract is
``null`` alone (``-> None``: a write) is no lookup, and a 4xx after it still fails.

On tests/unit/services/gatekeeper: ``login.create`` is the lookup, ``refusals.create`` the
planted write.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from seamguard.checks.api._verdicts import Sent, api_rejects_invalid, may_find_nothing
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.generation._asgi import AsgiResponse
from seamguard.seams import Crossing

GATEKEEPER = Path(__file__).resolve().parent / "services" / "gatekeeper"


@pytest.mark.parametrize(
    "schema",
    [
        {"anyOf": [{"type": "object"}, {"type": "null"}]},
        {"oneOf": [{"$ref": "#/$defs/User"}, {"type": "null"}]},
        {"type": ["object", "null"]},
    ],
)
def test_null_beside_a_value_is_a_lookup(schema: dict[str, Any]) -> None:
    assert may_find_nothing(schema)


@pytest.mark.parametrize(
    "schema",
    [{"type": "null"}, {"type": ["null"]}, {"type": "object"}, {"anyOf": [{"type": "null"}]}, True],
)
def test_null_alone_or_no_null_is_no_lookup(schema: Any) -> None:
    assert not may_find_nothing(schema)


def sent(status: int, output: object) -> Sent:
    prepared = requests.Request("POST", "http://localhost/login", json={}).prepare()
    answer = AsgiResponse(status, [("content-type", "application/json")], b"{}", 0.0, None)
    crossing = Crossing("login.create", {}, output=output)
    return Sent(answer, [crossing], ["login.create"], None, prepared, negative=False)


@pytest.mark.parametrize("status", [400, 401, 403, 409])
def test_a_4xx_after_a_lookup_returned_none_passes(status: int) -> None:
    assert api_rejects_invalid(sent(status, None), lookups=frozenset({"login.create"})) is None


def test_a_4xx_after_a_lookup_returned_a_value_or_after_a_write_fails() -> None:
    lookups = frozenset({"login.create"})
    assert api_rejects_invalid(sent(401, {"email": "a"}), lookups=lookups) is not None
    assert api_rejects_invalid(sent(401, False), lookups=lookups) is not None
    assert api_rejects_invalid(sent(401, None)) is not None  # not a lookup: a write


@pytest.fixture
def gatekeeper() -> Iterator[None]:
    yield
    for name in [n for n in sys.modules if n.partition(".")[0] == "gatekeeper_app"]:
        del sys.modules[name]


def test_the_login_passes_and_the_write_then_429_fails(gatekeeper: None) -> None:
    run = run_check(load_config(GATEKEEPER / "seamguard.toml"), seed=1, example_db="none")
    failed = {(r.seam, r.check): r.failures for r in run.results if r.failures}
    assert set(failed) == {("refusals.create", "api-rejects-invalid")}
    (failure,) = failed["refusals.create", "api-rejects-invalid"]
    assert "answered 429 after the logic of 'refusals.create' returned normally" in failure.message
    (login,) = [
        r for r in run.results if (r.seam, r.check) == ("login.create", "api-rejects-invalid")
    ]
    assert login.status == "passed"
