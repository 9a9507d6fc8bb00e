"""The business logic of the notes service: an in-memory store of notes, no HTTP in it.

Three seams, each shaped differently on purpose:

- :func:`create_note`, a module-level function (the API imports it by name);
- :meth:`Notebook.get`, a method of a class built without arguments (the API holds one
  module-level ``Notebook``);
- :func:`search_notes`, an ``async`` module-level function (the API looks it up on this
  module on every call).

Every note lives in one module-level dict guarded by a lock, so every ``Notebook`` sees the
same notes. The store always holds the welcome note (:data:`WELCOME_ID`), so a ``GET`` of
that id finds a note without creating one first; :func:`reset` brings the store back to just
that note.

The environment variable ``NOTES_BUG`` plants one defect (see :data:`BUGS`); it is read on
every call, so a test can switch it without reloading anything.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone
from typing import Any, cast
from uuid import UUID, uuid4

__all__ = [
    "BODY_MAX",
    "BUGS",
    "BUG_VARIABLE",
    "LIMIT_DEFAULT",
    "LIMIT_MAX",
    "LIMIT_MIN",
    "TEXT_MAX",
    "TITLE_MAX",
    "WELCOME_ID",
    "Note",
    "NoteMissing",
    "Notebook",
    "NotesError",
    "all_notes",
    "create_note",
    "planted",
    "reset",
    "search_notes",
]

TITLE_MAX = 80
BODY_MAX = 500
TEXT_MAX = 40
LIMIT_MIN = 1
LIMIT_MAX = 50
LIMIT_DEFAULT = 10

#: The environment variable that selects a planted defect.
BUG_VARIABLE = "NOTES_BUG"

#: The planted defects, one per check id of seamguard's catalogue.
BUGS = (
    "logic-accepts-input",  # create_note raises KeyError when pinned or the body is empty
    "logic-output-conforms",  # create_note returns created_at "yesterday", same condition
    "api-hands-valid-input",  # GET /notes hands `limit` over as the query text ("5")
    "api-accepted-crossed",  # POST /notes answers 201 without calling create_note
    "api-rejects-invalid",  # POST /notes stores the note, then answers 400 (title > 3 chars)
    "api-response-conforms",  # GET /notes/{note_id} answers the note without created_at
)

#: The id of the note the store always holds.
WELCOME_ID = UUID("7d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a")


def planted(name: str) -> bool:
    """Whether ``NOTES_BUG`` selects the defect ``name`` right now.

    Raises:
        ValueError: ``name`` is not one of :data:`BUGS`.
        RuntimeError: ``NOTES_BUG`` names no known defect (a typo must not look clean).
    """
    if name not in BUGS:
        raise ValueError(f"{name!r} is not a planted defect; known: {', '.join(BUGS)}")
    selected = os.environ.get(BUG_VARIABLE, "")
    if selected and selected not in BUGS:
        raise RuntimeError(
            f"{BUG_VARIABLE}={selected!r} names no planted defect; known: {', '.join(BUGS)}"
        )
    return selected == name


class NotesError(Exception):
    """Base of the domain errors: the logic may raise these on contract-valid input."""


class NoteMissing(NotesError):
    """No note has this id."""

    def __init__(self, note_id: object) -> None:
        super().__init__(f"No note has the id {note_id}.")
        self.note_id = note_id


def _jsonable(value: object) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Note:
    """One note. Its JSON form (:meth:`to_json`) is what the output contracts describe."""

    id: UUID
    title: str
    body: str
    pinned: bool
    created_at: datetime
    """When the note was created, timezone-aware UTC."""

    def to_json(self) -> dict[str, Any]:
        """The fields by name, the UUID as a string and the datetime as ISO 8601."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self)}


_WELCOME = Note(
    id=WELCOME_ID,
    title="Welcome",
    body="Notes live in memory; pinned notes come first in a search.",
    pinned=True,
    created_at=datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc),
)

_lock = threading.Lock()
_notes: dict[UUID, Note] = {WELCOME_ID: _WELCOME}


def reset() -> None:
    """Forget every note but the welcome note."""
    with _lock:
        _notes.clear()
        _notes[WELCOME_ID] = _WELCOME


def all_notes() -> list[Note]:
    """Every stored note, oldest first (a copy)."""
    with _lock:
        return list(_notes.values())


def create_note(title: str, body: str = "", pinned: bool = False) -> Note:
    """Store a new note and return it."""
    # The planted defects fire on a pinned note or an empty body: most inputs Hypothesis
    # draws from the contract are one or the other (no run of 20 examples missed, in 400).
    flagged = pinned or not body
    if flagged and planted("logic-accepts-input"):
        # Planted: an error the seam does not declare, on a contract-valid input.
        raise KeyError("body")
    note = Note(
        id=uuid4(),
        title=title,
        body=body,
        pinned=pinned,
        created_at=datetime.now(timezone.utc),
    )
    with _lock:
        _notes[note.id] = note
    if flagged and planted("logic-output-conforms"):
        # Planted: the stored note is right, the returned one has no date-time.
        return replace(note, created_at=cast("datetime", "yesterday"))
    return note


class Notebook:
    """Reads notes by id. Holds no state of its own: every notebook reads the one store."""

    def get(self, note_id: UUID) -> Note:
        """The note with this id.

        Raises:
            NoteMissing: no note has this id.
        """
        with _lock:
            note = _notes.get(note_id)
        if note is None:
            raise NoteMissing(note_id)
        return note


async def search_notes(text: str, limit: int = LIMIT_DEFAULT) -> list[Note]:
    """Notes whose title or body contains ``text`` (case folded): pinned first, then oldest
    first, at most ``limit`` of them."""
    needle = text.casefold()
    # int() also takes a count given as text ("5"): with the planted api-hands-valid-input
    # defect the fault shows at the seam only, not as a crash of the logic.
    count = int(limit)
    found = [
        note
        for note in all_notes()
        if needle in note.title.casefold() or needle in note.body.casefold()
    ]
    found.sort(key=lambda note: not note.pinned)
    return found[:count]
