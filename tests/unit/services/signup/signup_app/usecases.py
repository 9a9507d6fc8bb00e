"""A use case behind an ABC (DDD style): the route calls ``CreateNote.execute`` on what a
``Depends`` factory builds, ``CreateNoteWithSession``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Protocol

from sqlalchemy.orm import Session

from .models import Note, User
from .schemas import NoteCreate, NotePublic


class NoteOwnerMissing(Exception):
    """No user with that id."""


class CreateNote(ABC):
    @abstractmethod
    def execute(self, owner_id: int, data: NoteCreate) -> Any:
        raise NotImplementedError


class CreateNoteWithSession(CreateNote):
    def __init__(self, session: Session) -> None:
        self.session = session

    def execute(self, owner_id: int, data: NoteCreate) -> NotePublic:
        if self.session.get(User, owner_id) is None:
            raise NoteOwnerMissing(owner_id)
        note = Note(owner_id=owner_id, title=data.title, body=data.body)
        self.session.add(note)
        self.session.commit()
        return NotePublic.model_validate(note)


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
