"""A use case that raises FastAPI's ``HTTPException`` itself, built by a ``Depends`` factory
that takes the session from ``Depends(get_db)`` (so it cannot be called bare)."""

from __future__ import annotations

from fastapi import Depends, HTTPException
from sqlalchemy.orm import Session

from .db import get_db
from .models import Note, NoteOut


class Archive:
    def __init__(self, session: Session) -> None:
        self.session = session

    def archive(self, id: int) -> NoteOut:
        note = self.session.get(Note, id)
        if note is None:
            raise HTTPException(status_code=404, detail="Note not found")
        archived = NoteOut.model_validate(note)
        self.session.delete(note)
        self.session.commit()
        return archived


def get_archive(db: Session = Depends(get_db)) -> Archive:
    return Archive(db)
