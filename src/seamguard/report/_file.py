"""What every report written to a file shares: the writing (:func:`write_file`, from
``seamguard._files``), and a reporter that waits for the end of the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamguard._files import WriteError, check_writable_directory, write_file

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.checks import CheckResult
    from seamguard.engine import Run

__all__ = ["FileReporter", "WriteError", "check_writable_directory", "write_file"]


class FileReporter:
    """A format written once, to one file, from the finished run: ``write`` says how."""

    def __init__(self, path: Path, *, root: Path | None = None) -> None:
        self.path = path
        self.root = root
        """The folder trusted for links on the way to ``path`` (see :func:`write_file`)."""

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
