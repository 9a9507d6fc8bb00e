"""The API's pydantic models. Responses write every datetime with an offset (naive ones are
UTC), as the OpenAPI document's ``format: date-time`` promises."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


UtcDatetime = Annotated[datetime, PlainSerializer(_utc, return_type=datetime)]


class UserCreate(BaseModel):
    email: str = Field(min_length=3, max_length=255)
    password: str = Field(min_length=8, max_length=64)
    full_name: str | None = Field(default=None, max_length=100)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str | None = None
    created_at: UtcDatetime


class NoteCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str | None = None


class NotePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_id: int
    title: str
    body: str | None = None
    created_at: UtcDatetime


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
