"""seamguard's hooks for the vendored notes_sync service (ours, not the service's).

``crud.put(db_session, note, title, description)`` takes the ORM ``Note`` the route read
with ``crud.get`` first; a contract cannot describe it, so ``note`` is provided: a note
stored for the example, read back in its own session, closed after the example.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.api.models import Note
from app.db import SessionLocal


def note() -> Iterator[Note]:
    """``provide`` for ``note``: a stored note (its session closed after the example)."""
    session = SessionLocal()
    try:
        stored = Note(title="seamguard", description="a stored note")
        session.add(stored)
        session.commit()
        session.refresh(stored)
        yield stored
    finally:
        session.close()
