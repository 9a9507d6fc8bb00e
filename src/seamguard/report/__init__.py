"""Report formats: each a separate consumer of one stream of result events.

The engine calls ``on_progress`` and ``on_result`` while it runs; the CLI hands the finished
:class:`~seamguard.engine.Run` to ``finish``. Every format implements :class:`Reporter`, and
:class:`Reporters` fans the one stream out to all the formats a run asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from seamguard.report.json import JsonReporter, build_report, write_report
from seamguard.report.terminal import TerminalReporter

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from rich.console import Console

    from seamguard.checks import CheckResult
    from seamguard.engine import Run

__all__ = [
    "JsonReporter",
    "Reporter",
    "Reporters",
    "TerminalReporter",
    "build_report",
    "reporters_for",
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
    """Fans each event out to every reporter, in order."""

    def __init__(self, reporters: Sequence[Reporter]) -> None:
        self.reporters = list(reporters)

    def start(self, title: str) -> None:
        for reporter in self.reporters:
            reporter.start(title)

    def progress(self, line: str) -> None:
        for reporter in self.reporters:
            reporter.progress(line)

    def result(self, result: CheckResult) -> None:
        for reporter in self.reporters:
            reporter.result(result)

    def finish(self, run: Run) -> None:
        for reporter in self.reporters:
            reporter.finish(run)


def reporters_for(
    *,
    report_json: Path | None = None,
    junit: Path | None = None,
    markdown: Path | None = None,
    environ: Mapping[str, str] | None = None,
    console: Console | None = None,
) -> Reporters:
    """The terminal, plus every file format asked for (and GitHub's when run there)."""
    chosen: list[Reporter] = [TerminalReporter(console)]
    if report_json is not None:
        chosen.append(JsonReporter(report_json))
    return Reporters(chosen)
