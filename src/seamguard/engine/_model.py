"""The run model: a finished :class:`Run` and the callbacks a run reports through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seamguard.checks import CheckResult
    from seamguard.contracts import ContractRegistry
    from seamguard.generation._applog import LogTally

__all__ = ["LOW_SUCCESS", "OnProgress", "OnResult", "Run"]

LOW_SUCCESS = 0.2
"""Below this share of 2xx answers to its positive requests, an operation gets a note."""

OnResult = Callable[["CheckResult"], None]
"""Called with each result as soon as it is final."""
OnProgress = Callable[[str], None]
"""Called with a line of progress before each long step."""


@dataclass(frozen=True, slots=True)
class Run:
    """A finished run: the tree it judged and every result, in the order they came."""

    registry: ContractRegistry
    """The contracts tree that was loaded."""
    results: tuple[CheckResult, ...]
    """Every result."""
    bound: dict[str, str | None]
    """Seam name to the version the configuration binds (``None``: newest), bound seams only."""
    seed: int | None = None
    """The seed of the generated examples (``None`` for a static run)."""
    operations: dict[str, tuple[int, int]] = field(default_factory=dict)
    """API operation to (requests sent, answered 2xx)."""
    max_examples: int | None = None
    """Examples per seam and check (``None`` for a static run)."""
    http_checks_all: bool = False
    """Whether ``--http-checks all`` was on."""
    notes: tuple[str, ...] = ()
    """What fails nothing but deserves a look (an approval that approves no break)."""
    modes: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    """API operation to mode (``positive``, ``negative``) to (requests sent, answered 2xx)."""
    refused: dict[str, int] = field(default_factory=dict)
    """API operation to its positive requests answered 401 or 403 (a login missing)."""
    app_logs: dict[str, LogTally] = field(default_factory=dict)
    """Where (``tasks.create@1.1 logic checks``, ``tasks.create@1.1 API checks``, ``the
    app outside a request``) to the app's log records and warnings emitted there."""

    def low_success(self) -> dict[str, str]:
        """API operation to a note when its positive requests reached 2xx less than
        :data:`LOW_SUCCESS` of the time: its success path was barely tested (not a failure)."""
        notes: dict[str, str] = {}
        for label, modes in self.modes.items():
            cases, success = modes.get("positive", (0, 0))
            if cases and success < LOW_SUCCESS * cases:
                refused = self.refused.get(label, 0)
                why = (
                    f"{refused} answered 401 or 403: does it need a login? the 'auth' key "
                    "gives every request the headers of one"
                    if 2 * refused >= cases
                    else "does it need state no earlier request made?"
                )
                notes[label] = (
                    f"{label}: {success} of {cases} positive requests answered 2xx "
                    f"({100 * success // cases} %, under {LOW_SUCCESS * 100:.0f} %): its success "
                    f"path was barely tested; {why}"
                )
        return notes

    def count(self, status: str) -> int:
        """How many results have this status."""
        return sum(1 for result in self.results if result.status == status)

    @property
    def ok(self) -> bool:
        """True when nothing failed or errored."""
        return all(result.status in ("passed", "skipped") for result in self.results)
