"""Date-times without an offset in an answer whose OpenAPI document says ``format: date-time``.

pydantic writes a naive ``datetime`` as ``2024-05-01T12:00:00``, with no offset, and FastAPI
documents every ``datetime`` field as ``format: date-time``, which RFC 3339 (and so the
validator Schemathesis judges answers with) reads as needing one. A service that keeps naive
datetimes (SQLite drops the offset of a ``DateTime(timezone=True)`` column; ``datetime.utcnow``
makes naive ones) answers so on every route with a timestamp: the framework's serializer and
its own OpenAPI document disagree, whatever the route's code does. So by default such an
answer is a note on the passing ``api-response-conforms`` result, as an undocumented 4xx is;
``--http-checks all`` fails it. Any other problem of the same answer is still failed: the
answer is judged again with an offset added to each naive date-time, and what remains is the
finding.

Checked: Schemathesis' ``response_schema_conformance`` has one switch, ``validate_formats``,
for every format at once, and jsonschema-rs no per-format leniency; neither can say "a
date-time without an offset", so the naive values are found here, by the standard library's
``datetime.fromisoformat``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

__all__ = ["naive_note", "with_offsets"]

_NAIVE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?")
"""An ISO 8601 date and time as pydantic writes a naive ``datetime`` (no ``Z``, no offset)."""
_INDEX = re.compile(r"/[0-9]+(?=/|$)")


def with_offsets(body: bytes) -> tuple[bytes, list[str]] | None:
    """``body`` (a JSON answer) with ``Z`` added to every naive date-time string in it, and
    their JSON pointers (list indexes written ``*``, so a note does not vary with a listing's
    length); ``None`` when it is not JSON or holds none."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    found: list[str] = []
    patched = _patched(document, "", found)
    if not found:
        return None
    return json.dumps(patched).encode(), found


def _patched(value: Any, pointer: str, found: list[str]) -> Any:
    if isinstance(value, str):
        if _NAIVE.fullmatch(value) and _parses(value):
            found.append(_INDEX.sub("/*", pointer) or "/")
            return value + "Z"
        return value
    if isinstance(value, list):
        return [_patched(item, f"{pointer}/{n}", found) for n, item in enumerate(value)]
    if isinstance(value, dict):
        return {
            key: _patched(item, f"{pointer}/{_escaped(key)}", found) for key, item in value.items()
        }
    return value


def _escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _parses(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def naive_note(label: str, pointers: list[str]) -> str:
    """The note of an answer whose only problem was its naive date-times."""
    places = sorted(set(pointers))
    shown = ", ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
    return (
        f"{label} answered date-times without an offset (at {shown}) where its OpenAPI "
        "document says format: date-time, which needs one (pydantic writes a naive datetime "
        "so); noted, not failed (--http-checks all fails it)"
    )
