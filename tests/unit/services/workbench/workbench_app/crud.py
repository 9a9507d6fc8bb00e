"""The logic: keyword-only functions taking the session, as the full-stack FastAPI backends."""

from __future__ import annotations

import os

from sqlalchemy.orm import Session

from .models import Thing, ThingCreate, ThingOut, ThingUpdate


def create_thing(*, session: Session, thing_in: ThingCreate) -> ThingOut:
    """Store a new thing."""
    thing = Thing(name=thing_in.name, description=thing_in.description)
    session.add(thing)
    session.commit()
    session.refresh(thing)
    return ThingOut.model_validate(thing)


def update_thing(*, session: Session, db_thing: Thing, thing_in: ThingUpdate) -> ThingOut:
    """Change the fields given; a null one stays as it was. ``WORKBENCH_BUG=null-name``
    writes a null name too (NOT NULL: the database refuses it, a 500)."""
    if os.environ.get("WORKBENCH_BUG") == "null-name":
        data = thing_in.model_dump(exclude_unset=True)
    else:
        data = thing_in.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in data.items():
        setattr(db_thing, key, value)
    session.add(db_thing)
    session.commit()
    session.refresh(db_thing)
    return ThingOut.model_validate(db_thing)
