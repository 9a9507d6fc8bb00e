"""GitHub Actions: the Markdown summary on the run's page, an annotation per failure.

On ``finish`` the reporter appends :func:`~seamguard.report.markdown.render_markdown` to the
file ``GITHUB_STEP_SUMMARY`` names, and prints one workflow command per failure::

    ::error file=contracts/books.create/1.0/output.schema.json,line=12,title=seamguard%3A ...::...

which GitHub shows on the contract file's line in the pull request. Values are escaped as
GitHub's toolkit does (``escapeData`` and ``escapeProperty`` in actions/toolkit's
``packages/core/src/command.ts``; :mod:`seamguard.report._escape` owns them), so no text from
the code under test can end the command early or start another one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from seamguard.errors import SeamguardError
from seamguard.report._escape import command_data, command_property, example_json
from seamguard.report._lines import pointer_line
from seamguard.report.markdown import render_markdown

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

    from seamguard.checks import CheckResult
    from seamguard.engine import Run
    from seamguard.errors import Failure

__all__ = [
    "GitHubReporter",
    "error_commands",
    "escape_data",
    "escape_property",
    "on_github",
]

# GitHub shows the first lines of an annotation; the step summary and the reports hold the
# rest, so a long example is cut here.
_MESSAGE_LIMIT = 2000


def on_github(environ: Mapping[str, str]) -> bool:
    """Whether this environment is a GitHub Actions job (or asks for a step summary)."""
    return environ.get("GITHUB_ACTIONS") == "true" or bool(environ.get("GITHUB_STEP_SUMMARY"))


escape_data = command_data
escape_property = command_property


def error_commands(run: Run, environ: Mapping[str, str]) -> list[str]:
    """One ``::error`` command per failure (and per check that could not run).

    A failure points at its file and at the line of its JSON pointer when the file is on
    disk and the pointer resolves in it (line 1 when it does not); the path is relative to
    ``GITHUB_WORKSPACE`` when that is set and holds the file, else as the failure names it.
    A failure whose file is not on disk (an OpenAPI document the app serves) has no file.
    """
    workspace = environ.get("GITHUB_WORKSPACE") or None
    lines = []
    for result in run.results:
        if result.status == "failed":
            for failure in result.failures:
                properties = _where(failure, run, workspace)
                properties["title"] = f"seamguard: {result.check} {result.label} [{failure.id}]"
                lines.append(_command(properties, _message(failure)))
        elif result.status == "error":
            title = f"seamguard: {result.check} {result.label} (could not run)"
            lines.append(_command({"title": title}, result.reason or "the check could not run"))
    return lines


def _command(properties: dict[str, str], message: str) -> str:
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::error {listed}::{escape_data(message)}"


def _message(failure: Failure) -> str:
    lines = [failure.message]
    if failure.location():
        lines.append(f"at {failure.location()}")
    if failure.example is not None:
        lines.append(f"example: {example_json(failure.example)}")
    tail = [f"id: {failure.id}"]
    if failure.seed is not None:
        tail.insert(0, f"seed: {failure.seed}")
    lines.append(", ".join(tail))
    text = "\n".join(lines)
    if len(text) > _MESSAGE_LIMIT:
        text = f"{text[:_MESSAGE_LIMIT]}… (cut; id: {failure.id})"
    return text


def _where(failure: Failure, run: Run, workspace: str | None) -> dict[str, str]:
    """``file`` and ``line`` of the annotation, or nothing when the file is not on disk."""
    if not failure.file:
        return {}
    path = _on_disk(failure.file, run.registry.root)
    if path is None:
        return {}
    line = 1
    try:
        found = pointer_line(path.read_text(encoding="utf-8"), failure.pointer)
    except (OSError, UnicodeDecodeError):
        found = None
    if found is not None:
        line = found
    shown = failure.file
    if workspace is not None:
        base = Path(workspace).resolve()
        if path.is_relative_to(base):
            shown = path.relative_to(base).as_posix()
    return {"file": shown, "line": str(line)}


def _on_disk(file: str, contracts_root: Path) -> Path | None:
    """The file a failure names, resolved. A relative name is relative to the project
    root, which a run does not record; the project holds its contracts root, so the nearest
    folder at or above the contracts root that has the file is taken."""
    path = Path(file)
    if path.is_absolute():
        return path.resolve() if path.is_file() else None
    root = contracts_root.resolve()
    for base in (root, *root.parents):
        if (base / path).is_file():
            return (base / path).resolve()
    return None


class GitHubReporter:
    """The step summary and the failure annotations of a GitHub Actions job."""

    def __init__(self, environ: Mapping[str, str], stream: TextIO | None = None) -> None:
        """``stream``: where the workflow commands go; ``None``: ``sys.stdout`` as it is when
        the run finishes (a test runner may have swapped it since this was built)."""
        self.environ = environ
        self.stream = stream

    def start(self, title: str) -> None:
        """Nothing to write yet."""

    def progress(self, line: str) -> None:
        """Progress is not part of the summary."""

    def result(self, result: CheckResult) -> None:
        """Results are read from the finished run."""

    def finish(self, run: Run) -> None:
        """Print the annotations, then append the summary.

        Raises:
            SeamguardError: the step summary file cannot be written.
        """
        stream = self.stream if self.stream is not None else sys.stdout
        for line in error_commands(run, self.environ):
            stream.write(line + "\n")
        stream.flush()
        summary = self.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            _append(Path(summary), render_markdown(run))


def _append(path: Path, text: str) -> None:
    """Append ``text`` to the file (other steps and tools write there too: never replace)."""
    try:
        with path.open("a", encoding="utf-8") as file:
            if file.tell() > 0:
                text = "\n" + text
            file.write(text)
    except OSError as exc:
        raise SeamguardError(
            f"cannot append the step summary to {path} ({exc.strerror}: {exc.filename})"
        ) from None
