"""Results on a terminal, with rich: a line per seam version and check as each comes, then a
grid of seams x checks and a summary line.

Every foreign text (seam labels, locations, messages, examples, reproductions, reasons, API
operation labels) is written through :func:`~seamguard.report._escape.terminal`: one line
each, nothing a terminal or a CI runner acts on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from seamguard.report._escape import terminal, terminal_json
from seamguard.report._grid import grid_of

if TYPE_CHECKING:
    from seamguard.checks import CheckResult
    from seamguard.engine import Run

__all__ = ["TerminalReporter"]

_MARK = {
    "passed": ("PASS", "green"),
    "failed": ("FAIL", "bold red"),
    "error": ("ERROR", "bold magenta"),
    "skipped": ("SKIP", "yellow"),
    "approved": ("PASS", "green"),
}

# The grid's cells are narrower than the result lines' words: ten checks fit on a line.
_CELL = {
    "passed": ("PASS", "green"),
    "failed": ("FAIL", "bold red"),
    "error": ("ERR", "bold magenta"),
    "skipped": ("SKIP", "yellow"),
    "approved": ("APPR", "cyan"),
}


class TerminalReporter:
    """Prints each result as it comes, then the failures' details and a summary line."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False, soft_wrap=True)

    def start(self, title: str) -> None:
        """The heading of a run."""
        self.console.print(Text(title, style="bold"))

    def progress(self, line: str) -> None:
        """A line of progress before a long step."""
        self.console.print(Text(f"  … {terminal(line)}", style="dim"))

    def result(self, result: CheckResult) -> None:
        """One result line, and under a failed one what failed and where."""
        word, style = _MARK[result.status]
        line = Text("  ")
        line.append(f"{word:<5}", style=style)
        line.append(f"  {terminal(result.label):<28} {terminal(result.check)}")
        if result.reason:
            line.append(f"  ({terminal(result.reason)})", style="dim")
        self.console.print(line)
        for approved in result.approved:
            where = approved.failure.location()
            head = f"         approved break{f' at {terminal(where)}' if where else ''}: "
            self.console.print(Text(head + terminal(approved.reason), style="cyan"))
            self.console.print(Text(f"           {terminal(approved.failure.message)}"))
        for failure in result.failures:
            location = failure.location()
            if location:
                self.console.print(Text(f"         {terminal(location)}", style="cyan"))
            self.console.print(Text(f"           {terminal(failure.message)}"))
            if failure.example is not None:
                example = terminal_json(failure.example)
                self.console.print(Text(f"           example: {example}", style="yellow"))
            if failure.seed is not None:
                self.console.print(Text(f"           seed: {failure.seed}", style="dim"))
            self.console.print(Text(f"           id: {failure.id}", style="dim"))
            if failure.reproduce:
                self.console.print(Text("           reproduce:", style="dim"))
                for text in failure.reproduce.splitlines():
                    self.console.print(Text(f"             {terminal(text)}", style="dim"))

    def finish(self, run: Run) -> None:
        """Requests per API operation, the grid of seams x checks, then the summary line."""
        self._operations(run)
        self._grid(run)
        for note in run.notes:
            self.console.print(Text(f"note: {terminal(note)}", style="yellow"))
        first = next((f for r in run.results for f in r.failures), None)
        if first is not None and run.seed is not None:
            self.console.print(
                Text(f"replay a failure in a fresh process: seamguard replay {first.id}")
            )
        if run.seed is not None:
            self.console.print(Text(f"seed: {run.seed}", style="dim"))
        parts = [
            f"{run.count(status)} {status}"
            for status in ("passed", "failed", "error", "skipped")
            if run.count(status) or status == "passed"
        ]
        style = "bold green" if run.ok else "bold red"
        self.console.print(Text(", ".join(parts), style=style))

    def _operations(self, run: Run) -> None:
        """Requests and 2xx answers per API operation, in all and by mode; then a note for
        each operation whose positive requests almost never reached 2xx."""
        if not run.operations:
            return
        head = "API operations (requests, answered 2xx; positive; negative):"
        self.console.print(Text(head, style="bold"))
        for label, (cases, success) in run.operations.items():
            color = "red" if cases and not success else ""
            line = f"  {terminal(label):<40} {cases:>6} {success:>6}"
            for mode in ("positive", "negative"):
                if mode in run.modes.get(label, {}):
                    sent, answered = run.modes[label][mode]
                    line += f"   {sent:>5} {answered:>5}"
            self.console.print(Text(line, style=color))
        for note in run.low_success().values():
            self.console.print(Text(f"note: {terminal(note)}", style="yellow"))

    def _grid(self, run: Run) -> None:
        """One row per seam version, a column per check, a word in each cell."""
        grid = grid_of(run)
        if not grid.rows:
            return
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False)
        table.add_column("seam", no_wrap=True)
        for check in grid.columns:
            # A check id broken after each hyphen: a column as wide as its longest word.
            column = Text(terminal(check).replace("-", "-\n"))
            table.add_column(column, justify="center", no_wrap=True)
        for row in grid.rows:
            cells = [Text(terminal(row))]
            for check in grid.columns:
                status = grid.cells.get((row, check))
                word, style = _CELL[status] if status else ("·", "dim")
                cells.append(Text(word, style=style))
            table.add_row(*cells)
        if self.console.is_terminal:
            self.console.print(table)
            return
        # A log (CI, a file) has no width to fit: rich's default of 80 columns would fold the
        # cells, so the table is laid out at its own width and printed line by line (the
        # console soft-wraps, so rich leaves each line whole).
        natural = Measurement.get(self.console, self.console.options.update_width(10_000), table)
        options = self.console.options.update_width(max(self.console.width, natural.maximum))
        for segments in self.console.render_lines(table, options, pad=False):
            line = Text()
            for segment in segments:
                line.append(segment.text, segment.style)
            line.rstrip()
            self.console.print(line)
