"""The logic: users in a store, each under a uuid the logic makes.

``MEMBERS_BUG`` (read on every call) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os
import uuid
from typing import Any, ClassVar

__all__ = ["BUGS", "Store", "create_user", "list_users", "planted", "update_user"]

BUGS = ("null-email",)  # update_user lowercases an email set to null: AttributeError, a 500


class Store:
    """Users by id, in memory (one per app: a fresh database)."""

    current: ClassVar[Store | None] = None
    """The store of the app made last (the logic's session)."""

    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.made: list[str] = []
        """Ids in the order they were made (a test names an id by its place here)."""
        self.log: list[tuple[str, str]] = []
        """Every request the app answered (method and path), and ``("made", id)`` for every
        user made, in order."""


def planted(name: str) -> bool:
    """Whether ``MEMBERS_BUG`` names the defect ``name``."""
    selected = os.environ.get("MEMBERS_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"MEMBERS_BUG={selected!r} names no planted defect")
    return selected == name


def store() -> Store:
    """The store of the app made last."""
    if Store.current is None:
        Store.current = Store()
    return Store.current


def create_user(name: str, email: str | None = None) -> dict[str, Any]:
    """Make a user under a fresh uuid."""
    made = store()
    made_id = str(uuid.uuid4())
    user = {"id": made_id, "name": name, "email": email}
    made.users[made_id] = user
    made.made.append(made_id)
    made.log.append(("made", made_id))
    return dict(user)


def list_users() -> list[dict[str, Any]]:
    """Every user, by id (so in an order the uuids make afresh each run)."""
    return [dict(user) for _, user in sorted(store().users.items())]


def update_user(user_id: str, changes: dict[str, Any]) -> dict[str, Any] | None:
    """Apply ``changes`` (``name``, ``email``: null clears it) to a user; ``None`` when there
    is no such user."""
    user = store().users.get(user_id)
    if user is None:
        return None
    if "email" in changes:
        email = changes["email"]
        if planted("null-email"):
            email = email.lower()  # the planted bug: null has no lower()
        user["email"] = email.lower() if isinstance(email, str) else None
    if "name" in changes:
        user["name"] = changes["name"]
    return dict(user)
