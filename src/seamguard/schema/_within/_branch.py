"""What a branch of ``a`` guarantees: ``_Branch``, made from the schema objects it meets."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from seamguard.schema._within._json import (
    _additional,
    _additional_items,
    _atom_of,
    _atoms_of_type,
    _count,
    _is_int,
    _is_number,
    _search,
)
from seamguard.schema._within._tables import _ALL_ATOMS, _FLOAT_EXACT, _FORMATS


@dataclass(frozen=True, slots=True)
class _Branch:
    """One branch of ``a``: schemas every value of the branch satisfies, and what they imply."""

    parts: tuple[Mapping[str, Any], ...]
    """The schema objects, all of them true of every value in the branch."""
    atoms: frozenset[str]
    """The JSON types the branch may hold."""
    members: tuple[Any, ...] | None
    """The shortest ``enum``/``const`` list among the parts: a superset of the branch."""
    lower: tuple[Any, bool] | None
    """The tightest lower bound on numbers and whether it is exclusive."""
    upper: tuple[Any, bool] | None
    """The tightest upper bound on numbers and whether it is exclusive."""
    multiples: tuple[Any, ...]
    """Every ``multipleOf``."""
    min_length: int
    max_length: int | None
    patterns: frozenset[str]
    formats: frozenset[str]
    """The formats the parts assert (ones jsonschema checks)."""
    min_items: int
    max_items: int | None
    unique: bool
    min_props: int
    max_props: int | None
    required: frozenset[str]
    names: frozenset[str] | None
    """Every property name an object may have, when the parts close the object."""

    def int_step(self) -> int:
        """The least common multiple of the integer ``multipleOf`` values."""
        step = 1
        for m in self.multiples:
            if _is_int(m) and 0 < m <= _FLOAT_EXACT:
                step = math.lcm(step, m)
        return step

    def int_bounds(self) -> tuple[int | None, int | None]:
        """The least and greatest integer the branch admits (None: unbounded)."""
        step = self.int_step()
        lo = hi = None
        if self.lower is not None:
            value, exclusive = self.lower
            lo = math.floor(value) + 1 if exclusive else math.ceil(value)
            lo = -((-lo) // step) * step
        if self.upper is not None:
            value, exclusive = self.upper
            hi = math.ceil(value) - 1 if exclusive else math.floor(value)
            hi = (hi // step) * step
        return lo, hi

    def values_for(self, name: str) -> tuple[Any, ...]:
        """The schemas that the value of property ``name`` satisfies."""
        out: list[Any] = []
        for part in self.parts:
            props = part.get("properties")
            named = isinstance(props, Mapping) and name in props
            if named:
                out.append(props[name])  # type: ignore[index]
            matched = unknown = False
            patterns = part.get("patternProperties")
            if isinstance(patterns, Mapping):
                for pattern, schema in patterns.items():
                    hit = _search(pattern, name)
                    if hit is None:
                        unknown = True
                    elif hit:
                        matched = True
                        out.append(schema)
            extra = _additional(part)
            if not (named or matched or unknown) and extra is not None:
                out.append(extra)
        return tuple(out)

    def explicit_names(self) -> list[str]:
        """The names some part lists in ``properties`` (all names, when the object is closed)."""
        if self.names is not None:
            return sorted(self.names)
        names: set[str] = set()
        for part in self.parts:
            props = part.get("properties")
            if isinstance(props, Mapping):
                names.update(k for k in props if isinstance(k, str))
        return sorted(names)

    def possible(self, name: str) -> bool:
        """False when no object of the branch can have property ``name``."""
        if self.names is not None and name not in self.names:
            return False
        return all(schema is not False for schema in self.values_for(name))

    def pattern_values(self, pattern: str) -> tuple[Any, ...]:
        """What the parts' ``patternProperties`` give ``pattern``: names it matches meet each."""
        out = []
        for part in self.parts:
            found = part.get("patternProperties")
            if isinstance(found, Mapping) and pattern in found:
                out.append(found[pattern])
        return tuple(out)

    def outside_values(
        self, properties: Mapping[str, Any], patterns: Mapping[str, Any]
    ) -> tuple[Any, ...]:
        """Schemas the value of any property the seam's properties/patterns miss satisfies.

        A part whose ``properties`` and ``patternProperties`` name no more than the seam's
        leaves such a property to its ``additionalProperties``.
        """
        out = []
        for part in self.parts:
            if "additionalProperties" not in part:
                continue
            mine = part.get("properties", {})
            pats = part.get("patternProperties", {})
            if not isinstance(mine, Mapping) or not isinstance(pats, Mapping):
                continue
            if mine.keys() <= properties.keys() and pats.keys() <= patterns.keys():
                out.append(part["additionalProperties"])
        return tuple(out)

    def prefix_len(self) -> int:
        return max(
            (len(p["prefixItems"]) for p in self.parts if _is_list(p, "prefixItems")), default=0
        )

    def element(self, index: int) -> tuple[Any, ...]:
        """The schemas that the item at ``index`` satisfies."""
        out = []
        for part in self.parts:
            prefix = part["prefixItems"] if _is_list(part, "prefixItems") else []
            if index < len(prefix):
                out.append(prefix[index])
            else:
                extra = _additional_items(part)
                if extra is not None:
                    out.append(extra)
        return tuple(out)


