"""The logic: contacts by name, each with an e-mail address.

``MAILBOX_BUG`` (read when this module is imported, and on every call) plants one defect of
:data:`BUGS`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any, Generic, TypeVar

from pydantic import AnyUrl, BaseModel, EmailStr, Field

__all__ = [
    "BUGS",
    "Contact",
    "Page",
    "add_contact",
    "feed",
    "invite",
    "page",
    "planted",
    "remove_contact",
]

BUGS = (
    "name-length",  # Contact.name allows 3 characters where the contract allows 40
    "url",  # invite's address is annotated AnyUrl (format uri) where the contract says email
    "audit",  # remove_contact writes an audit entry even for an unknown name, and returns it
)


def planted(name: str) -> bool:
    """Whether ``MAILBOX_BUG`` names the defect ``name``."""
    selected = os.environ.get("MAILBOX_BUG", "")
    if selected and selected not in BUGS:
        raise RuntimeError(f"MAILBOX_BUG={selected!r} names no planted defect")
    return selected == name


class Contact(BaseModel):
    """A contact: pydantic's ``EmailStr`` refuses special-use domains (``0@0.test``) that
    JSON Schema's ``format: email`` admits."""

    email: EmailStr
    name: str = Field(min_length=1, max_length=3 if planted("name-length") else 40)


_CONTACTS: dict[str, dict[str, Any]] = {}
_AUDIT: list[dict[str, Any]] = []


def add_contact(contact: Contact) -> dict[str, Any]:
    """Store a contact under its name and return it."""
    _CONTACTS[contact.name] = contact.model_dump(mode="json")
    return dict(_CONTACTS[contact.name])


def invite(email: EmailStr, note: str) -> dict[str, Any]:
    """An invitation to ``email``."""
    return {"to": str(email), "note": note}


if planted("url"):  # the address annotated as a URL (format uri), not an e-mail address
    invite.__annotations__["email"] = AnyUrl


def remove_contact(name: str) -> bool | dict[str, Any]:
    """Remove the contact called ``name``: whether there was one (``False``: nothing was
    deleted, the route answers 404). Planted ``audit``: an audit entry is written for every
    call, an unknown name too, and returned."""
    removed = _CONTACTS.pop(name, None) is not None
    if planted("audit"):
        _AUDIT.append({"name": name, "removed": removed})
        return dict(_AUDIT[-1])
    return removed


async def feed() -> AsyncIterator[Contact]:
    """Every contact, by name: an async generator, as the route collects it."""
    for name in sorted(_CONTACTS):
        yield Contact(**_CONTACTS[name])


T = TypeVar("T")


class Page(Generic[T]):
    """A page of items: a plain generic class pydantic cannot build a schema for."""

    def __init__(self, items: list[T], offset: int) -> None:
        self.items = items
        self.offset = offset


def page(offset: int) -> Page[Contact]:
    """The contacts from ``offset`` on."""
    names = sorted(_CONTACTS)[offset:]
    return Page([Contact(**_CONTACTS[name]) for name in names], offset)
