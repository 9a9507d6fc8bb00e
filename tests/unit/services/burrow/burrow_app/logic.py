"""The logic: takes the session the app's own dependency makes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from . import db


async def dig(session: AsyncSession, name: str) -> dict[str, Any]:
    """Store a burrow and return it."""
    if db.BUG == "raise" and len(name) > 3:
        raise LookupError("no room for a long name")
    row = db.Burrow(name=name)
    session.add(row)
    await session.commit()
    return {"id": row.id, "name": row.name}
