"""Seam names for scaffolded bindings: ``<resource>.<verb>`` from the route, else the callable.

``POST /api/books`` is ``books.create``, ``GET /api/books`` ``books.list``,
``GET /api/books/{book_id}`` ``books.get``, ``PUT``/``PATCH`` on an item ``books.update``,
``DELETE`` on an item ``books.delete``. An action under an item that the callable is named
for (``POST /tasks/{task_id}/complete`` by ``complete_task``) is ``tasks.complete``; a
collection under an item (``POST /books/{book_id}/loans``) is ``loans.create``. Anything else
takes its verb from the callable's name (``count_books`` under ``/books/count`` is
``books.count``, ``rename_book`` under ``PUT /books/{book_id}/title`` is ``books.rename``).
"""

from __future__ import annotations

import re

__all__ = ["seam_name", "unique_name"]

_PREFIXES = re.compile(r"^(api|v[0-9]+(\.[0-9]+)*|rest|public|internal)$", re.IGNORECASE)
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_VERBS = {
    ("POST", "collection"): "create",
    ("GET", "collection"): "list",
    ("GET", "item"): "get",
    ("PUT", "item"): "update",
    ("PATCH", "item"): "update",
    ("DELETE", "item"): "delete",
    ("DELETE", "collection"): "clear",
    ("PUT", "collection"): "replace",
}


_GENERIC = frozenset({"get", "list", "read", "fetch", "find", "show", "load", "query"})


def _safe(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-_").lower()


def seam_name(method: str, path: str, callable_name: str) -> str:
    """The seam name for the operation ``method path`` whose logic is ``callable_name``."""
    segments = [s for s in path.strip("/").split("/") if s]
    static = [(i, s) for i, s in enumerate(segments) if not s.startswith("{")]
    static = [(i, s) for i, s in static if not _PREFIXES.match(s)]
    words = [w for w in callable_name.lower().split("_") if w]
    if not static:
        return _safe(callable_name) or "seam"
    last_index, last = static[-1]
    shape = "item" if segments[-1].startswith("{") else "collection"
    action_after_item = (
        shape == "collection" and last_index > 0 and segments[last_index - 1].startswith("{")
    )
    if action_after_item and len(static) >= 2 and last.lower() in words:
        # POST /tasks/{task_id}/complete by complete_task: an action on the item.
        resource, verb = static[-2][1], last
    elif action_after_item and method in ("POST", "GET"):
        # POST /books/{book_id}/loans: a collection under the item.
        resource, verb = last, _VERBS[(method, "collection")]
    elif action_after_item and len(static) >= 2:
        # PUT /books/{book_id}/title by rename_book: the callable names the action.
        resource, verb = static[-2][1], (words[0] if words else method.lower())
    elif len(static) >= 2 and method == "GET" and shape == "collection":
        # GET /books/count by count_books, GET /fees/late by quote_late_fee: a named view.
        generic = not words or words[0] in _GENERIC
        resource, verb = static[-2][1], (last if generic else words[0])
    elif shape == "collection" and len(words) > 1 and last.lower() == words[0]:
        # GET /count by count_books: the path is the verb, the callable names the resource.
        resource, verb = "_".join(words[1:]), words[0]
    else:
        resource = last
        verb = _VERBS.get((method.upper(), shape)) or (words[0] if words else method.lower())
    return f"{_safe(resource) or 'seam'}.{_safe(verb) or method.lower()}"


def unique_name(name: str, callable_name: str, taken: set[str]) -> str:
    """``name``, or a variant of it that no other seam has."""
    if name not in taken:
        return name
    resource = name.partition(".")[0]
    variant = f"{resource}.{_safe(callable_name) or 'seam'}"
    if variant not in taken:
        return variant
    number = 2
    while f"{variant}-{number}" in taken:
        number += 1
    return f"{variant}-{number}"
