"""How large a document grows when its ``$ref`` s are inlined, measured before inlining it.

jsonschema-rs's ``dereference`` copies a ``$ref``'s target wherever it is used, so forty
``$defs`` that each use the one before twice (a "billion laughs", 2 KB of JSON) become 2^40
schema objects: the process grew past 24 GB before anything could stop it. ``inlined_growth``
counts what inlining would add without building it: each target's count is kept by its
location, so the walk visits every schema object of the tree once, and it stops at the first
schema object whose ``$ref`` s alone would add more than ``INLINE_BUDGET`` objects, naming
the file and the JSON pointer of that object. (referencing resolves but never counts, and
jsonschema-rs offers no limit on ``dereference``; this is the walk of ``schema._walk``, over
the tables of ``schema._keywords``.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from seamguard.errors import SeamguardError
from seamguard.schema._keywords import (
    ONE_SCHEMA,
    SCHEMA_ARRAYS,
    SCHEMA_MAPS,
    follow_pointer,
    to_pointer,
)

__all__ = [
    "DOCUMENT_BUDGET",
    "INLINE_BUDGET",
    "InlineBudgetError",
    "check_document_budget",
    "check_inline_budget",
]

DOCUMENT_BUDGET = 25_000
"""At most this many JSON objects in one schema file. Every static check reads a document
whole several times (metaschema, ``$ref`` s, satisfiability, the subschema proof), each in
linear time; past this a ``lint`` or ``diff`` could no longer finish in 10 s."""

INLINE_BUDGET = 25_000
"""At most this many schema objects may be added to one document by inlining its ``$ref`` s
(the objects written in the file itself are not counted: they cost what the file costs)."""

# A target's uri (no fragment) -> its contents, and where it is shown (a file path).
Lookup = Callable[[str], "tuple[Any, str] | None"]


class InlineBudgetError(SeamguardError):
    """A schema file is larger than ``DOCUMENT_BUDGET``, or its ``$ref`` s, inlined, would add
    more than ``INLINE_BUDGET`` schema objects. A usage error: exit 2, one line."""


def check_document_budget(contents: Any, shown: str, *, budget: int = DOCUMENT_BUDGET) -> None:
    """Refuse a parsed schema file that holds more than ``budget`` JSON objects.

    Raises:
        InlineBudgetError: it holds more; the one line names the file.
    """
    count, stack = 0, [contents]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += 1
            stack.extend(value for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend(value for value in node if isinstance(value, (dict, list)))
        if count > budget:
            raise InlineBudgetError(
                f"{shown}: holds more than {budget:,} JSON objects, more than seamguard reads "
                "in one schema file; split it into shared definitions"
            )


def check_inline_budget(
    contents: Any, uri: str, shown: str, lookup: Lookup, *, budget: int = INLINE_BUDGET
) -> int:
    """The number of schema objects inlining ``contents``'s ``$ref`` s would add.

    Args:
        contents: the document (as jsonschema-rs will be given it).
        uri: the base URI its relative ``$ref`` s resolve against.
        shown: how to name the document in the message (a file path).
        lookup: another document of the tree by URI: its contents and how to name it; None
            when the tree has none there (then the ``$ref`` counts for nothing: jsonschema-rs
            reports it, or it never reaches here).
        budget: the most objects inlining may add.

    Raises:
        InlineBudgetError: more would be added; the one line names the file and the JSON
            pointer of the smallest schema object whose ``$ref`` s alone exceed the budget.
    """
    own = urldefrag(uri).url

    def find(where: str) -> tuple[Any, str] | None:
        return (contents, shown) if where == own else lookup(where)

    return _Counter(find, budget).growth(contents, uri, shown, "")


class _Counter:
    """One count: the size of each ``$ref`` target met so far, by its location."""

    def __init__(self, lookup: Lookup, budget: int) -> None:
        self.lookup = lookup
        self.budget = budget
        # (id of the target, base) -> (objects it has once inlined, objects added inside it)
        self.sizes: dict[tuple[int, str], tuple[int, int]] = {}
        self.active: set[tuple[int, str]] = set()

    def growth(self, contents: Any, base: str, shown: str, pointer: str) -> int:
        return self._walk(contents, base, shown, pointer)[1]

    def _walk(self, node: Any, base: str, shown: str, pointer: str) -> tuple[int, int]:
        """``(objects once inlined, objects added by $ref inside)`` of ``node``."""
        if not isinstance(node, Mapping):
            return 1, 0
        declared = node.get("$id")
        if isinstance(declared, str) and declared:
            base = urldefrag(urljoin(base, declared)).url
        size, added = 1, 0
        for keyword in ("$ref", "$dynamicRef"):
            ref = node.get(keyword)
            if isinstance(ref, str):
                target_size = self._target(ref, base)
                size += target_size
                added += target_size
        for key, value in node.items():
            if key in SCHEMA_MAPS and isinstance(value, Mapping):
                if key in ("$defs", "definitions"):
                    continue  # inlined where used, counted there (jsonschema-rs keeps them)
                children = [(to_pointer([key, name]), item) for name, item in value.items()]
            elif key in SCHEMA_ARRAYS and isinstance(value, list):
                children = [(to_pointer([key, i]), item) for i, item in enumerate(value)]
            elif key in ONE_SCHEMA and isinstance(value, Mapping):
                children = [(to_pointer([key]), value)]
            else:
                continue
            for at, child in children:
                child_size, child_added = self._walk(child, base, shown, pointer + at)
                size += child_size
                added += child_added
        if added > self.budget:
            raise InlineBudgetError(
                f"{shown}: at {pointer or '/'}: inlining its $refs would add more than "
                f"{self.budget:,} schema objects (a $ref's target is copied wherever it is "
                "used, and these targets use each other); share less, or split the schema"
            )
        return size, added

    def _target(self, ref: str, base: str) -> int:
        """The objects ``ref``'s target holds once inlined (1 for a cycle or a miss)."""
        full = urldefrag(base).url + ref if ref.startswith("#") else urljoin(base, ref)
        where, fragment = urldefrag(full)
        found = self.lookup(where)
        if found is None:
            return 1
        contents, shown = found
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            return 1  # an anchor: rare, and jsonschema-rs places it; counted as one object
        found_node, node = follow_pointer(contents, fragment)
        if not found_node:
            return 1
        key = (id(node), where)
        known = self.sizes.get(key)
        if known is not None:
            return known[0]
        if key in self.active:
            return 1  # a cycle: jsonschema-rs leaves the recursive $ref as it is
        self.active.add(key)
        try:
            size, added = self._walk(node, where, shown, fragment)
        finally:
            self.active.discard(key)
        self.sizes[key] = (size, added)
        return size
