"""The rules for the keywords of arrays and objects, and the descent into their members."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from seamguard.schema._within._branch import _Branch, _is_list
from seamguard.schema._within._json import _additional, _additional_items, _count, _search
from seamguard.schema._within._samples import _SAMPLE, _Sampler
from seamguard.schema._within._tables import _EXTRA_NAMES, _MAX_FAILED_MEMBERS
from seamguard.schema._within._verdict import _Note, _Trail

_STRING: Mapping[str, Any] = {"type": "string"}


class _ContainerRules(_Sampler):
    """Keywords of ``b`` about items and properties; members are decided by ``within``."""

    # -- arrays ------------------------------------------------------------------------------

    def check_array(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        ok = self._array_size(branch, b, trail)
        ok = self._array_items(branch, b, trail) and ok
        if "contains" in b and not self.contains_holds(branch, b):
            ok = False
            note = trail.gap(
                b,
                "contains",
                "cannot show that the API's arrays hold what the seam's contains asks",
            )
            trail.lead(self.values(branch, atom, 0), note)
        return ok

    def _array_size(self, branch: _Branch, b: Mapping[str, Any], trail: _Trail) -> bool:
        """``minItems``, ``maxItems`` and ``uniqueItems`` of ``b`` against the branch's arrays."""
        ok = True
        if "minItems" in b:
            least = _count(b["minItems"])
            if least is None or branch.min_items < least:
                ok = False
                note = trail.gap(
                    b,
                    "minItems",
                    f"the API admits arrays of {branch.min_items} items; "
                    f"the seam requires at least {b['minItems']}",
                )
                if least:
                    trail.lead(self.arrays_of(branch, max(least - 1, branch.min_items)), note)
        if "maxItems" in b:
            most = _count(b["maxItems"])
            if most is None or branch.max_items is None or branch.max_items > most:
                ok = False
                mine = "any number of" if branch.max_items is None else f"up to {branch.max_items}"
                note = trail.gap(
                    b,
                    "maxItems",
                    f"the API admits arrays of {mine} items; "
                    f"the seam admits at most {b['maxItems']}",
                )
                if most is not None:
                    trail.lead(self.arrays_of(branch, max(most + 1, branch.min_items)), note)
        if (
            b.get("uniqueItems") is True
            and not branch.unique
            and not (branch.max_items is not None and branch.max_items <= 1)
        ):
            ok = False
            note = trail.gap(
                b,
                "uniqueItems",
                "the API admits arrays with repeated items; the seam requires unique items",
            )
            found, item = self.first_valid(branch.element(0), 1)
            if found:
                trail.lead([[item] * max(2, branch.min_items)], note)
        return ok

    def _array_items(self, branch: _Branch, b: Mapping[str, Any], trail: _Trail) -> bool:
        """The items of the branch's arrays against ``b``'s ``prefixItems`` and ``items``."""
        ok = True
        prefix = b["prefixItems"] if _is_list(b, "prefixItems") else []
        for index, schema in enumerate(prefix):
            if branch.max_items is not None and index >= branch.max_items:
                break
            ok = (
                self.sub(
                    branch.element(index),
                    schema,
                    trail,
                    partial(self.arrays_with, branch, index),
                )
                and ok
            )
        extra = _additional_items(b)
        if extra is None and "unevaluatedItems" in b and "items" not in b:
            ok = False
            trail.gap(
                b,
                "unevaluatedItems",
                "the seam's unevaluatedItems depends on other keywords this check does not follow",
            )
        elif extra is not None:
            end = max(len(prefix), branch.prefix_len())
            for index in range(len(prefix), end + 1):
                if branch.max_items is not None and index >= branch.max_items:
                    break
                ok = (
                    self.sub(
                        branch.element(index),
                        extra,
                        trail,
                        partial(self.arrays_with, branch, index),
                    )
                    and ok
                )
        return ok

    def contains_holds(self, branch: _Branch, b: Mapping[str, Any]) -> bool:
        group = ("contains", "minContains", "maxContains")
        for part in branch.parts:
            if all(
                (k in part) == (k in b) and (k not in b or self.same(part[k], b[k])) for k in group
            ):
                return True
        least = _count(b.get("minContains", 1))
        most = _count(b["maxContains"]) if "maxContains" in b else None
        if least is None or ("maxContains" in b and most is None):
            return False
        for part in branch.parts:
            if "contains" not in part:
                continue
            mine = _count(part.get("minContains", 1))
            cap = _count(part["maxContains"]) if "maxContains" in part else None
            if mine is None or mine < least or (most is not None and (cap is None or cap > most)):
                continue
            if self.same(part["contains"], b["contains"]):
                return True  # the same items match: their count lies within b's bounds
            if most is None and (
                self.within(part["contains"], b["contains"], descending=False).outcome == "yes"
            ):
                return True  # at least as many items match b's contains as match a's
        if "maxContains" in b or least > branch.min_items:
            return False
        return all(
            self.within(self.child(branch.element(i)), b["contains"], descending=True).outcome
            == "yes"
            for i in range(least)
        )

    # -- objects -----------------------------------------------------------------------------

    def check_object(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        ok = True
        required = b["required"] if _is_list(b, "required") else []
        for name in required:
            if name not in branch.required:
                ok = False
                note = trail.gap(b, "required", f"the API does not require {name!r}; the seam does")
                trail.lead(
                    [{k: v for k, v in o.items() if k != name} for o in self.objects(branch)], note
                )
        properties = b["properties"] if isinstance(b.get("properties"), Mapping) else {}
        patterns = b["patternProperties"] if isinstance(b.get("patternProperties"), Mapping) else {}
        failed = 0
        for name, schema in properties.items():
            if failed >= _MAX_FAILED_MEMBERS:
                break  # the proof already fails; enough candidates to confirm a "no"
            if branch.possible(name) and not self.sub(
                branch.values_for(name), schema, trail, self.objects_with(branch, name)
            ):
                ok = False
                failed += 1
        explicit = sorted(
            set(branch.explicit_names()) | {n for n in properties if isinstance(n, str)}
        )
        for pattern, schema in patterns.items():
            for name in explicit:
                hit = _search(pattern, name)
                if hit is None:
                    trail.gap(
                        b, "patternProperties", f"the seam's pattern {pattern!r} does not compile"
                    )
                    ok = False
                    break
                if hit and branch.possible(name):
                    ok = (
                        self.sub(
                            branch.values_for(name), schema, trail, self.objects_with(branch, name)
                        )
                        and ok
                    )
            if branch.names is None:
                fresh = [
                    n
                    for n in self.fresh_names(branch, b)
                    if _search(pattern, n) and n not in explicit
                ]
                ok = (
                    self.sub(
                        branch.pattern_values(pattern) + self.other_values(branch),
                        schema,
                        trail,
                        self.objects_with_any(branch, fresh),
                    )
                    and ok
                )
        ok = self.check_additional(branch, b, explicit, properties, patterns, trail) and ok
        ok = self.check_counts(branch, b, trail) and ok
        ok = self.check_names(branch, b, trail) and ok
        ok = self.check_dependencies(branch, atom, b, trail, hops) and ok
        return ok

    def check_additional(
        self,
        branch: _Branch,
        b: Mapping[str, Any],
        explicit: list[str],
        properties: Mapping[str, Any],
        patterns: Mapping[str, Any],
        trail: _Trail,
    ) -> bool:
        extra = _additional(b)
        if extra is None:
            if "unevaluatedProperties" in b:
                trail.gap(
                    b,
                    "unevaluatedProperties",
                    "the seam's unevaluatedProperties depends on applicators this check "
                    "does not follow",
                )
                return False
            return True

        def covered(name: str) -> bool | None:
            if name in properties:
                return True
            hits = [_search(p, name) for p in patterns]
            return None if None in hits else any(hits)

        keyword = "additionalProperties" if "additionalProperties" in b else "unevaluatedProperties"
        ok = True
        for name in explicit:
            matched = covered(name)
            if matched is None:
                trail.gap(
                    b, "patternProperties", "a pattern of the seam's patternProperties is invalid"
                )
                return False
            if not matched and branch.possible(name):
                said = f"the API admits property {name!r}; the seam's {keyword} is false"
                note = _Note(b, keyword, said) if extra is False else None
                lift = self.objects_with(branch, name)
                ok = self.sub(branch.values_for(name), extra, trail, lift, note) and ok
        if branch.names is None:
            fresh = [
                n for n in self.fresh_names(branch, b) if covered(n) is False and n not in explicit
            ]
            said = f"the API's object is open; the seam's {keyword} is false"
            note = _Note(b, keyword, said) if extra is False else None
            lift = self.objects_with_any(branch, fresh)
            mine = branch.outside_values(properties, patterns) + self.other_values(branch)
            if not self.sub(mine, extra, trail, lift, note):
                ok = False
                if extra is False:  # any value of such a property is a counterexample
                    trail.lead(lift(_SAMPLE), note)
        return ok

    def check_counts(self, branch: _Branch, b: Mapping[str, Any], trail: _Trail) -> bool:
        ok = True
        if "minProperties" in b:
            least = _count(b["minProperties"])
            mine = max(branch.min_props, len(branch.required))
            if least is None or mine < least:
                ok = False
                note = trail.gap(
                    b,
                    "minProperties",
                    f"the API admits objects with {mine} properties; "
                    f"the seam requires at least {b['minProperties']}",
                )
                trail.lead(self.objects(branch), note)
                if least is not None and least > 1:
                    trail.lead(self.objects(branch, size=least - 1)[1:], note)
        if "maxProperties" in b:
            most = _count(b["maxProperties"])
            possible = None if branch.names is None else sum(map(branch.possible, branch.names))
            bounds = [n for n in (branch.max_props, possible) if n is not None]
            if most is None or not bounds or min(bounds) > most:
                ok = False
                note = trail.gap(
                    b,
                    "maxProperties",
                    f"the API admits objects with more than {b['maxProperties']} properties; "
                    "the seam does not",
                )
                if most is not None:
                    trail.lead(self.objects(branch, size=most + 1)[1:], note)
        return ok

    def check_names(self, branch: _Branch, b: Mapping[str, Any], trail: _Trail) -> bool:
        if "propertyNames" not in b:
            return True
        schema = b["propertyNames"]
        if branch.names is not None:
            names = [n for n in branch.names if branch.possible(n)]
            if all(self.b.valid(schema, n) is True for n in names):
                return True
        else:
            mine = tuple(p["propertyNames"] for p in branch.parts if "propertyNames" in p)
            if self.within(self.child((*mine, _STRING)), schema, descending=True).outcome == "yes":
                return True
        note = trail.gap(
            b, "propertyNames", "the API admits property names the seam's propertyNames rejects"
        )
        odd = [n for n in (*_EXTRA_NAMES, "a" * 65, "A-Z") if self.b.valid(schema, n) is False]
        trail.lead(self.objects_with_any(branch, odd)(_SAMPLE), note)
        return False

    def check_dependencies(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        ok = True
        dependent = b.get("dependentRequired")
        for name, needs in dependent.items() if isinstance(dependent, Mapping) else []:
            if not branch.possible(name) or set(needs) <= branch.required:
                continue
            if any(
                isinstance(p.get("dependentRequired"), Mapping)
                and isinstance(p["dependentRequired"].get(name), list)
                and set(needs) <= set(p["dependentRequired"][name]) | branch.required
                for p in branch.parts
            ):
                continue
            ok = False
            note = trail.gap(
                b,
                "dependentRequired",
                f"the API admits {name!r} without {', '.join(map(repr, needs))}",
            )
            leads = []
            for obj in self.objects_with(branch, name)(_SAMPLE):
                leads.append({k: v for k, v in obj.items() if k not in needs})
            trail.lead(leads, note)
        schemas = b.get("dependentSchemas")
        for name, schema in schemas.items() if isinstance(schemas, Mapping) else []:
            if not branch.possible(name):
                continue
            if any(
                isinstance(p.get("dependentSchemas"), Mapping)
                and name in p["dependentSchemas"]
                and self.same(p["dependentSchemas"][name], schema)
                for p in branch.parts
            ):
                continue
            if self.prove(branch, atom, schema, _Trail(), hops + 1):
                continue
            ok = False
            note = trail.gap(
                b, "dependentSchemas", f"cannot show the seam's dependentSchemas for {name!r} holds"
            )
            trail.lead(self.objects_with(branch, name)(_SAMPLE), note)
        return ok

    # -- sub-schemas -------------------------------------------------------------------------

    def sub(
        self,
        mine: tuple[Any, ...],
        theirs: Any,
        trail: _Trail,
        lift: Callable[[Any], list[Any]],
        note: _Note | None = None,
    ) -> bool:
        """A sub-value of a (a property or an item) within ``theirs``; ``lift`` embeds one.

        ``note`` replaces the nested answer's own, where the keyword that rejects is here.
        """
        answer = self.within(self.child(mine), theirs, descending=True)
        if answer.outcome == "yes":
            return True
        note = note or answer.note or _Note(theirs, None, "cannot decide a nested schema")
        trail.gaps.append(note)
        if answer.outcome == "no":
            trail.lead(lift(answer.value), note)
        return False
