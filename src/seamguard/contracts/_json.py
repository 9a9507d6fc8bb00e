"""Reading one schema file: UTF-8 JSON, no duplicate keys, no lone surrogates, bounded depth.

``json`` accepts what no validator can use (``NaN``, a key written twice, a ``\\ud800``
escape alone, any nesting); each is refused here as the file is read, with the JSON
pointer of the first place at fault.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from seamguard.schema._budget import check_document_budget
from seamguard.schema._keywords import to_pointer

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["INVALID", "MAX_DEPTH", "Unreadable", "read_schema_json"]


class Unreadable(Exception):
    """A schema file that cannot be used as JSON; the loader reports it as a problem."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message, pointer)
        self.message = message
        self.pointer = pointer


def read_schema_json(path: Path, shown: str) -> Any:
    """The parsed contents of the schema file at ``path`` (``shown``: as messages name it).

    Raises:
        Unreadable: not UTF-8, unreadable, not JSON, nested too deep, a lone surrogate.
        InlineBudgetError: more JSON objects than ``DOCUMENT_BUDGET`` (a usage error).
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror}") from None
    try:
        contents = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants
        )
    except json.JSONDecodeError as exc:
        message = f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise Unreadable(message) from None
    except ValueError as exc:
        raise Unreadable(f"is not valid JSON: {exc}") from None
    except RecursionError:
        raise Unreadable(f"is nested too deeply to read; {_DEPTH_RULE}") from None
    check_document_budget(contents, shown)  # exit 2
    flaw = _flaw(contents)
    if flaw is not None:
        raise Unreadable(flaw[1], flaw[0])
    return contents


class _Invalid:
    """Marks a file that did not parse (``None`` is valid JSON)."""


INVALID: Any = _Invalid()


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


# Validators, jsonschema-rs (which refuses Python values nested 255 deep) and the subschema
# engine all recurse: a limit where the file is read keeps them inside their stacks.
MAX_DEPTH = 64
_DEPTH_RULE = f"seamguard reads schemas nested up to {MAX_DEPTH} objects and arrays deep"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _flaw(document: Any) -> tuple[str, str] | None:
    """The first place (pointer, message) where a parsed document is nested deeper than
    ``MAX_DEPTH`` or holds a lone surrogate (a ``\\ud800`` escape without its pair: not
    Unicode text, RFC 8259 §8.2, and no validator can encode it); ``None`` when none."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            lone = _LONE_SURROGATE.search(value)
            if lone is not None:
                return to_pointer(path), _lone(lone.group(), "holds")
            continue
        if not isinstance(value, (dict, list)):
            continue
        if len(path) >= MAX_DEPTH:
            return to_pointer(path), f"is nested more than {MAX_DEPTH} levels deep; {_DEPTH_RULE}"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            lone = _LONE_SURROGATE.search(key) if isinstance(key, str) else None
            if lone is not None:
                return to_pointer(path), _lone(lone.group(), "has a member name with")
            stack.append((item, (*path, key)))
    return None


def _lone(char: str, what: str) -> str:
    return (
        f"{what} a lone surrogate (\\u{ord(char):04x}), which is not Unicode text; write "
        "the character itself, or a valid \\uD8xx\\uDCxx pair"
    )
