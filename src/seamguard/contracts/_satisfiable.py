"""Whether any document satisfies a seam's schema, and if none does, which keywords conflict.

A seam version whose input or output schema admits no document at all is a contract no API
can call and no logic can answer; ``contract-valid`` fails on it, naming the conflict::

    no document satisfies this schema: /properties/title/minLength (300) conflicts with
    /properties/title/maxLength (200); 'title' is required (/required)

Deciding. The subschema engine answers ``L(s) ⊆ L(false)``; its "yes" is a proof that ``s``
is empty. It has no rule for a value whose required property (or an item it must have)
admits nothing, so one is added here, and it is sound the same way: when every value ``s``
admits is an object (or an array), and the schemas a required property's value must meet
(or a forced item's) admit nothing together, ``s`` admits nothing. A "no" or "undecided"
says nothing: never a false alarm.

Localising. From the root, descend into a forced member (a required property, a forced
item, a ``contains``) while it is empty on its own; ``allOf`` members and ``$ref`` targets
are read as parts of the node they sit in. At the deepest empty node, drop its keywords one
at a time, keeping a drop when the rest still admits nothing (delta debugging), and name
what is left by JSON pointer with its value.

Every question the engine is asked is self-contained Draft 2020-12: each ``$ref`` is inlined
from the tree (Draft 7 read as 2020-12), a ``$ref`` cycle is cut to ``true``. Cutting a
constraint, like every approximation here, only makes a schema larger, so an emptiness
proof of the approximation holds for the schema as written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

import referencing.exceptions

from seamguard.schema import ANNOTATIONS, DRAFT7, admits_only, iter_subschemas, to_pointer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from seamguard.contracts._model import SchemaDocument

__all__ = ["Satisfiability"]

# Seconds and engine calls one schema may cost at most; past them the emptiness question
# is "unknown" (nothing said) and the localisation reports what it has so far. The engine
# answers a contract in about a millisecond (benchmarks/README.md, bench_load).
_BUDGET_SECONDS = 1.5
_BUDGET_CALLS = 300
_CALL_SECONDS = 0.25
_MAX_DEPTH = 8  # nested forced members followed when deciding
_MAX_INLINED = 5000  # schema objects in one inlined question
_MAX_FLATTEN = 64  # allOf members and $ref targets merged into one node

_NOT_ASSERTING = ANNOTATIONS | {
    "$defs",
    "definitions",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "contentEncoding",
    "contentMediaType",
}
_ONE = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "contentSchema",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAPS = ("properties", "patternProperties", "dependentSchemas")
# Dropping these keywords while keeping the one named would make the node narrower, not
# wider (additionalProperties then reaches the names properties had): they go together.
_DEPENDS = {
    "additionalProperties": ("properties", "patternProperties"),
    "items": ("prefixItems",),
}
# Keywords whose annotations unevaluated* reads, in any part of the node.
_EVALUATING = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "prefixItems",
        "items",
        "additionalItems",
        "contains",
        "if",
        "then",
        "else",
        "anyOf",
        "oneOf",
        "not",
        "dependentSchemas",
        "dependencies",
    }
)
_KINDS = frozenset({"null", "boolean", "number", "string", "array", "object"})


class _Unknown(Exception):
    """The question cannot be put to the engine soundly (a ``$dynamicRef``, a huge schema)."""


class _OutOfBudget(Exception):
    """The time or call budget of one schema is spent."""


@dataclass(frozen=True, slots=True)
class _Spot:
    """A schema in place: the document, its JSON pointer there, its base URI."""

    document: SchemaDocument
    pointer: str
    base: str
    """The base URI inside the schema (its own ``$id`` applied)."""
    schema: Any
    via: str = ""
    """The ``$ref`` (file and pointer, as shown) that led here, when one did."""

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

    def child(self, *tokens: str | int) -> _Spot | None:
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
        return _Spot(self.document, self.pointer + to_pointer(tokens), base, node)


@dataclass(frozen=True, slots=True)
class _Forced:
    """A member every value of a node must have, and the schemas that member meets."""

    spots: tuple[_Spot, ...]
    kind: str
    """``object`` or ``array``: the values of the node that must have it."""
    reason: str


class Satisfiability:
    """The emptiness judge for the schemas of one loaded tree (caches shared between them)."""

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
        self._verdicts: dict[str, bool] = {}
        self._placed: dict[tuple[str, str], tuple[SchemaDocument, str, str, Any] | None] = {}
        # (id, base, Draft 7) of a schema object -> (the object, kept alive so its id stays
        # its own; inlined; schema objects in it; whether unevaluated* occurs in it)
        self._inlined: dict[tuple[int, str, bool], tuple[Any, Any, int, bool]] = {}
        self._deadline = 0.0
        self._calls = 0
        self._top: SchemaDocument | None = None

    def conflict(
        self, document: SchemaDocument, *, failed_examples: int = 0
    ) -> tuple[str, str] | None:
        """``(pointer, message)`` when no document satisfies ``document``; else ``None``.

        ``None`` also when the question cannot be settled. A schema with an example that
        satisfies it (``failed_examples`` counts those that do not) is not asked at all.

        Args:
            document: an input or output schema of a seam version, valid for its draft and
                with every ``$ref`` resolving.
            failed_examples: how many of its ``examples`` the loader found invalid.
        """
        contents = document.contents
        examples = contents.get("examples") if isinstance(contents, Mapping) else None
        if isinstance(examples, list) and len(examples) > failed_examples:
            return None  # a valid example is a document that satisfies it
        self._deadline = time.monotonic() + _BUDGET_SECONDS
        self._calls = 0
        self._top = document
        root = _Spot(document, "", document.uri, contents)
        try:
            if not self._empty((root,), 0):
                return None
        except (_OutOfBudget, _Unknown, RecursionError):
            return None
        node, reasons = self._descend(root)
        parts = self._flatten(node) or list(node)
        atoms = self._minimise(parts)
        return self._describe(node, parts, atoms, reasons)

    # -- deciding ----------------------------------------------------------------------

    def _empty(self, spots: tuple[_Spot, ...], depth: int) -> bool:
        """True only when no value satisfies every one of ``spots``."""
        parts = self._flatten(spots)
        if parts is None:
            return False
        if any(part.schema is False for part in parts):
            return True
        question = _conjunction([self._inline(spot) for spot in spots])
        key = json.dumps(question, sort_keys=True, default=repr)
        if key in self._verdicts:
            return self._verdicts[key]
        self._spend()
        remaining = max(0.01, min(_CALL_SECONDS, self._deadline - time.monotonic()))
        outcome = admits_only(question, False, time_budget=remaining).outcome
        # "no" comes with a document that satisfies the question: nothing more to look for.
        empty = outcome == "yes"
        if outcome == "undecided" and depth < _MAX_DEPTH:
            empty = self._empty_by_members(parts, depth)
        self._verdicts[key] = empty
        return empty

    def _empty_by_members(self, parts: list[_Spot], depth: int) -> bool:
        kinds = _kinds(parts)
        if kinds and kinds <= {"object", "array"}:
            emptied: set[str] = set()
            for forced in self._forced(parts):
                if forced.kind not in emptied and self._empty(forced.spots, depth + 1):
                    emptied.add(forced.kind)
                    if kinds <= emptied:
                        return True
        for part in parts:
            for key in ("anyOf", "oneOf"):
                members = part.keywords().get(key)
                if isinstance(members, list) and members:
                    spots = [part.child(key, i) for i in range(len(members))]
                    if all(s is not None and self._empty((s,), depth + 1) for s in spots):
                        return True
        return False

    def _spend(self) -> None:
        self._calls += 1
        if self._calls > _BUDGET_CALLS or time.monotonic() > self._deadline:
            raise _OutOfBudget

    # -- the parts of a node and its forced members -----------------------------------------

    def _flatten(self, spots: tuple[_Spot, ...] | list[_Spot]) -> list[_Spot] | None:
        """The spots with every ``allOf`` member and ``$ref`` target as a part of its own."""
        out: list[_Spot] = []
        seen: set[int] = set()
        pending = list(reversed(spots))
        while pending:
            spot = pending.pop()
            if isinstance(spot.schema, Mapping):
                if id(spot.schema) in seen:
                    continue
                seen.add(id(spot.schema))
            out.append(spot)
            if len(out) > _MAX_FLATTEN:
                return None
            schema = spot.schema
            if not isinstance(schema, Mapping):
                continue
            more: list[_Spot] = []
            ref = schema.get("$ref")
            if isinstance(ref, str):
                target = self._resolve(spot, ref)
                if target is not None:
                    more.append(target)
            members = spot.keywords().get("allOf")
            if isinstance(members, list):
                found = (spot.child("allOf", i) for i in range(len(members)))
                more.extend(s for s in found if s is not None)
            pending.extend(reversed(more))
        return out

    def _forced(self, parts: list[_Spot]) -> Iterator[_Forced]:
        """The members every object (array) of the node must have, with their schemas."""
        required: dict[str, str] = {}
        for part in parts:
            names = part.keywords().get("required")
            if isinstance(names, list):
                for name in names:
                    if isinstance(name, str):
                        required.setdefault(name, self._show(part, "required"))
        for name, where in required.items():
            spots: list[_Spot] = []
            for part in parts:
                keywords = part.keywords()
                props = keywords.get("properties")
                if isinstance(props, Mapping) and name in props:
                    found = part.child("properties", name)
                elif "additionalProperties" in keywords and not keywords.get("patternProperties"):
                    # (a name patternProperties might match is left unconstrained: sound)
                    found = part.child("additionalProperties")
                else:
                    found = None
                if found is not None:
                    spots.append(found)
            if spots:
                yield _Forced(tuple(spots), "object", f"{name!r} is required ({where})")
        least, where = 0, ""
        for part in parts:
            count = part.keywords().get("minItems")
            if isinstance(count, int) and not isinstance(count, bool) and count > least:
                least, where = count, self._show(part, "minItems")
        if least:
            prefix = max((len(_prefix(part)[0]) for part in parts), default=0)
            for index in range(min(least, prefix + 1)):
                spots = []
                for part in parts:
                    items, key = _prefix(part)
                    if index < len(items):
                        found = part.child(key, index)
                    else:
                        rest = _rest_items(part)
                        found = part.child(rest) if rest else None
                    if found is not None:
                        spots.append(found)
                if spots:
                    yield _Forced(
                        tuple(spots), "array", f"item {index} must exist ({where}: {least})"
                    )
        for part in parts:
            keywords = part.keywords()
            if "contains" in keywords and keywords.get("minContains", 1) != 0:
                found = part.child("contains")
                if found is not None:
                    yield _Forced(
                        (found,),
                        "array",
                        f"an item must match {self._show(part, 'contains')}",
                    )

    # -- localising ------------------------------------------------------------------------

    def _descend(self, root: _Spot) -> tuple[tuple[_Spot, ...], list[str]]:
        """The deepest forced member on a chain of empty ones, and why each is forced."""
        node: tuple[_Spot, ...] = (root,)
        reasons: list[str] = []
        try:
            while len(reasons) < _MAX_DEPTH:
                parts = self._flatten(node)
                if parts is None:
                    break
                kinds = _kinds(parts)
                for forced in self._forced(parts):
                    if kinds and kinds <= {forced.kind} and self._empty(forced.spots, 0):
                        node = forced.spots
                        reasons.append(forced.reason)
                        break
                else:
                    break
        except (_OutOfBudget, _Unknown, RecursionError):
            pass
        return node, reasons

    def _minimise(self, parts: list[_Spot]) -> list[tuple[int, str | None]]:
        """A set of the node's keywords whose conjunction is still empty, each one needed."""
        atoms: list[tuple[int, str | None]] = []
        for index, part in enumerate(parts):
            if part.schema is False:
                atoms.append((index, None))
                continue
            for key in part.keywords():
                if key in _NOT_ASSERTING or key == "allOf" or key == "$ref":
                    continue
                atoms.append((index, key))
        kept = list(atoms)
        try:
            if not self._empty(_restrict(parts, _closure(parts, kept)), 0):
                return []  # the engine cannot see it keyword by keyword: name the node
            for atom in reversed(atoms):
                trial = [a for a in kept if a != atom]
                if trial and self._empty(_restrict(parts, _closure(parts, trial)), 0):
                    kept = trial
        except (_OutOfBudget, _Unknown, RecursionError):
            pass
        return kept

    def _describe(
        self,
        node: tuple[_Spot, ...],
        parts: list[_Spot],
        atoms: list[tuple[int, str | None]],
        reasons: list[str],
    ) -> tuple[str, str]:
        # A `type` beside two other keywords is what makes them bite (minLength asks nothing
        # of a number): it is named as the condition, the others as the conflict.
        given = [a for a in atoms if a[1] == "type"] if len(atoms) > 2 else []
        if len(given) == len(atoms):
            given = []
        conflicting = [a for a in atoms if a not in given]
        pointer = ""
        vias: list[str] = []
        for index, key in conflicting + given:
            part = parts[index]
            if part.via and part.via not in vias:
                vias.append(part.via)
            if part.document is self._top and not pointer:
                pointer = part.pointer + (to_pointer([key]) if key else "")
        named = [self._name(parts[index], key) for index, key in conflicting]
        if not named:
            text = f"{', '.join(self._show(spot, None) for spot in node)} admits nothing"
        elif len(named) == 1:
            text = named[0] if conflicting[0][1] is None else f"{named[0]} rules out every value"
        elif len(named) == 2:
            text = f"{named[0]} conflicts with {named[1]}"
        else:
            text = f"{', '.join(named[:-1])} and {named[-1]} conflict"
        if given:
            text += ", given " + " and ".join(self._name(parts[i], k) for i, k in given)
        if vias:
            text += f" (reached by {', '.join(vias)})"
        if not pointer:
            pointer = next((s.pointer for s in node if s.document is self._top), "")
        message = "no document satisfies this schema: " + "; ".join([text, *reversed(reasons)])
        return pointer, message

    def _name(self, spot: _Spot, key: str | None) -> str:
        """A keyword by pointer with its value; a ``false`` schema by pointer."""
        if key is None:
            shown = self._show(spot, None)
            return "the schema is false" if shown == "/" else f"{shown} is false"
        return f"{self._show(spot, key)} ({_short(spot.keywords()[key])})"

    def _show(self, spot: _Spot, key: str | None) -> str:
        """``/pointer`` in the judged file, ``file#/pointer`` in another."""
        pointer = spot.pointer + (to_pointer([key]) if key else "")
        if spot.document is self._top:
            return pointer or "/"
        path = spot.document.path
        shown = str(path.relative_to(self._root)) if path.is_relative_to(self._root) else str(path)
        return f"{shown}#{pointer}"

    # -- $ref and inlining -----------------------------------------------------------------

    def _resolve(self, spot: _Spot, ref: str) -> _Spot | None:
        """The schema ``ref`` names from ``spot``, in place; None when it cannot be placed."""
        key = (spot.base, ref)
        if key not in self._placed:
            self._placed[key] = self._place(spot.base, ref)
        placed = self._placed[key]
        if placed is None:
            return None
        document, pointer, base, target = placed
        return _Spot(document, pointer, base, target, self._show(spot, "$ref"))

    def _place(self, base: str, ref: str) -> tuple[SchemaDocument, str, str, Any] | None:
        try:
            resolved = self._resources.resolver(base_uri=base).lookup(ref)
        except (referencing.exceptions.Unresolvable, ValueError, LookupError):
            return None
        target = resolved.contents
        address, fragment = urldefrag(urljoin(base, ref))
        document = self._by_uri.get(address)
        if isinstance(target, bool):
            fragment = unquote(fragment)
            if document is None or (fragment and not fragment.startswith("/")):
                return None
            return document, fragment, address, target
        if not isinstance(target, Mapping):
            return None
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

    def _inline(self, spot: _Spot) -> Any:
        """``spot`` as self-contained Draft 2020-12: every ``$ref`` inlined, no ``$id``."""
        state = _Inlining()
        inlined = self._inline_node(spot, state)
        if state.cut and state.unevaluated:
            # A cycle cut to true evaluates no property: unevaluated* would then reject
            # more than it does, so the question would no longer be about a larger schema.
            raise _Unknown
        return inlined

    def _inline_node(self, spot: _Spot, state: _Inlining) -> Any:
        schema = spot.schema
        if not isinstance(schema, Mapping):
            return schema if isinstance(schema, bool) else True
        key = (id(schema), spot.base, spot.draft7)
        cached = self._inlined.get(key)
        if cached is not None:
            # Inlined before without a cut: exact wherever it is used again.
            state.count += cached[2]
            state.unevaluated = state.unevaluated or cached[3]
            if state.count > _MAX_INLINED:
                raise _Unknown
            return cached[1]
        count, cut, unevaluated = state.count, state.cut, state.unevaluated
        state.cut = state.unevaluated = False
        out = self._inline_fresh(spot, state)
        if not state.cut:
            self._inlined[key] = (schema, out, state.count - count, state.unevaluated)
        state.cut = state.cut or cut
        state.unevaluated = state.unevaluated or unevaluated
        return out

    def _inline_fresh(self, spot: _Spot, state: _Inlining) -> dict[str, Any]:
        schema = spot.schema
        state.count += 1
        if state.count > _MAX_INLINED:
            raise _Unknown
        if "$dynamicRef" in schema or "$recursiveRef" in schema:
            raise _Unknown
        out: dict[str, Any] = {}
        conjuncts: list[Any] = []
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self._resolve(spot, ref)
            if target is None or any(target.schema is s for s in state.stack):
                state.cut = True  # dropped: a larger schema
            else:
                state.stack.append(target.schema)
                conjuncts.append(self._inline_node(target, state))
                state.stack.pop()
        for key, value in spot.keywords().items():
            if key in _NOT_ASSERTING or key == "$ref":
                continue
            if key.startswith("unevaluated"):
                state.unevaluated = True
            if spot.draft7 and key == "items" and isinstance(value, list):
                out["prefixItems"] = self._inline_list(spot, "items", state)
                extra = spot.child("additionalItems")
                if extra is not None:
                    out["items"] = self._inline_node(extra, state)
            elif spot.draft7 and key == "additionalItems":
                continue  # read beside an array `items`; alone Draft 7 ignores it
            elif spot.draft7 and key == "dependencies" and isinstance(value, Mapping):
                for name, need in value.items():
                    if isinstance(need, list):
                        out.setdefault("dependentRequired", {})[name] = need
                    else:
                        sub = spot.child("dependencies", name)
                        if sub is not None:
                            schemas = out.setdefault("dependentSchemas", {})
                            schemas[name] = self._inline_node(sub, state)
            elif key in _ONE and isinstance(value, (bool, Mapping)):
                sub = spot.child(key)
                out[key] = self._inline_node(sub, state) if sub is not None else True
            elif key in _LISTS and isinstance(value, list):
                out[key] = self._inline_list(spot, key, state)
            elif key in _MAPS and isinstance(value, Mapping):
                inlined: dict[str, Any] = {}
                for name in value:
                    sub = spot.child(key, name)
                    inlined[name] = self._inline_node(sub, state) if sub is not None else True
                out[key] = inlined
            else:
                out[key] = value
        if conjuncts:
            out["allOf"] = [*out.get("allOf", []), *conjuncts]
        return out

    def _inline_list(self, spot: _Spot, key: str, state: _Inlining) -> list[Any]:
        out = []
        for index in range(len(spot.schema[key])):
            sub = spot.child(key, index)
            out.append(self._inline_node(sub, state) if sub is not None else True)
        return out


