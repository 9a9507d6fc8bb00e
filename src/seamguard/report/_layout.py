"""The terminal's tables, laid out to fit: never a seam label, check id or operation cut.

On a terminal, the grid of seams x checks is printed as the widest layout that fits its
width: a row per seam version (a column per check), else a row per check (a column per seam
version), else stacked (a block per seam version, its checks listed under each status).
Rich's tables fold or cut a cell that does not fit (``tasks.creat…``), so each layout is
measured first (:class:`rich.measure.Measurement`) and only printed whole. A log (CI, a
file) has no width to fit: it gets the row-per-seam grid at its own width.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich import box
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from seamguard.report._escape import terminal

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from seamguard.report._grid import Grid

__all__ = ["print_grid", "print_whole", "table"]

# The statuses in the order a stacked block lists them: what needs a look first.
_ORDER = ("failed", "error", "skipped", "approved", "passed")


def table(*headers: str) -> Table:
    """A table with these column headers, each column kept on one line (never cut)."""
    made = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        made.add_column(Text(header), justify="left" if index == 0 else "center", no_wrap=True)
    return made


def natural_width(console: Console, renderable: Table) -> int:
    """How wide ``renderable`` is when nothing constrains it."""
    return Measurement.get(console, console.options.update_width(10_000), renderable).maximum


def print_whole(console: Console, renderable: Table) -> None:
    """Print ``renderable`` at its own width, line by line (a log has no width to fit; the
    console soft-wraps, so rich leaves each line whole)."""
    width = max(console.width, natural_width(console, renderable))
    for segments in console.render_lines(renderable, console.options.update_width(width)):
        line = Text()
        for segment in segments:
            line.append(segment.text, segment.style)
        line.rstrip()
        console.print(line)


def print_grid(console: Console, grid: Grid, cell: Callable[[str | None], tuple[str, str]]) -> None:
    """The grid of seams x checks in the widest layout that fits (see the module)."""
    by_seam = table("seam", *(terminal(check) for check in grid.columns))
    for row in grid.rows:
        words = [cell(grid.cells.get((row, check))) for check in grid.columns]
        by_seam.add_row(Text(terminal(row)), *(Text(word, style=style) for word, style in words))
    if not console.is_terminal:
        print_whole(console, by_seam)
        return
    if natural_width(console, by_seam) <= console.width:
        console.print(by_seam)
        return
    by_check = table("check", *(terminal(row) for row in grid.rows))
    for check in grid.columns:
        words = [cell(grid.cells.get((row, check))) for row in grid.rows]
        by_check.add_row(Text(terminal(check)), *(Text(word, style=style) for word, style in words))
    if natural_width(console, by_check) <= console.width:
        console.print(by_check)
        return
    print_stacked(console, grid, cell)


def print_stacked(
    console: Console, grid: Grid, cell: Callable[[str | None], tuple[str, str]]
) -> None:
    """A block per seam version: a line per status, the checks that got it after it (check
    ids wrapped between ids, never inside one)."""
    width = max(console.width - 9, 20)
    for row in grid.rows:
        console.print(Text(terminal(row), style="bold"))
        for status in _ORDER:
            checks = [terminal(c) for c in grid.columns if grid.cells.get((row, c)) == status]
            if not checks:
                continue
            word, style = cell(status)
            lines = textwrap.wrap(
                ", ".join(checks), width=width, break_long_words=False, break_on_hyphens=False
            )
            for index, text in enumerate(lines):
                line = Text("  ")
                line.append(f"{word if index == 0 else '':<5}", style=style)
                line.append(f"  {text}")
                console.print(line)
