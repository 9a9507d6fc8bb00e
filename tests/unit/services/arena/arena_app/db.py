"""Sessions over one SQLite database in memory (one connection shared by every session)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from .models import Base

__all__ = ["engine", "session"]

engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
Base.metadata.create_all(engine)


def session() -> Iterator[Session]:
    """A session: committed after the call (its objects expire then), closed always."""
    with Session(engine) as db:
        yield db
        db.commit()
