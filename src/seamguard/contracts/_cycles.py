"""``$ref`` cycles with no base case: a schema that, to judge a value, judges the same value
against itself again.

``{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}`` or
``{"anyOf": [{"type": "null"}, {"$ref": "#"}]}`` never steps into the value (no
``properties``, ``items`` … between the references), so validating goes round without end:
jsonschema recurses until the stack runs out, jsonschema-rs accepts anything. The two
disagree, and a contract that means different things to different tools is a defect.

A cycle is followed through the in-place applicators only (``$ref``, ``allOf``, ``anyOf``,
``oneOf``, ``not``, ``if``/``then``/``else``, ``dependentSchemas``), across files of the tree
by the same registry the loader resolves with. A recursive schema that steps into the value
(a tree whose ``children`` items refer back to the node) has a base case and is left alone.
No library does this: jsonschema and jsonschema-rs both detect cycles only while
validating one instance, and report them differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import referencing.exceptions

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["unguarded_cycles"]

_IN_PLACE_ONE = ("not", "if", "then", "else")
_IN_PLACE_MANY = ("allOf", "anyOf", "oneOf")
_MAX_DEPTH = 200


def unguarded_cycles(
    schemas: Iterator[tuple[Path, str, str, Any]],
    registry: referencing.Registry[Any],
    where: Mapping[int, tuple[Path, str]],
) -> list[tuple[Path, str, list[str]]]:
    """Each cycle once: ``(file, pointer of its first $ref, the cycle's steps)``.

    Args:
        schemas: every ``(file, pointer, base URI, schema object)`` of the tree.
        registry: the tree's resources, for ``$ref`` lookups.
        where: ``id(schema object)`` to its file and pointer, for the steps shown.
    """
    done: set[int] = set()
    found: list[tuple[Path, str, list[str]]] = []
    seen_cycles: set[frozenset[int]] = set()

    def label(node: Any, home: Path | None) -> str:
        place = where.get(id(node))
        if place is None:
            return "?"
        pointer = place[1] or "#"
        return pointer if place[0] == home else f"{place[0].name}#{place[1]}"

    def visit(node: Any, resolver: Any, path: list[tuple[Any, str]], depth: int) -> None:
        if not isinstance(node, Mapping) or id(node) in done or depth > _MAX_DEPTH:
            return
        on_path = [id(n) for n, _ in path]
        if id(node) in on_path:
            start = on_path.index(id(node))
            cycle = path[start:]
            key = frozenset(id(n) for n, _ in cycle)
            if key not in seen_cycles:
                seen_cycles.add(key)
                first, keyword = cycle[0]
                file, pointer = where.get(id(first), (None, ""))
                if file is not None:
                    steps = [label(n, file) for n, _ in cycle] + [label(node, file)]
                    found.append((file, f"{pointer}/{keyword}" if keyword else pointer, steps))
            return
        for child, keyword, child_resolver in _in_place(node, resolver):
            visit(child, child_resolver, [*path, (node, keyword)], depth + 1)
        done.add(id(node))

    for _file, _pointer, base_uri, schema in schemas:
        visit(schema, registry.resolver(base_uri=base_uri), [], 0)
    return found


def _in_place(node: Mapping[str, Any], resolver: Any) -> Iterator[tuple[Any, str, Any]]:
    """The schemas ``node`` applies to the same value: ``(schema, via keyword, resolver)``."""
    ref = node.get("$ref")
    if isinstance(ref, str):
        try:
            resolved = resolver.lookup(ref)
        except referencing.exceptions.Unresolvable:
            pass  # reported by the loader's $ref check
        else:
            yield resolved.contents, "$ref", resolved.resolver
    for keyword in _IN_PLACE_MANY:
        members = node.get(keyword)
        if isinstance(members, list):
            for index, member in enumerate(members):
                yield member, f"{keyword}/{index}", resolver
    for keyword in _IN_PLACE_ONE:
        if isinstance(node.get(keyword), Mapping):
            yield node[keyword], keyword, resolver
    dependent = node.get("dependentSchemas")
    if isinstance(dependent, Mapping):
        for name, member in dependent.items():
            yield member, f"dependentSchemas/{name}", resolver
