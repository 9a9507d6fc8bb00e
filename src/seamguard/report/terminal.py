"""Results on a terminal, with rich: each failure as it comes, then a table of the API
operations, the grid of seams x checks (laid out to fit the width: ``_layout``), the notes
and a summary line.

A passing result is not printed on its own line (the grid shows it), unless ``verbose``;
its reason, if any, is a note. A run stopped by Ctrl-C prints the results it had
(:meth:`TerminalReporter.interrupted`).

Every foreign text (seam labels, locations, messages, examples, reproductions, reasons, API
operation labels, the app's own output) is written through
:func:`~seamguard.report._escape.terminal`: one line each, nothing a terminal or a CI runner
acts on; a message of several lines is printed line by line, each under the same indent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from seamguard.report._escape import terminal, terminal_json
from seamguard.report._grid import grid_of
from seamguard.report._layout import print_grid, print_whole, table
from seamguard.report._live import LiveLine

if TYPE_CHECKING:
    from collections.abc import Sequence

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

_INDENT = " " * 11  # a failure's details, under its FAIL line
_EXAMPLE_LIMIT = 400
"""Characters of an example shown (a 20,000-character title is its start and its length)."""


def _cell(status: str | None) -> tuple[str, str]:
    return _CELL[status] if status else ("·", "dim")


class TerminalReporter:
    """Prints each result (or each failure) as it comes, then the tables, the notes and a
    summary line.

    Args:
        console: where to print (``None``: a new console on standard output).
        lines: print a line for each result as it comes (``lint``); ``False`` prints only
            failures, errors and approved breaks as they come (``check``: the grid shows
            the rest, and the reasons of the others are notes).
        verbose: print the app's own output in full (:meth:`app_output`), not its count.
        live: on a terminal, a line rewritten in place replaces the progress lines once
            the run has lasted 5 s (``_live``); ``False``: a progress line per step.
    """

    def __init__(
        self,
        console: Console | None = None,
        *,
        lines: bool = True,
        verbose: bool = False,
        live: bool = False,
    ) -> None:
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.lines = lines
        self.verbose = verbose
        self.live = live
        self._line: LiveLine | None = None
        self._held: list[CheckResult] = []
        self._app_lines: tuple[str, ...] = ()
        self._app_where = ""

    def start(self, title: str) -> None:
        """The heading of a run."""
        self.console.print(Text(title, style="bold"))
        if self.live and self.console.is_terminal:
            self._line = LiveLine(self.console)
            self._line.start()

    def progress(self, line: str) -> None:
        """A line of progress before a long step (live: the step of the live line)."""
        if self._line is not None:
            self._line.step(line)
            return
        self.console.print(Text(f"  … {terminal(line)}", style="dim"))

    def stop(self) -> None:
        """Erase the live line, if any (the run ended, however it ended)."""
        if self._line is not None:
            self._line.stop()
            self._line = None

    def result(self, result: CheckResult) -> None:
        """A failed or errored result (or one passed by approved breaks) at once: its line,
        what failed and where. Another is kept for the grid (printed now when ``lines``)."""
        if self._line is not None and result.status in ("failed", "error"):
            self._line.failures += 1
        if result.status in ("failed", "error") or result.approved or self.lines:
            self._result_line(result)
        else:
            self._held.append(result)

    def interrupted(self) -> None:
        """The run stopped early (Ctrl-C): a line for each result kept back so far."""
        self.stop()
        held, self._held = self._held, []
        for result in held:
            self._result_line(result)

    def app_output(self, lines: Sequence[str], where: str = "") -> None:
        """What the app under test logged or wrote on standard error during the run:
        counted by :meth:`finish`, printed in full when ``verbose``. ``where`` names a
        file that holds it all."""
        self._app_lines = tuple(lines)
        self._app_where = where

    def _result_line(self, result: CheckResult) -> None:
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
            self._lines(approved.failure.message)
        for failure in result.failures:
            location = failure.location()
            if location:
                self.console.print(Text(f"         {terminal(location)}", style="cyan"))
            self._lines(failure.message)
            if failure.example is not None:
                example = terminal_json(failure.example)
                if len(example) > _EXAMPLE_LIMIT:
                    whole = f"{len(example):,} characters: the JSON report holds it whole"
                    example = f"{example[:_EXAMPLE_LIMIT]}… ({whole})"
                self.console.print(Text(f"{_INDENT}example: {example}", style="yellow"))
            if failure.seed is not None:
                self.console.print(Text(f"{_INDENT}seed: {failure.seed}", style="dim"))
            self.console.print(Text(f"{_INDENT}id: {failure.id}", style="dim"))
            if failure.reproduce:
                self.console.print(Text(f"{_INDENT}reproduce:", style="dim"))
                self._lines(failure.reproduce, indent=_INDENT + "  ", style="dim")

    def _lines(self, text: str, *, indent: str = _INDENT, style: str = "") -> None:
        """Foreign ``text`` of any number of lines, each escaped, each under ``indent``
        (a message that spans lines, as Schemathesis writes some, keeps its block)."""
        for line in text.splitlines() or [""]:
            self.console.print(Text(f"{indent}{terminal(line)}".rstrip(), style=style))

    def finish(self, run: Run) -> None:
        """Requests per API operation, the grid of seams x checks, the notes, the app's
        output (counted, or in full when ``verbose``), then the summary line."""
        self.stop()
        self._held.clear()
        self._operations(run)
        grid = grid_of(run)
        if grid.rows:
            print_grid(self.console, grid, _cell)
        self._reasons(run)
        for note in run.notes:
            self.console.print(Text(f"note: {terminal(note)}", style="yellow"))
        self._app_logs(run)
        self._app_output()
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

    def _reasons(self, run: Run) -> None:
        """Why a result passed with a remark or was skipped, once per check and reason,
        with the seam versions it applies to (a failure's reason is on its FAIL line)."""
        if self.lines:
            return  # each was on its result's line
        seen: dict[tuple[str, str, str], list[str]] = {}
        for result in run.results:
            if result.reason and result.status in ("passed", "skipped"):
                key = (result.status, result.check, result.reason)
                seen.setdefault(key, []).append(terminal(result.label))
        for (status, check, reason), labels in seen.items():
            line = Text("skipped: " if status == "skipped" else "note: ", style="yellow")
            line.append(f"{terminal(check)} on {', '.join(labels)}: {terminal(reason)}")
            self.console.print(line)

    def _app_logs(self, run: Run) -> None:
        """The app's log records and warnings, counted per check (the logic checks, the
        API checks of each seam), each listed when ``verbose``."""
        if not run.app_logs:
            return
        hint = "" if self.verbose else " (run with -v to see them)"
        self.console.print(Text(f"the app's log records and warnings, per check{hint}:"))
        width = max(len(terminal(where)) for where in run.app_logs)
        for where, tally in run.app_logs.items():
            line = Text(f"  {terminal(where):<{width}}  ")
            line.append(tally.summary(), style="yellow")
            self.console.print(line)
            if self.verbose:
                for record in tally.lines:
                    self.console.print(Text(f"      {terminal(record)}".rstrip(), style="dim"))
                if tally.count > len(tally.lines):
                    self.console.print(
                        Text(f"      … {tally.count - len(tally.lines)} more", style="dim")
                    )

    def _app_output(self) -> None:
        lines = self._app_lines
        if not lines:
            return
        if self.verbose:
            self.console.print(Text(f"the app's own output ({len(lines)} lines):", style="bold"))
            for line in lines:
                self.console.print(Text(f"  {terminal(line)}".rstrip(), style="dim"))
            return
        tracebacks = sum(1 for line in lines if line.startswith("Traceback (most recent call"))
        count = f"{len(lines)} lines" + (f", {tracebacks} tracebacks" if tracebacks else "")
        where = f" (all in {terminal(self._app_where)})" if self._app_where else ""
        self.console.print(
            Text(f"the app logged {count}{where}; run with -v to see them", style="yellow")
        )

    def _operations(self, run: Run) -> None:
        """Requests and 2xx answers per API operation, in all and by mode; then a note for
        each operation whose positive requests almost never reached 2xx."""
        if not run.operations:
            return
        head = "API operations (requests answered 2xx / sent: all; positive; negative):"
        self.console.print(Text(head, style="bold"))
        made = table("operation", "all", "positive", "negative")
        for label, (cases, success) in run.operations.items():
            color = "red" if cases and not success else ""
            modes = run.modes.get(label, {})
            cells = [f"{success}/{cases}"] + [
                f"{modes[mode][1]}/{modes[mode][0]}" if mode in modes else "·"
                for mode in ("positive", "negative")
            ]
            made.add_row(Text(terminal(label)), *cells, style=color)
        print_whole(self.console, made)
        for note in run.low_success().values():
            self.console.print(Text(f"note: {terminal(note)}", style="yellow"))
