"""``POST /entries`` and ``POST /async-entries``: routes that pass their own session."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field

from . import logic
from .db import session

app = FastAPI()


def get_session() -> Iterator[sqlite3.Connection]:
    """The route's session, a FastAPI dependency."""
    yield from session("route")


Session = Annotated[sqlite3.Connection, Depends(get_session)]


class NewEntry(BaseModel):
    """An entry to store."""

    title: str = Field(min_length=1, max_length=40)


@app.post("/entries", status_code=201)
def post_entry(new: NewEntry, db: Session) -> dict[str, Any]:
    """Store an entry (the session passed by position, as `crud.create(session, ...)`)."""
    return logic.create_entry(db, new.title)


@app.post("/async-entries", status_code=201)
async def post_entry_async(new: NewEntry, db: Session) -> dict[str, Any]:
    """Store an entry through the async logic (the session passed by name)."""
    return await logic.create_entry_async(session=db, title=new.title)
