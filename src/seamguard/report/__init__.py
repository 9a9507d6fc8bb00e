"""Report formats: each a separate consumer of one stream of result events.

The engine calls ``on_progress`` and ``on_result`` while it runs; the CLI hands the finished
:class:`~seamguard.engine.Run` to ``finish``. Every format implements :class:`Reporter`, and
:class:`Reporters` fans the one stream out to all the formats a run asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from seamguard.errors import SeamguardError
from seamguard.report.github import GitHubReporter, on_github
from seamguard.report.json import JsonReporter, build_report, write_report
from seamguard.report.junit import JUnitReporter, write_junit
from seamguard.report.markdown import MarkdownReporter, render_markdown, write_markdown
from seamguard.report.terminal import TerminalReporter

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from rich.console import Console

    from seamguard.checks import CheckResult
    from seamguard.engine import Run

__all__ = [
    "GitHubReporter",
    "JUnitReporter",
    "JsonReporter",
    "MarkdownReporter",
    "Reporter",
    "Reporters",
    "TerminalReporter",
    "build_report",
    "render_markdown",
    "reporters_for",
    "write_junit",
    "write_markdown",
    "write_report",
]


class Reporter(Protocol):
    """A consumer of a run's events."""

    def start(self, title: str) -> None:
        """The run begins."""

    def progress(self, line: str) -> None:
        """A line of progress before a long step."""

    def result(self, result: CheckResult) -> None:
        """One result, as soon as it is final."""

    def finish(self, run: Run) -> None:
        """The run ended; ``run`` holds every result."""


class Reporters:
    """Fans each event out to every reporter, in order.

    A reporter that raises does not stop the others, nor the run: its error is kept and
    raised by :meth:`finish`, once every reporter has written what it could.
    """

    def __init__(self, reporters: Sequence[Reporter]) -> None:
        self.reporters = list(reporters)
        self._crashes: list[Exception] = []

    def start(self, title: str) -> None:
        for reporter in self.reporters:
            self._guarded(reporter.start, title)

    def progress(self, line: str) -> None:
        for reporter in self.reporters:
            self._guarded(reporter.progress, line)

    def result(self, result: CheckResult) -> None:
        for reporter in self.reporters:
            self._guarded(reporter.result, result)

    def _guarded(self, event: Callable[[Any], None], value: Any) -> None:
        try:
            event(value)
        except Exception as crash:  # the others still get the event; raised by finish
            self._crashes.append(crash)

    def finish(self, run: Run) -> None:
        """Every reporter finishes, even after one failed: a report path that cannot be
        written costs that report, not the others, and so does a reporter that crashed.

        Raises:
            Exception: the first reporter crash (not a ``SeamguardError``), here or at an
                earlier event, once every reporter finished: an internal error (exit code
                3); the other crashes and the unwritable paths are added to it as notes.
            SeamguardError: otherwise, the paths that could not be written (exit code 2).
        """
        problems: list[SeamguardError] = []
        crashes = self._crashes
        for reporter in self.reporters:
            try:
                reporter.finish(run)
            except SeamguardError as problem:
                problems.append(problem)
            except Exception as crash:  # the others still write theirs; raised below
                crashes.append(crash)
        if crashes:
            first = crashes[0]
            if hasattr(first, "add_note"):  # pragma: no branch - Python 3.11+
                for other in (*crashes[1:], *problems):
                    first.add_note(f"also: {type(other).__name__}: {other}")
            raise first
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise SeamguardError("; ".join(str(p) for p in problems))


def reporters_for(
    *,
    report_json: Path | None = None,
    junit: Path | None = None,
    markdown: Path | None = None,
    environ: Mapping[str, str] | None = None,
    console: Console | None = None,
) -> Reporters:
    """The terminal, plus every file format asked for, and GitHub's when run there.

    Args:
        report_json: where to write the JSON report (``None``: no JSON report).
        junit: where to write the JUnit XML file.
        markdown: where to write the Markdown summary.
        environ: the process environment; GitHub's reporter joins when ``GITHUB_ACTIONS``
            is ``"true"`` or ``GITHUB_STEP_SUMMARY`` is set (``None``: never).
        console: the terminal's console (``None``: a new one on standard output).

    Example::

        reporters = reporters_for(junit=Path("junit.xml"), environ=os.environ)
    """
    chosen: list[Reporter] = [TerminalReporter(console)]
    if report_json is not None:
        chosen.append(JsonReporter(report_json))
    if junit is not None:
        chosen.append(JUnitReporter(junit))
    if markdown is not None:
        chosen.append(MarkdownReporter(markdown))
    if environ is not None and on_github(environ):
        chosen.append(GitHubReporter(environ))
    return Reporters(chosen)
