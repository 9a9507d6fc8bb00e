"""A run as a grid: one row per seam version, one column per check, a status in each cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seamguard.checks import Status
    from seamguard.engine import Run

__all__ = ["Grid", "grid_of"]

# When two results share a cell (a check reported twice for one version), the worse shows.
_RANK: dict[str, int] = {"passed": 0, "skipped": 1, "error": 2, "failed": 3}


@dataclass(frozen=True, slots=True)
class Grid:
    """Statuses by seam version and check, in the order the run first reported each."""

    rows: tuple[str, ...]
    """``seam@version`` labels (the seam alone for a result about no one version)."""
    columns: tuple[str, ...]
    """Check ids."""
    cells: dict[tuple[str, str], Status]
    """``(row, column)`` to the status; a check not run on a version has no cell."""


def grid_of(run: Run) -> Grid:
    """The grid of a finished run."""
    rows: dict[str, None] = {}
    columns: dict[str, None] = {}
    cells: dict[tuple[str, str], Status] = {}
    for result in run.results:
        rows.setdefault(result.label, None)
        columns.setdefault(result.check, None)
        key = (result.label, result.check)
        if key not in cells or _RANK[result.status] > _RANK[cells[key]]:
            cells[key] = result.status
    return Grid(rows=tuple(rows), columns=tuple(columns), cells=cells)
