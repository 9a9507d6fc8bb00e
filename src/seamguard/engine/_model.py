"""The run model: a finished :class:`Run` and the callbacks a run reports through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seamguard.checks import CheckResult
    from seamguard.contracts import ContractRegistry

__all__ = ["OnProgress", "OnResult", "Run"]

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

    def count(self, status: str) -> int:
        """How many results have this status."""
        return sum(1 for result in self.results if result.status == status)

    @property
    def ok(self) -> bool:
        """True when nothing failed or errored."""
        return all(result.status in ("passed", "skipped") for result in self.results)
