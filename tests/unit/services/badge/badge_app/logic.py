"""The logic: a badge from a name and a level.

``BADGE_BUG`` (read on every request) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["BUGS", "create_badge", "planted"]

BUGS = (
    "level-text",  # the route hands the level as text: api-hands-valid-input
)


def planted(name: str) -> bool:
    """Whether ``BADGE_BUG`` names the defect ``name``."""
    selected = os.environ.get("BADGE_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"BADGE_BUG={selected!r} names no planted defect")
    return selected == name


def create_badge(name: str, level: int) -> dict[str, Any]:
    """A badge."""
    return {"name": name, "level": level}
