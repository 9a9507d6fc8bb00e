"""What a logic call changed in the input it was handed (``logic-accepts-input``: a seam
must leave its caller's data as it was)."""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from typing import Any

from seamguard.checks._text import short_json

__all__ = ["IMMUTABLE", "UNCHANGEABLE", "changed"]

# Argument values a call cannot change in place: no need to compare them after the call.
IMMUTABLE = (
    str,
    int,
    float,
    bytes,
    type(None),
    uuid.UUID,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    enum.Enum,
)


UNCHANGEABLE = object()
"""The input document before a call whose arguments the call cannot change."""


def changed(before: Any, after: Any, pointer: str = "") -> tuple[str, str] | None:
    """The first JSON pointer where two documents differ, and what changed there."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(before.keys() | after.keys(), key=str):
            if key not in after:
                return f"{pointer}/{key}", f"it was handed {short_json(before[key])}, it removed it"
            if key not in before:
                return f"{pointer}/{key}", f"it added {short_json(after[key])}"
            found = changed(before[key], after[key], f"{pointer}/{key}")
            if found:
                return found
        return None
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            found = changed(old, new, f"{pointer}/{index}")
            if found:
                return found
        return None
    if before == after and type(before) is type(after):
        return None
    return pointer or "/", f"it was handed {short_json(before)}, it left {short_json(after)}"
