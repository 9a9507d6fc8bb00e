"""The logic: the signed-in user (a fixed one) and a greeting.

``PROFILE_BUG`` (read on every call) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["BUGS", "current_user", "greeting", "planted"]

BUGS = (
    "output",  # the logic returns a user whose name is null (logic-output-conforms)
    "server-error",  # the route fails after the logic returned: a 500 (api-no-server-error)
)


def planted(name: str) -> bool:
    """Whether ``PROFILE_BUG`` names the defect ``name``."""
    selected = os.environ.get("PROFILE_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"PROFILE_BUG={selected!r} names no planted defect")
    return selected == name


def current_user() -> dict[str, Any]:
    """The signed-in user: always the same one."""
    user: dict[str, Any] = {"id": 1, "name": "Ada"}
    if planted("output"):
        user["name"] = None
    return user


def greeting() -> dict[str, Any]:
    """A greeting."""
    return {"text": "hello"}
