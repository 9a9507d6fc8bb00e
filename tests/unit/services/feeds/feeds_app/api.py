"""``GET /entries``, ``GET /recent`` and their ``/first`` twins: FastAPI routes that collect
what the logic yields, or take its first item and drop the rest."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import FastAPI, HTTPException, Query

from . import logic
from .logic import Entry

app = FastAPI()

Topic = Annotated[Literal["news", "sport", "archive"], Query()]
Limit = Annotated[int, Query(ge=1, le=5)]


@app.get("/entries", response_model=list[Entry], responses={404: {"description": "closed"}})
async def read_entries(topic: Topic) -> list[Entry]:
    """Every entry of a topic; 404 when the topic is closed."""
    try:
        return [entry async for entry in logic.list_entries(topic)]
    except logic.TopicClosed as error:
        raise HTTPException(404, str(error)) from None


@app.get("/entries/first", response_model=Entry)
async def read_first_entry(topic: Topic) -> Entry:
    """The first entry of a topic (every topic has one)."""
    async for entry in logic.list_entries(topic):
        return entry
    raise HTTPException(500, "no entry")


@app.get("/recent", response_model=list[Entry])
def read_recent(limit: Limit) -> list[Entry]:
    """The newest entries."""
    return list(logic.Archive().recent(limit))


@app.get("/recent/first", response_model=Entry)
def read_newest(limit: Limit) -> Entry:
    """The newest entry."""
    return next(iter(logic.Archive().recent(limit)))
