"""A second app of ledgerbase: ``PATCH /entries/{id}`` looks the row up, then hands it to
``crud.entry.update(session, db_obj=..., obj_in=...)``, whose ``db_obj`` is annotated with the
base's type variable (``ModelType``: an ``Entry`` on ``CRUDEntry``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path

from . import crud
from .api import SessionDep
from .models import EntryRead, EntryUpdate

app = FastAPI()


@app.patch("/entries/{id}", response_model=EntryRead)
def update_entry(
    *, session: SessionDep, id: Annotated[int, Path(ge=1, le=2**31)], entry_in: EntryUpdate
) -> Any:
    """Change an entry, or 404."""
    found = crud.entry.get(session, id=id)
    if found is None:
        raise HTTPException(status_code=404, detail="Entry not found")
    return crud.entry.update(session, db_obj=found, obj_in=entry_in)
