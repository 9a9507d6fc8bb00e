"""The ORM model: a SQLAlchemy 2 declarative class, with no JSON form of its own."""

from __future__ import annotations

import datetime

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "Player"]


class Base(DeclarativeBase):
    """The declarative base."""


class Player(Base):
    """A player row."""

    __tablename__ = "players"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int] = mapped_column(Integer)
    joined: Mapped[datetime.date] = mapped_column(Date, default=datetime.date(2026, 1, 1))
