"""Report formats: each a separate consumer of a run's results."""

from __future__ import annotations

from seamguard.report.json import build_report, write_report
from seamguard.report.terminal import TerminalReporter

__all__ = ["TerminalReporter", "build_report", "write_report"]
