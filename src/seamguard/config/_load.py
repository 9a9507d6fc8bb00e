"""Finding and reading the configuration file: ``pyproject.toml`` or ``seamguard.toml``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from seamguard.config._model import Config
from seamguard.config._parse import parse_table
from seamguard.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def find_config_file(start: Path) -> Path | None:
    """The nearest ``seamguard.toml``, or ``pyproject.toml`` with a ``[tool.seamguard]`` table.

    Looks in ``start`` and then in each parent directory, like pytest finds its rootdir.
    ``seamguard.toml`` wins over ``pyproject.toml`` in the same directory. A ``pyproject.toml``
    without the table is passed over; one that is not TOML is not: it may hold the table.

    Raises:
        ConfigError: a ``pyproject.toml`` on the way up cannot be read as TOML; the message
            names the file, the line and the column.
    """
    for directory in (start, *start.parents):
        candidate = directory / "seamguard.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                raw = pyproject.read_bytes()
            except OSError:  # unreadable (permissions): not ours to judge unless named
                continue
            data = parse_toml(raw, pyproject.resolve())
            if isinstance(data.get("tool"), dict) and "seamguard" in data["tool"]:
                return pyproject
    return None


def read_toml(file: Path) -> dict[str, Any]:
    """The TOML document in ``file``.

    Raises:
        ConfigError: the file cannot be read, is not UTF-8 or not TOML (:func:`parse_toml`).
    """
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{file}: cannot be read ({exc.strerror or exc})") from None
    return parse_toml(raw, file)


def parse_toml(raw: bytes, file: Path) -> dict[str, Any]:
    """The TOML document in ``raw``, the bytes of ``file``.

    Raises:
        ConfigError: not UTF-8 or not TOML; the message names the file and, for a syntax
            error, its line and column (tomllib's own words: ``(at line 2, column 19)``).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{file}: is not UTF-8 text ({exc.reason})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: is not valid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:  # tomllib's int() and its recursive descent
        what = "a number has too many digits"
        if isinstance(exc, RecursionError):
            what = "arrays or tables are nested too deeply"
        raise ConfigError(f"{file}: cannot be read as TOML: {what}") from None


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> Config:
    """Load and check the configuration.

    Args:
        path: the file to read (``pyproject.toml`` or ``seamguard.toml``). When ``None``, the
            nearest one from ``start`` upwards is used, and the defaults when there is none.
        start: where the search starts; the working directory by default.

    Raises:
        ConfigError: the file is missing or not TOML, a key is unknown, a value is wrong.

    Example::

        config = load_config("pyproject.toml")
        config.binding("tasks.create").logic   # 'taskapp.logic:TaskManager.create_task'
    """
    if path is None:
        origin = Path(start) if start is not None else Path.cwd()
        found = find_config_file(origin.resolve())
        if found is None:
            root = origin.resolve()
            return Config(root=root, contracts=root / "contracts")
        file = found
    else:
        file = Path(path)
        if not file.is_file():
            raise ConfigError(f"config file {str(file)!r} does not exist")
    file = file.resolve()
    data = read_toml(file)
    if file.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "seamguard" not in tool:
            raise ConfigError(
                f"{file}: has no [tool.seamguard] table; add one, or name a seamguard.toml"
            )
        table = tool["seamguard"]
        prefix = f"{file.name} [tool.seamguard]"
    else:
        table = data
        prefix = file.name
    if not isinstance(table, dict):
        raise ConfigError(f"{prefix}: must be a table of keys")
    return parse_table(table, file=file, prefix=prefix)
