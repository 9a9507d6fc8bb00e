"""The store: an async engine and its tables, made in the app's lifespan and nowhere else.

``BURROW_BUG=raise`` plants a logic bug (``dig`` raises on a long name);
``BURROW_BUG=startup`` makes the start-up fail.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

BUG = os.environ.get("BURROW_BUG", "")


class Base(DeclarativeBase):
    """The models' base."""


class Burrow(Base):
    """One burrow."""

    __tablename__ = "burrows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


engine: AsyncEngine | None = None
sessions: async_sessionmaker[AsyncSession] | None = None


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Open the engine and make the tables; dispose of the engine at shutdown."""
    global engine, sessions
    if BUG == "startup":
        raise RuntimeError("the burrow store is unreachable")
    engine = create_async_engine("sqlite+aiosqlite:///burrow.db")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        yield
    finally:
        await engine.dispose()
        engine, sessions = None, None


async def get_session() -> AsyncIterator[AsyncSession]:
    """The app's session dependency: usable only after the start-up."""
    if sessions is None:
        raise RuntimeError("the burrow store is not initialised (the app has not started)")
    async with sessions() as session:
        yield session
