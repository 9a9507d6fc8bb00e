"""The routes, written as tests/realworld/notes_sync writes them."""

from __future__ import annotations

from typing import List  # noqa: UP035 - as the service writes it

from fastapi import Depends, FastAPI, HTTPException, Path, Query
from sqlalchemy.orm import Session

from . import crud
from .db import get_db
from .models import NoteIn, NoteOut, NotePage
from .usecases import Archive, get_archive

app = FastAPI(title="jotter")

MAX_ID = 2_147_483_647


@app.post("/notes/", response_model=NoteOut, status_code=201)
def create_note(*, db: Session = Depends(get_db), payload: NoteIn):  # type: ignore[no-untyped-def]
    return crud.create(db_session=db, payload=payload)


@app.get("/notes/{id}/", response_model=NoteOut)
def read_note(*, db: Session = Depends(get_db), id: int = Path(gt=0, le=MAX_ID)):  # type: ignore[no-untyped-def]
    note = crud.get(db_session=db, id=id)
    if not note:
        raise HTTPException(status_code=404, detail="Note not found")
    return note


@app.get("/notes/", response_model=List[NoteOut])  # noqa: UP006 - as the service writes it
def read_all_notes(db: Session = Depends(get_db)):  # type: ignore[no-untyped-def]
    return crud.list_all(db_session=db)


@app.put("/notes/{id}/", response_model=NoteOut)
def update_note(  # type: ignore[no-untyped-def]
    *, db: Session = Depends(get_db), id: int = Path(gt=0, le=MAX_ID), payload: NoteIn
):
    note = crud.get(db_session=db, id=id)
    if not note:
        raise HTTPException(status_code=404, detail="Note not found")
    # The note's id as the lookup found it, and the body's values: as notes_sync's
    # crud.put(db_session=db, note=note, title=payload.title, ...) is handed them.
    return crud.put(db_session=db, id=note.id, title=payload.title, body=payload.body)


@app.get("/search", response_model=NotePage)
def search_notes(term: str = Query(max_length=50), db: Session = Depends(get_db)):  # type: ignore[no-untyped-def]
    return {"notes": crud.search(term, db_session=db)}


@app.post("/notes/{id}/archive", response_model=NoteOut)
def archive_note(
    id: int = Path(gt=0, le=MAX_ID), archive: Archive = Depends(get_archive)
) -> NoteOut:
    return archive.archive(id)
