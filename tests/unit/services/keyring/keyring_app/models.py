"""SQLModel tables and schemas, uuid primary keys."""

from __future__ import annotations

import uuid

from pydantic import EmailStr
from sqlmodel import Field, SQLModel


class UserBase(SQLModel):
    """Shared properties."""

    email: EmailStr = Field(unique=True, index=True, max_length=255)
    full_name: str | None = Field(default=None, max_length=255)
    is_superuser: bool = False


class UserCreate(UserBase):
    """``POST /users/``."""

    password: str = Field(min_length=8, max_length=40)


class UserUpdate(SQLModel):
    """``PATCH /users/{user_id}``: every field optional (``{"email": null}`` is sent too)."""

    email: EmailStr | None = Field(default=None, max_length=255)
    full_name: str | None = Field(default=None, max_length=255)


class User(UserBase, table=True):
    """The table."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    hashed_password: str


class UserPublic(UserBase):
    """What the routes answer."""

    id: uuid.UUID


class Token(SQLModel):
    """``POST /login/access-token``."""

    access_token: str
    token_type: str = "bearer"
