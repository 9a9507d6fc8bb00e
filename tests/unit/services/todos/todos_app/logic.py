"""The logic: a todo is a title and an optional due date.

``TODOS_BUG`` (read on every call of the route) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["BUGS", "create_todo", "planted"]

BUGS = (
    "renamed",  # the API renamed due_date to due: `create_todo(title=..., due=...)`
    "missing",  # the API forgets the title: `create_todo(due_date=...)`
)


def planted(name: str) -> bool:
    """Whether ``TODOS_BUG`` names the defect ``name``."""
    selected = os.environ.get("TODOS_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"TODOS_BUG={selected!r} names no planted defect")
    return selected == name


def create_todo(title: str, due_date: str | None = None) -> dict[str, Any]:
    """A new todo: ``title``, due on ``due_date`` (an ISO date) or never."""
    return {"title": title, "due_date": due_date}
