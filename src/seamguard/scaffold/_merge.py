"""``seamguard init --add``: new seams merged into an existing configuration.

The configuration (``seamguard.toml``, or the ``[tool.seamguard]`` table of
``pyproject.toml``) is read with ``tomllib``; nothing in it is rewritten. A route whose logic
callable a seam binds already is skipped, new seam names avoid the names bound and the
contract folders that exist, and the new ``[[seams]]`` entries are appended to the file's
end (TOML lets an array of tables grow anywhere), the whole read back before it is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seamguard.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Existing", "merged_text", "read_existing", "section_of"]


@dataclass(frozen=True, slots=True)
class Existing:
    """What an existing configuration binds already."""

    config_file: Path
    table: str | None
    """``tool.seamguard`` in ``pyproject.toml``; ``None`` in ``seamguard.toml``."""
    contracts: Path
    """Its contracts root."""
    names: frozenset[str]
    """Seam names taken: bound, or a folder under the contracts root."""
    bound: dict[str, str]
    """Each bound logic callable (``module:qualname``) and the seam that binds it."""


def section_of(text: str, path: Path) -> dict[str, Any] | None:
    """The seamguard configuration in ``text`` (a ``[tool.seamguard]`` table in
    ``pyproject.toml``), ``None`` when there is none.

    Raises:
        ConfigError: the file is not valid TOML.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: is not valid TOML: {exc}") from None
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    section = tool.get("seamguard") if isinstance(tool, dict) else None
    return section if isinstance(section, dict) else None


def read_existing(config_file: Path, *, default_contracts: Path) -> Existing | None:
    """What ``config_file`` binds, ``None`` when it does not exist or has no seamguard
    configuration."""
    if not config_file.is_file():
        return None
    section = section_of(config_file.read_text(encoding="utf-8"), config_file)
    if section is None:
        return None
    contracts = section.get("contracts")
    root = (
        config_file.parent / contracts
        if isinstance(contracts, str) and contracts
        else default_contracts
    )
    names: set[str] = set()
    bound: dict[str, str] = {}
    seams = section.get("seams", [])
    for seam in seams if isinstance(seams, list) else []:
        if not isinstance(seam, dict):
            continue
        name = seam.get("contract")
        if isinstance(name, str):
            names.add(name)
            logic = seam.get("logic")
            if isinstance(logic, str):
                bound.setdefault(logic, name)
    if root.is_dir():
        names.update(p.name for p in root.iterdir() if p.is_dir())
    table = "tool.seamguard" if config_file.name == "pyproject.toml" else None
    return Existing(config_file, table, root, frozenset(names), bound)


def merged_text(existing: Existing, addition: str) -> str:
    """The configuration file with ``addition`` (``[[seams]]`` entries) at its end.

    Raises:
        ConfigError: the result is not valid TOML (the file holds ``seams = [...]``
            written inline, which an appended entry cannot extend).
    """
    text = existing.config_file.read_text(encoding="utf-8")
    separator = "" if not text or text.endswith("\n") else "\n"
    merged = text + separator + addition
    try:
        tomllib.loads(merged)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{existing.config_file.name}: the new [[seams]] entries cannot be appended "
            f"({exc}); write its seams as [[seams]] tables, or add the entries by hand"
        ) from None
    return merged
