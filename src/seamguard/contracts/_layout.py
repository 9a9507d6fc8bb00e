"""The layout of a contracts tree: seam folders, version folders, shared definitions.

Layout::

    <root>/<seam>/<MAJOR>.<MINOR>/input.schema.json
    <root>/<seam>/<MAJOR>.<MINOR>/output.schema.json
    <root>/_<anything>/**/*.json      shared definitions, reached by $ref
    <root>/*.json                     shared definitions too

A name that is not UTF-8, a stray file and a symbolic link that leads out of the root are
problems of the tree; nothing outside the root is read.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from seamguard.contracts._model import INPUT_FILE, OUTPUT_FILE, Problem, Version
from seamguard.errors import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["CONTRACT_FILES", "TreeReader"]

_SEAM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$")
CONTRACT_FILES = (INPUT_FILE, OUTPUT_FILE)


class TreeReader:
    """The folders and names of a contracts tree, and the problems found in it so far."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.owner: dict[Path, tuple[str, str]] = {}  # file -> (seam, version folder)
        self.outside: list[Path] = []  # links refused as leading out of the root

    def report(self, path: Path, message: str, *, pointer: str = "") -> None:
        """Record a problem of ``path`` under the seam and version that own it."""
        seam, version = self.owner.get(path, self._owner_of(path))
        self.problems.append(Problem(path, pointer, message, seam=seam, version=version))

    def _owner_of(self, path: Path) -> tuple[str, str]:
        parts = path.relative_to(self.root).parts
        if not parts:
            return "", ""
        if parts[0].startswith("_") or (len(parts) == 1 and not path.is_dir()):
            return parts[0], ""  # shared definitions: the folder (or root file) names them
        return parts[0], parts[1] if len(parts) > 1 else ""

    def _scan_root(self) -> tuple[list[Path], list[Path]]:
        seam_dirs: list[Path] = []
        shared: list[Path] = []
        for entry in sorted(self.root.iterdir()):
            if entry.name.startswith(".") or not self._named(entry) or not self._inside(entry):
                continue
            if entry.is_dir() and entry.name.startswith("_"):
                shared.extend(self._json_files(entry))
            elif entry.is_dir():
                seam_dirs.append(entry)
            elif entry.suffix == ".json":
                shared.append(entry)
        return seam_dirs, shared

    def _json_files(self, directory: Path) -> Iterator[Path]:
        for path in sorted(directory.rglob("*.json")):
            relative = path.relative_to(directory).parts
            if any(part.startswith(".") for part in relative):
                continue
            if not self._named(path) or not self._inside(path):
                continue
            if path.is_file():
                yield path

    def _inside(self, path: Path) -> bool:
        """False (and a problem) for a path that leads out of the root: a symbolic link
        (to a file or a folder) whose target, every link followed, is not under the root.
        A link that stays inside the root is read like the file it leads to."""
        if path in self.outside:
            return False
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a link loop: nothing to read either way
            target = None
        if target is None or not target.is_relative_to(self.root):
            self.outside.append(path)
            self.report(
                path,
                f"is a symbolic link to {target or 'itself (a loop)'}, outside the contracts "
                "root; refused (seamguard reads nothing outside it) — copy the file in instead",
            )
            return False
        return True

    def _named(self, path: Path) -> bool:
        """False (and a problem on the folder that holds it) for a name that is not UTF-8:
        no message naming it could be printed, on a terminal or in a report."""
        if _utf8(str(path)):
            return True
        folder = path.parent
        while folder != self.root and not _utf8(str(folder)):
            folder = folder.parent
        if not _utf8(str(folder)):
            return True  # the root's own name: not the tree's to judge
        raw = os.fsencode(path.relative_to(folder))
        self.report(folder, f"holds {raw!r}, whose name is not UTF-8; rename it (it is skipped)")
        return False

    def _scan_seam(self, seam_dir: Path) -> list[tuple[Version, Path]]:
        if not _SEAM_NAME.match(seam_dir.name):
            self.report(
                seam_dir,
                f"seam folder name '{seam_dir.name}' is not a seam name such as "
                "'tasks.create' (letters, digits, '_' and '-', parts joined by '.')",
            )
        versions: list[tuple[Version, Path]] = []
        for entry in sorted(seam_dir.iterdir()):
            if entry.name.startswith(".") or not self._named(entry) or not self._inside(entry):
                continue
            if entry.is_file():
                if entry.suffix == ".json":
                    self.report(
                        entry,
                        f"schema files belong in a version folder, e.g. "
                        f"{seam_dir.name}/1.0/{entry.name}",
                    )
                continue
            version = Version.parse(entry.name)
            if version is None:
                self.report(
                    entry,
                    f"version folder name '{entry.name}' is not MAJOR.MINOR "
                    "(whole numbers without leading zeros, e.g. '1.0' or '2.13'); rename it",
                )
                continue
            self._check_version_folder(entry)
            versions.append((version, entry))
        if not versions:
            self.report(
                seam_dir,
                f"seam '{seam_dir.name}' has no version folder; add "
                f"{seam_dir.name}/1.0/{INPUT_FILE} and {OUTPUT_FILE}",
            )
        versions.sort()
        return versions

    def _check_version_folder(self, directory: Path) -> None:
        seam = directory.parent.name
        self.owner[directory] = (seam, directory.name)
        for entry in sorted(directory.iterdir()):
            if entry.name.startswith(".") or entry.name in CONTRACT_FILES:
                continue
            if not self._named(entry):
                continue
            if entry.suffix == ".json" or entry.is_dir():
                self.owner[entry] = (seam, directory.name)
                self.report(
                    entry,
                    f"unexpected {'folder' if entry.is_dir() else 'file'} '{entry.name}' in a "
                    f"version folder{did_you_mean(entry.name, CONTRACT_FILES)} (a version "
                    f"holds {INPUT_FILE} and {OUTPUT_FILE}; shared definitions go in a "
                    "folder whose name starts with '_' at the root)",
                )
        for name in CONTRACT_FILES:
            path = directory / name
            self.owner[path] = (seam, directory.name)
            if not self._inside(path):
                continue
            if not path.is_file():
                self.report(path, "is missing; every version folder needs it")


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a byte the file system decoded as a lone surrogate
        return False
    return True
