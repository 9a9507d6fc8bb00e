"""Writing files safely: the one writer of every file seamguard writes (reports, the diff,
``.seamguard/``, scaffolding), refusing symbolic links that lead out of the project.

A low layer (no seamguard import but ``errors``): the checks, the CLI and the reports use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from seamguard.errors import SeamguardError

__all__ = ["WriteError", "check_writable_directory", "outside_target", "write_file"]


class WriteError(SeamguardError):
    """A file seamguard was to write was refused or could not be written (exit code 2)."""

    def __init__(self, what: str, path: Path, verb: str, reason: str) -> None:
        super().__init__(f"{verb} {what} to {path}{reason}")
        self.short = f"{verb} it{reason}"
        """The same without what and where: ``cannot write it (Permission denied: ...)``."""


def write_file(path: Path, data: str | bytes, what: str, *, root: Path | None = None) -> None:
    """Write ``data`` to ``path`` without following a symbolic link out of the project.

    The rule (a pull request can commit symbolic links, but not the command line):

    - ``path`` itself must not be a symbolic link, wherever it points: refused.
    - ``root`` is the folder the caller trusts (default: the working directory). When
      ``path`` lies under it as written, the folder ``path`` resolves to, every link on the
      way followed, must lie under ``root`` resolved too: a committed link such as
      ``reports -> ~/.venv/lib/python3.11/site-packages`` is refused before any folder is
      made. A link that stays inside ``root`` is followed. Folders above ``root``, and a
      ``path`` outside it, are the caller's own choice and are not judged.
    - The data goes to a temporary file in the same folder, which is then renamed onto
      ``path`` (``os.replace``). A rename replaces a link planted in between instead of
      following it, a hard link keeps its other name's contents, and no reader ever sees
      half a file. The file gets the permissions a new file gets (``0o666`` less the umask).

    Text is written as UTF-8; a lone surrogate (not Unicode text) becomes its ``\\udXXX``
    escape rather than failing the write.

    Args:
        path: the file to write.
        data: its contents.
        what: what it is, for the error (``"the JSON report"``).
        root: the trusted folder (``None``: the working directory).

    Raises:
        WriteError: refused (a link, as above) or it cannot be written (a parent is a
            file, no permission); one line naming ``what`` and ``path``.
    """
    check_writable_directory(path.parent, what, root=root, target=path)
    if os.path.islink(path):
        reason = f": it is a symbolic link (to {os.readlink(path)}); remove the link or choose "
        raise WriteError(what, path, "refusing to write", reason + "another path")
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "backslashreplace")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                if hasattr(os, "fchmod"):  # pragma: no branch - POSIX
                    os.fchmod(file.fileno(), 0o666 & ~_umask())
                file.write(raw)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        raise WriteError(what, path, "cannot write", f" ({exc.strerror}: {exc.filename})") from None


def check_writable_directory(
    folder: Path, what: str, *, root: Path | None = None, target: Path | None = None
) -> None:
    """Refuse ``folder`` when, under ``root`` as written, it resolves outside ``root``
    (a symbolic link on the way leads out); the rule of :func:`write_file`.

    Raises:
        WriteError: one line naming ``what`` and ``target`` (default: ``folder``).
    """
    base = Path.cwd() if root is None else root
    try:
        leads_to = outside_target(folder, base)
    except (OSError, RuntimeError) as exc:  # a link loop
        reason = f": its folder cannot be resolved ({exc})"
        raise WriteError(what, target or folder, "refusing to write", reason) from None
    if leads_to is not None:
        reason = (
            f": a symbolic link on the way leads to {leads_to}, outside {base.resolve()}; "
            "remove the link or choose another path"
        )
        raise WriteError(what, target or folder, "refusing to write", reason)


def outside_target(path: Path, root: Path) -> Path | None:
    """Where ``path`` really leads when that is outside ``root`` although ``path``, as written
    (relative paths taken from ``root``), lies under it: a symbolic link on the way leads out.
    ``None`` when it stays inside, or when ``path`` was outside ``root`` to begin with (the
    caller's own choice, nothing a checkout can plant).

    Raises:
        OSError, RuntimeError: a link loop on the way.
    """
    written = Path(os.path.abspath(root / path))
    if not written.is_relative_to(os.path.abspath(root)):
        return None
    resolved = (root / path).resolve()
    return None if resolved.is_relative_to(root.resolve()) else resolved


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
