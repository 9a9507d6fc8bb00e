"""The routes, calling the module-level CRUD instance with the route's session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path
from sqlmodel import Session

from . import crud
from .db import get_session
from .models import EntryCreate, EntryRead

app = FastAPI()
SessionDep = Annotated[Session, Depends(get_session)]


@app.post("/entries/", response_model=EntryRead)
def create_entry(*, session: SessionDep, entry_in: EntryCreate) -> Any:
    """Store an entry."""
    return crud.entry.create(session, obj_in=entry_in)


@app.get("/entries/{id}", response_model=EntryRead)
def read_entry(*, session: SessionDep, id: Annotated[int, Path(ge=1, le=2**31)]) -> Any:
    """An entry, or 404."""
    found = crud.entry.get(session, id=id)
    if found is None:
        raise HTTPException(status_code=404, detail="Entry not found")
    return found
