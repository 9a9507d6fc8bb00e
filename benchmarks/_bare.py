"""A bare Schemathesis run of one operation: the baseline the API-side benchmarks compare to.

``bench_api.py`` (taskapp) and ``bench_realworld.py`` (the vendored services) both time
Schemathesis alone on the operations seamguard drives: a seeded Hypothesis test per
operation and generation mode calling ``case.call_and_validate`` with the response checks.
"""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Unsatisfiable


def run_bare(
    operation: Any,
    mode: Any,
    checks: list[Any],
    counts: dict[str, int],
    *,
    examples: int,
    seed: int,
    count_raised: bool = False,
) -> None:
    """Send ``operation``'s drawn cases in ``mode``, counting cases, 2xx answers and failed
    checks in ``counts``. A failure is counted, not raised: a failing test would shrink and
    skew the rate. ``count_raised``: an exception the app raised through the ASGI client (a
    500 of a service with a real bug) is counted as a failure too."""
    from schemathesis.core.failures import Failure, FailureGroup

    counted: tuple[type[BaseException], ...] = (Failure, FailureGroup)
    if count_raised:
        counted = (*counted, Exception)  # a FailureGroup is a BaseExceptionGroup only

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(operation.as_strategy(generation_mode=mode))
    def test(case: Any) -> None:
        counts["cases"] += 1
        try:
            response = case.call_and_validate(checks=checks)
        except counted:
            counts["failures"] += 1
            return
        if 200 <= response.status_code < 300:
            counts["success"] += 1

    # Negative mode on an operation with nothing to negate is Unsatisfiable.
    with contextlib.suppress(Unsatisfiable):
        test()
