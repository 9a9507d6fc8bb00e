"""Id pools: values the API returned earlier, fed to the path parameters of later requests.

A ``GET`` on ``{id}`` that only ever sees 404 tests nothing, so the ids of 2xx answers are
kept, per key, and drawn for the path parameters of the same name (or, for ``*_id``, of any
``id``).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["POOL_LIMIT", "collect_ids", "pool_for"]

POOL_LIMIT = 64
"""Ids kept per key: the newest."""


def collect_ids(body: bytes, pools: dict[str, list[str]], names: frozenset[str]) -> None:
    """Keep the values of id-like keys (``id``, ``*_id``, path parameter names) of a 2xx body."""
    try:
        document = json.loads(body)
    except ValueError:
        return
    objects: list[dict[str, Any]] = []
    if isinstance(document, dict):
        objects.append(document)
        for value in document.values():
            if isinstance(value, list):
                objects.extend(v for v in value if isinstance(v, dict))
    elif isinstance(document, list):
        objects.extend(v for v in document if isinstance(v, dict))
    for item in objects:
        for key, value in item.items():
            if key not in names and key != "id" and not key.endswith(("_id", "Id")):
                continue
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                for name in {key, *(_aliases(key))}:
                    pool = pools.setdefault(name, [])
                    if str(value) not in pool:
                        pool.append(str(value))
                        del pool[:-POOL_LIMIT]


def pool_for(name: str, pools: dict[str, list[str]]) -> list[str]:
    """Ids for a path parameter: values of the same key, else of ``id`` for ``*_id``/``*Id``."""
    if pools.get(name):
        return pools[name]
    if name == "id" or name.endswith(("_id", "Id")):
        return pools.get("*_id", [])
    return []


def _aliases(key: str) -> list[str]:
    """Path parameter names an object's key may feed: ``id`` feeds ``task_id``, ``taskId``."""
    if key != "id":
        return []
    return ["*_id"]
