"""The API side's plan: independent units in a fixed order, and their findings merged back."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from seamguard.checks._ids import (
    API_CHECKS,
    API_REJECTS_INVALID,
    API_RESPONSE_CONFORMS,
    LOGIC_ACCEPTS_INPUT,
    LOGIC_OUTPUT_CONFORMS,
)
from seamguard.checks._result import CheckResult, Status

if TYPE_CHECKING:
    from collections.abc import Sequence

    from seamguard.config import Binding
    from seamguard.contracts import Contract
    from seamguard.errors import Failure
    from seamguard.generation._applog import LogTally

__all__ = [
    "ApiFindings",
    "ApiUnit",
    "OperationStats",
    "merge_api_findings",
    "order_label",
    "plan_api_units",
]


@dataclass(slots=True)
class OperationStats:
    """How one operation fared in a run."""

    cases: int = 0
    """Requests sent."""
    success: int = 0
    """Requests answered 2xx."""
    positive_cases: int = 0
    """Requests of positive (schema-valid) data sent."""
    positive_success: int = 0
    """Those answered 2xx."""
    negative_cases: int = 0
    """Requests of negative (schema-breaking) data sent."""
    negative_success: int = 0
    """Those answered 2xx."""
    refused: int = 0
    """Requests of positive data answered 401 or 403 (the route wants a login)."""

    def count(self, status: int, *, negative: bool) -> None:
        """Count one request of that mode and its answer's status."""
        ok = 200 <= status < 300
        self.cases += 1
        self.success += ok
        if negative:
            self.negative_cases += 1
            self.negative_success += ok
        else:
            self.positive_cases += 1
            self.positive_success += ok
            self.refused += status in (401, 403)

    def add(self, other: OperationStats) -> None:
        """Add another unit's counts of the same operation."""
        for one in fields(self):
            setattr(self, one.name, getattr(self, one.name) + getattr(other, one.name))


@dataclass(frozen=True, slots=True)
class ApiUnit:
    """One independent piece of the API side: what a worker process runs at a time.

    ``positive``: every operation in ``routes``, positive data, in order, sharing the ids
    the answers return (creators first, so a ``GET`` on ``{id}`` meets ids that exist).
    ``negative``: one operation, negative data (its requests need no ids). ``probe``: the
    undocumented methods (``--http-checks all``). Each unit judges from a clean slate, so its
    findings do not depend on which units ran before it, in this process or another.
    """

    kind: str
    """``positive``, ``negative`` or ``probe``."""
    routes: tuple[str, ...]
    """Operation labels (``POST /api/tasks``), in the order they run."""
    fillers: tuple[str, ...] = ()
    """Those of ``routes`` that run only to make ids for the others (another seam's
    creators, in a shard or a ``--seam`` run): a fifth of the examples, findings unjudged."""

    @property
    def name(self) -> str:
        """A short name for progress lines and request ids."""
        if self.kind == "negative":
            return f"negative {self.routes[0]}"
        return self.kind


@dataclass(slots=True)
class ApiFindings:
    """What one unit found: plain, picklable data to merge into results."""

    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)
    """(seam, check) to its first failure."""
    errors: dict[str, str] = field(default_factory=dict)
    """Seam to why a run on one of its routes could not finish."""
    coerced: dict[str, str] = field(default_factory=dict)
    """Seam to a negative request accepted by coercion (a note, not a failure)."""
    stats: dict[str, OperationStats] = field(default_factory=dict)
    """Operation label to its requests."""
    nothing_to_negate: dict[str, list[str]] = field(default_factory=dict)
    """Seam to its operations with nothing to make invalid (negative mode skipped them)."""
    logs: dict[str, LogTally] = field(default_factory=dict)
    """Seam to the app's log records and warnings of its judged requests; ``""`` to those
    emitted outside a request (start-up)."""


