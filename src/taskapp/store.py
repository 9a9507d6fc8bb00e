"""SQLite persistence for taskapp, through the standard library ``sqlite3``.

One connection per thread, opened in autocommit mode (``isolation_level=None``) so that
transactions are explicit: :meth:`TaskStore.transaction` issues ``BEGIN IMMEDIATE`` and
``COMMIT``/``ROLLBACK`` itself, and nested uses become savepoints. Every write method runs in
one transaction, so a failure in any of its statements leaves the database as it was. WAL
journaling and a busy timeout let several threads and several processes share one file.

The store knows rows and SQL, not the domain rules: :mod:`taskapp.logic` validates and
converts, then hands the store a :class:`TaskRecord`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["DEFAULT_DB", "ENV_VAR", "TaskRecord", "TaskStore"]

#: The environment variable that names the database file.
ENV_VAR = "TASKAPP_DB"
#: The database file used when ``TASKAPP_DB`` is not set (relative to the working directory).
DEFAULT_DB = "taskapp.db"

#: The largest value SQLite stores in an INTEGER column; a larger OFFSET matches nothing anyway.
_SQLITE_MAX_INT = 2**63 - 1
_BUSY_TIMEOUT_MS = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id               TEXT PRIMARY KEY NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
    priority         TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    due_date         TEXT,
    estimate_minutes INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    completed_at     TEXT
);
CREATE INDEX IF NOT EXISTS tasks_by_created ON tasks (created_at, id);
CREATE INDEX IF NOT EXISTS tasks_by_status_created ON tasks (status, created_at, id);
CREATE TABLE IF NOT EXISTS task_tags (
    task_id  TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag      TEXT NOT NULL,
    PRIMARY KEY (task_id, tag)
);
"""

_COLUMNS = (
    "id, title, description, status, priority, due_date, estimate_minutes, "
    "created_at, updated_at, completed_at"
)

_Row = tuple[str, str, str, str, str, "str | None", "int | None", str, str, "str | None"]


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """One task as the store reads and writes it (status and priority as their text values)."""

    id: UUID
    title: str
    description: str
    status: str
    priority: str
    tags: tuple[str, ...]
    due_date: date | None
    estimate_minutes: int | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


def _timestamp_to_text(value: datetime) -> str:
    # Fixed width (always microseconds, always UTC) so that text order is time order.
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _optional_timestamp_to_text(value: datetime | None) -> str | None:
    return None if value is None else _timestamp_to_text(value)


