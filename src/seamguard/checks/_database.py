"""The example database: failing examples saved by one run and tried first by the next.

A directory by default (``.seamguard/examples`` under the project root); ``redis://`` URLs
use Hypothesis' own Redis database so CI shards and laptops share what was found.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from seamguard._files import check_writable_directory
from seamguard.errors import ConfigError, SeamguardError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from hypothesis.database import ExampleDatabase

__all__ = [
    "DEFAULT_DIRECTORY",
    "REDIS_KEY_PREFIX",
    "current_database",
    "open_database",
    "use_database",
]

DEFAULT_DIRECTORY = ".seamguard/examples"
"""Where failing examples go by default, relative to the project root."""

REDIS_KEY_PREFIX = b"seamguard-example:"
"""What every Redis key of the database starts with (Hypothesis' own is ``hypothesis-example:``)."""

_REDIS_SCHEMES = ("redis", "rediss", "unix")
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_ACCEPTED = "a directory path, redis://HOST:PORT/DB (rediss://, unix:// too), or none"

_CURRENT: contextvars.ContextVar[ExampleDatabase | None] = contextvars.ContextVar(
    "seamguard_example_database", default=None
)


def open_database(spec: str | None, root: Path) -> ExampleDatabase | None:
    """The database ``spec`` names: ``None`` the default directory, ``"none"`` no database,
    a ``redis://host:port/db`` URL, or a directory path (relative to ``root``).

    A Redis server is asked for a PING here, so an unreachable one is a usage error before
    any check runs rather than an error in every check.

    Args:
        spec: the ``--example-db`` value.
        root: the project root, which a relative directory path is under.

    Raises:
        ConfigError: the spec cannot be used: an unknown URL scheme, a Redis URL without
            the ``redis`` package or with no server answering, a path that is not a
            directory.

    Example::

        with use_database(open_database("redis://ci-cache:6379/0", config.root)):
            ...
    """
    from hypothesis.database import DirectoryBasedExampleDatabase

    if spec is not None and spec.strip().lower() == "none":
        return None
    if spec is not None and (match := _URL.match(spec)):
        scheme = match["scheme"].lower()
        if scheme not in _REDIS_SCHEMES:
            raise ConfigError(
                f"--example-db {_shown(spec)}: unknown scheme {scheme!r}; use {_ACCEPTED}"
            )
        return _open_redis(spec)
    if spec is not None and not spec.strip():
        raise ConfigError(f"--example-db is empty; use {_ACCEPTED}")
    path = root / (spec if spec is not None else DEFAULT_DIRECTORY)
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        # Hypothesis would swallow every failed write and save nothing, silently; and it
        # would follow a link wherever it leads.
        what = "is a symbolic link" if path.is_symlink() else "exists and is not a directory"
        raise ConfigError(f"--example-db {path}: {what}")
    # Hypothesis writes into the folder and its subfolders: none may lead out (the rule of
    # every file seamguard writes, seamguard.report._file.write_file).
    try:
        check_writable_directory(path, "the example database", root=root)
    except SeamguardError as refused:
        raise ConfigError(f"--example-db {path}: {refused}") from None
    link = _first_link(path)
    if link is not None:
        raise ConfigError(
            f"--example-db {path}: {link} is a symbolic link; the example database holds "
            "none (remove it)"
        )
    return DirectoryBasedExampleDatabase(path)


def _first_link(folder: Path) -> Path | None:
    """The first symbolic link under ``folder`` (links are not followed), if any."""
    for parent, folders, files in os.walk(folder):
        for name in sorted([*folders, *files]):
            if os.path.islink(os.path.join(parent, name)):
                return Path(parent, name)
    return None


def _open_redis(url: str) -> ExampleDatabase:
    shown = _shown(url)
    try:
        import redis
        from hypothesis.extra.redis import RedisExampleDatabase
    except ImportError:
        raise ConfigError(
            f"--example-db {shown}: the Redis example database needs the redis package "
            "(seamguard's [redis] extra): pip install 'redis>=5'"
        ) from None
    try:
        # Timeouts that the URL may override (?socket_timeout=...): a host that drops
        # packets must not hang the run, neither here nor at a save in the middle of it.
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except (ValueError, TypeError) as error:
        # A port or db that is not a number (from_url), an unknown ?option (the first
        # connection's constructor): the URL, not the server.
        raise ConfigError(
            f"--example-db {shown}: not a usable Redis URL ({_one_line(error)}); "
            "expected redis://HOST:PORT/DB"
        ) from None
    except (redis.RedisError, OSError) as error:
        raise ConfigError(
            f"--example-db {shown}: cannot reach Redis ({_one_line(error)})"
        ) from None
    return RedisExampleDatabase(
        client, key_prefix=REDIS_KEY_PREFIX, listener_channel="seamguard-example-changes"
    )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _shown(url: str) -> str:
    """``url`` with any password replaced, fit for an error message or a log."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        user = parts.username or ""
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
        netloc = f"{user}:***@{host}{port}"
    except ValueError:  # a malformed port: say nothing of what follows the scheme
        return url.split("://", 1)[0] + "://..."
    return urlunsplit(parts._replace(netloc=netloc))


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
