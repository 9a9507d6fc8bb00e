"""CRUD functions as tests/realworld/notes_sync writes them: the session by keyword, no
return annotations, ORM objects returned."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .models import Note, NoteIn


def create(db_session: Session, payload: NoteIn):  # type: ignore[no-untyped-def]
    note = Note(title=payload.title, body=payload.body)
    db_session.add(note)
    db_session.commit()
    db_session.refresh(note)
    return note


def get(db_session: Session, id: int):  # type: ignore[no-untyped-def]
    return db_session.query(Note).filter(Note.id == id).first()


def list_all(db_session: Session):  # type: ignore[no-untyped-def]
    return db_session.query(Note).all()


def put(db_session: Session, id: int, title: str, body: str):  # type: ignore[no-untyped-def]
    note = db_session.query(Note).filter(Note.id == id).first()
    if note is None:
        return None
    note.title = title
    note.body = body
    db_session.commit()
    return note


def search(term: str, db_session: Session):  # type: ignore[no-untyped-def]
    """The session last, as tests/realworld/tokens' ``authenticate`` takes it."""
    return db_session.query(Note).filter(Note.title.contains(term)).all()
