"""How ``model-matches-contract`` (:mod:`seamguard.checks.model`) judges a document against
the contract (:class:`Valid`) and says what a model did to it: the change in words, values
capped so a failure stays a few lines, and the document as a short Python expression for
the reproduction.

A drawn string may be thousands of characters long (a counterexample one past a
``maxLength`` of 20,000); it is shown as its start and its length, never in full.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

__all__ = ["Valid", "capped", "changes", "coercion", "cut", "kind", "python_literal"]

_HEAD = 20
"""How many characters of a long string are shown."""
_LONG = 40
"""A string longer than this is shown as its start and its length."""


def capped(value: Any, limit: int = 120) -> str:
    """``value`` as compact JSON, each long string cut to its start and its length
    (``"aaaaaaaaaaaaaaaaaaaa…" (20000 characters)``), the whole cut at ``limit``."""
    text = _capped(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _capped(value: Any) -> str:
    if isinstance(value, str):
        if len(value) <= _LONG:
            return _dumps(value)
        return f'{_dumps(value[:_HEAD])[:-1]}…" ({len(value)} characters)'
    if isinstance(value, dict):
        inner = ", ".join(f"{_dumps(str(key))}: {_capped(item)}" for key, item in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_capped(item) for item in value) + "]"
    return _dumps(value)


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    # a lone surrogate (a drawn string may hold one) written as an escape: no terminal prints it
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def python_literal(value: Any) -> str:
    """``value`` (a JSON document) as a Python expression that builds it, a long run of one
    character written ``'a' * 20000`` (the reproduction stays a few lines)."""
    if isinstance(value, str):
        return _string_literal(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{str(key)!r}: {python_literal(item)}" for key, item in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(item) for item in value) + "]"
    return repr(value)


def _string_literal(text: str) -> str:
    if len(text) <= _LONG:
        return repr(text)
    parts: list[str] = []
    plain = ""
    for char, run in itertools.groupby(text):
        count = len(list(run))
        if count >= 8:
            if plain:
                parts.append(repr(plain))
                plain = ""
            parts.append(f"{char!r} * {count}")
        else:
            plain += char * count
    if plain:
        parts.append(repr(plain))
    return " + ".join(parts)


def coercion(before: Any, after: Any, at: str = "") -> str:
    """What kind of change pydantic made to a contract-invalid document, in words."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            if key not in after:
                return "properties the contract forbids are dropped (pydantic's extra='ignore')"
            if after[key] != before[key] or type(after[key]) is not type(before[key]):
                return coercion(before[key], after[key], f"{at}/{key}")
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for one, other in zip(before, after, strict=True):
            if one != other or type(one) is not type(other):
                return coercion(one, other, f"{at}/[]")
    if type(before) is not type(after):
        return f"{kind(before)} becomes {kind(after)} at {at or '/'}"
    return f"a value is changed at {at or '/'}"


def changes(before: Any, after: Any, at: str = "") -> str:
    """The first place pydantic changed a value, in words (values capped)."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            if key in after and after[key] != before[key]:
                return changes(before[key], after[key], f"{at}/{key}")
            if key not in after:
                renamed = [k for k in after if k not in before and after[k] == before[key]]
                if renamed:
                    return f"{at}/{key} was renamed {at}/{renamed[0]}"
                return f"{at}/{key} was dropped"
        for key in after:
            if key not in before:
                return f"{at}/{key} was added as {capped(after[key], 60)}"
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (one, other) in enumerate(zip(before, after, strict=True)):
            if one != other:
                return changes(one, other, f"{at}/{index}")
    kinds = f"{kind(before)} to {kind(after)}"
    return (
        f"pydantic's lax mode turned {capped(before, 60)} at {at or '/'} into "
        f"{capped(after, 60)} ({kinds})"
        if type(before) is not type(after)
        else f"{capped(before, 60)} at {at or '/'} became {capped(after, 60)}"
    )


def kind(value: Any) -> str:
    """The JSON type of ``value`` in words (``an integer``)."""
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


class Valid:
    """Whether a document is valid under ``schema`` (self-contained, formats asserted)."""

    def __init__(self, schema: Any) -> None:
        import jsonschema_rs

        self.schema = schema
        self._compiled = jsonschema_rs.validator_for(schema, validate_formats=True, offline=True)

    def __call__(self, document: Any) -> bool:
        return bool(self._compiled.is_valid(document))

    def explain(self, document: Any) -> str:
        """Where and why ``document`` is invalid, as jsonschema-rs says it."""
        for error in self._compiled.iter_errors(document):
            where = "/" + "/".join(str(part) for part in error.instance_path)
            said = error.message
            # jsonschema-rs quotes the whole value (20,000 characters once): capped here
            whole = json.dumps(error.instance, ensure_ascii=False)
            if len(whole) > 60 and whole in said:
                said = said.replace(whole, capped(error.instance, 80))
            return f"at {where}: {cut(said)}"
        return "valid"


def cut(text: str, limit: int = 200) -> str:
    """One line of at most ``limit`` characters (pydantic and jsonschema-rs may quote a value)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit] + "…"
