"""The logic: a stamp is a title with a fresh id and the time it was made.

``STAMPS_BUG`` (read on every call) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Any
from uuid import uuid4

__all__ = ["BUGS", "create_stamp", "planted"]

BUGS = (
    "output",  # the logic returns a stamp whose title is null (logic-output-conforms)
    "raise",  # the logic raises an error naming a fresh id and the time (logic-accepts-input)
    "422-after-write",  # the route answers 422 after the logic stored the stamp
    "key-error",  # the route fails with a KeyError after the logic returned: a 500
    "runtime-error",  # the route fails with a RuntimeError after the logic returned: a 500
)


def planted(name: str) -> bool:
    """Whether ``STAMPS_BUG`` names the defect ``name``."""
    selected = os.environ.get("STAMPS_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"STAMPS_BUG={selected!r} names no planted defect")
    return selected == name


def create_stamp(title: str) -> dict[str, Any]:
    """A new stamp: ``title``, a fresh uuid and the time now (UTC, ISO 8601)."""
    made: dict[str, Any] = {
        "id": str(uuid4()),
        "title": title,
        "at": datetime.now(timezone.utc).isoformat(),
    }
    if planted("raise"):
        raise ValueError(f"stamp {made['id']} could not be filed at {datetime.now()}")
    if planted("output"):
        made["title"] = None
    return made
