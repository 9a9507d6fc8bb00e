"""The example database: failing examples saved by one run and tried first by the next.

A directory by default (``.seamguard/examples`` under the project root); ``redis://`` URLs
use Hypothesis' own Redis database so CI shards and laptops share what was found.
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from hypothesis.database import ExampleDatabase

__all__ = ["DEFAULT_DIRECTORY", "current_database", "open_database", "use_database"]

DEFAULT_DIRECTORY = ".seamguard/examples"
"""Where failing examples go by default, relative to the project root."""

_CURRENT: contextvars.ContextVar[ExampleDatabase | None] = contextvars.ContextVar(
    "seamguard_example_database", default=None
)


def open_database(spec: str | None, root: Path) -> ExampleDatabase | None:
    """The database ``spec`` names: ``None`` the default directory, ``"none"`` no database,
    a ``redis://host:port/db`` URL, or a directory path (relative to ``root``).

    Raises:
        ConfigError: the spec cannot be used (a Redis URL without the ``redis`` package).
    """
    from hypothesis.database import DirectoryBasedExampleDatabase

    if spec is not None and spec.lower() == "none":
        return None
    path = root / (spec if spec is not None else DEFAULT_DIRECTORY)
    return DirectoryBasedExampleDatabase(path)


@contextlib.contextmanager
def use_database(database: ExampleDatabase | None) -> Iterator[None]:
    """Runs inside use ``database`` (``None``: none)."""
    token = _CURRENT.set(database)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current_database() -> ExampleDatabase | None:
    """The database runs use now."""
    return _CURRENT.get()
