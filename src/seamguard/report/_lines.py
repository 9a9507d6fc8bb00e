"""Where a JSON pointer lands in a JSON file: the line a CI annotation points at.

Written here rather than taken from PyPI: json-source-map (1.0.5, which maps each pointer of
a document to a position) builds its pointers from the raw text of each key, neither decoding
JSON escapes nor applying RFC 6901's ``~0``/``~1``, so ``/properties/a~1b`` never matches
the key ``"a/b"``, nor ``/é`` the key written ``"\\u00e9"``; it would also be a new dependency
for some sixty lines. This walks only the path the pointer names, with the standard
library's own JSON scanner for every key and every skipped value.
"""

from __future__ import annotations

import json
import re

__all__ = ["pointer_line"]

_DECODER = json.JSONDecoder()
_INDEX = re.compile(r"0|[1-9][0-9]*")


def pointer_line(source: str, pointer: str) -> int | None:
    """The 1-based line of ``source`` (JSON text) where ``pointer`` lands, or ``None``.

    An object member's line is the line of its key; an array item's, the line it starts on;
    ``""`` is the line the document starts on. A key given twice resolves to the last one,
    as ``json.loads`` keeps it. ``None`` when the pointer is malformed, names a member or
    item that is not there, or the text on the way is not JSON.

    Example::

        pointer_line('{\\n  "a": {\\n    "b/c": 1\\n  }\\n}', "/a/b~1c")  # 3
    """
    if pointer and not pointer.startswith("/"):
        return None
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    try:
        at = value = _skip(source, 0)
        for token in tokens:
            found = _child(source, value, token)
            if found is None:
                return None
            at, value = found
    except (ValueError, IndexError):
        return None
    if value >= len(source):
        return None
    return source.count("\n", 0, at) + 1


def _child(source: str, start: int, token: str) -> tuple[int, int] | None:
    """(where the member or item is named, where its value starts) under the container at
    ``start``; ``None`` when it is not there. Raises ``ValueError`` on text that is not JSON."""
    opening = source[start]
    if opening == "{":
        return _member(source, start + 1, token)
    if opening == "[":
        return _item(source, start + 1, token)
    return None


def _member(source: str, position: int, token: str) -> tuple[int, int] | None:
    found = None
    position = _skip(source, position)
    if source[position] == "}":
        return None
    while True:
        if source[position] != '"':
            raise ValueError("a key must be a string")  # raw_decode would take any value
        key_at = position
        key, position = _DECODER.raw_decode(source, position)
        position = _skip(source, position)
        if source[position] != ":":
            raise ValueError("':' must follow a key")
        value_at = _skip(source, position + 1)
        if key == token:
            found = (key_at, value_at)
        position = _skip(source, _DECODER.raw_decode(source, value_at)[1])
        if source[position] == "}":
            return found
        if source[position] != ",":
            raise ValueError("',' or '}' must follow a member")
        position = _skip(source, position + 1)


def _item(source: str, position: int, token: str) -> tuple[int, int] | None:
    if not _INDEX.fullmatch(token):
        return None  # "-" (past the end) or not an index: no item there
    wanted = int(token)
    position = _skip(source, position)
    if source[position] == "]":
        return None
    index = 0
    while True:
        if index == wanted:
            return position, position
        position = _skip(source, _DECODER.raw_decode(source, position)[1])
        if source[position] == "]":
            return None
        if source[position] != ",":
            raise ValueError("',' or ']' must follow an item")
        position = _skip(source, position + 1)
        index += 1


def _skip(source: str, position: int) -> int:
    """The first position at or after ``position`` that is not JSON whitespace."""
    while position < len(source) and source[position] in " \t\n\r":
        position += 1
    return position
