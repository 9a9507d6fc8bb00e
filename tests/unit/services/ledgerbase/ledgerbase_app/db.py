"""One in-memory SQLite engine, its tables made at import, a session per request."""

from __future__ import annotations

from collections.abc import Iterator

from sqlmodel import Session, SQLModel, create_engine
from sqlmodel.pool import StaticPool

engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
SQLModel.metadata.create_all(engine)


def get_session() -> Iterator[Session]:
    """The route's session."""
    with Session(engine) as session:
        yield session
