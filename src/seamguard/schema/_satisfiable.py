"""Whether any document satisfies a seam's schema, and if none does, which keywords conflict.

A seam version whose input or output schema admits no document at all is a contract no API
can call and no logic can answer; ``contract-valid`` fails on it, naming the conflict::

    no document satisfies this schema: /properties/title/minLength (300) conflicts with
    /properties/title/maxLength (200), given /properties/title/type ("string");
    'title' is required (/required)

Deciding. The subschema engine answers ``L(s) ⊆ L(false)``; its "yes" is a proof that ``s``
is empty. It has no rule for a value whose required property (or an item it must have)
admits nothing, so that rule is added here, sound the same way: when every value ``s``
admits is an object (an array), and the schemas a required property's value (a forced
item) must meet admit nothing together, ``s`` admits nothing. A "no" or "undecided" says
nothing: never a false alarm. The engine is asked self-contained schemas (``_spots``).

Localising. From the root, descend into a forced member (a required property, a forced
item, a ``contains``) while it admits nothing on its own; ``allOf`` members and ``$ref``
targets count as parts of the node they sit in. At the deepest such node, drop its keywords
one at a time, keeping a drop when the rest still admits nothing (delta debugging), and name
what is left by JSON pointer with its value.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seamguard.schema._keywords import NOT_ASSERTING, to_pointer
from seamguard.schema._parts import (
    Atom,
    closure,
    conjunction,
    evaluates_in_place,
    item_of,
    kinds_of,
    positional_items,
    restrict,
    short,
    too_many_required,
    value_of,
)
from seamguard.schema._spots import Places, Spot, Unknown
from seamguard.schema._within import admits_only

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import referencing

    from seamguard.schema._document import SchemaDocument

__all__ = ["Satisfiability"]

# What one schema may cost at most; past it the question is "unknown" (nothing said) and
# the localisation reports what it has found so far. The engine answers a typical contract
# in one or two milliseconds (benchmarks/README.md, bench_load).
_BUDGET_SECONDS = 1.5
_BUDGET_CALLS = 300
_CALL_SECONDS = 0.25
_MAX_DEPTH = 8  # forced members followed one inside another
_MAX_PARTS = 64  # allOf members and $ref targets read as parts of one node


class _OutOfBudget(Exception):
    """The time or call budget of one schema is spent."""


@dataclass(frozen=True, slots=True)
class _Forced:
    """A member every value of a node has, and the schemas that member meets."""

    spots: tuple[Spot, ...]
    kind: str
    """``object`` or ``array``: the values of the node that must have it."""
    reason: str


class Satisfiability:
    """The judge of the seam schemas of one loaded tree (its caches serve them all)."""

    def __init__(
        self,
        documents: Mapping[Path, SchemaDocument],
        resources: referencing.Registry[Any],
        *,
        root: Path,
    ) -> None:
        self._places = Places(documents, resources, root=root)
        self._verdicts: dict[str, bool] = {}
        self._deadline = 0.0
        self._calls = 0

    def conflict(
        self, document: SchemaDocument, *, failed_examples: int = 0
    ) -> tuple[str, str] | None:
        """``(pointer, message)`` when no document satisfies ``document``, else ``None``.

        ``None`` too when the question cannot be settled. A schema with an example that
        satisfies it is not asked at all.

        Args:
            document: a seam's input or output schema, valid for its draft, every ``$ref``
                resolving.
            failed_examples: how many of its ``examples`` the loader found invalid.
        """
        contents = document.contents
        examples = contents.get("examples") if isinstance(contents, Mapping) else None
        if isinstance(examples, list) and len(examples) > failed_examples:
            return None  # a valid example is a document that satisfies it
        self._deadline = time.monotonic() + _BUDGET_SECONDS
        self._calls = 0
        self._places.top = document
        root = Spot(document, "", document.uri, contents)
        try:
            if not self._empty((root,), 0):
                return None
        except (_OutOfBudget, Unknown, RecursionError):
            return None
        node, reasons = self._descend(root)
        parts = self._parts(node, in_place=True) or list(node)
        atoms = self._minimise(parts)
        return self._describe(node, parts, atoms, reasons)

    # -- deciding --------------------------------------------------------------------------

    def _empty(self, spots: tuple[Spot, ...], depth: int) -> bool:
        """True only when no value satisfies every one of ``spots``."""
        parts = self._parts(spots)
        if parts is None:
            return False
        if any(part.schema is False for part in parts):
            return True
        question = conjunction([self._places.write_out(spot) for spot in spots])
        key = json.dumps(question, sort_keys=True, default=repr)
        if key in self._verdicts:
            return self._verdicts[key]
        self._calls += 1
        if self._calls > _BUDGET_CALLS or time.monotonic() > self._deadline:
            raise _OutOfBudget
        remaining = max(0.01, min(_CALL_SECONDS, self._deadline - time.monotonic()))
        outcome = admits_only(question, False, time_budget=remaining).outcome
        empty = outcome == "yes"
        # A "no" came with a value that satisfies the question: nothing more to look for.
        if outcome == "undecided" and depth < _MAX_DEPTH:
            empty = self._empty_by_members(parts, depth)
        self._verdicts[key] = empty
        return empty

    def _empty_by_members(self, parts: list[Spot], depth: int) -> bool:
        kinds = kinds_of(parts)
        if kinds and kinds <= {"object", "array"}:
            emptied = {"object"} if too_many_required(parts) else set()
            for forced in self._forced(parts):
                if kinds <= emptied:
                    break
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

    # -- the parts of a node and its forced members ----------------------------------------

    def _parts(
        self, spots: tuple[Spot, ...] | list[Spot], *, in_place: bool = False
    ) -> list[Spot] | None:
        """The spots, and every ``allOf`` member and ``$ref`` target in them, each apart.

        Every value of the node satisfies each part, and the rules read only keywords whose
        meaning stays the same apart. For naming keywords (``in_place``), a schema with
        ``unevaluated*`` keeps its members and targets: it reads their annotations.
        """
        out: list[Spot] = []
        seen: set[int] = set()
        pending = list(reversed(spots))
        while pending:
            spot = pending.pop()
            if isinstance(spot.schema, Mapping):
                if id(spot.schema) in seen:
                    continue
                seen.add(id(spot.schema))
            out.append(spot)
            if len(out) > _MAX_PARTS:
                return None
            schema = spot.schema
            if not isinstance(schema, Mapping) or (in_place and evaluates_in_place(spot)):
                continue
            more: list[Spot] = []
            ref = schema.get("$ref")
            if isinstance(ref, str):
                target = self._places.resolve(spot, ref)
                if target is not None:
                    more.append(target)
            members = spot.keywords().get("allOf")
            if isinstance(members, list):
                found = (spot.child("allOf", i) for i in range(len(members)))
                more.extend(s for s in found if s is not None)
            pending.extend(reversed(more))
        return out

    def _forced(self, parts: list[Spot]) -> Iterator[_Forced]:
        """The members every object (array) of the node has, with the schemas they meet."""
        required: dict[str, str] = {}
        for part in parts:
            names = part.keywords().get("required")
            for name in names if isinstance(names, list) else ():
                if isinstance(name, str):
                    required.setdefault(name, self._show(part, "required"))
        for name, where in required.items():
            spots = [s for s in (value_of(part, name) for part in parts) if s is not None]
            if spots:
                yield _Forced(tuple(spots), "object", f"{name!r} is required ({where})")
        least, where = 0, ""
        for part in parts:
            count = part.keywords().get("minItems")
            if isinstance(count, int) and not isinstance(count, bool) and count > least:
                least, where = count, self._show(part, "minItems")
        prefix = max((len(positional_items(part)[0]) for part in parts), default=0)
        for index in range(min(least, prefix + 1)):
            spots = [s for s in (item_of(part, index) for part in parts) if s is not None]
            if spots:
                yield _Forced(tuple(spots), "array", f"item {index} must exist ({where}: {least})")
        for part in parts:
            keywords = part.keywords()
            if "contains" in keywords and keywords.get("minContains", 1) != 0:
                found = part.child("contains")
                if found is not None:
                    reason = f"an item must match {self._show(part, 'contains')}"
                    yield _Forced((found,), "array", reason)

    # -- localising ------------------------------------------------------------------------

    def _descend(self, root: Spot) -> tuple[tuple[Spot, ...], list[str]]:
        """The deepest forced member on a chain of empty ones, and why each is forced."""
        node: tuple[Spot, ...] = (root,)
        reasons: list[str] = []
        try:
            while len(reasons) < _MAX_DEPTH:
                parts = self._parts(node)
                if parts is None:
                    break
                kinds = kinds_of(parts)
                for forced in self._forced(parts):
                    if kinds and kinds <= {forced.kind} and self._empty(forced.spots, 0):
                        node = forced.spots
                        reasons.append(forced.reason)
                        break
                else:
                    break
        except (_OutOfBudget, Unknown, RecursionError):
            pass
        return node, reasons

    def _minimise(self, parts: list[Spot]) -> list[Atom]:
        """Keywords of the node that admit nothing together, none of them needless (with
        what they mean nothing without: ``closure``); none when the engine cannot tell."""
        atoms: list[Atom] = []
        for index, part in enumerate(parts):
            if part.schema is False:
                atoms.append((index, None))
                continue
            apart = not evaluates_in_place(part)
            for key in part.keywords():
                if key not in NOT_ASSERTING and not (apart and key in ("allOf", "$ref")):
                    atoms.append((index, key))
        kept = list(atoms)
        try:
            if not self._empty(restrict(parts, closure(parts, kept)), 0):
                return []
            for atom in reversed(atoms):
                trial = [a for a in kept if a != atom]
                if trial and self._empty(restrict(parts, closure(parts, trial)), 0):
                    kept = trial
        except (_OutOfBudget, Unknown, RecursionError):
            pass  # what is kept still admits nothing; it is only not the least such set
        named = closure(parts, kept)
        return [atom for atom in atoms if atom in named]

    def _describe(
        self, node: tuple[Spot, ...], parts: list[Spot], atoms: list[Atom], reasons: list[str]
    ) -> tuple[str, str]:
        top = self._places.top
        # A `type` beside two other keywords is what makes them bite (minLength asks nothing
        # of a number): it is named as the condition, the others as the conflict.
        given = [a for a in atoms if a[1] == "type"] if len(atoms) > 2 else []
        given = [] if len(given) == len(atoms) else given
        conflicting = [a for a in atoms if a not in given]
        named = [self._name(parts[index], key) for index, key in conflicting]
        if not named:
            where = ", ".join(self._show(spot, None) for spot in node)
            text = ("" if where == "/" else f"{where}: ") + "its keywords admit nothing together"
        elif len(named) == 1 and conflicting[0][1] == "anyOf":
            # (a oneOf alone may admit nothing with no empty member: {"oneOf": [{}, {}]})
            text = f"every schema in {self._show(parts[conflicting[0][0]], conflicting[0][1])}"
            text += " admits nothing"
        elif len(named) == 1:
            text = named[0] if conflicting[0][1] is None else f"{named[0]} rules out every value"
        elif len(named) == 2:
            text = f"{named[0]} conflicts with {named[1]}"
        else:
            text = f"{', '.join(named[:-1])} and {named[-1]} conflict"
        if given:
            text += ", given " + " and ".join(self._name(parts[i], k) for i, k in given)
        vias: list[str] = []
        pointers: list[str] = []
        for index, key in conflicting + given:
            part = parts[index]
            if part.document is top:
                pointers.append(part.pointer + (to_pointer([key]) if key else ""))
            if part.via is not None:
                if part.via[0] is top:
                    pointers.append(part.via[1])
                shown = self._places.show(*part.via)
                vias.extend([shown] if shown not in vias else [])
        if vias:
            text += f" (reached by {', '.join(vias)})"
        pointers.extend(spot.pointer for spot in node if spot.document is top)
        message = "no document satisfies this schema: " + "; ".join([text, *reversed(reasons)])
        return (pointers[0] if pointers else ""), message

    def _name(self, spot: Spot, key: str | None) -> str:
        """A keyword by pointer with its value; a ``false`` schema by pointer."""
        if key is None:
            shown = self._show(spot, None)
            return "the schema is false" if shown == "/" else f"{shown} is false"
        return f"{self._show(spot, key)} ({short(spot.keywords()[key])})"

    def _show(self, spot: Spot, key: str | None) -> str:
        return self._places.show(spot.document, spot.pointer + (to_pointer([key]) if key else ""))