def _is_list(schema: Mapping[str, Any], key: str) -> bool:
    return isinstance(schema.get(key), list)


def _make_branch(parts: tuple[Mapping[str, Any], ...]) -> _Branch:
    # Malformed keywords are skipped on this side: dropping a constraint of a only makes a
    # larger, so a proof stays sound.
    atoms = _ALL_ATOMS
    members: tuple[Any, ...] | None = None
    lower: tuple[Any, bool] | None = None
    upper: tuple[Any, bool] | None = None
    multiples: list[Any] = []
    min_length, max_length = 0, None
    patterns: set[str] = set()
    formats: set[str] = set()
    min_items, max_items, unique = 0, None, False
    min_props, max_props = 0, None
    required: set[str] = set()
    names: frozenset[str] | None = None
    for part in parts:
        declared = _atoms_of_type(part["type"]) if "type" in part else None
        if declared is not None:
            atoms &= declared
        listed = _listed(part)
        if listed is not None:
            atoms &= frozenset(_atom_of(v) for v in listed if _atom_of(v) is not None)
            if members is None or len(listed) < len(members):
                members = listed
        for key, exclusive in (("minimum", False), ("exclusiveMinimum", True)):
            if _is_number(part.get(key)):
                lower = _tighter(lower, (part[key], exclusive), greater=True)
        for key, exclusive in (("maximum", False), ("exclusiveMaximum", True)):
            if _is_number(part.get(key)):
                upper = _tighter(upper, (part[key], exclusive), greater=False)
        if _is_number(part.get("multipleOf")) and part["multipleOf"] > 0:
            multiples.append(part["multipleOf"])
        min_length = max(min_length, _count(part.get("minLength")) or 0)
        max_length = _least(max_length, _count(part.get("maxLength")))
        if isinstance(part.get("pattern"), str):
            patterns.add(part["pattern"])
        if isinstance(part.get("format"), str) and part["format"] in _FORMATS.checkers:
            formats.add(part["format"])
        min_items = max(min_items, _count(part.get("minItems")) or 0)
        if "contains" in part:  # at least minContains items match it
            min_items = max(min_items, _count(part.get("minContains", 1)) or 0)
        max_items = _least(max_items, _count(part.get("maxItems")))
        unique = unique or part.get("uniqueItems") is True
        min_props = max(min_props, _count(part.get("minProperties")) or 0)
        max_props = _least(max_props, _count(part.get("maxProperties")))
        if isinstance(part.get("required"), list):
            required.update(n for n in part["required"] if isinstance(n, str))
        closed = _closed_names(part)
        if closed is not None:
            names = closed if names is None else names & closed
    return _Branch(
        parts=parts,
        atoms=atoms,
        members=members,
        lower=lower,
        upper=upper,
        multiples=tuple(multiples),
        min_length=min_length,
        max_length=max_length,
        patterns=frozenset(patterns),
        formats=frozenset(formats),
        min_items=min_items,
        max_items=max_items,
        unique=unique,
        min_props=min_props,
        max_props=max_props,
        required=frozenset(required),
        names=names,
    )


def _listed(schema: Mapping[str, Any]) -> tuple[Any, ...] | None:
    if "const" in schema:
        return (schema["const"],)
    if isinstance(schema.get("enum"), list):
        return tuple(schema["enum"])
    return None


def _tighter(
    current: tuple[Any, bool] | None, new: tuple[Any, bool], *, greater: bool
) -> tuple[Any, bool]:
    if current is None:
        return new
    if new[0] == current[0]:
        return (current[0], current[1] or new[1])
    better = new[0] > current[0] if greater else new[0] < current[0]
    return new if better else current


def _least(current: int | None, new: int | None) -> int | None:
    if new is None:
        return current
    return new if current is None else min(current, new)


def _closed_names(part: Mapping[str, Any]) -> frozenset[str] | None:
    found: list[frozenset[str]] = []
    if part.get("propertyNames") is False or _count(part.get("maxProperties")) == 0:
        found.append(frozenset())
    names_schema = part.get("propertyNames")
    if isinstance(names_schema, Mapping):
        listed = _listed(names_schema)
        if listed is not None:
            found.append(frozenset(v for v in listed if isinstance(v, str)))
    patterns = part.get("patternProperties")
    if _additional(part) is False and (
        not patterns
        or (isinstance(patterns, Mapping) and all(v is False for v in patterns.values()))
    ):
        props = part.get("properties")
        found.append(frozenset(props) if isinstance(props, Mapping) else frozenset())
    if not found:
        return None
    result = found[0]
    for names in found[1:]:
        result &= names
    return result
