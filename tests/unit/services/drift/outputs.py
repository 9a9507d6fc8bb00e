"""Output and input models as services write them, for the rules of ``model-matches-contract``
(tests in ``tests/unit/test_model_check.py``): a response model looser than its contract (no
failure), one that renames a field by an alias, one that serialises a date as a date-time, an
``EmailStr`` stricter than ``format: email`` (a note), and a model that admits 30,000
characters where the contract says 20,000 (a failure whose text must stay short)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, EmailStr, Field
from tests.unit.services.drift.service import NewNote


class NoteOut(BaseModel):
    """Looser than the contract (no length bounds on the title): what most services write."""

    id: int
    title: str
    created: str


class RenamedNote(BaseModel):
    """Drift: the title goes out as ``heading`` (an alias)."""

    id: int
    title: str = Field(alias="heading")
    created: str


class DatedNote(BaseModel):
    """Drift: the contract's ``format: date`` goes out as a date-time."""

    id: int
    title: str
    created: datetime


class Signup(BaseModel):
    """Stricter than ``format: email`` only where JSON Schema cannot say: EmailStr refuses
    special-use domains (``0@0.test``)."""

    email: EmailStr


class HugeNote(BaseModel):
    """Drift: allows 30,000 characters where the contract says 20,000."""

    title: str = Field(max_length=30_000)


def create_loose(new: NewNote) -> NoteOut:
    return NoteOut(id=1, title=new.title, created="2026-01-01")


def create_renamed(new: NewNote) -> RenamedNote:
    return RenamedNote(id=1, heading=new.title, created="2026-01-01")


def create_dated(new: NewNote) -> DatedNote:
    return DatedNote(id=1, title=new.title, created=datetime(2026, 1, 1))


def sign_up(signup: Signup) -> dict[str, str]:
    return {"email": signup.email}


def create_huge(new: HugeNote) -> dict[str, str]:
    return {"title": new.title}
