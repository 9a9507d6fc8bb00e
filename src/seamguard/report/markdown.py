"""The Markdown summary: a verdict, a grid of seams x checks, then each failure in full.

Written for a pull-request comment or GitHub's step summary, so it renders whatever text
the code under test put in a failure as that text and nothing else: foreign text (seam
names, messages, examples, reasons) is only ever in a code span or a fenced code block,
written by :mod:`seamguard.report._escape`, where no mention, reference, link, HTML or
block markup takes effect.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from seamguard.report._escape import example_json, markdown_cell, markdown_code, markdown_fenced
from seamguard.report._file import FileReporter, write_file
from seamguard.report._grid import grid_of

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.checks import CheckResult
    from seamguard.engine import Run
    from seamguard.errors import Failure
    from seamguard.report._grid import Grid

__all__ = ["MarkdownReporter", "render_markdown", "write_markdown"]

_CHECK_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CELL = {
    "passed": "✅ pass",
    "approved": "☑️ approved break",
    "failed": "❌ **fail**",
    "error": "⚠️ error",
    "skipped": "⏭️ skip",
}

# An example longer than this is cut in the summary (GitHub keeps 1 MiB of a step summary,
# and a reader wants the shape, not every byte); the JSON report holds all of it.
_EXAMPLE_LIMIT = 4000


def render_markdown(run: Run) -> str:
    """The run as Markdown: short when every check holds, every failure in full otherwise."""
    parts = [_heading(run), "", _counts(run), ""]
    grid = grid_of(run)
    table = _table(grid)
    if run.ok:
        if table:
            summary = f"{len(run.results)} results on {len(grid.rows)} seam versions"
            parts += [f"<details><summary>{summary}</summary>", "", *table, "", "</details>"]
    else:
        parts += table
        failures = [(r, f) for r in run.results if r.status == "failed" for f in r.failures]
        if failures:
            parts += ["", "#### Failures"]
            for result, failure in failures:
                parts += ["", *_failure(result, failure)]
        errors = [r for r in run.results if r.status == "error"]
        if errors:
            parts += ["", "#### Errors", ""]
            parts += [
                f"- {_code(r.check)} on {_code(r.label)}: {_code(r.reason or 'could not run')}"
                for r in errors
            ]
    parts += _approved(run)
    if run.notes:
        parts += ["", "#### Notes", "", *(f"- {_code(note)}" for note in run.notes)]
    return "\n".join(parts).rstrip("\n") + "\n"


def _heading(run: Run) -> str:
    if run.ok:
        return "### seamguard: ✅ every check holds"
    bad = [f"{run.count(s)} {s}" for s in ("failed", "error") if run.count(s)]
    return f"### seamguard: ❌ {', '.join(bad)}"


def _counts(run: Run) -> str:
    parts = [
        f"{run.count(status)} {status}"
        for status in ("passed", "failed", "error", "skipped")
        if run.count(status) or status == "passed"
    ]
    line = f"**{', '.join(parts)}**"
    return line + (f" · seed {run.seed}" if run.seed is not None else "")


def _table(grid: Grid) -> list[str]:
    if not grid.rows:
        return []
    lines = [
        "| seam | " + " | ".join(_check(c) for c in grid.columns) + " |",
        "| --- |" + " :-: |" * len(grid.columns),
    ]
    for row in grid.rows:
        cells = [_CELL.get(grid.cells.get((row, c), ""), "") for c in grid.columns]
        lines.append(f"| {_cell(row)} | " + " | ".join(cells) + " |")
    return lines


def _failure(result: CheckResult, failure: Failure) -> list[str]:
    lines = [f"##### {_code(failure.id)} {_check(result.check)} · {_code(result.label)}", ""]
    if failure.location():
        lines.append(f"- file: {_code(failure.location())}")
    if failure.seed is not None:
        lines.append(f"- seed: {failure.seed}")
    if lines[-1]:
        lines.append("")
    if "\n" in failure.message.strip():
        lines += markdown_fenced(failure.message.strip("\n"), "text")
    else:
        lines.append(_code(failure.message))
    if failure.example is not None:
        example = example_json(failure.example, indent=2, limit=_EXAMPLE_LIMIT)
        lines += ["", "Example:", "", *markdown_fenced(example, "json")]
    if failure.reproduce:
        lines += ["", "Reproduce:", "", *markdown_fenced(failure.reproduce.strip("\n"))]
    return lines


def _approved(run: Run) -> list[str]:
    """The breaks ``seamguard-ignore.toml`` approves: listed, counted nowhere."""
    lines = []
    for result in run.results:
        for approved in result.approved:
            where = approved.failure.location()
            lines.append(
                f"- ☑️ approved break: {_check(result.check)} on {_code(result.label)}"
                + (f" at {_code(where)}" if where else "")
                + f": {_code(approved.failure.message)} (reason: {_code(approved.reason)})"
            )
    return ["", "#### Approved breaks", "", *lines] if lines else []


def _check(check: str) -> str:
    """A check id as it is (seamguard's own words); anything else as a table cell's code."""
    return check if _CHECK_ID.fullmatch(check) else markdown_cell(check)


def _cell(text: str) -> str:
    """Foreign text in a table cell: a code span, ``|`` escaped."""
    return markdown_cell(text)


def _code(text: str) -> str:
    """Foreign text in a line: a code span."""
    return markdown_code(text)


def write_markdown(run: Run, path: Path) -> None:
    """Write the Markdown summary to ``path`` (parents created), UTF-8.

    Raises:
        SeamguardError: the file cannot be written (a parent is a file, no permission).
    """
    write_file(path, render_markdown(run), "the Markdown report")


class MarkdownReporter(FileReporter):
    """Writes the Markdown summary when the run finishes."""

    def write(self, run: Run) -> None:
        """Write the summary."""
        write_markdown(run, self.path)
