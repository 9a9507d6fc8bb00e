"""The HTTP API: FastAPI routes over :mod:`stock_app.logic`.

None of the 4xx answers below is in the OpenAPI document (FastAPI lists only 2xx and 422
unless a route says ``responses=``), except the 409 of ``STOCK_BUG=bad-body``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from . import logic

app = FastAPI()

NAME = "^[a-z]{1,3}$"


class NewItem(BaseModel):
    """An item to store."""

    name: str = Field(pattern=NAME)
    count: int = Field(ge=0, le=9)


class Search(BaseModel):
    """A search by name prefix."""

    prefix: str = Field(pattern="^[a-z]{0,3}$")


class Conflict(BaseModel):
    """The answer to a name already taken."""

    detail: str
    name: str


_CONFLICT: dict[int | str, dict[str, Any]] = (
    {409: {"model": Conflict}} if logic.planted("bad-body") else {}
)


@app.post("/items", status_code=201, responses=_CONFLICT)
def post_item(new: NewItem) -> Any:
    """Store an item: 201, or 409 when the name is taken."""
    try:
        made = logic.create_item(new.name, new.count)
    except logic.ItemExists:
        if logic.planted("server-error"):
            return JSONResponse({"detail": "already exists"}, status_code=500)
        if logic.planted("bad-body"):
            return JSONResponse({"detail": "already exists"}, status_code=409)
        return JSONResponse({"detail": "already exists", "name": new.name}, status_code=409)
    if logic.planted("partial") and new.count % 2:
        return JSONResponse({"detail": "odd counts are refused"}, status_code=409)
    return made


@app.get("/items/{name}")
def get_item(name: str = Path(pattern=NAME)) -> Any:
    """The item, or 404."""
    found = logic.get_item(name)
    if found is None:
        return JSONResponse({"detail": "no such item"}, status_code=404)
    return found


@app.delete("/items/{name}")
def delete_item(name: str = Path(pattern=NAME)) -> Any:
    """Remove the item and answer it, or 404."""
    removed = logic.delete_item(name)
    if removed is None:
        return JSONResponse({"detail": "no such item"}, status_code=404)
    return removed


@app.post("/items/search")
def search(query: Search) -> Any:
    """The items found, or 404 when none is."""
    found = logic.search_items(query.prefix)
    if not found:
        return JSONResponse({"detail": "nothing found"}, status_code=404)
    return found
