"""Joining what the logic side and the API side found into each seam's results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from seamguard.checks import CheckResult
from seamguard.generation._applog import LogTally

if TYPE_CHECKING:
    from collections.abc import Sequence

    from seamguard.config import Binding
    from seamguard.contracts import Contract
    from seamguard.engine._units import LogicOutcome

__all__ = ["Findings", "skipped_for_invalid"]

_HUNG_API = (
    "not run: the logic hung on the logic side (see logic-accepts-input), and a request "
    "would hang the same way"
)
_HUNG_WITHIN = "not run: the logic hung on the logic side (see logic-accepts-input)"
_NO_APP = "no 'app' is configured"


@dataclass(slots=True)
class Findings:
    """What the run's sides found so far, seam by seam."""

    logic: dict[tuple[str, str], CheckResult] = field(default_factory=dict)
    """(seam, check) to the logic side's result."""
    model: dict[str, CheckResult] = field(default_factory=dict)
    """Seam to its ``model-matches-contract`` result."""
    hung: set[str] = field(default_factory=set)
    """The seams whose logic hung."""
    within: dict[str, CheckResult] = field(default_factory=dict)
    """Seam to its ``api-within-logic`` result."""
    api: list[CheckResult] = field(default_factory=list)
    """The API side's results (its own checks, and the logic checks it failed)."""
    operations: dict[str, tuple[int, int]] = field(default_factory=dict)
    """API operation to (requests sent, answered 2xx)."""
    modes: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    """API operation to mode (``positive``, ``negative``) to (requests sent, answered 2xx)."""
    refused: dict[str, int] = field(default_factory=dict)
    """API operation to its positive requests answered 401 or 403."""
    logs: dict[tuple[str, str], LogTally] = field(default_factory=dict)
    """(seam, side) to the app's log records and warnings: ``logic`` (the logic side's
    calls), ``api`` (the requests judged for the seam); ``("", "api")``: outside a request."""

    @classmethod
    def of_logic(cls, outcomes: Sequence[LogicOutcome]) -> Findings:
        """The findings of the logic side's units."""
        found = cls()
        for outcome in outcomes:
            found.model[outcome.model.seam] = outcome.model
            for result in outcome.results:
                found.logic[(result.seam, result.check)] = result
            if outcome.hung:
                found.hung.add(outcome.model.seam)
            if outcome.logs is not None and outcome.logs.count:
                found.logs[(outcome.model.seam, "logic")] = outcome.logs
        return found

    def add_logs(self, side: str, logs: dict[str, LogTally]) -> None:
        """Add a unit's tallies (seam to its tally) of ``side``."""
        for seam, tally in logs.items():
            if tally.count:
                self.logs.setdefault((seam, side), LogTally()).merge(tally)

    def skip_api(
        self, bindings: Sequence[Binding], contracts: dict[str, Contract], *, app: bool
    ) -> None:
        """Skip the API checks of the seams no request can reach: no app, or a hung logic."""
        from seamguard.checks.catalogue import ids_on

        for binding in bindings:
            if app and binding.contract not in self.hung:
                continue
            reason = _NO_APP if not app else _HUNG_API
            version = str(contracts[binding.contract].version)
            self.api.extend(
                CheckResult(binding.contract, version, check, "skipped", reason=reason)
                for check in ids_on("api")
            )

    def results(
        self, bindings: Sequence[Binding], contracts: dict[str, Contract], *, app: bool
    ) -> list[CheckResult]:
        """The results of ``bindings``' seams, seam by seam in report order (after their
        static ones)."""
        from seamguard.checks import API_WITHIN_LOGIC
        from seamguard.checks.catalogue import ids_on
        from seamguard.checks.logic import settle_sides

        settled = settle_sides(self.logic, self.api)
        found: list[CheckResult] = []
        for binding in bindings:
            name = binding.contract
            within = self.within.get(name) or CheckResult(
                name,
                str(contracts[name].version),
                API_WITHIN_LOGIC,
                "skipped",
                reason=_HUNG_WITHIN if app else _NO_APP,
            )
            found += (within, self.model[name])
            found.extend(
                settled[(name, check)]
                for check in ids_on("logic", "api")
                if (name, check) in settled
            )
        return found


def skipped_for_invalid(binding: Binding, version: str) -> list[CheckResult]:
    """A bound seam whose contract cannot run: every check of a bound seam skipped."""
    from seamguard.checks.catalogue import checks_for

    return [
        CheckResult(binding.contract, version, check, "skipped", reason="the contract is invalid")
        for check in checks_for(tree=False)
    ]
