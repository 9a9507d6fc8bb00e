"""The table and the request/response models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base, engine


class Thing(Base):
    """A thing: its name may not be NULL."""

    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False)
    description: Mapped[str | None] = mapped_column(String(200), nullable=True)


Base.metadata.create_all(engine)


class ThingCreate(BaseModel):
    """What a new thing is made from."""

    name: str = Field(min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=200)


class ThingUpdate(BaseModel):
    """A partial update: a field left out (or null) stays as it was."""

    name: str | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=200)


class ThingOut(BaseModel):
    """A thing as the API answers it."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    description: str | None
