"""The ORM row and the pydantic models the routes answer with."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(String(500))


class NoteIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    body: str = Field(max_length=500)


class NoteOut(NoteIn):
    model_config = ConfigDict(from_attributes=True)

    id: int


class NotePage(BaseModel):
    notes: list[NoteOut]
