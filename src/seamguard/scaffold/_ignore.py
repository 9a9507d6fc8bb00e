"""The project's ``.gitignore`` gets ``.seamguard/``: what every run leaves there (the last
report, saved examples, a crash report) is the machine's, not the project's history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamguard._files import write_file

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["IGNORED", "ignore_run_folder"]

IGNORED = ".seamguard/"
"""The line ``init`` adds to the project's ``.gitignore``."""

# Lines that ignore the folder at the project's top already. An exact match of the common
# spellings, not git's whole pattern language (pathspec implements that, but is no
# dependency of seamguard): a wider pattern only means the line is added once, harmlessly.
_SAME = frozenset({".seamguard", ".seamguard/", "/.seamguard", "/.seamguard/", ".seamguard/*"})


def ignore_run_folder(root: Path) -> Path | None:
    """Add ``.seamguard/`` to ``root/.gitignore`` (made when missing) unless a line there
    ignores it already; the file when it was written, ``None`` when it was left alone.

    Raises:
        WriteError: the file cannot be written (a symbolic link, no permission).
    """
    path = root / ".gitignore"
    existing = ""
    if path.is_file():
        existing = path.read_text(encoding="utf-8", errors="surrogateescape")
        if any(line.strip() in _SAME for line in existing.splitlines()):
            return None
    separator = "\n" if existing and not existing.endswith("\n") else ""
    addition = "# seamguard's run folder (last report, saved examples), added by seamguard init\n"
    write_file(path, existing + separator + addition + IGNORED + "\n", "the .gitignore", root=root)
    return path
