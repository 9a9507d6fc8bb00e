"""``seamguard new-version``: copy a seam's newest version folder forward.

``1.1`` becomes ``1.2`` (``minor``) or ``2.0`` (``major``). The files are copied as they are,
except a top-level ``$id`` that names the old folder (``.../tasks.create/1.1/input.schema.json``),
which is moved to the new one so the two versions' ``$id`` s stay distinct, and a top-level
``title`` that names the old version (``tasks.create 1.1 input``), which names the new one.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from seamguard._files import write_file
from seamguard.errors import ConfigError, did_you_mean

__all__ = ["NewVersion", "new_version"]

_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


@dataclass(frozen=True, slots=True)
class NewVersion:
    """A version folder made by :func:`new_version`."""

    seam: str
    old: str
    """The version copied, ``1.1``."""
    new: str
    """The version made, ``1.2`` or ``2.0``."""
    folder: Path
    """The new folder."""


def new_version(contracts: Path, seam: str, *, major: bool) -> NewVersion:
    """Copy the newest version folder of ``seam`` under ``contracts`` to the next version.

    Raises:
        ConfigError: the contracts root or the seam does not exist (with the nearest seam
            name), the seam has no version folder, or the new folder exists already.
    """
    if not contracts.is_dir():
        raise ConfigError(f"contracts root '{contracts}' does not exist")
    folder = contracts / seam
    if not folder.is_dir() or seam.startswith("_") or seam.startswith("."):
        names = sorted(
            p.name for p in contracts.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
        )
        raise ConfigError(
            f"no seam '{seam}' under {contracts}{did_you_mean(seam, names)}"
            + (f" (seams: {', '.join(names)})" if names else "")
        )
    versions = sorted(
        (int(m.group(1)), int(m.group(2)))
        for p in folder.iterdir()
        if p.is_dir() and (m := _VERSION.match(p.name))
    )
    if not versions:
        raise ConfigError(f"seam '{seam}' has no MAJOR.MINOR version folder under {folder}")
    last = versions[-1]
    new = (last[0] + 1, 0) if major else (last[0], last[1] + 1)
    old_name, new_name = f"{last[0]}.{last[1]}", f"{new[0]}.{new[1]}"
    target = folder / new_name
    if target.exists():
        raise ConfigError(f"{target} exists already")
    _copy_inside(folder / old_name, target, contracts)
    for path in sorted(target.rglob("*.json")):
        _move_names(path, old_name, new_name, contracts, seam=seam)
    return NewVersion(seam=seam, old=old_name, new=new_name, folder=target)


def _copy_inside(source: Path, target: Path, contracts: Path) -> None:
    """Copy the folder ``source`` to ``target``, every file through ``write_file``; a link
    is copied as the file it leads to, and refused when that is outside ``contracts`` (the
    loader's rule: nothing outside the root is read).

    Raises:
        ConfigError: a link leads outside the contracts root; nothing is copied.
    """
    root = contracts.resolve()
    files: list[tuple[Path, Path]] = []
    for parent, folders, names in os.walk(source, followlinks=False):
        for name in sorted([*folders, *names]):
            path = Path(parent, name)
            if not path.resolve().is_relative_to(root):
                raise ConfigError(
                    f"{path} is a symbolic link to {path.resolve()}, outside the contracts "
                    "root; refused (seamguard reads nothing outside it) — copy the file in"
                )
            if path.is_dir() and path.is_symlink():
                raise ConfigError(f"{path} is a symbolic link to a folder; copy the folder in")
            if path.is_file():
                files.append((path, target / path.relative_to(source)))
    target.mkdir(parents=True)
    for path, copy in files:
        write_file(copy, path.read_bytes(), "the new version's file", root=contracts)


def _move_names(path: Path, old: str, new: str, contracts: Path, *, seam: str) -> None:
    """Move what names the old version in ``path``'s top level to the new one: a ``$id``
    holding ``<seam>/<old>/``, a ``title`` naming ``old`` as a word (``tasks.create 1.1
    input``). Edited in the text, so the file keeps its layout."""
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except ValueError:
        return  # not JSON: lint will say so; copied as it is
    if not isinstance(document, dict):
        return
    edited = text
    identifier = document.get("$id")
    if isinstance(identifier, str) and f"{seam}/{old}/" in identifier:
        moved = identifier.replace(f"{seam}/{old}/", f"{seam}/{new}/")
        edited = _replace_value(edited, "$id", identifier, moved)
    title = document.get("title")
    if isinstance(title, str):
        # The version as a word: not 11.1 or 1.10 when the old version is 1.1.
        word = re.compile(rf"(?<![0-9.]){re.escape(old)}(?![0-9]|\.[0-9])")
        edited = _replace_value(edited, "title", title, word.sub(new, title))
    if edited != text:
        write_file(path, edited, "the new version's file", root=contracts)


def _replace_value(text: str, key: str, value: str, replacement: str) -> str:
    """``text`` with the first ``"key": "value"`` pair's value made ``replacement``."""
    if replacement == value:
        return text
    for ascii_only in (False, True):  # as written: UTF-8 text, or \\u escapes
        quoted = json.dumps(value, ensure_ascii=ascii_only)
        pair = re.compile(rf"({re.escape(json.dumps(key))}\s*:\s*){re.escape(quoted)}")
        found = pair.search(text)
        if found is not None:
            new = json.dumps(replacement, ensure_ascii=ascii_only)
            return text[: found.start()] + found.group(1) + new + text[found.end() :]
    return text
