"""The engine (SQLite in memory, one connection) and the tables, made at import."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.pool import StaticPool


class Base(DeclarativeBase):
    """The tables' base."""


engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)


def get_session() -> Iterator[Session]:
    """The request's session (a FastAPI dependency)."""
    with Session(engine) as session:
        yield session
