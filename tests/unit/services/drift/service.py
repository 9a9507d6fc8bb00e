"""A note service's logic with the models it takes and returns: one set matching the
contract written in ``tests/unit/test_model_check.py``, and one planted drift per function."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator


class NewNote(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    tags: list[str] = Field(default_factory=list, max_length=5)


class LongNewNote(BaseModel):
    """Drift: allows 500 characters where the contract says 200."""

    title: str = Field(min_length=1, max_length=500)
    tags: list[str] = Field(default_factory=list, max_length=5)


class PickyNewNote(NewNote):
    """Drift its JSON schema does not show: a validator refuses titles over 3 characters."""

    @field_validator("title")
    @classmethod
    def short(cls, title: str) -> str:
        if len(title) > 3:
            raise ValueError("at most 3 characters")
        return title


class BrokenNewNote(NewNote):
    """Not a drift but a bug in the model: its validator raises what pydantic does not turn
    into a validation error, so no example can be judged."""

    @field_validator("title")
    @classmethod
    def broken(cls, title: str) -> str:
        raise RuntimeError("the validator itself is broken")


class Note(BaseModel):
    id: int
    title: str
    created: str


class NoteWithoutCreated(BaseModel):
    """Drift: drops the output field the contract requires."""

    id: int
    title: str


class Counter(BaseModel):
    """Drift: an integer where the contract has a string of digits."""

    count: int


def create(new: NewNote) -> Note:
    return Note(id=1, title=new.title, created="2026-01-01")


def create_picky(new: PickyNewNote) -> Note:
    return Note(id=1, title=new.title, created="2026-01-01")


def create_broken(new: BrokenNewNote) -> Note:
    return Note(id=1, title=new.title, created="2026-01-01")


def create_long(new: LongNewNote) -> Note:
    return Note(id=1, title=new.title, created="2026-01-01")


def create_dropping(new: NewNote) -> NoteWithoutCreated:
    return NoteWithoutCreated(id=1, title=new.title)


def count(counter: Counter) -> dict[str, int]:
    return {"count": counter.count}


def rename(note_id: int, new: NewNote) -> Note:
    return Note(id=note_id, title=new.title, created="2026-01-01")


def plain(title: str) -> dict[str, str]:
    return {"title": title}
