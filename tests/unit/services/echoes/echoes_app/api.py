"""``POST /notes``: stores a note."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel, Field

from . import logic

app = FastAPI()


class NoteIn(BaseModel):
    """A note to store."""

    title: str = Field(max_length=20)


@app.post("/notes", status_code=201)
def post_note(body: NoteIn) -> dict[str, str]:
    """Store a note."""
    return logic.add_note(body.title)
