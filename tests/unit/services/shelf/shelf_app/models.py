"""The pydantic models of the bookshelf."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class NewBook(BaseModel):
    """What a client sends to add a book."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    author: str = Field(min_length=1, max_length=100)
    year: int = Field(ge=1450, le=2100)


class Book(NewBook):
    """A book on the shelf."""

    id: int = Field(ge=1)


class Count(BaseModel):
    """How many books the shelf holds."""

    total: int = Field(ge=0)


class Problem(BaseModel):
    """The body of an error answer."""

    detail: str
