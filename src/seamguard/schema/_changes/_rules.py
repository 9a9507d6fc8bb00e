"""The catalogue's verdict per change kind, used where the proof is undecided.

COMPAT-CATALOGUE.md §2 gives each kind a verdict for request-like (backward) and
response-like (forward) schemas; this module restates it for the kinds the walk emits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seamguard.schema._changes._model import MISSING

if TYPE_CHECKING:
    from seamguard.schema._changes._model import Direction, RawChange

__all__ = ["catalogue_verdict", "is_open", "tolerated"]

# kind -> (breaking backward, breaking forward); None: depends on what the rule cannot see
_TABLE: dict[str, tuple[bool | None, bool | None]] = {
    "annotation-changed": (False, False),
    "default-changed": (False, False),
    "property-became-required": (True, False),
    "property-became-optional": (False, True),
    "type-widened": (False, True),
    "type-narrowed": (True, False),
    "type-changed": (True, True),
    "enum-value-added": (False, True),
    "enum-value-removed": (True, False),
    "enum-added": (True, False),
    "max-length-decreased": (True, False),
    "max-length-increased": (False, True),
    "min-length-increased": (True, False),
    "min-length-decreased": (False, True),
    "bound-tightened": (True, False),
    "bound-relaxed": (False, True),
    "pattern-added": (True, False),
    "pattern-changed": (None, None),
    "pattern-removed": (False, True),
    # formats assert at the seam, so they constrain like any other keyword (row 32)
    "format-added": (True, False),
    "format-changed": (True, True),
    "format-removed": (False, True),
    "additional-properties-closed": (True, False),
    "additional-properties-opened": (False, True),
    "items-limits-tightened": (True, False),
    "items-limits-relaxed": (False, True),
    "all-of-conjunct-added": (True, False),
    "all-of-conjunct-removed": (False, True),
    "prefix-item-added": (None, None),
    "prefix-item-removed": (None, None),
    # row 35: what a pattern property covers depends on the other object keywords
    "pattern-property-added": (None, None),
    "pattern-property-removed": (None, None),
    "keyword-added": (True, False),
    "keyword-removed": (False, True),
    "keyword-changed": (None, None),
}


def is_open(holder: Any) -> bool:
    """Whether an object schema admits properties it does not name (an open content model)."""
    if not isinstance(holder, dict):
        return holder is not False
    extra = holder.get("additionalProperties", True)
    return (extra is True or extra == {}) and "unevaluatedProperties" not in holder


def _is_empty(schema: Any) -> bool:
    return schema is True or schema == {}


def _multiple_of(old: Any, new: Any) -> tuple[bool | None, bool | None]:
    if new is MISSING:
        return False, True
    if old is MISSING:
        return True, False
    if not isinstance(old, (int, float)) or not isinstance(new, (int, float)):
        return None, None
    if (new / old).is_integer():
        return True, False
    if (old / new).is_integer():
        return False, True
    return True, True


def _row(raw: RawChange) -> tuple[bool | None, bool | None]:
    kind = raw.kind
    if kind == "property-added":
        if _is_empty(raw.new) and is_open(raw.old_holder):
            return False, False
        return is_open(raw.old_holder), not is_open(raw.old_holder)
    if kind == "required-property-added":
        return True, not is_open(raw.old_holder)
    if kind == "property-removed":
        required = raw.old_holder.get("required", []) if isinstance(raw.old_holder, dict) else []
        return not is_open(raw.new_holder), raw.pointer.rsplit("/", 1)[-1] in required
    if kind == "multiple-of-changed":
        return _multiple_of(raw.old, raw.new)
    if kind == "branch-added":
        return (None if raw.combinator == "oneOf" else False), True
    if kind == "branch-removed":
        return True, (None if raw.combinator == "oneOf" else False)
    return _TABLE.get(kind, (None, None))


def catalogue_verdict(raw: RawChange, direction: Direction) -> bool | None:
    """The catalogue's verdict for ``raw`` in ``direction``, with ``not`` flipping it."""
    if raw.polarity == 0:
        return None
    backward, forward = _row(raw)
    if raw.polarity < 0:
        backward, forward = forward, backward
    return backward if direction == "backward" else forward


def tolerated(raw: RawChange, direction: Direction) -> str:
    """The note of the tolerant policy when it allows ``raw`` (rows 3 and 4), else ``""``."""
    if raw.kind != "property-added" or raw.polarity != 1:
        return ""
    if direction == "backward" and is_open(raw.old_holder):
        return "allowed by the tolerant policy: an optional property added to an open model"
    if direction == "forward" and not is_open(raw.new_holder):
        return "allowed by the tolerant policy: an optional property added to a closed output model"
    return ""
