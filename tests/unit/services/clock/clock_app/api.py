"""``POST /events``: the route over :func:`clock_app.logic.create_event`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .logic import Event, create_event, planted

app = FastAPI()


class NewEvent(BaseModel):
    """An event to make."""

    title: str = Field(min_length=1, max_length=40)


@app.post("/events", status_code=201, response_model=list[Event])
def post_event(new: NewEvent) -> Any:
    """Make an event; answer it with the one before it (a list, so pointers carry indexes)."""
    event = create_event(new.title)
    if planted("title-number"):
        body = [event.model_dump(mode="json") | {"title": 7}]
        return JSONResponse(body, status_code=201)
    return [event, event]
