"""The store of bookapp: SQLite from the standard library, in memory, behind one lock.

:meth:`BookStore.open` makes a fresh database (no file: ``:memory:``) with the schema and a
few books; the app opens one per start (its lifespan) and closes it on shutdown. One
connection is shared by the threads FastAPI runs sync code in, so every access holds
:attr:`BookStore.lock`, and every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["SAMPLE_BOOKS", "BookStore"]

_SCHEMA = """
CREATE TABLE books (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    isbn TEXT NOT NULL UNIQUE,
    year INTEGER,
    copies INTEGER NOT NULL CHECK (copies >= 1),
    reference_only INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE loans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    book_id INTEGER NOT NULL REFERENCES books (id),
    member TEXT NOT NULL,
    lent_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    returned_on TEXT
);
"""

#: The books every new store starts with (title, author, isbn, year, copies, reference only).
SAMPLE_BOOKS = (
    ("The C Programming Language", "Brian Kernighan", "9780131103627", 1988, 2, False),
    ("Introduction to Algorithms", "Thomas Cormen", "9780262033848", 2009, 1, False),
    ("Purely Functional Data Structures", "Chris Okasaki", "9780521663502", 1999, 3, False),
    ("The Art of Computer Programming", "Donald Knuth", "9780201896831", 1997, 1, True),
)

_BOOK_COLUMNS = (
    "SELECT b.id, b.title, b.author, b.isbn, b.year, b.copies, "
    "b.reference_only = 1 AS reference_only, "
    "b.copies - (SELECT COUNT(*) FROM loans l WHERE l.book_id = b.id "
    "AND l.returned_on IS NULL) AS available FROM books b"
)


class BookStore:
    """Books and loans in one SQLite database."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._db.row_factory = sqlite3.Row
        self.lock = threading.Lock()

    @classmethod
    def open(cls, *, samples: bool = True) -> BookStore:
        """A new in-memory database with the schema (and the sample books)."""
        store = cls(sqlite3.connect(":memory:", check_same_thread=False))
        with store._write() as db:
            db.executescript(_SCHEMA)
        if samples:
            for title, author, isbn, year, copies, reference_only in SAMPLE_BOOKS:
                store.add_book(title, author, isbn, year, copies, reference_only=reference_only)
        return store

    def close(self) -> None:
        """Close the database (an in-memory one is gone with it)."""
        with self.lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self.lock, self._db:  # the connection as a context: commit, or roll back
            yield self._db

    def _one(self, sql: str, parameters: tuple[Any, ...]) -> dict[str, Any] | None:
        with self.lock:
            row = self._db.execute(sql, parameters).fetchone()
        return dict(row) if row is not None else None

    def add_book(
        self,
        title: str,
        author: str,
        isbn: str,
        year: int | None,
        copies: int,
        *,
        reference_only: bool = False,
    ) -> dict[str, Any] | None:
        """The new book's row; ``None`` when a book has this ISBN already."""
        try:
            with self._write() as db:
                cursor = db.execute(
                    "INSERT INTO books (title, author, isbn, year, copies, reference_only) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (title, author, isbn, year, copies, int(reference_only)),
                )
        except sqlite3.IntegrityError:
            return None
        return self.book(int(cursor.lastrowid or 0))

    def book(self, book_id: int) -> dict[str, Any] | None:
        """The book's row, with ``available`` copies; ``None`` when there is none."""
        return self._one(f"{_BOOK_COLUMNS} WHERE b.id = ?", (book_id,))

    def books(
        self, *, available: bool | None, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of books by id, and how many match in all."""
        where = ""
        if available is not None:
            where = " WHERE available > 0" if available else " WHERE available = 0"
        page = f"SELECT * FROM ({_BOOK_COLUMNS}){where} ORDER BY id LIMIT ? OFFSET ?"
        count = f"SELECT COUNT(*) FROM ({_BOOK_COLUMNS}){where}"
        with self.lock:
            rows = self._db.execute(page, (limit, offset)).fetchall()
            total = int(self._db.execute(count).fetchone()[0])
        return [dict(row) for row in rows], total

    def lend(
        self, book_id: int, member: str, lent_on: dt.date, due_on: dt.date
    ) -> dict[str, Any] | str:
        """The new loan's row, or why there is none: ``"missing"`` (no such book),
        ``"reference"`` (a reference book is never lent) or ``"unavailable"`` (every copy is
        out). Checked and written in one transaction."""
        with self._write() as db:
            row = db.execute(f"{_BOOK_COLUMNS} WHERE b.id = ?", (book_id,)).fetchone()
            if row is None:
                return "missing"
            if row["reference_only"]:
                return "reference"
            if row["available"] < 1:
                return "unavailable"
            cursor = db.execute(
                "INSERT INTO loans (book_id, member, lent_on, due_on) VALUES (?, ?, ?, ?)",
                (book_id, member, lent_on.isoformat(), due_on.isoformat()),
            )
            loan = db.execute("SELECT * FROM loans WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return dict(loan)

    def give_back(self, loan_id: int, returned_on: dt.date) -> dict[str, Any] | str:
        """The returned loan's row, or why not: ``"missing"`` or ``"returned"`` (already)."""
        with self._write() as db:
            row = db.execute("SELECT * FROM loans WHERE id = ?", (loan_id,)).fetchone()
            if row is None:
                return "missing"
            if row["returned_on"] is not None:
                return "returned"
            db.execute(
                "UPDATE loans SET returned_on = ? WHERE id = ?",
                (returned_on.isoformat(), loan_id),
            )
            loan = db.execute("SELECT * FROM loans WHERE id = ?", (loan_id,)).fetchone()
        return dict(loan)
