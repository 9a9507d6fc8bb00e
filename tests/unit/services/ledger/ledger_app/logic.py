"""The CRUD functions: each takes the session first, as SQLModel/SQLAlchemy services do.

``LEDGER_BUG`` (read on every call) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

__all__ = ["BUGS", "create_entry", "create_entry_async", "planted"]

BUGS = (
    "output",  # the entry's id comes back as a string (logic-output-conforms)
    "raise",  # the logic raises after its write on a title of 3+ characters (logic-accepts-input)
)


def planted(name: str) -> bool:
    """Whether ``LEDGER_BUG`` names the defect ``name``."""
    return os.environ.get("LEDGER_BUG", "") == name


def create_entry(session: sqlite3.Connection, title: str) -> dict[str, Any]:
    """Store an entry; the stored row."""
    cursor = session.execute("INSERT INTO entries (title) VALUES (?)", (title,))
    entry_id = cursor.lastrowid
    if planted("raise") and len(title) >= 3:
        raise RuntimeError(f"entry {entry_id} could not be indexed")
    row = session.execute("SELECT id, title FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if planted("output"):
        return {"id": str(row[0]), "title": row[1]}
    return {"id": row[0], "title": row[1]}


async def create_entry_async(session: sqlite3.Connection, title: str) -> dict[str, Any]:
    """:func:`create_entry`, async."""
    return create_entry(session, title)
