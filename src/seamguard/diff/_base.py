"""The contracts tree as it is at a git ref (``seamguard diff --base REF``), read with
``git archive`` into a temporary folder: no checkout, and nothing unpacked outside it."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from seamguard.errors import SeamguardError

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def base_tree(contracts: Path, ref: str) -> Iterator[Path | None]:
    """The contracts folder as it is at git ``ref``, in a temporary folder (no checkout).

    Yields ``None`` when ``ref`` has no such folder (every version is new).

    Raises:
        SeamguardError: not a git work tree, or ``ref`` is unknown.
    """
    root = contracts.resolve()
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    relative = root.relative_to(Path(top).resolve()).as_posix()
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", what=f"ref {ref!r}")
    listing = _git(Path(top), "ls-tree", "-d", "--name-only", ref, "--", relative)
    with tempfile.TemporaryDirectory(prefix="seamguard-base-") as folder:
        if not listing.strip():
            yield None
            return
        archive = _git(Path(top), "archive", "--format=tar", ref, "--", relative)
        _extract(archive, Path(folder), ref)
        yield Path(folder) / relative


def _extract(archive: bytes, folder: Path, ref: str) -> None:
    """Unpack a ``git archive`` tarball into ``folder``: regular files, folders and links
    that stay inside ``folder`` only.

    tarfile's ``"data"`` filter (PEP 706: Python 3.12, and 3.8.17+, 3.9.17+, 3.10.12+,
    3.11.4+) does it where the running Python has it, found by feature detection; older
    Pythons get the same refusals from :func:`_leads_outside`.

    Raises:
        SeamguardError: a member leads out of ``folder`` (an absolute name, ``..``, a
            symbolic or hard link pointing outside), one line naming it.
    """
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        try:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(folder, filter="data")
                return
            for member in tar.getmembers():  # pragma: no cover - Pythons before PEP 706
                reason = _leads_outside(member, folder)
                if reason is not None:
                    raise SeamguardError(f"--base {ref}: {member.name} refused: {reason}")
            tar.extractall(folder)  # pragma: no cover
        except tarfile.TarError as error:  # the filter's refusals, a broken archive
            refused = getattr(error, "tarinfo", None)
            name = f" {refused.name}" if refused is not None else ""
            raise SeamguardError(
                f"--base {ref}:{name} refused: {error}; the contracts tree at {ref} must not "
                "hold links leading out of it"
            ) from None


def _leads_outside(member: tarfile.TarInfo, folder: Path) -> str | None:
    """Why ``member`` may not be unpacked into ``folder`` (the ``"data"`` filter's rules
    that matter here, for Pythons without it); ``None`` when it may."""
    root = folder.resolve()
    if not (root / member.name).resolve().is_relative_to(root):
        return "its name leads outside the folder"
    if member.issym():
        linked = (root / member.name).parent / member.linkname
        if os.path.isabs(member.linkname) or not linked.resolve().is_relative_to(root):
            return f"it is a symbolic link to {member.linkname}, outside the tree"
    elif member.islnk():
        if not (root / member.linkname).resolve().is_relative_to(root):
            return f"it is a hard link to {member.linkname}, outside the tree"
    elif not (member.isfile() or member.isdir()):
        return "it is neither a file, a folder nor a link"
    return None


def _git(cwd: Path, *args: str, what: str = "") -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise SeamguardError("--base needs git, which is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        reason = detail[-1] if detail else f"git {args[0]} failed"
        if what:
            reason = f"{what} is not a commit of this repository"
        raise SeamguardError(f"--base: {reason}")
    return done.stdout
