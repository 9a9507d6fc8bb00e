"""Values built from what a branch of ``a`` guarantees: candidate counterexamples.

They are likely, not sure, to be valid under ``a``; ``_proof`` confirms each with jsonschema
before it is reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from seamguard.schema._within._branch import _is_list
from seamguard.schema._within._json import _atom_of, _count, _json_equal, _search
from seamguard.schema._within._split import _Splitter
from seamguard.schema._within._tables import (
    _EXTRA_NAMES,
    _FORMAT_EXAMPLES,
    _FORMAT_PADDING,
    _ODD_STRINGS,
    _SAMPLE_DEPTH,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from seamguard.schema._within._branch import _Branch

# Asks a lift function to sample the value itself (None is a value: JSON null).
_SAMPLE: Any = object()


class _Sampler(_Splitter):
    """Values of ``a``'s branches: typical ones, and ones shaped to test a keyword of ``b``."""

    # -- values built from a -----------------------------------------------------------------

    def samples(self, schema: Any, depth: int) -> list[Any]:
        """Values likely (not surely) valid under ``schema`` of side a, a dozen or so."""
        key = (id(schema), depth)
        cached = self.sample_cache.get(key)
        if cached is not None:
            return cached[1]
        out: list[Any] = []
        if depth <= _SAMPLE_DEPTH:
            for branch in self.branches(schema) or []:
                for atom in sorted(branch.atoms):
                    if not self.empty(branch, atom):
                        out.extend(self.values(branch, atom, depth))
        self.sample_cache[key] = (schema, out)
        return out

    def first_valid(
        self, schemas: tuple[Any, ...], depth: int, avoid: Any = ()
    ) -> tuple[bool, Any]:
        schema = self.child(schemas)
        for value in self.samples(schema, depth):
            if any(_json_equal(value, other) for other in avoid):
                continue
            if self.a.valid(schema, value) is True:
                return True, value
        return False, None

    def values(self, branch: _Branch, atom: str, depth: int) -> list[Any]:
        """Values of one type built from what the branch guarantees (not checked against it)."""
        out: list[Any] = []
        for part in branch.parts:
            shown: list[Any] = list(part["examples"]) if _is_list(part, "examples") else []
            if "default" in part:
                shown.append(part["default"])
            for value in shown:
                if _atom_of(value) == atom:
                    out.append(value)
        finite = self.finite(branch, atom)
        if finite is not None:
            return out + finite[:12]
        if atom == "integer":
            out.extend(self.integers(branch))
        elif atom == "fraction":
            out.extend(self.fractions(branch))
        elif atom == "string":
            out.extend(_matching(sorted(branch.patterns)))
            for fmt in sorted(branch.formats):
                out.append(_FORMAT_EXAMPLES.get(fmt, ""))
            lengths = [branch.min_length, branch.min_length + 1, max(branch.min_length, 3)]
            if branch.max_length is not None:
                lengths.append(branch.max_length)
            for length in lengths:
                if branch.max_length is None or length <= branch.max_length:
                    out.extend(self.strings_of(branch, min(length, 10_000)))
        elif atom == "array" and depth < _SAMPLE_DEPTH:
            for length in (branch.min_items, branch.min_items + 1):
                if branch.max_items is None or length <= branch.max_items:
                    out.extend(self.arrays_of(branch, length, depth))
        elif atom == "object" and depth < _SAMPLE_DEPTH:
            out.extend(self.objects(branch, depth))
        return out

    @staticmethod
    def integers(branch: _Branch) -> list[int]:
        lo, hi = branch.int_bounds()
        step = branch.int_step()
        raw = [0, 1, -1, 2, 10, 100, -100]
        if lo is not None:
            raw += [lo, lo + step]
        if hi is not None:
            raw += [hi, hi - step]
        if lo is not None and hi is not None:
            raw.append((lo + hi) // 2)
        out = []
        for value in raw:
            value = -((-value) // step) * step
            if (lo is None or value >= lo) and (hi is None or value <= hi):
                out.append(value)
        return out

    @staticmethod
    def fractions(branch: _Branch) -> list[float]:
        raw: list[Any] = [0.5, -0.5, 1.5, 0.25]
        lower = branch.lower[0] if branch.lower is not None else None
        upper = branch.upper[0] if branch.upper is not None else None
        if lower is not None:
            raw += [lower + 0.5, lower + 0.25]
        if upper is not None:
            raw += [upper - 0.5, upper - 0.25]
        if lower is not None and upper is not None:
            raw += [(lower + upper) / 2, lower + (upper - lower) / 4]
        out = []
        for value in raw:
            value = float(value)
            if value.is_integer() or not math.isfinite(value):
                continue
            if branch.lower is not None and (
                value < branch.lower[0] or (value == branch.lower[0] and branch.lower[1])
            ):
                continue
            if branch.upper is not None and (
                value > branch.upper[0] or (value == branch.upper[0] and branch.upper[1])
            ):
                continue
            out.append(value)
        return out

    @staticmethod
    def typical(atom: str) -> list[Any]:
        values: dict[str, list[Any]] = {
            "null": [None],
            "boolean": [True, False],
            "integer": [0, 1, -1, 7, 1000],
            "fraction": [0.5, -0.5, 2.5],
            "string": ["a", "zz-other", *_ODD_STRINGS],
            "array": [[], [None], [0]],
            "object": [{}, {"a": 0}],
        }
        return values[atom]

    # -- values shaped by a keyword of b ----------------------------------------------------

    @staticmethod
    def fresh_names(branch: _Branch, b: Any = None) -> list[str]:
        """Made-up property names, then names made to match the patternProperties of a and b."""
        patterns: list[str] = []
        for schema in (*branch.parts, b if isinstance(b, Mapping) else {}):
            found = schema.get("patternProperties")
            if isinstance(found, Mapping):
                patterns.extend(p for p in found if isinstance(p, str))
        out = list(_EXTRA_NAMES)
        out.extend(n for n in _matching(patterns) if n not in out)
        return out

    def numbers_near(self, branch: _Branch, atom: str, bound: Any) -> list[Any]:
        out: list[Any] = []
        if atom == "integer":
            step = branch.int_step()
            base = [math.floor(bound) + d for d in (-2, -1, 0, 1, 2)]
            for value in base:
                out.extend([(value // step) * step, -((-value) // step) * step])
        else:
            out = [bound + d for d in (-0.5, 0.5, -0.25, 0.25, -1.5, 1.5)]
            out = [float(v) for v in out if not float(v).is_integer()]
        return [v for v in out if _atom_of(v) == atom] + self.values(branch, atom, 0)

    def strings_of(self, branch: _Branch, length: int) -> list[Any]:
        """Strings of exactly ``length`` characters likely to satisfy the branch."""
        out = ["a" * length, "0" * length]
        for fmt in sorted(branch.formats):
            prefix, suffix = _FORMAT_PADDING.get(fmt, (None, None))
            if prefix is not None and suffix is not None:
                fill = length - len(prefix) - len(suffix)
                if fill >= 1:
                    out.insert(0, prefix + "a" * fill + suffix)
        return out

    def arrays_of(self, branch: _Branch, length: int, depth: int = 0) -> list[Any]:
        """An array of ``length`` items, as many matching the parts' ``contains`` as allowed."""
        wanted = tuple(p["contains"] for p in branch.parts if "contains" in p)
        most = [_count(p.get("maxContains")) for p in branch.parts if "contains" in p]
        room = min((m for m in most if m is not None), default=length)
        items: list[Any] = []
        for index in range(min(length, 200)):
            avoid = items if branch.unique else ()
            found = False
            if wanted and index < room:
                found, item = self.first_valid((*branch.element(index), *wanted), depth + 1, avoid)
            if not found:
                found, item = self.first_valid(branch.element(index), depth + 1, avoid)
            if not found:
                return []
            items.append(item)
        return [items] if len(items) == length else []

    def arrays_with(self, branch: _Branch, index: int, value: Any) -> list[Any]:
        items: list[Any] = []
        for i in range(max(index + 1, branch.min_items)):
            if i == index:
                items.append(value)
                continue
            found, item = self.first_valid(branch.element(i), 1, avoid=[value, *items])
            if not found:
                return []
            items.append(item)
        return [items]

    def objects(self, branch: _Branch, depth: int = 0, size: int = 0) -> list[Any]:
        """Small objects likely valid under the branch: its required names, then more.

        The second one also has optional properties, up to ``size`` or ``minProperties`` (at
        least a few), taken from the branch's names and then, if it is open, made up.
        Built once per branch, depth and size (callers copy before they change one).
        """
        key = (id(branch), depth, size)
        cached = self.objects_cache.get(key)
        if cached is not None:
            return list(cached[1])
        made = self._objects(branch, depth, size)
        self.objects_cache[key] = (branch, made)
        return list(made)

    def _objects(self, branch: _Branch, depth: int, size: int) -> list[Any]:
        base: dict[str, Any] = {}
        for name in sorted(branch.required):
            found, value = self.first_valid(branch.values_for(name), depth + 1)
            if not found:
                return []
            base[name] = value
        fuller = dict(base)
        target = max(branch.min_props, size, 4 if size == 0 else 0)
        names = branch.explicit_names()
        if branch.names is None and (size or branch.min_props):
            names += [n for n in _EXTRA_NAMES if n not in names]
        for name in names:
            if len(fuller) >= target:
                break
            if name not in fuller and branch.possible(name):
                found, value = self.first_valid(branch.values_for(name), depth + 1)
                if found:
                    fuller[name] = value
        return [base, fuller] if fuller != base else [base]

    def objects_with(self, branch: _Branch, name: str) -> Callable[[Any], list[Any]]:
        """Objects of the branch with property ``name`` set to a value (or a sample: _SAMPLE)."""

        def build(value: Any) -> list[Any]:
            if value is _SAMPLE:
                found, value = self.first_valid(branch.values_for(name), 1)
                if not found:
                    return []
            return [{**o, name: value} for o in self.objects(branch)]

        return build

    def objects_with_any(self, branch: _Branch, names: list[str]) -> Callable[[Any], list[Any]]:
        """Objects with one more property named from ``names``, its value given or sampled."""

        def build(value: Any) -> list[Any]:
            out: list[Any] = []
            for name in names:
                if not branch.possible(name):
                    continue
                item = value
                if item is _SAMPLE:
                    found, item = self.first_valid(branch.values_for(name), 1)
                    if not found:
                        continue
                out.extend({**o, name: item} for o in self.objects(branch) if name not in o)
            return out

        return build


def _matching(patterns: list[str]) -> list[str]:
    """Strings made from each pattern's literal text that match it (none, for most regexes)."""
    out: list[str] = []
    for pattern in patterns:
        core = re.sub(r"\\(.)", r"\1", pattern.removeprefix("^").removesuffix("$"))
        for text in (core, core + "q", "q" + core):
            if text not in out and _search(pattern, text):
                out.append(text)
    return out
