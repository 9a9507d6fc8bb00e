"""Id pools: values the API returned earlier, fed to the path parameters of later requests.

A ``GET`` on ``{id}`` that only ever sees 404 tests nothing, so the ids of 2xx answers are
kept, per key, and drawn for the path parameters of the same name (or, for ``*_id``, of any
``id``). Each id is also kept under the noun it names (``noun:loan``): the ``id`` of an
answer of ``POST /books/{book_id}/loans`` is a loan's, its ``book_id`` a book's, and the
``{loan_id}`` of ``/loans/{loan_id}/return`` takes a loan's (not any ``id`` the run saw).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["POOL_LIMIT", "collect_ids", "noun_of_parameter", "noun_of_path", "pool_for"]

POOL_LIMIT = 64
"""Ids kept per key: the newest."""


def collect_ids(
    body: bytes, pools: dict[str, list[str]], names: frozenset[str], noun: str = ""
) -> list[str]:
    """Keep the values of id-like keys (``id``, ``*_id``, path parameter names) of a 2xx body;
    ``noun``: what the answering operation's path names (its ``id`` values are that noun's).
    Returns the ids kept under ``noun`` (what the answer made or listed)."""
    try:
        document = json.loads(body)
    except ValueError:
        return []
    objects: list[dict[str, Any]] = []
    if isinstance(document, dict):
        objects.append(document)
        for value in document.values():
            if isinstance(value, list):
                objects.extend(v for v in value if isinstance(v, dict))
    elif isinstance(document, list):
        objects.extend(v for v in document if isinstance(v, dict))
    made: list[str] = []
    for item in objects:
        for key, value in item.items():
            if key not in names and key != "id" and not key.endswith(("_id", "Id")):
                continue
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                keys = {key, *(_aliases(key))}
                owner = noun if key == "id" else noun_of_parameter(key)
                if owner:
                    keys.add(f"noun:{owner}")
                for name in keys:
                    _keep(pools.setdefault(name, []), str(value))
                if key == "id" and noun:
                    made.append(str(value))
    return made


def _keep(pool: list[str], value: str) -> None:
    if value not in pool:
        pool.append(value)
        del pool[:-POOL_LIMIT]


def pool_for(name: str, pools: dict[str, list[str]], noun: str = "") -> list[str]:
    """Ids for a path parameter: those of its ``noun`` (:func:`noun_of_parameter`), else
    values of the same key, else of ``id`` for ``*_id``/``*Id``."""
    if noun and pools.get(f"noun:{noun}"):
        return pools[f"noun:{noun}"]
    if pools.get(name):
        return pools[name]
    if name == "id" or name.endswith(("_id", "Id")):
        return pools.get("*_id", [])
    return []


def noun_of_path(path: str) -> str:
    """What an operation's answers are: its last literal segment, singular
    (``/books/{book_id}/loans`` -> ``loan``); empty when the path ends in a parameter."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if not last or "{" in last:
        return ""
    return _singular(last)


def noun_of_parameter(name: str, path: str = "") -> str:
    """What a path parameter (or an answer's key) names: ``loan_id``, ``loanId`` -> ``loan``;
    a bare ``id`` or ``{name}`` names the literal segment before it in ``path``."""
    stem = re.sub(r"(_id|Id|_ID)$", "", name)
    if stem and stem != name:
        return _singular(stem)
    if path:
        parts = path.split("/")
        placeholder = "{" + name + "}"
        if placeholder in parts:
            before = parts[: parts.index(placeholder)]
            literal = next((p for p in reversed(before) if p and "{" not in p), "")
            return _singular(literal) if literal else ""
    return ""


def _singular(word: str) -> str:
    word = word.lower().replace("-", "_")
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _aliases(key: str) -> list[str]:
    """Path parameter names an object's key may feed: ``id`` feeds ``task_id``, ``taskId``."""
    if key != "id":
        return []
    return ["*_id"]
