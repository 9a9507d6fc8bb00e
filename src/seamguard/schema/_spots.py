"""Schemas in place in a contracts tree, and each one read as a self-contained schema.

A ``Spot`` is a schema object where it is written: its document, its JSON pointer there and
the base URI its ``$ref`` s resolve against. ``Places`` follows a ``$ref`` from a spot to the
spot it names, and writes a spot out as one Draft 2020-12 schema with no ``$ref`` left, the
form the subschema engine (``schema.admits_only``) decides on its own::

    {"$ref": "../../_shared/task.schema.json#/$defs/Title", "maxLength": 50}
        -> {"maxLength": 50, "allOf": [{"type": "string", "minLength": 1, "maxLength": 200}]}

Draft 7 is read as Draft 2020-12 on the way, object by object, by ``schema._normalize``
(array ``items``, ``additionalItems``, ``dependencies``, the siblings of ``$ref`` ignored).
A ``$ref`` cycle, or one that cannot be placed, is cut to ``true``: the result may admit
more than the spot, never less.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

import referencing.exceptions

from seamguard.schema._dialects import DRAFT7
from seamguard.schema._keywords import (
    NOT_ASSERTING,
    ONE_SCHEMA_2020,
    SCHEMA_ARRAYS_2020,
    SCHEMA_MAPS_2020,
    UNEVALUATED,
    to_pointer,
)
from seamguard.schema._normalize import draft7_keywords
from seamguard.schema._walk import iter_subschemas

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.schema._document import SchemaDocument

__all__ = ["Places", "Spot", "Unknown"]

_MAX_INLINED = 5000  # schema objects in one self-contained schema


class Unknown(Exception):
    """A spot that cannot be written out soundly (a ``$dynamicRef``, a huge schema)."""


@dataclass(frozen=True, slots=True)
class Spot:
    """A schema where it is written."""

    document: SchemaDocument
    pointer: str
    """Its JSON pointer in ``document``."""
    base: str
    """The base URI inside it (its own ``$id`` applied)."""
    schema: Any
    """The schema object or boolean, as written (in the document's dialect)."""
    via: tuple[SchemaDocument, str] | None = None
    """The document and pointer of the ``$ref`` that led here, when one did."""

    @property
    def draft7(self) -> bool:
        return self.document.dialect == DRAFT7

    def keywords(self) -> Mapping[str, Any]:
        """The keywords that count: Draft 7 ignores every sibling of a ``$ref``."""
        if not isinstance(self.schema, Mapping):
            return {}
        if self.draft7 and "$ref" in self.schema:
            return {}
        return self.schema

    def child(self, *tokens: str | int) -> Spot | None:
        """The subschema at ``tokens`` below this one, or None when there is none."""
        node: Any = self.schema
        for token in tokens:
            try:
                node = node[token]
            except (KeyError, IndexError, TypeError):
                return None
        if not isinstance(node, (bool, Mapping)):
            return None
        base = self.base
        if isinstance(node, Mapping) and isinstance(node.get("$id"), str) and node["$id"]:
            base = urldefrag(urljoin(base, node["$id"])).url
        return Spot(self.document, self.pointer + to_pointer(tokens), base, node)

    def restricted(self, keywords: Mapping[str, Any]) -> Spot:
        """The same place holding only ``keywords`` (its base URI kept)."""
        return Spot(self.document, self.pointer, self.base, dict(keywords), self.via)


class Places:
    """``$ref`` s followed inside one loaded tree, and spots written out self-contained."""

    def __init__(
        self,
        documents: Mapping[Path, SchemaDocument],
        resources: referencing.Registry[Any],
        *,
        root: Path,
    ) -> None:
        self._documents = documents
        self._resources = resources
        self._root = root
        self._by_uri: dict[str, SchemaDocument] = {}
        for path, document in documents.items():
            self._by_uri.setdefault(document.uri, document)
            self._by_uri.setdefault(path.as_uri(), document)
        self._index: dict[Path, dict[int, tuple[Any, str, str]]] = {}
        self._placed: dict[tuple[str, str], tuple[SchemaDocument, str, str, Any] | None] = {}
        # (id, base, Draft 7) of a schema object -> (the object, kept alive so the id stays
        # its own; written out; schema objects in it; whether unevaluated* occurs in it)
        self._written: dict[tuple[int, str, bool], tuple[Any, Any, int, bool]] = {}
        self.top: SchemaDocument | None = None
        """The document being judged: pointers into it are shown without its file name."""

    def show(self, document: SchemaDocument, pointer: str) -> str:
        """``/pointer`` in the judged document, ``file#/pointer`` in another."""
        if document is self.top:
            return pointer or "/"
        path = document.path
        shown = str(path.relative_to(self._root)) if path.is_relative_to(self._root) else str(path)
        return f"{shown}#{pointer}"

    # -- $ref ----------------------------------------------------------------------------

    def resolve(self, spot: Spot, ref: str) -> Spot | None:
        """The spot ``ref`` names from ``spot``; None when it cannot be placed."""
        key = (spot.base, ref)
        if key not in self._placed:
            self._placed[key] = self._place(spot.base, ref)
        placed = self._placed[key]
        if placed is None:
            return None
        document, pointer, base, target = placed
        return Spot(document, pointer, base, target, (spot.document, spot.pointer + "/$ref"))

    def _place(self, base: str, ref: str) -> tuple[SchemaDocument, str, str, Any] | None:
        try:
            target = self._resources.resolver(base_uri=base).lookup(ref).contents
        except (referencing.exceptions.Unresolvable, ValueError, LookupError):
            return None
        address, fragment = urldefrag(urljoin(base, ref))
        document = self._by_uri.get(address)
        if isinstance(target, bool):
            fragment = unquote(fragment)
            if document is None or (fragment and not fragment.startswith("/")):
                return None
            return document, fragment, address, target
        if not isinstance(target, Mapping):
            return None
        # referencing hands back the object itself: found by identity, wherever an $id or
        # an $anchor put it.
        candidates = [document] if document is not None else []
        candidates.extend(d for d in self._documents.values() if d is not document)
        for candidate in candidates:
            found = self._indexed(candidate).get(id(target))
            if found is not None and found[0] is target:
                return candidate, found[1], found[2], target
        return None

    def _indexed(self, document: SchemaDocument) -> dict[int, tuple[Any, str, str]]:
        index = self._index.get(document.path)
        if index is None:
            index = {
                id(sub.schema): (sub.schema, sub.pointer, sub.base_uri)
                for sub in iter_subschemas(document.contents, base_uri=document.uri)
            }
            self._index[document.path] = index
        return index

    # -- written out -----------------------------------------------------------------------

    def write_out(self, spot: Spot) -> Any:
        """``spot`` as one Draft 2020-12 schema: every ``$ref`` inlined, no ``$id``.

        Raises:
            Unknown: a ``$dynamicRef``; more than a few thousand schema objects; a cycle cut
                where ``unevaluated*`` would read it (a cut ``true`` evaluates nothing, so
                unevaluated* would reject more than it does).
        """
        state = _Writing()
        written = self._write(spot, state)
        if state.cut and state.unevaluated:
            raise Unknown
        return written

    def _write(self, spot: Spot, state: _Writing) -> Any:
        schema = spot.schema
        if not isinstance(schema, Mapping):
            return schema if isinstance(schema, bool) else True
        key = (id(schema), spot.base, spot.draft7)
        cached = self._written.get(key)
        if cached is not None:
            # Written out before without a cut: exact wherever it is used again.
            state.count += cached[2]
            state.unevaluated = state.unevaluated or cached[3]
            if state.count > _MAX_INLINED:
                raise Unknown
            return cached[1]
        count, cut, unevaluated = state.count, state.cut, state.unevaluated
        state.cut = state.unevaluated = False
        out = self._write_fresh(spot, state)
        if not state.cut:
            self._written[key] = (schema, out, state.count - count, state.unevaluated)
        state.cut = state.cut or cut
        state.unevaluated = state.unevaluated or unevaluated
        return out

    def _write_fresh(self, spot: Spot, state: _Writing) -> dict[str, Any]:
        schema = spot.schema
        state.count += 1
        if state.count > _MAX_INLINED or "$dynamicRef" in schema or "$recursiveRef" in schema:
            raise Unknown
        out: dict[str, Any] = {}
        conjuncts: list[Any] = []
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.resolve(spot, ref)
            if target is None or any(target.schema is s for s in state.stack):
                state.cut = True  # left out: a larger schema
            else:
                state.stack.append(target.schema)
                conjuncts.append(self._write(target, state))
                state.stack.pop()
        keywords, moved = draft7_keywords(schema) if spot.draft7 else (schema, {})
        for key, value in keywords.items():
            if key in NOT_ASSERTING or key == "$ref":
                continue
            state.unevaluated = state.unevaluated or key in UNEVALUATED
            written = moved.get(key, key)  # where its schemas are written in the document
            if key in ONE_SCHEMA_2020 and isinstance(value, (bool, Mapping)):
                out[key] = self._write_child(spot, state, written)
            elif key in SCHEMA_ARRAYS_2020 and isinstance(value, list):
                out[key] = [self._write_child(spot, state, written, i) for i in range(len(value))]
            elif key in SCHEMA_MAPS_2020 and isinstance(value, Mapping):
                out[key] = {name: self._write_child(spot, state, written, name) for name in value}
            else:
                out[key] = value
        if conjuncts:
            out["allOf"] = [*out.get("allOf", []), *conjuncts]
        return out

    def _write_child(self, spot: Spot, state: _Writing, *tokens: str | int) -> Any:
        sub = spot.child(*tokens)
        return True if sub is None else self._write(sub, state)


class _Writing:
    """One write-out: the ``$ref`` targets being written, what was cut, how much so far."""

    __slots__ = ("count", "cut", "stack", "unevaluated")

    def __init__(self) -> None:
        self.stack: list[Any] = []
        self.count = 0
        self.cut = False
        self.unevaluated = False
