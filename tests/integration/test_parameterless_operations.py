"""Operations with nothing to make invalid are driven, never errors (issue 18, point 8).

On tests/unit/services/profile: ``GET /me`` takes no parameter at all and ``GET /greeting``
only an optional header. Schemathesis can draw no negative case for them, and Hypothesis
used to say ``Unsatisfiable`` on every API check of their seams, though every request got a
2xx. Now their positive requests are sent and judged, their negative mode is skipped with a
reason, and planted bugs are caught with the usual check ids.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from seamguard.checks.api._plan import ApiFindings, merge_api_findings
from seamguard.config import Binding, Route, load_config
from seamguard.engine import run_check

PROFILE = Path(__file__).resolve().parents[1] / "unit" / "services" / "profile"

Statuses = dict[tuple[str, str], tuple[str, str]]


def statuses(monkeypatch: pytest.MonkeyPatch, bug: str) -> Statuses:
    """``(seam, check)`` to its status and reason, from a serial run in this process."""
    monkeypatch.setenv("PROFILE_BUG", bug)
    run = run_check(load_config(PROFILE / "seamguard.toml"), seed=1, example_db="none")
    return {(r.seam, r.check): (r.status, r.reason) for r in run.results}


def test_a_clean_parameterless_service_passes_and_skips_only_negative_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = statuses(monkeypatch, "")

    assert not [key for key, (status, _) in found.items() if status in ("error", "failed")]
    for seam, route in (("profile.me", "GET /me"), ("profile.greeting", "GET /greeting")):
        assert found[(seam, "api-rejects-invalid")] == (
            "skipped",
            f"{route}: the request has no parameter or body to make invalid",
        )
        for check in ("api-hands-valid-input", "api-accepted-crossed", "api-response-conforms"):
            assert found[(seam, check)][0] == "passed", (seam, check, found[(seam, check)])


@pytest.mark.parametrize(
    ("bug", "check"),
    [
        ("server-error", "api-rejects-invalid"),  # a 500 on GET /me
        ("output", "logic-output-conforms"),  # the logic returns a null name
    ],
)
def test_a_planted_bug_on_a_parameterless_operation_is_caught(
    monkeypatch: pytest.MonkeyPatch, bug: str, check: str
) -> None:
    found = statuses(monkeypatch, bug)

    assert found[("profile.me", check)][0] == "failed", found[("profile.me", check)]
    assert not [key for key, (status, _) in found.items() if status == "error"]
    assert all(
        status != "failed" for (seam, _), (status, _) in found.items() if seam != "profile.me"
    )


def test_a_seam_with_one_operation_to_negate_passes_with_a_note() -> None:
    routes = (Route("GET", "/me"), Route("PATCH", "/me"))
    binding = Binding("profile.me", "profile_app.logic:current_user", routes=routes)
    contracts: dict[str, Any] = {"profile.me": SimpleNamespace(version="1.0")}
    # Two negative units: GET /me had nothing to negate, PATCH /me was driven.
    found = [ApiFindings(nothing_to_negate={"profile.me": ["GET /me"]}), ApiFindings()]

    results, _ = merge_api_findings([binding], contracts, found)

    rejects = next(r for r in results if r.check == "api-rejects-invalid")
    assert (rejects.status, rejects.reason) == (
        "passed",
        "no invalid request for GET /me (nothing to make invalid)",
    )
