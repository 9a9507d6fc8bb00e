"""SQLModel table and schemas."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Entry(SQLModel, table=True):
    """One ledger entry (a table model)."""

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(max_length=40)
    cents: int = Field(ge=0, le=10**9)


class EntryCreate(SQLModel):
    """What ``POST /entries/`` takes."""

    label: str = Field(min_length=1, max_length=40)
    cents: int = Field(ge=0, le=10**9)


class EntryUpdate(SQLModel):
    """What ``PATCH /entries/{id}`` takes (the fields to change)."""

    label: str | None = Field(default=None, min_length=1, max_length=40)


class EntryRead(SQLModel):
    """What the routes answer."""

    id: int
    label: str
    cents: int
