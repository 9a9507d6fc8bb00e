"""The checker's state for one call, and the branches schema ``a`` splits into.

``_Splitter`` is the root of the checker's classes: the rule mixins (``_scalars``,
``_combinators``, ``_containers``) build on it through ``_samples``, and ``_proof`` joins them.
The recursion into nested schemas (``within``, ``prove``) is declared here and defined there.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from seamguard.schema._within._branch import _Branch, _is_list, _make_branch
from seamguard.schema._within._json import _additional, _atom_of, _has_ref, _is_int, _json_equal
from seamguard.schema._within._side import _Side
from seamguard.schema._within._tables import _ASSERTIONS, _MAX_BRANCHES, _MAX_HOPS, _MAX_RANGE

# The most enum members a branch is enumerated by (see _Split.finite).
_MAX_MEMBERS = 512

if TYPE_CHECKING:
    from seamguard.schema._within._verdict import _Answer, _Trail


class _GiveUp(Exception):
    """Too many branches to check one by one."""


class _OutOfTime(Exception):
    """The call's time budget is spent (a pathological, usually recursive, pair)."""


class _Splitter:
    """One ``admits_only`` call's documents and caches, and the branches of ``a``."""

    def __init__(self, a: Any, b: Any, root_a: Any, root_b: Any, *, budget: float = 2.0) -> None:
        # Some recursive pairs (a definition that is both an allOf conjunct and an anyOf
        # branch of itself) take exponential time; past the budget the answer is undecided.
        self.deadline = time.monotonic() + budget
        self.top_a, self.top_b = a, b
        self.a, self.b = _Side(root_a), _Side(root_b)
        self.same_roots = root_a is root_b or _json_equal(root_a, root_b)
        self.active: dict[tuple[int, int], int] = {}
        self.descents = 0
        self.nesting = 0
        self.keep: dict[tuple[int, ...], Any] = {}
        self.branch_cache: dict[int, tuple[Any, list[_Branch] | None]] = {}
        self.finite_cache: dict[tuple[tuple[int, ...], str], list[Any] | None] = {}
        self.sample_cache: dict[tuple[int, int], tuple[Any, list[Any]]] = {}
        # Sample objects of a branch, built once: every property that fails lifts its value
        # into them, and rebuilding them per property was quadratic in the property count.
        self.objects_cache: dict[tuple[int, int, int], tuple[Any, list[Any]]] = {}
        self.index: dict[int, str] | None = None

    def same(self, x: Any, y: Any) -> bool:
        """Structurally equal schemas that mean the same (a ``$ref`` needs equal documents)."""
        return _json_equal(x, y) and (self.same_roots or not _has_ref(x))

    # -- the branches of a ------------------------------------------------------------------

    def branches(self, schema: Any) -> list[_Branch] | None:
        cached = self.branch_cache.get(id(schema))
        if cached is not None:
            return cached[1]
        try:
            raw = self.expand(schema, (), 0)
        except _GiveUp:
            result = None
        else:
            made = (_make_branch(parts) for parts in raw)
            result = [branch for branch in made if branch.atoms]
        self.branch_cache[id(schema)] = (schema, result)
        return result

    def expand(
        self, schema: Any, parts: tuple[Mapping[str, Any], ...], hops: int
    ) -> list[tuple[Mapping[str, Any], ...]]:
        """Branches (as part lists) whose union holds every value ``schema`` admits."""
        if schema is False:
            return []
        if not isinstance(schema, Mapping) or any(p is schema for p in parts):
            return [parts]
        negated = schema.get("not")
        if negated is True or (isinstance(negated, Mapping) and not negated.keys() & _ASSERTIONS):
            return []  # "not" of a schema that admits everything admits nothing
        out = [(*parts, schema)]
        if isinstance(negated, Mapping) and negated.keys() & _ASSERTIONS == {"not"}:
            out = self.spread(out, [negated["not"]], hops)  # not not X is X
        if hops >= _MAX_HOPS:
            return out  # the rest is dropped: a larger a, still a sound proof
        if "$ref" in schema:
            found, target = self.a.resolve(schema["$ref"])
            if found:
                out = self.spread(out, [target], hops)
        if _is_list(schema, "allOf"):
            for part in schema["allOf"]:
                out = self.spread(out, [part], hops)
        for key in ("anyOf", "oneOf"):  # oneOf admits no more than anyOf
            if _is_list(schema, key) and schema[key]:
                out = self.spread(out, schema[key], hops)
        if "if" in schema:
            # (if and then) or (not if and else) lies within (if and then) or else.
            first = self.spread(
                self.spread(out, [schema["if"]], hops), [schema.get("then", True)], hops
            )
            out = first + self.spread(out, [schema.get("else", True)], hops)
        if len(out) > _MAX_BRANCHES:
            raise _GiveUp
        return out

    def spread(
        self, bases: list[tuple[Mapping[str, Any], ...]], options: list[Any], hops: int
    ) -> list[tuple[Mapping[str, Any], ...]]:
        out = [
            r for base in bases for option in options for r in self.expand(option, base, hops + 1)
        ]
        if len(out) > _MAX_BRANCHES:
            raise _GiveUp
        return out

    def child(self, schemas: tuple[Any, ...]) -> Any:
        """One schema for the conjunction of ``schemas`` (kept alive: ids key the caches)."""
        if not schemas:
            return True
        if len(schemas) == 1:
            return schemas[0]
        key = tuple(id(s) for s in schemas)
        if key not in self.keep:
            self.keep[key] = ({"allOf": list(schemas)}, schemas)
        return self.keep[key][0]

    def other_values(self, branch: _Branch) -> tuple[Any, ...]:
        """Schemas the value of any property outside every part's ``properties`` satisfies."""
        out = []
        for part in branch.parts:
            extra = _additional(part)
            if extra is None:
                continue
            patterns = part.get("patternProperties")
            if isinstance(patterns, Mapping) and patterns:
                # The name may match patterns instead: the value fits one of them, or extra.
                options = (extra, *patterns.values())
                key = (id(part), -1)
                if key not in self.keep:
                    self.keep[key] = ({"anyOf": list(options)}, part)
                extra = self.keep[key][0]
            out.append(extra)
        return tuple(out)

    def branch_schema(self, branch: _Branch) -> Any:
        return self.child(branch.parts)

    def finite(self, branch: _Branch, atom: str) -> list[Any] | None:
        """Every value of the branch of this type, when there are few; else None."""
        key = (tuple(id(p) for p in branch.parts), atom)
        if key in self.finite_cache:
            return self.finite_cache[key]
        values: list[Any] | None = None
        if branch.members is not None:
            values = [v for v in branch.members if _atom_of(v) == atom]
            if len(values) > _MAX_MEMBERS:
                # Each member is validated against the whole branch, enum included: n^2
                # comparisons (a 100,000-name enum would take hours). Past the cap the
                # branch is reasoned about as an unbounded one, which is only less precise.
                values = None
        elif atom == "null":
            values = [None]
        elif atom == "boolean":
            values = [True, False]
        elif atom == "integer":
            lo, hi = branch.int_bounds()
            if lo is not None and hi is not None and hi - lo < _MAX_RANGE * branch.int_step():
                values = list(range(lo, hi + 1, branch.int_step()))
        elif atom == "string" and branch.max_length == 0:
            values = [""]
        elif atom == "array" and branch.max_items == 0:
            values = [[]]
        elif atom == "object" and (branch.max_props == 0 or branch.names == frozenset()):
            values = [{}]
        if values is not None:
            whole = self.branch_schema(branch)
            values = [v for v in values if self.a.valid(whole, v) is not False]
        self.finite_cache[key] = values
        return values

    def empty(self, branch: _Branch, atom: str) -> bool:
        """True only when the branch surely holds no value of this type."""
        if atom not in branch.atoms:
            return True
        finite = self.finite(branch, atom)
        if finite is not None:
            return not finite
        if atom == "integer":
            lo, hi = branch.int_bounds()
            return lo is not None and hi is not None and lo > hi
        if atom == "fraction":
            if any(_is_int(m) for m in branch.multiples):
                return True
            if branch.lower is not None and branch.upper is not None:
                (lv, lx), (uv, ux) = branch.lower, branch.upper
                return lv > uv or (lv == uv and (lx or ux or float(lv).is_integer()))
            return False
        if atom == "string":
            return branch.max_length is not None and branch.min_length > branch.max_length
        if atom == "array":
            return branch.max_items is not None and branch.min_items > branch.max_items
        if atom == "object":
            if branch.max_props is not None and branch.min_props > branch.max_props:
                return True
            return not all(branch.possible(n) for n in branch.required)
        return False

    # -- the recursion, defined by _Prover in _proof.py ---------------------------------------

    def within(self, a: Any, b: Any, *, descending: bool) -> _Answer:
        raise NotImplementedError

    def prove(self, branch: _Branch, atom: str, b: Any, trail: _Trail, hops: int) -> bool:
        raise NotImplementedError
