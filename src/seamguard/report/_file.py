"""What every report written to a file shares: the writing, and a reporter that waits for
the end of the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamguard.errors import SeamguardError

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.checks import CheckResult
    from seamguard.engine import Run

__all__ = ["FileReporter", "write_file"]


def write_file(path: Path, data: str | bytes, what: str) -> None:
    """Write ``data`` to ``path`` (parents created; text as UTF-8).

    Raises:
        SeamguardError: it cannot be written (a parent is a file, no permission), naming
            ``what`` (``"the JSON report"``).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise SeamguardError(
            f"cannot write {what} to {path} ({exc.strerror}: {exc.filename})"
        ) from None


class FileReporter:
    """A format written once, to one file, from the finished run: ``write`` says how."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def start(self, title: str) -> None:
        """Nothing to write yet."""

    def progress(self, line: str) -> None:
        """Progress is not part of the file."""

    def result(self, result: CheckResult) -> None:
        """Results are read from the finished run."""

    def finish(self, run: Run) -> None:
        """Write the file (raises ``SeamguardError`` when it cannot be written)."""
        self.write(run)

    def write(self, run: Run) -> None:
        """Write ``run`` to ``self.path``."""
        raise NotImplementedError
