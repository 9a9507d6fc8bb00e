"""Sessions over one SQLite database in memory (one connection shared by every session)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from .models import Base

__all__ = ["async_session", "engine", "session"]

engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
Base.metadata.create_all(engine)


def session() -> Iterator[Session]:
    """A session: committed after the call (its objects expire then), closed always."""
    with Session(engine) as db:
        yield db
        db.commit()


@asynccontextmanager
async def async_session() -> AsyncIterator[Session]:
    """The same as an async context manager (for async logic)."""
    with Session(engine) as db:
        yield db
        db.commit()
