"""The proof of ``L(a) ⊆ L(b)`` at one level: each branch and type of ``a`` against ``b``.

``_Prover`` joins the rule mixins; ``within`` and ``prove`` are the recursion they call. What a
proof cannot show is looked for as a counterexample, confirmed with jsonschema.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from jsonschema.exceptions import best_match

from seamguard.schema._within._combinators import _CombinatorRules
from seamguard.schema._within._containers import _ContainerRules
from seamguard.schema._within._json import _fingerprint, _has_ref, _short
from seamguard.schema._within._scalars import _ScalarRules
from seamguard.schema._within._split import _OutOfTime
from seamguard.schema._within._tables import (
    _ASSERTIONS,
    _MAX_CANDIDATES,
    _MAX_HOPS,
    _MAX_NESTING,
    _NOUNS,
)
from seamguard.schema._within._verdict import _YES, _Answer, _Lead, _Note, _Trail

if TYPE_CHECKING:
    from seamguard.schema._within._branch import _Branch


class _Prover(_ScalarRules, _CombinatorRules, _ContainerRules):
    """Every rule, and the recursion that ties them: ``within`` one level, ``prove`` a branch."""

    # -- L(a) ⊆ L(b) at one level ------------------------------------------------------------

    def within(self, a: Any, b: Any, *, descending: bool) -> _Answer:
        if time.monotonic() > self.deadline:
            raise _OutOfTime
        if b is True or a is False:
            return _YES
        if isinstance(b, Mapping) and not b.keys() & _ASSERTIONS:
            return _YES
        if self.same(a, b):
            return _YES
        key = (id(a), id(b))
        level = self.descents + int(descending)
        entered = self.active.get(key)
        if entered is not None and entered < level:
            # The same pair is being decided for an enclosing value; values are finite, so
            # assuming it for this strictly smaller value is induction on depth.
            return _YES
        if self.nesting >= _MAX_NESTING:
            return _Answer("undecided", note=_Note(b, None, "the schemas nest too deeply to check"))
        saved = self.descents
        if entered is None:
            self.active[key] = level
        self.descents, self.nesting = level, self.nesting + 1
        try:
            return self.decide(a, b)
        finally:
            self.descents, self.nesting = saved, self.nesting - 1
            if entered is None:
                del self.active[key]

    def decide(self, a: Any, b: Any) -> _Answer:
        trail = _Trail()
        branches = self.branches(a)
        proven = branches is not None
        if branches is None:
            trail.gap(b, None, "the API's schema has too many anyOf/oneOf combinations to check")
        for branch in branches or []:
            for atom in sorted(branch.atoms):
                if self.empty(branch, atom) or self.negated_away(branch, atom):
                    continue
                if not self.prove(branch, atom, b, trail, 0):
                    proven = False
        if proven:
            return _YES
        found = self.confirm(a, b, trail.leads)
        if found is not None:
            return _Answer("no", found.value, found.note)
        return _Answer("undecided", note=trail.gaps[0] if trail.gaps else None)

    def negated_away(self, branch: _Branch, atom: str) -> bool:
        """True when a part's ``not`` admits every value of the branch of this type.

        The branch's values of this type then lie both inside and outside that schema: there
        are none. The schema is read as one of b's, so one with a ``$ref`` counts only when
        both sides share a document; the proof starts afresh (no induction hypotheses).
        """
        for part in branch.parts:
            negated = part.get("not")
            if not isinstance(negated, Mapping) or not negated.keys() & _ASSERTIONS:
                continue
            if _has_ref(negated) and not self.same_roots:
                continue
            saved = self.active, self.descents
            self.active, self.descents = {}, 0
            try:
                if self.prove(branch, atom, negated, _Trail(), 0):
                    return True
            finally:
                self.active, self.descents = saved
        return False

    def confirm(self, a: Any, b: Any, leads: list[_Lead]) -> _Lead | None:
        """The first candidate valid under ``a`` and invalid under ``b``, both per jsonschema."""
        seen: set[str] = set()

        def candidates() -> Iterator[_Lead]:
            yield from leads
            yield from (_Lead(v) for v in self.samples(a, 0))

        for lead in candidates():
            fingerprint = _fingerprint(lead.value)
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            if len(seen) > _MAX_CANDIDATES:
                break
            if self.b.valid(b, lead.value) is False and self.a.valid(a, lead.value) is True:
                return lead
        return None

    # -- every keyword of b, for one branch and type of a -------------------------------------

    def prove(self, branch: _Branch, atom: str, b: Any, trail: _Trail, hops: int) -> bool:
        if b is True:
            return True
        if b is False or not isinstance(b, Mapping):
            note = trail.gap(b, None, f"the API admits {_NOUNS[atom]} here; the seam admits none")
            trail.lead(self.values(branch, atom, 0), note)
            return False
        if hops > _MAX_HOPS:
            trail.gap(b, None, "the seam's $ref chain is too long to follow")
            return False
        if any(self.same(part, b) for part in branch.parts):
            return True
        finite = self.finite(branch, atom)
        if finite is not None:
            return self.prove_finite(finite, b, trail)
        checks: list[Callable[[_Branch, str, Mapping[str, Any], _Trail, int], bool]] = [
            self.check_type,
            self.check_listed,
            self.check_applicators,
        ]
        if atom in ("integer", "fraction"):
            checks.append(self.check_number)
        elif atom == "string":
            checks.append(self.check_string)
        elif atom == "array":
            checks.append(self.check_array)
        elif atom == "object":
            checks.append(self.check_object)
        ok = True
        for check in checks:
            ok = check(branch, atom, b, trail, hops) and ok
        return ok

    def prove_finite(self, values: list[Any], b: Mapping[str, Any], trail: _Trail) -> bool:
        ok = True
        for value in values:
            valid = self.b.valid(b, value)
            if valid is True:
                continue
            ok = False
            if valid is None:
                trail.gap(b, None, f"jsonschema cannot validate {_short(value)} against the seam")
            else:
                best = best_match(self.b.errors(b, value))
                holder, keyword = (best.schema, best.validator) if best is not None else (b, None)
                sentence = f"the API admits {_short(value)}, which the seam rejects"
                note = trail.gap(holder, keyword if isinstance(keyword, str) else None, sentence)
                trail.lead([value], note)
        return ok
