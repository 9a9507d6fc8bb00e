"""The engine and sessions: SQLite in memory, one connection shared (``StaticPool``)."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

from .models import Base

engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
Base.metadata.create_all(engine)


def get_db():  # type: ignore[no-untyped-def]  # unannotated, as real services write it
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
