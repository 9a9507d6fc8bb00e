"""The JSON report (format version 1), as DESIGN.md defines it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from seamguard.report._escape import jsonable
from seamguard.report._file import FileReporter, write_file

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.engine import Run

__all__ = ["REPORT_VERSION", "JsonReporter", "build_report", "write_report"]

REPORT_VERSION = 1


def build_report(run: Run) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    seams = [
        {
            "name": seam,
            "versions": [str(c.version) for c in run.registry.contracts[seam]],
            "bound": seam in run.bound,
            "bound_version": run.bound.get(seam),
        }
        for seam in run.registry.seams
    ]
    return {
        "version": REPORT_VERSION,
        "seed": run.seed,
        "max_examples": run.max_examples,
        "http_checks": "all" if run.http_checks_all else "documented",
        "seams": seams,
        "results": [result.to_json() for result in run.results],
        "operations": _operations(run),
        "summary": {
            status: run.count(status) for status in ("passed", "failed", "error", "skipped")
        },
        **({"notes": list(run.notes)} if run.notes else {}),
    }


def _operations(run: Run) -> dict[str, Any]:
    """Requests and 2xx answers per operation, split by mode, with the note of an operation
    whose positive requests almost never succeeded."""
    notes = run.low_success()
    shown: dict[str, Any] = {}
    for label, (cases, success) in run.operations.items():
        entry: dict[str, Any] = {"requests": cases, "success": success}
        for mode, (requests, answered) in run.modes.get(label, {}).items():
            entry[mode] = {"requests": requests, "success": answered}
        if label in notes:
            entry["note"] = notes[label]
        shown[label] = entry
    return shown


def write_report(run: Run, path: Path, *, root: Path | None = None) -> None:
    """Write the report to ``path`` (parents created), UTF-8, indented, through
    :func:`~seamguard.report._file.write_file` (``root``: the folder trusted for links).

    Raises:
        SeamguardError: the file cannot be written (a parent is a file, no permission), or
            a symbolic link on the way is refused.
    """
    report = build_report(run)
    try:
        text = json.dumps(report, indent=2) + "\n"
    except (TypeError, ValueError, RecursionError):
        # A value of a result JSON cannot hold (an example the generator drew as an object,
        # a key that is no string, a cycle): the report is written all the same, with it
        # as its repr, rather than not at all (replay would then read a stale one).
        text = json.dumps(jsonable(report), indent=2) + "\n"
    write_file(path, text, "the JSON report", root=root)


class JsonReporter(FileReporter):
    """Writes the JSON report when the run finishes."""

    def write(self, run: Run) -> None:
        """Write the report."""
        write_report(run, self.path, root=self.root)
