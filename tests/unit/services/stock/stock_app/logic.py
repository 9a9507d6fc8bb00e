"""The logic: items by name, each with a count.

``STOCK_BUG`` (read on every call of a route, and when the API module is imported) plants
one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = [
    "BUGS",
    "ItemExists",
    "create_item",
    "delete_item",
    "get_item",
    "planted",
    "search_items",
]

BUGS = (
    "partial",  # POST /items answers 409 to an odd count after create_item stored it
    "server-error",  # POST /items answers an undocumented 500 to a name already taken
    "bad-body",  # POST /items documents its 409, and answers it without the documented name
)

_ITEMS: dict[str, dict[str, Any]] = {}


class ItemExists(Exception):
    """The name is taken (a declared domain error)."""


def planted(name: str) -> bool:
    """Whether ``STOCK_BUG`` names the defect ``name``."""
    selected = os.environ.get("STOCK_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"STOCK_BUG={selected!r} names no planted defect")
    return selected == name


def create_item(name: str, count: int) -> dict[str, Any]:
    """Store a new item; raises :class:`ItemExists` when the name is taken."""
    if name in _ITEMS:
        raise ItemExists(name)
    _ITEMS[name] = {"name": name, "count": count}
    return dict(_ITEMS[name])


def get_item(name: str) -> dict[str, Any] | None:
    """The item called ``name``, or ``None``."""
    found = _ITEMS.get(name)
    return dict(found) if found is not None else None


def delete_item(name: str) -> dict[str, Any] | None:
    """Remove the item called ``name`` and return it, or ``None`` when there is none."""
    return _ITEMS.pop(name, None)


def search_items(prefix: str) -> list[dict[str, Any]]:
    """The items whose name starts with ``prefix``, by name."""
    return [dict(_ITEMS[n]) for n in sorted(_ITEMS) if n.startswith(prefix)]
