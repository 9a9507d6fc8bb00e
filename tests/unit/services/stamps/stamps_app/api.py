"""``POST /stamps``: the route over :func:`stamps_app.logic.create_stamp`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from .logic import create_stamp, planted

app = FastAPI()


class NewStamp(BaseModel):
    """A stamp to make."""

    title: str = Field(min_length=1, max_length=40)


@app.post("/stamps", status_code=201)
def post_stamp(new: NewStamp) -> dict[str, Any]:
    """Make a stamp."""
    stamp = create_stamp(new.title)
    if planted("422-after-write"):
        raise HTTPException(422, "refused, though the stamp was made")
    if planted("key-error"):
        return {"id": stamp["stamp_id"]}
    if planted("runtime-error"):
        raise RuntimeError("the stamp was made, the answer was not")
    return stamp
