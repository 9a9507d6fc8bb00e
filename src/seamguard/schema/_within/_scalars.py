"""The rules for ``type``, ``const``/``enum``, and the keywords of numbers and strings."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from seamguard.schema._within._json import (
    _atoms_of_type,
    _count,
    _is_int,
    _is_number,
    _json_equal,
    _short,
)
from seamguard.schema._within._samples import _Sampler
from seamguard.schema._within._tables import (
    _FLOAT_EXACT,
    _FORMATS,
    _NOUNS,
    _ODD_STRINGS,
    _TRIVIAL_PATTERNS,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from seamguard.schema._within._branch import _Branch
    from seamguard.schema._within._verdict import _Trail


class _ScalarRules(_Sampler):
    """Keywords of ``b`` that one value checks alone: its type, its members, numbers, strings."""

    def check_type(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        if "type" not in b:
            return True
        allowed = _atoms_of_type(b["type"])
        if allowed is not None and atom in allowed:
            return True
        names = b["type"] if isinstance(b["type"], list) else [b["type"]]
        note = trail.gap(
            b,
            "type",
            f"the API admits {_NOUNS[atom]}; the seam admits only {', '.join(map(str, names))}",
        )
        trail.lead(self.values(branch, atom, 0), note)
        return False

    def check_listed(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        ok = True
        for keyword in ("const", "enum"):
            if keyword not in b:
                continue
            ok = False
            allowed = [b["const"]] if keyword == "const" else b["enum"]
            allowed = allowed if isinstance(allowed, list) else []
            note = trail.gap(
                b,
                keyword,
                f"the seam admits only {_count_values(allowed)}; the API's {_NOUNS[atom]} are not "
                "limited to them",
            )
            candidates = self.values(branch, atom, 0) + self.typical(atom)
            trail.lead([v for v in candidates if not any(_json_equal(v, m) for m in allowed)], note)
        return ok

    # -- numbers -----------------------------------------------------------------------------

    def check_number(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        ok = True
        lo, hi = branch.int_bounds()
        for keyword, is_lower, exclusive in (
            ("minimum", True, False),
            ("exclusiveMinimum", True, True),
            ("maximum", False, False),
            ("exclusiveMaximum", False, True),
        ):
            if keyword not in b:
                continue
            bound = b[keyword]
            if not _is_number(bound):
                trail.gap(b, keyword, f"the seam's {keyword} is not a number")
                ok = False
                continue
            if atom == "integer":
                mine: Any = lo if is_lower else hi
                holds = mine is not None and (
                    (mine > bound if exclusive else mine >= bound)
                    if is_lower
                    else (mine < bound if exclusive else mine <= bound)
                )
                shown = "none" if mine is None else str(mine)
            else:
                limit = branch.lower if is_lower else branch.upper
                holds = limit is not None and (
                    (limit[0] > bound or (limit[0] == bound and (limit[1] or not exclusive)))
                    if is_lower
                    else (limit[0] < bound or (limit[0] == bound and (limit[1] or not exclusive)))
                )
                shown = (
                    "none" if limit is None else f"{limit[0]}{' (exclusive)' if limit[1] else ''}"
                )
            if holds:
                continue
            ok = False
            side = "lower" if is_lower else "upper"
            note = trail.gap(
                b,
                keyword,
                f"the API's {_NOUNS[atom]} have {side} bound {shown}; "
                f"the seam's {keyword} is {bound}",
            )
            trail.lead(self.numbers_near(branch, atom, bound), note)
        if "multipleOf" in b and not self.multiple_holds(branch, atom, b["multipleOf"]):
            ok = False
            mine = ", ".join(map(str, branch.multiples)) or "none"
            note = trail.gap(
                b,
                "multipleOf",
                f"the API's {_NOUNS[atom]} are multiples of {mine}; the seam requires multiples of "
                f"{b['multipleOf']}",
            )
            trail.lead(self.values(branch, atom, 0) + self.numbers_near(branch, atom, 1), note)
        return ok

    @staticmethod
    def multiple_holds(branch: _Branch, atom: str, divisor: Any) -> bool:
        if not _is_number(divisor) or divisor <= 0:
            return False
        if any(type(mine) is type(divisor) and mine == divisor for mine in branch.multiples):
            return True  # the very check a already passed
        if atom != "integer":
            return False
        # Every integral value of the branch is a multiple of ``step``. jsonschema tests an
        # integer divisor with ``%``: exact, as the divisor is exact as a float. It tests a
        # float divisor with ``/``: exact below 2**53, and above it float(n) is rounded, so the
        # quotient is only sure to be integral if it is at least 2**52, hence a divisor <= 2.
        step = branch.int_step()
        if _is_int(divisor):
            return bool(divisor <= _FLOAT_EXACT and step % divisor == 0)
        return divisor <= 2 and (Fraction(step) / Fraction(divisor)).denominator == 1

    # -- strings -----------------------------------------------------------------------------

    def check_string(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
        ok = True
        if "minLength" in b:
            least = _count(b["minLength"])
            if least is None or branch.min_length < least:
                ok = False
                note = trail.gap(
                    b,
                    "minLength",
                    f"the API admits strings of {branch.min_length} characters; the seam requires "
                    f"at least {b['minLength']}",
                )
                if least:
                    trail.lead(self.strings_of(branch, least - 1), note)
        if "maxLength" in b:
            most = _count(b["maxLength"])
            if most is None or branch.max_length is None or branch.max_length > most:
                ok = False
                mine = (
                    "any length"
                    if branch.max_length is None
                    else f"up to {branch.max_length} characters"
                )
                note = trail.gap(
                    b,
                    "maxLength",
                    f"the API admits strings of {mine}; the seam admits at most {b['maxLength']}",
                )
                if most is not None:
                    length = max(most + 1, branch.min_length)
                    trail.lead(self.strings_of(branch, length), note)
        if "pattern" in b:
            pattern = b["pattern"]
            if pattern not in _TRIVIAL_PATTERNS and pattern not in branch.patterns:
                ok = False
                note = trail.gap(
                    b,
                    "pattern",
                    f"the seam requires pattern {pattern!r}, "
                    "which the API's strings need not match",
                )
                trail.lead(self.values(branch, atom, 0) + self.typical("string"), note)
        if "format" in b:
            fmt = b["format"]
            if fmt in _FORMATS.checkers and fmt not in branch.formats:
                ok = False
                note = trail.gap(
                    b,
                    "format",
                    f"the API admits strings that are not a {fmt!r}; "
                    f"the seam asserts format {fmt!r}",
                )
                bad = [f"not-a-{fmt}", *_ODD_STRINGS, "x" * max(branch.min_length, 1)]
                trail.lead([*bad, *self.values(branch, atom, 0)], note)
        return ok


def _count_values(values: list[Any]) -> str:
    if len(values) == 1:
        return f"the value {_short(values[0])}"
    return f"{len(values)} listed values"