def plan_api_units(
    bindings: Sequence[Binding],
    *,
    http_checks_all: bool = False,
    fillers: Sequence[Binding] = (),
) -> list[ApiUnit]:
    """The units of the API side for ``bindings``, in the order a serial run takes them.

    Operations are ordered from the route text alone (:func:`order_label`), so the plan
    needs no app. ``fillers``: other bound seams whose operations without path parameters
    (creators, listings) join the positive run to fill the id pools (a shard that judges
    ``GET /tasks/{id}`` still needs the ``POST /tasks`` that makes ids); their findings are
    not this plan's to report.
    """
    labels: dict[str, None] = {}
    for binding in bindings:
        for route in binding.routes:
            labels.setdefault(str(route), None)
    ordered = sorted(labels, key=order_label)
    if not ordered:
        return []
    extra = {
        str(route)
        for binding in fillers
        for route in binding.routes
        if "{" not in route.path and str(route) not in labels
    }
    chain = tuple(sorted([*ordered, *extra], key=order_label))
    units = [ApiUnit("positive", chain, tuple(sorted(extra, key=order_label)))]
    units += [ApiUnit("negative", (label,)) for label in ordered]
    if http_checks_all:
        units.append(ApiUnit("probe", tuple(ordered)))
    return units


def merge_api_findings(
    bindings: Sequence[Binding], contracts: dict[str, Contract], findings: list[ApiFindings]
) -> tuple[list[CheckResult], dict[str, OperationStats]]:
    """Results per seam and check from every unit's findings, taken in plan order: the
    first unit's failure of a (seam, check) wins, whichever process ran it."""
    merged = ApiFindings()
    for found in findings:
        for key, first in found.failures.items():
            merged.failures.setdefault(key, first)
        for name, text in found.errors.items():
            merged.errors.setdefault(name, text)
        for name, text in found.coerced.items():
            merged.coerced.setdefault(name, text)
        for name, labels in found.nothing_to_negate.items():
            merged.nothing_to_negate.setdefault(name, []).extend(labels)
        for label, counted in found.stats.items():
            merged.stats.setdefault(label, OperationStats()).add(counted)
    results: list[CheckResult] = []
    for binding in bindings:
        results += _results_of(binding, str(contracts[binding.contract].version), merged)
    ordered = sorted(merged.stats, key=order_label)
    return results, {label: merged.stats[label] for label in ordered}


def _results_of(binding: Binding, version: str, merged: ApiFindings) -> list[CheckResult]:
    """One seam's results: every API check, and the logic checks the API side failed."""
    name = binding.contract
    stats = merged.stats
    cases = sum(stats[str(r)].cases for r in binding.routes if str(r) in stats)
    results: list[CheckResult] = []
    for check in (*API_CHECKS, LOGIC_ACCEPTS_INPUT, LOGIC_OUTPUT_CONFORMS):
        failure = merged.failures.get((name, check))
        if failure is not None:
            results.append(CheckResult(name, version, check, "failed", cases, failures=(failure,)))
        elif check in API_CHECKS:
            status: Status = "passed" if binding.routes else "skipped"
            reason = "" if binding.routes else "no routes are bound to this seam"
            if check == API_RESPONSE_CONFORMS and name in merged.coerced:
                reason = merged.coerced[name]
            if check == API_REJECTS_INVALID and name in merged.nothing_to_negate:
                status, reason = _nothing_to_negate(binding, merged.nothing_to_negate[name])
            if name in merged.errors:
                status, reason = "error", merged.errors[name]
            results.append(CheckResult(name, version, check, status, cases, reason=reason))
    return results


def _nothing_to_negate(binding: Binding, labels: list[str]) -> tuple[Status, str]:
    """``api-rejects-invalid`` where some operations have nothing to make invalid: skipped
    when none of the seam's operations has, else passed with a note naming them."""
    named = ", ".join(sorted(set(labels)))
    if {str(r) for r in binding.routes} <= set(labels):
        return "skipped", f"{named}: the request has no parameter or body to make invalid"
    return "passed", f"no invalid request for {named} (nothing to make invalid)"


_METHOD_ORDER = {"POST": 0, "PUT": 1, "GET": 2, "PATCH": 3, "DELETE": 5}


def order_label(label: str) -> tuple[int, int, str]:
    """Creators first (they fill the id pools), readers, changers; deletes last."""
    method, _, path = label.partition(" ")
    method = method.upper()
    if "{" not in path:
        return (0, _METHOD_ORDER.get(method, 4), path)
    rank = {"GET": 0, "PUT": 1, "PATCH": 1, "POST": 2, "DELETE": 3}.get(method, 2)
    return (1, rank, path)
