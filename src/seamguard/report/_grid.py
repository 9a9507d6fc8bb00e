"""A run as a grid: one row per seam version, one column per check, a status in each cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seamguard.checks import CheckResult
    from seamguard.engine import Run

__all__ = ["Grid", "grid_of", "shown_status"]

# When two results share a cell (a check reported twice for one version), the worse shows.
_RANK: dict[str, int] = {"passed": 0, "approved": 1, "skipped": 2, "error": 3, "failed": 4}


def shown_status(result: CheckResult) -> str:
    """A result's status as reports show it: ``approved`` for one that passed because
    ``seamguard-ignore.toml`` approves its breaks, else its status."""
    return "approved" if result.status == "passed" and result.approved else result.status


@dataclass(frozen=True, slots=True)
class Grid:
    """Statuses by seam version and check, in the order the run first reported each."""

    rows: tuple[str, ...]
    """``seam@version`` labels (the seam alone for a result about no one version)."""
    columns: tuple[str, ...]
    """Check ids."""
    cells: dict[tuple[str, str], str]
    """``(row, column)`` to the status (:func:`shown_status`); a check not run on a version
    has no cell."""


def grid_of(run: Run) -> Grid:
    """The grid of a finished run."""
    rows: dict[str, None] = {}
    columns: dict[str, None] = {}
    cells: dict[tuple[str, str], str] = {}
    for result in run.results:
        rows.setdefault(result.label, None)
        columns.setdefault(result.check, None)
        key = (result.label, result.check)
        status = shown_status(result)
        if key not in cells or _RANK[status] > _RANK[cells[key]]:
            cells[key] = status
    return Grid(rows=tuple(rows), columns=tuple(columns), cells=cells)
