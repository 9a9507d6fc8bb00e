"""The app: make a thing, then update the row the route looks up first."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Path
from sqlalchemy.orm import Session

from . import crud
from .db import get_session
from .models import Thing, ThingCreate, ThingOut, ThingUpdate

app = FastAPI()
SessionDep = Annotated[Session, Depends(get_session)]


@app.post("/things", response_model=ThingOut)
def create_thing(session: SessionDep, thing_in: ThingCreate) -> ThingOut:
    """A new thing."""
    return crud.create_thing(session=session, thing_in=thing_in)


@app.patch("/things/{thing_id}", response_model=ThingOut)
def update_thing(
    session: SessionDep, thing_id: Annotated[int, Path(ge=1, le=2**31)], thing_in: ThingUpdate
) -> ThingOut:
    """Change a thing the route looks up first (404 when there is none)."""
    db_thing = session.get(Thing, thing_id)
    if not db_thing:
        raise HTTPException(status_code=404, detail="Thing not found")
    return crud.update_thing(session=session, db_thing=db_thing, thing_in=thing_in)