def _text_to_timestamp(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


class _ThreadState(threading.local):
    connection: sqlite3.Connection | None = None
    depth: int = 0


class TaskStore:
    """Tasks and their tags in one SQLite database file.

    Safe to share between threads (each thread gets its own connection) and between
    processes (WAL journal, ``busy_timeout`` of 5 seconds). Call :meth:`close` when done.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = os.fspath(path)
        self._lock = threading.Lock()
        self._state = _ThreadState()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._schema_ready = False

    @classmethod
    def from_env(cls) -> TaskStore:
        """The store at ``$TASKAPP_DB``, or ``taskapp.db`` in the working directory."""
        return cls(os.environ.get(ENV_VAR) or DEFAULT_DB)

    @property
    def path(self) -> str:
        """The database file."""
        return self._path

    def __repr__(self) -> str:
        return f"TaskStore({self._path!r})"

    def __enter__(self) -> TaskStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- connections -------------------------------------------------------------------

    def initialize(self) -> None:
        """Open the database now, creating the file and the schema if missing.

        Optional: the first read or write does the same. Calling it at start-up makes a bad
        path fail there rather than on the first request.
        """
        self._connection()

    def close(self) -> None:
        """Close every connection this store opened, in every thread.

        The store stays usable: the next call opens a fresh connection.
        """
        with self._lock:
            connections = [connection for _, connection in self._connections]
            self._connections.clear()
            self._state = _ThreadState()
        for connection in connections:
            connection.close()

    def _connection(self) -> sqlite3.Connection:
        state = self._state
        if state.connection is None:
            state.connection = self._open()
        return state.connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._path,
            timeout=_BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,  # used by one thread only; closed by whichever calls close()
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL").fetchall()
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            with self._lock:
                if not self._schema_ready:
                    self._create_schema(connection)
                    self._schema_ready = True
                self._forget_finished_threads()
                self._connections.append((threading.current_thread(), connection))
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _create_schema(connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _forget_finished_threads(self) -> None:
        # Called with the lock held: the connections of threads that have ended are closed.
        alive = []
        for thread, connection in self._connections:
            if thread.is_alive():
                alive.append((thread, connection))
            else:
                connection.close()
        self._connections[:] = alive

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``).

        An exception rolls everything back and propagates. Inside another transaction on
        the same thread the block becomes a savepoint: its failure undoes only its own work.
        """
        connection = self._connection()
        state = self._state
        if state.depth == 0:
            connection.execute("BEGIN IMMEDIATE")
            state.depth = 1
            try:
                yield
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            finally:
                state.depth = 0
        else:
            savepoint = f"taskapp_{state.depth}"
            connection.execute(f"SAVEPOINT {savepoint}")
            state.depth += 1
            try:
                yield
            except BaseException:
                connection.execute(f"ROLLBACK TO {savepoint}")
                connection.execute(f"RELEASE {savepoint}")
                raise
            else:
                connection.execute(f"RELEASE {savepoint}")
            finally:
                state.depth -= 1

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        # A read transaction, so that several SELECTs see one state of the database.
        connection = self._connection()
        state = self._state
        if state.depth:
            yield connection
            return
        connection.execute("BEGIN DEFERRED")
        state.depth = 1
        try:
            yield connection
        finally:
            state.depth = 0
            if connection.in_transaction:
                connection.execute("COMMIT")

    # -- reads -------------------------------------------------------------------------

    def get(self, task_id: UUID) -> TaskRecord | None:
        """The task with this id, or None."""
        with self._snapshot() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM tasks WHERE id = ?", (str(task_id),)
            ).fetchone()
            if row is None:
                return None
            tags = self._tags_of(connection, [row[0]])
        return self._record(row, tags.get(row[0], ()))

    def list_page(
        self, status: str | None, limit: int, offset: int
    ) -> tuple[list[TaskRecord], int]:
        """One page of tasks (oldest first, then by id) and how many match in all."""
        where, params = ("WHERE status = ?", (status,)) if status is not None else ("", ())
        with self._snapshot() as connection:
            (total,) = connection.execute(f"SELECT count(*) FROM tasks {where}", params).fetchone()
            rows = connection.execute(
                f"SELECT {_COLUMNS} FROM tasks {where} ORDER BY created_at, id LIMIT ? OFFSET ?",
                (*params, min(limit, _SQLITE_MAX_INT), min(offset, _SQLITE_MAX_INT)),
            ).fetchall()
            tags = self._tags_of(connection, [row[0] for row in rows])
        return [self._record(row, tags.get(row[0], ())) for row in rows], int(total)

    @staticmethod
    def _tags_of(connection: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        found: dict[str, list[str]] = {}
        for task_id, tag in connection.execute(
            f"SELECT task_id, tag FROM task_tags WHERE task_id IN ({marks}) "
            "ORDER BY task_id, position",
            tuple(ids),
        ):
            found.setdefault(task_id, []).append(tag)
        return {task_id: tuple(tags) for task_id, tags in found.items()}

    @staticmethod
    def _record(row: _Row, tags: tuple[str, ...]) -> TaskRecord:
        (
            task_id,
            title,
            description,
            status,
            priority,
            due_date,
            estimate_minutes,
            created_at,
            updated_at,
            completed_at,
        ) = row
        return TaskRecord(
            id=UUID(task_id),
            title=title,
            description=description,
            status=status,
            priority=priority,
            tags=tags,
            due_date=None if due_date is None else date.fromisoformat(due_date),
            estimate_minutes=estimate_minutes,
            created_at=_text_to_timestamp(created_at),
            updated_at=_text_to_timestamp(updated_at),
            completed_at=None if completed_at is None else _text_to_timestamp(completed_at),
        )

    # -- writes ------------------------------------------------------------------------

    def insert(self, record: TaskRecord) -> None:
        """Add a new task and its tags, in one transaction."""
        with self.transaction():
            connection = self._connection()
            connection.execute(
                f"INSERT INTO tasks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._values(record),
            )
            self._write_tags(connection, record)

    def update(self, record: TaskRecord, *, replace_tags: bool = True) -> bool:
        """Overwrite the task with ``record.id`` (and, if asked, its tags) in one transaction.

        Returns False, changing nothing, when there is no such task.
        """
        with self.transaction():
            connection = self._connection()
            values = self._values(record)
            cursor = connection.execute(
                "UPDATE tasks SET title = ?, description = ?, status = ?, priority = ?, "
                "due_date = ?, estimate_minutes = ?, created_at = ?, updated_at = ?, "
                "completed_at = ? WHERE id = ?",
                (*values[1:], values[0]),
            )
            if cursor.rowcount == 0:
                return False
            if replace_tags:
                connection.execute("DELETE FROM task_tags WHERE task_id = ?", (values[0],))
                self._write_tags(connection, record)
        return True

    def delete(self, task_id: UUID) -> bool:
        """Remove the task and its tags; False when there was no such task."""
        with self.transaction():
            cursor = self._connection().execute("DELETE FROM tasks WHERE id = ?", (str(task_id),))
            return cursor.rowcount > 0

    @staticmethod
    def _values(record: TaskRecord) -> tuple[object, ...]:
        return (
            str(record.id),
            record.title,
            record.description,
            record.status,
            record.priority,
            None if record.due_date is None else record.due_date.isoformat(),
            record.estimate_minutes,
            _timestamp_to_text(record.created_at),
            _timestamp_to_text(record.updated_at),
            _optional_timestamp_to_text(record.completed_at),
        )

    @staticmethod
    def _write_tags(connection: sqlite3.Connection, record: TaskRecord) -> None:
        connection.executemany(
            "INSERT INTO task_tags (task_id, position, tag) VALUES (?, ?, ?)",
            [(str(record.id), position, tag) for position, tag in enumerate(record.tags)],
        )