class _Inlining:
    """One inlining's bookkeeping: the ``$ref`` targets being inlined, what was cut."""

    __slots__ = ("count", "cut", "stack", "unevaluated")

    def __init__(self) -> None:
        self.stack: list[Any] = []
        self.count = 0
        self.cut = False
        self.unevaluated = False


def _conjunction(schemas: list[Any]) -> Any:
    kept = [s for s in schemas if s is not True]
    if any(s is False for s in kept):
        return False
    if not kept:
        return True
    return kept[0] if len(kept) == 1 else {"allOf": kept}


def _kinds(parts: list[_Spot]) -> frozenset[str]:
    """The JSON types a value of every part may have (integers count as numbers)."""
    kinds = _KINDS
    for part in parts:
        if part.schema is False:
            return frozenset()
        keywords = part.keywords()
        declared = keywords.get("type")
        if isinstance(declared, str):
            declared = [declared]
        if isinstance(declared, list):
            kinds &= frozenset("number" if t == "integer" else t for t in declared)
        listed: Any = None
        if "const" in keywords:
            listed = [keywords["const"]]
        elif isinstance(keywords.get("enum"), list):
            listed = keywords["enum"]
        if listed is not None:
            kinds &= frozenset(_kind_of(v) for v in listed)
    return kinds


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _prefix(part: _Spot) -> tuple[list[Any], str]:
    """The part's positional item schemas and the keyword holding them."""
    keywords = part.keywords()
    key = "items" if part.draft7 else "prefixItems"
    found = keywords.get(key)
    return (found, key) if isinstance(found, list) else ([], key)


