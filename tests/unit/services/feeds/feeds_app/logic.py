"""Entries by topic, yielded one by one, as services that stream their rows are written.

``FEEDS_BUG`` (read on every call) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

from pydantic import BaseModel

__all__ = [
    "BUGS",
    "Archive",
    "Entry",
    "Shelf",
    "TopicClosed",
    "list_entries",
    "list_shelved",
    "open_shelf",
    "open_shelf_async",
    "planted",
    "recent_shelved",
]

BUGS = (
    # Entry 2 is stored with an empty title: the route's Entry model lets it through, the
    # contract's items need one character (logic-output-conforms, on both seams).
    "item",
    # The index moves after the first item: a LookupError raised mid-iteration, declared
    # nowhere (logic-accepts-input, on both seams).
    "undeclared",
)


def planted(name: str) -> bool:
    """Whether ``FEEDS_BUG`` names the defect ``name``."""
    return os.environ.get("FEEDS_BUG", "") == name


class Entry(BaseModel):
    """One entry."""

    id: int
    title: str


class TopicClosed(Exception):
    """The topic is archived: its listing ends early (a declared domain error)."""


_TOPICS = {"news": (1, 2, 3), "sport": (4, 5), "archive": (6,)}


def _entry(number: int) -> Entry:
    title = "" if planted("item") and number == 2 else f"entry {number}"
    return Entry(id=number, title=title)


async def list_entries(topic: str) -> AsyncIterator[Entry]:
    """The entries of ``topic``, one at a time; the archive's first, then TopicClosed."""
    for count, number in enumerate(_TOPICS[topic]):
        if count and planted("undeclared"):
            raise LookupError("the index moved")
        await asyncio.sleep(0)
        yield _entry(number)
    if topic == "archive":
        raise TopicClosed("the archive is closed")


class Archive:
    """Every entry, newest first."""

    def recent(self, limit: int) -> Iterator[Entry]:
        """The ``limit`` newest entries, one at a time."""
        for count, number in enumerate(range(6, 6 - limit, -1)):
            if count and planted("undeclared"):
                raise LookupError("the index moved")
            yield _entry(number)


@dataclass
class Shelf:
    """A handle that is only readable while open (as a database session), for ``provide``."""

    open: bool = True
    read: list[int] = field(default_factory=list)

    def take(self, number: int) -> Entry:
        """Entry ``number``, read through the shelf."""
        if not self.open:
            raise RuntimeError("the shelf is closed")
        self.read.append(number)
        return _entry(number)


SHELVES: list[Shelf] = []
"""Every shelf opened, for the tests to see that each was closed after its call."""


def open_shelf() -> Iterator[Shelf]:
    """A ``provide`` factory: a shelf, closed after the call."""
    shelf = Shelf()
    SHELVES.append(shelf)
    yield shelf
    shelf.open = False


async def open_shelf_async() -> AsyncIterator[Shelf]:
    """:func:`open_shelf` as an async generator."""
    for shelf in open_shelf():
        yield shelf


async def list_shelved(shelf: Shelf, topic: str) -> AsyncIterator[Entry]:
    """:func:`list_entries` read through a provided shelf."""
    for number in _TOPICS[topic]:
        await asyncio.sleep(0)
        yield shelf.take(number)


def recent_shelved(shelf: Shelf, limit: int) -> Iterator[Entry]:
    """:meth:`Archive.recent` read through a provided shelf."""
    for number in range(6, 6 - limit, -1):
        yield shelf.take(number)
