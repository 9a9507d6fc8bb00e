"""seamguard's hooks for the vendored notebooks service (ours, not the service's).

The service's use cases hold the ``async_sessionmaker`` their ``Depends`` gives
(``CreateNote(session)``): the ``instance`` factories build each one with the service's own
``AsyncSessionLocal``. Its tables are made by Alembic in its own repository; here
``create_tables`` makes them from its models (``app-setup``, and before the first direct call).
"""

from __future__ import annotations

from typing import Any

from app.api.notebooks import use_cases as notebooks
from app.api.notes import use_cases as notes
from app.db import AsyncSessionLocal
from app.models import Base
from app.settings import settings
from sqlalchemy import create_engine

_made: set[str] = set()


def create_tables(app: Any = None) -> None:
    """Make the service's tables in its database, once (a synchronous engine on the same file)."""
    if settings.DB_URI in _made:
        return
    engine = create_engine(settings.DB_URI.replace("+aiosqlite", ""))
    Base.metadata.create_all(engine)
    engine.dispose()
    _made.add(settings.DB_URI)


def _sessions() -> Any:
    """The service's ``async_sessionmaker``, once its tables exist."""
    create_tables()
    return AsyncSessionLocal


def create_note() -> notes.CreateNote:
    """``instance`` of notes.create."""
    return notes.CreateNote(_sessions())


def read_all_note() -> notes.ReadAllNote:
    """``instance`` of notes.list."""
    return notes.ReadAllNote(_sessions())


def read_note() -> notes.ReadNote:
    """``instance`` of notes.get."""
    return notes.ReadNote(_sessions())


def update_note() -> notes.UpdateNote:
    """``instance`` of notes.update."""
    return notes.UpdateNote(_sessions())


def delete_note() -> notes.DeleteNote:
    """``instance`` of notes.delete."""
    return notes.DeleteNote(_sessions())


def create_notebook() -> notebooks.CreateNotebook:
    """``instance`` of notebooks.create."""
    return notebooks.CreateNotebook(_sessions())


def read_all_notebook() -> notebooks.ReadAllNotebook:
    """``instance`` of notebooks.list."""
    return notebooks.ReadAllNotebook(_sessions())


def read_notebook() -> notebooks.ReadNotebook:
    """``instance`` of notebooks.get."""
    return notebooks.ReadNotebook(_sessions())


def update_notebook() -> notebooks.UpdateNotebook:
    """``instance`` of notebooks.update."""
    return notebooks.UpdateNotebook(_sessions())


def delete_notebook() -> notebooks.DeleteNotebook:
    """``instance`` of notebooks.delete."""
    return notebooks.DeleteNotebook(_sessions())