def _rest_items(part: _Spot) -> str | None:
    """The keyword whose schema every item past the positional ones meets, if any."""
    keywords = part.keywords()
    if part.draft7 and isinstance(keywords.get("items"), list):
        return "additionalItems" if "additionalItems" in keywords else None
    return "items" if isinstance(keywords.get("items"), (bool, Mapping)) else None


def _closure(
    parts: list[_Spot], atoms: list[tuple[int, str | None]]
) -> set[tuple[int, str | None]]:
    """``atoms`` with what they mean nothing without (so dropping the rest only widens)."""
    kept = set(atoms)
    for index, key in atoms:
        keywords = parts[index].keywords()
        for needed in _DEPENDS.get(key or "", ()):
            if needed in keywords and not (needed == "prefixItems" and parts[index].draft7):
                kept.add((index, needed))
    if any(key and key.startswith("unevaluated") for _, key in atoms):
        for index, part in enumerate(parts):
            kept.update((index, key) for key in part.keywords() if key in _EVALUATING)
    return kept


def _restrict(parts: list[_Spot], atoms: set[tuple[int, str | None]]) -> tuple[_Spot, ...]:
    """The parts cut down to ``atoms``: no ``allOf`` or ``$ref`` (their parts are listed)."""
    out: list[_Spot] = []
    for index, part in enumerate(parts):
        if (index, None) in atoms:
            out.append(part)
            continue
        keywords = part.keywords()
        kept = {k: v for k, v in keywords.items() if (index, k) in atoms}
        if kept:  # (its base URI stays on the spot: inlining reads it there)
            out.append(_Spot(part.document, part.pointer, part.base, kept, part.via))
    return tuple(out)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."
