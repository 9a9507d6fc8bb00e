"""The logic: an event, stamped with a naive datetime (as ``datetime.utcnow`` or a SQLite
column that dropped its offset gives one)."""

from __future__ import annotations

import os
from datetime import datetime

from pydantic import BaseModel, Field


class Event(BaseModel):
    """An event as the logic returns it and the API answers it."""

    title: str = Field(min_length=1, max_length=40)
    created_at: datetime


def planted(name: str) -> bool:
    """Whether ``CLOCK_BUG`` plants the defect ``name`` (``title-number``)."""
    return os.environ.get("CLOCK_BUG", "") == name


def create_event(title: str) -> Event:
    """A new event named ``title``, stamped now, without an offset."""
    return Event(title=title, created_at=datetime(2026, 12, 6, 23, 59, 1, 250000))
