"""Sessions: sqlite3 connections to an in-memory database, counted when opened and closed.

Four factories hand out the same kind of session: a generator (:func:`session`), a context
manager (:func:`session_cm`), an async context manager (:func:`async_session`) and a plain
function (:func:`plain_session`, which leaves closing to the connection's own ``__exit__``:
it commits or rolls back, and does not close).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

__all__ = ["COUNTS", "async_session", "open_session", "plain_session", "session", "session_cm"]

COUNTS = {"opened": 0, "closed": 0, "committed": 0, "rolled_back": 0}
"""Sessions opened, closed, committed, rolled back; and opened by each factory (by name)."""


def open_session(by: str = "route") -> sqlite3.Connection:
    """A new connection with the ``entries`` table; ``by``: the factory, counted."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
    COUNTS["opened"] += 1
    COUNTS[by] = COUNTS.get(by, 0) + 1
    return connection


def _close(connection: sqlite3.Connection) -> None:
    connection.close()
    COUNTS["closed"] += 1


def session(by: str = "generator") -> Iterator[sqlite3.Connection]:
    """A generator factory: commit after the call, roll back when it raised, close always."""
    connection = open_session(by)
    try:
        yield connection
        connection.commit()
        COUNTS["committed"] += 1
    except BaseException:
        connection.rollback()
        COUNTS["rolled_back"] += 1
        raise
    finally:
        _close(connection)


@contextmanager
def session_cm() -> Iterator[sqlite3.Connection]:
    """The same as a context manager."""
    yield from session("context-manager")


@asynccontextmanager
async def async_session() -> AsyncIterator[sqlite3.Connection]:
    """The same as an async context manager (the generator's commit, rollback and close)."""
    with contextmanager(session)("async") as connection:
        yield connection


def plain_session() -> sqlite3.Connection:
    """A function returning the session (never closed: for tests that want no teardown)."""
    return open_session("plain")
