"""The engine and sessions: SQLite in memory, one connection shared (``StaticPool``)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from .models import Base

engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
Base.metadata.create_all(engine)


def get_db() -> Iterator[Session]:
    """A session per request (the route's dependency, and the tests' ``provide`` factory)."""
    with SessionLocal() as session:
        yield session
