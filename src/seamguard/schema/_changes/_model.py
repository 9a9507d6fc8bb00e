"""The public ``Change`` and the raw changes the walk records before they get a verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Change", "Direction", "Policy"]

Direction = Literal["backward", "forward"]
"""``"backward"``: an input (request-like), safe iff L(old) ⊆ L(new); ``"forward"``: an output
(response-like), safe iff L(new) ⊆ L(old)."""

Policy = Literal["strict", "tolerant"]
"""``"strict"`` follows set inclusion; ``"tolerant"`` also allows an optional property added to
an open input model or a closed output model (catalogue rows 3 and 4)."""

MISSING: Any = object()
"""Marks a keyword absent from one side (never leaves the package)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change between two versions of a schema, with its verdict for one direction."""

    pointer: str
    """JSON pointer of the changed keyword or property: in the new schema, or in the old one
    when it was removed (``"/properties/title/maxLength"``)."""
    kind: str
    """The kebab-case change kind (``"max-length-decreased"``), after the compatibility
    catalogue's rows; ``"keyword-added"``, ``"keyword-removed"`` and ``"keyword-changed"`` for
    the rest."""
    old: Any
    """The value before (None when added)."""
    new: Any
    """The value after (None when removed)."""
    breaking: bool | None
    """Whether the change breaks the direction asked; None when it cannot be told."""
    counterexample: Any = None
    """With ``breaking=True``, when one was found: a document valid under the schema that must
    be contained (old for backward, new for forward) and invalid under the other. JSON
    ``null`` is a document too; when none was found, ``note`` says what the verdict rests on."""
    note: str = ""
    """Why the verdict is what it is, when that is not plain from the kind."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Set (or, with ``MISSING``, delete) the value at ``path`` of the old document."""

    path: tuple[str, ...]
    """Path of JSON pointer tokens from the old document's root."""
    value: Any
    """The new value, or ``MISSING`` to delete."""


@dataclass(frozen=True, slots=True)
class RawChange:
    """A change as the walk found it, with the edits that apply it alone to the old schema."""

    pointer: str
    """As ``Change.pointer``."""
    kind: str
    """As ``Change.kind``."""
    old: Any
    """As ``Change.old``; ``MISSING`` when added."""
    new: Any
    """As ``Change.new``; ``MISSING`` when removed."""
    edits: tuple[Edit, ...]
    """What turns the old document into one that differs from it by this change only."""
    polarity: int
    """+1 where a larger subschema means a larger schema, -1 under ``not``, 0 where neither
    holds (``if``, ``oneOf``)."""
    old_holder: Any
    """The old schema object holding the keyword (for the catalogue's open/closed rules)."""
    new_holder: Any
    """The new schema object holding the keyword."""
    combinator: str = ""
    """For branch changes: ``"anyOf"``, ``"oneOf"`` or ``"allOf"``."""
