"""The rules for ``b``'s combinators (``$ref``, ``allOf``, ``anyOf``, ``oneOf``, ``not``,
``if``), and disjointness: when no value of a branch of ``a`` is valid under a schema of ``b``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from seamguard.schema._within._branch import _is_list, _listed, _make_branch
from seamguard.schema._within._json import (
    _atom_of,
    _atoms_of_type,
    _count,
    _has_ref,
    _is_number,
)
from seamguard.schema._within._samples import _Sampler
from seamguard.schema._within._tables import _ASSERTIONS, _MAX_HOPS, _NOUNS
from seamguard.schema._within._verdict import _Trail

if TYPE_CHECKING:
    from seamguard.schema._within._branch import _Branch


class _CombinatorRules(_Sampler):
    """Applicators of ``b``, each proved through ``prove``; and ``disjoint``, for not/if/oneOf."""

    def check_applicators(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        ok = True
        if "$ref" in b:
            found, target = self.b.resolve(b["$ref"])
            if not found:
                trail.gap(
                    b, "$ref", f"the seam's $ref {b['$ref']!r} is not a pointer seamguard follows"
                )
                ok = False
            elif not self.prove(branch, atom, target, trail, hops + 1):
                ok = False
        if "$dynamicRef" in b:
            trail.gap(
                b, "$dynamicRef", "the seam uses $dynamicRef, which this check does not follow"
            )
            ok = False
        if _is_list(b, "allOf"):
            for part in b["allOf"]:
                ok = self.prove(branch, atom, part, trail, hops + 1) and ok
        if _is_list(b, "anyOf"):
            scratch = _Trail()
            if not any(
                self.prove(branch, atom, o, scratch, hops + 1) for o in b["anyOf"]
            ) and not self.split_by_not(branch, atom, b["anyOf"], hops):
                note = trail.gap(
                    b,
                    "anyOf",
                    f"no single anyOf branch of the seam admits all the API's {_NOUNS[atom]}",
                )
                trail.lead(
                    [lead.value for lead in scratch.leads] + self.values(branch, atom, 0), note
                )
                ok = False
        if _is_list(b, "oneOf"):
            ok = self.check_one_of(branch, atom, b, trail, hops) and ok
        if "not" in b and not self.disjoint(branch, atom, b["not"], hops + 1):
            note = trail.gap(
                b, "not", f"cannot show that the API's {_NOUNS[atom]} avoid the seam's 'not'"
            )
            trail.lead(self.values(branch, atom, 0), note)
            ok = False
        if "if" in b and not self.conditional_holds(branch, atom, b, hops):
            note = trail.gap(
                b, "if", f"cannot show the seam's if/then/else holds for the API's {_NOUNS[atom]}"
            )
            trail.lead(self.values(branch, atom, 0), note)
            ok = False
        return ok

    def split_by_not(self, branch: _Branch, atom: str, options: list[Any], hops: int) -> bool:
        """True when ``anyOf`` options ``{"not": N}`` and O together admit the branch's values.

        A value outside N is admitted by the first; one inside N lies in the branch narrowed by
        N, which is proved within O. N is a schema of b read as a part of a's branch, so one
        with a ``$ref`` counts only when both sides share a document.
        """
        for j, option in enumerate(options):
            if not isinstance(option, Mapping) or option.keys() & _ASSERTIONS != {"not"}:
                continue
            negated = option["not"]
            if not isinstance(negated, Mapping) or (_has_ref(negated) and not self.same_roots):
                continue
            narrowed = _make_branch((*branch.parts, negated))
            if atom not in narrowed.atoms or self.empty(narrowed, atom):
                return True
            if any(
                self.prove(narrowed, atom, other, _Trail(), hops + 1)
                for i, other in enumerate(options)
                if i != j
            ):
                return True
        return False

    def conditional_holds(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], hops: int
    ) -> bool:
        cond, then, other = b["if"], b.get("then", True), b.get("else", True)

        def holds(schema: Any) -> bool:
            return self.prove(branch, atom, schema, _Trail(), hops + 1)

        if holds(then) and holds(other):
            return True
        if holds(cond) and holds(then):
            return True
        return self.disjoint(branch, atom, cond, hops + 1) and holds(other)

    def check_one_of(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        options = b["oneOf"]
        scratch = _Trail()
        for i, option in enumerate(options):
            if self.prove(branch, atom, option, scratch, hops + 1) and all(
                self.disjoint(branch, atom, other, hops + 1)
                for j, other in enumerate(options)
                if j != i
            ):
                return True
        note = trail.gap(
            b,
            "oneOf",
            f"cannot show the API's {_NOUNS[atom]} match exactly one oneOf branch of the seam",
        )
        trail.lead([lead.value for lead in scratch.leads] + self.values(branch, atom, 0), note)
        return False

    # -- disjointness -----------------------------------------------------------------------

    def disjoint(self, branch: _Branch, atom: str, schema: Any, hops: int) -> bool:
        """True only when no value of the branch of this type is valid under ``schema`` (b side)."""
        if schema is False:
            return True
        if schema is True or not isinstance(schema, Mapping) or hops > _MAX_HOPS:
            return False
        finite = self.finite(branch, atom)
        if finite is not None:
            return all(self.b.valid(schema, v) is False for v in finite)
        if "type" in schema:
            allowed = _atoms_of_type(schema["type"])
            if allowed is not None and atom not in allowed:
                return True
        listed = _listed(schema)
        if listed is not None:
            whole = self.branch_schema(branch)
            if all(_atom_of(v) != atom or self.a.valid(whole, v) is False for v in listed):
                return True
        if "$ref" in schema:
            found, target = self.b.resolve(schema["$ref"])
            if found and self.disjoint(branch, atom, target, hops + 1):
                return True
        if _is_list(schema, "allOf") and any(
            self.disjoint(branch, atom, p, hops + 1) for p in schema["allOf"]
        ):
            return True
        for key in ("anyOf", "oneOf"):
            if _is_list(schema, key) and all(
                self.disjoint(branch, atom, p, hops + 1) for p in schema[key]
            ):
                return True
        if "not" in schema and self.prove(branch, atom, schema["not"], _Trail(), hops + 1):
            return True
        return self.disjoint_by_bounds(branch, atom, schema, hops)

    def disjoint_by_bounds(
        self, branch: _Branch, atom: str, schema: Mapping[str, Any], hops: int
    ) -> bool:
        if atom in ("integer", "fraction"):
            low = [schema[k] for k in ("minimum", "exclusiveMinimum") if _is_number(schema.get(k))]
            high = [schema[k] for k in ("maximum", "exclusiveMaximum") if _is_number(schema.get(k))]
            if branch.upper is not None and any(branch.upper[0] < v for v in low):
                return True
            if branch.lower is not None and any(branch.lower[0] > v for v in high):
                return True
        if atom == "string":
            least, most = _count(schema.get("minLength")), _count(schema.get("maxLength"))
            if least is not None and branch.max_length is not None and branch.max_length < least:
                return True
            if most is not None and branch.min_length > most:
                return True
        if atom == "object":
            required = schema["required"] if _is_list(schema, "required") else []
            if any(isinstance(n, str) and not branch.possible(n) for n in required):
                return True
            properties = schema.get("properties")
            for name, sub in properties.items() if isinstance(properties, Mapping) else []:
                if name in branch.required or name in required:
                    child = self.branches(self.child(branch.values_for(name)))
                    if child is not None and all(
                        self.disjoint(c, t, sub, hops + 1)
                        for c in child
                        for t in c.atoms
                        if not self.empty(c, t)
                    ):
                        return True
        return False
