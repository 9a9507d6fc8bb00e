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

__all__ = ["WriteError", "check_writable_directory", "write_file"]


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
    written = Path(os.path.abspath(base / folder))
    if not written.is_relative_to(os.path.abspath(base)):
        return  # the caller's own choice, nothing a checkout holds
    try:
        resolved_base = base.resolve()
        resolved = folder.resolve() if folder.is_absolute() else (base / folder).resolve()
    except (OSError, RuntimeError) as exc:  # a link loop
        raise SeamguardError(
            f"refusing to write {what} to {target or folder}: its folder cannot be resolved ({exc})"
        ) from None
    if not resolved.is_relative_to(resolved_base):
        reason = (
            f": a symbolic link on the way leads to {resolved}, outside {resolved_base}; "
            "remove the link or choose another path"
        )
        raise WriteError(what, target or folder, "refusing to write", reason)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
