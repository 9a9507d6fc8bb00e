"""A use case behind an ABC (DDD style): the route calls ``CreateNote.execute`` on what a
``Depends`` factory builds, ``CreateNoteWithSession``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from .models import Note as NoteRow
from .models import User
from .schemas import NoteCreate


class Note(BaseModel):
    """The domain's note: ``created_at`` as the database keeps it, naive."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_id: int
    title: str
    body: str | None = None
    created_at: datetime


class NoteOwnerMissing(Exception):
    """No user with that id."""


class CreateNote(ABC):
    @abstractmethod
    def execute(self, user_id: int, data: NoteCreate) -> Any:
        raise NotImplementedError


class CreateNoteWithSession(CreateNote):
    def __init__(self, session: Session) -> None:
        self.session = session

    def execute(self, user_id: int, data: NoteCreate) -> Note:
        if self.session.get(User, user_id) is None:
            raise NoteOwnerMissing(user_id)
        row = NoteRow(owner_id=user_id, title=data.title, body=data.body)
        self.session.add(row)
        self.session.commit()
        return Note.model_validate(row)


class NoteExporter(Protocol):
    """How a note is exported; the route's factory picks one by the query."""

    def export(self, title: str) -> str: ...


class MarkdownExporter(NoteExporter):
    def export(self, title: str) -> str:
        return f"# {title}\n"


class TextExporter(NoteExporter):
    def export(self, title: str) -> str:
        return f"{title}\n"


def get_exporter(style: str = "markdown") -> NoteExporter:
    return MarkdownExporter() if style == "markdown" else TextExporter()
