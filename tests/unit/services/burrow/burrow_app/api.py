"""``POST /burrows``: the route passes the session its dependency made."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from . import logic
from .db import get_session, lifespan

app = FastAPI(lifespan=lifespan)


class NewBurrow(BaseModel):
    """A burrow to dig."""

    name: str = Field(min_length=1, max_length=30)


@app.post("/burrows", status_code=201)
async def post_burrow(
    new: NewBurrow, session: Annotated[AsyncSession, Depends(get_session)]
) -> dict[str, Any]:
    """Dig a burrow."""
    return await logic.dig(session, new.name)
