"""The logic: an item from a name.

``PANTRY_BUG`` (read on every request, names joined by commas) plants defects of
:data:`BUGS`.
"""

from __future__ import annotations

import logging
import os
from typing import Any

__all__ = ["BUGS", "add_item", "planted"]

BUGS = (
    "root",  # the route raises ValueError("root") after it stored the item: a 500
    "noisy",  # every request logs at INFO and warns (a SQL echo, a weak signing key)
)


def planted(name: str) -> bool:
    """Whether ``PANTRY_BUG`` names the defect ``name``."""
    selected = [s for s in os.environ.get("PANTRY_BUG", "").split(",") if s]
    unknown = set(selected) - set(BUGS)
    if unknown:
        raise RuntimeError(f"PANTRY_BUG names no planted defect {sorted(unknown)}")
    return name in selected


def add_item(name: str) -> dict[str, Any]:
    """An item."""
    if planted("noisy"):
        logging.getLogger("pantry.logic").warning("adding an item")
    return {"name": name}
