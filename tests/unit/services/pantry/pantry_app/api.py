"""``POST /items``: stores a name once; a name stored already is answered 409 (with the
``root`` defect: a UNIQUE violation escapes, a ``KeyError`` standing for SQLAlchemy's
``IntegrityError``, answered 500)."""

from __future__ import annotations

import logging
import warnings
from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from .logic import add_item, planted

app = FastAPI()
STORE: set[str] = set()
sql = logging.getLogger("pantry.sql")
sql.setLevel(logging.INFO)  # as SQLAlchemy's echo=True sets its engine's logger


class ItemIn(BaseModel):
    name: str = Field(pattern="^[a-z]{1,3}$")


@app.post("/items", status_code=201)
def post_item(body: ItemIn) -> dict[str, Any]:
    """Store an item."""
    if planted("noisy"):
        sql.info("INSERT INTO items (name) VALUES (%r)", body.name)
        warnings.warn("the signing key is shorter than 32 bytes", UserWarning, stacklevel=1)
    if body.name in STORE:
        if planted("root"):  # the buggy version lets the UNIQUE violation escape
            raise KeyError("UNIQUE constraint failed: items.name")
        raise HTTPException(status_code=409, detail="that name is taken")
    item = add_item(body.name)
    STORE.add(body.name)
    if planted("root"):
        raise ValueError("root")
    return item
