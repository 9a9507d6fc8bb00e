"""Whether one JSON Schema admits only values another admits: ``L(a) ⊆ L(b)``.

The static check ``api-within-logic`` asks this of every request property an API route shares
with its seam's input schema: ``a`` is the API's schema of the property (OpenAPI 3.1, that is
Draft 2020-12), ``b`` the contract's. A wrong "yes" hides a bug and a wrong "no" is a false
alarm, so each answer is earned its own way::

    "yes"        a proof: every value a admits meets every assertion keyword of b
    "no"         a value that jsonschema (format checking on) finds valid under a, invalid under b
    "undecided"  neither; the reason names the keyword of b where the proof stopped

The proof splits ``a`` into branches (``anyOf``, ``oneOf`` and ``if`` split; ``allOf`` and
``$ref`` merged) and each branch into JSON types, integers apart from other numbers; then it
checks each keyword of ``b`` against what the branch guarantees, recursing into properties
and items. Keywords of ``a`` it does not understand are dropped, which only makes ``a``
larger: that can cost a "yes" but never make one wrong. Keywords of ``b`` it does not
understand stop the proof. A ``$ref`` cycle that passes through a property or an item is
closed by induction on the depth of the value; any other cycle is cut at a fixed depth.

Counterexamples come from the places the proof stopped (a string one character too long, an
object without a required name, ...) and from values built from ``a``; each one is checked
with jsonschema before it is reported, and one that fails the check is dropped.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote

import jsonschema
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from seamguard.schema._dialects import to_pointer

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

__all__ = ["Outcome", "Verdict", "admits_only"]

Outcome = Literal["yes", "no", "undecided"]

_VALIDATOR = jsonschema.Draft202012Validator
_FORMATS = _VALIDATOR.FORMAT_CHECKER
# Only the keywords jsonschema asserts can reject a value; the rest are annotations.
_ASSERTIONS = frozenset(_VALIDATOR.VALIDATORS)
# Applicators whose annotations unevaluated* reads; without them unevaluated* behaves like
# additionalProperties / items.
_IN_PLACE = frozenset({"$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "if", "dependentSchemas"})

# "fraction" is a non-integral number: integers and other numbers are decided apart because
# jsonschema counts 1.0 as an integer and "integer" is narrower than "number".
_ALL_ATOMS = frozenset({"null", "boolean", "integer", "fraction", "string", "array", "object"})
_TYPE_ATOMS: dict[str, frozenset[str]] = {
    "null": frozenset({"null"}),
    "boolean": frozenset({"boolean"}),
    "integer": frozenset({"integer"}),
    "number": frozenset({"integer", "fraction"}),
    "string": frozenset({"string"}),
    "array": frozenset({"array"}),
    "object": frozenset({"object"}),
}
_NOUNS = {
    "null": "null",
    "boolean": "booleans",
    "integer": "integers",
    "fraction": "non-integral numbers",
    "string": "strings",
    "array": "arrays",
    "object": "objects",
}
# Patterns re.search matches in every string ("^.*$" is not one: "." stops at a newline).
_TRIVIAL_PATTERNS = frozenset({"", "^", "$", ".*", "^.*", ".*$", "[\\s\\S]*", "^[\\s\\S]*$"})
_FORMAT_EXAMPLES = {
    "date": "2024-01-31",
    "date-time": "2024-01-31T12:00:00Z",
    "time": "12:00:00Z",
    "duration": "P1D",
    "email": "ada@example.com",
    "idn-email": "ada@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/a",
    "iri": "https://example.com/a",
    "uri-reference": "/a",
    "iri-reference": "/a",
    "uri-template": "/a/{id}",
    "json-pointer": "/a",
    "relative-json-pointer": "0/a",
    "regex": "^a$",
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
}
# (prefix, suffix) around a run of "a" that stays valid for the format at any length.
_FORMAT_PADDING = {
    "email": ("", "@example.com"),
    "idn-email": ("", "@example.com"),
    "uri": ("https://example.com/", ""),
    "iri": ("https://example.com/", ""),
    "uri-reference": ("/", ""),
    "iri-reference": ("/", ""),
    "json-pointer": ("/", ""),
    "regex": ("", ""),
}
_ODD_STRINGS = ("", " ", "a b", "(", "{", "\\", "-", "a..b", "%", "0", "A", "\n")
_EXTRA_NAMES = ("extra", "x-extra", "zz", "a", "0", "A", "_", " ", "")

# The base URI a sub-schema's document is registered under while jsonschema validates it.
# Nothing is fetched: the registry has no retrieve function.
_BASE_URI = "https://seamguard.invalid/document.json"
_VIEW = "seamguard-within-view"
_MAX_BRANCHES = 64
_MAX_HOPS = 32
_MAX_NESTING = 40
_MAX_RANGE = 64
_MAX_CANDIDATES = 60
_SAMPLE_DEPTH = 3
# float(int) is exact up to here; multipleOf arithmetic above it rounds in jsonschema.
_FLOAT_EXACT = 2**53


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to "does schema ``a`` admit only values that schema ``b`` admits?"."""

    outcome: Outcome
    """``"yes"``, ``"no"`` (with a counterexample) or ``"undecided"``."""
    counterexample: Any = None
    """With ``"no"``: a JSON value valid under ``a`` and invalid under ``b``."""
    reason: str = ""
    """With ``"no"`` or ``"undecided"``: the keyword of ``b`` (a JSON pointer relative to ``b``,
    or ``#/...`` into ``root_b`` after a ``$ref``), then why."""


def admits_only(a: Any, b: Any, *, root_a: Any = None, root_b: Any = None) -> Verdict:
    """Whether every JSON value that schema ``a`` admits is admitted by schema ``b`` (L(a) ⊆ L(b)).

    Both are Draft 2020-12 schemas; formats are asserted, as the seam validates them. A "no"
    always carries a counterexample jsonschema confirmed; where neither a proof nor a
    counterexample is found the answer is "undecided", never a guess.

    Args:
        a: The schema whose values must all fit (the API's), a dict or a bool.
        b: The schema they must fit (the seam's), a dict or a bool.
        root_a: The document ``a`` was cut from; its local ``$ref`` pointers resolve there.
            Default: ``a`` itself.
        root_b: The same for ``b``.

    Returns:
        The verdict, with a counterexample for "no" and a reason for "no" and "undecided".

    Raises:
        TypeError: A schema or root is neither a dict nor a bool.

    Example:
        >>> admits_only({"type": "string", "maxLength": 500}, {"maxLength": 200}).outcome
        'no'
    """
    for name, value in (("a", a), ("b", b), ("root_a", root_a), ("root_b", root_b)):
        if not isinstance(value, (bool, Mapping)) and not (
            name.startswith("root") and value is None
        ):
            raise TypeError(
                f"admits_only() expects {name} to be a JSON Schema (a dict or a bool), "
                f"got {type(value).__name__}"
            )
    for name, schema in (("a", a), ("b", b)):
        problem = _schema_problem(schema)
        if problem:
            return Verdict(
                "undecided", reason=f"schema {name} is not valid Draft 2020-12: {problem}"
            )
    checker = _Checker(a, b, a if root_a is None else root_a, b if root_b is None else root_b)
    return checker.verdict()


_META: list[Validator] = []
# The metaschema check costs more than the decision itself (2020-12's metaschema is a web of
# $dynamicRef), and a seam's schema is checked against many API properties: remember answers.
_PROBLEMS: dict[str, str] = {}


def _schema_problem(schema: Any) -> str:
    """The first way ``schema`` breaks the Draft 2020-12 metaschema, or ``""``."""
    key = _fingerprint(schema)
    if key in _PROBLEMS:
        return _PROBLEMS[key]
    if not _META:
        _META.append(_VALIDATOR(_VALIDATOR.META_SCHEMA, format_checker=_FORMATS))
    error = best_match(_META[0].iter_errors(schema))
    problem = (
        "" if error is None else f"{to_pointer(list(error.absolute_path)) or '/'}: {error.message}"
    )
    if len(_PROBLEMS) >= 1024:
        _PROBLEMS.clear()
    _PROBLEMS[key] = problem
    return problem


# ---------------------------------------------------------------------------------------------
# JSON values


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> int | None:
    """A non-negative integer keyword value (``2.0`` counts), else None."""
    if _is_number(value) and value >= 0 and float(value).is_integer():
        return int(value)
    return None


def _atom_of(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "fraction"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return None


def _atoms_of_type(declared: Any) -> frozenset[str] | None:
    names = declared if isinstance(declared, list) else [declared]
    atoms: frozenset[str] = frozenset()
    for name in names:
        if not isinstance(name, str) or name not in _TYPE_ATOMS:
            return None
        atoms |= _TYPE_ATOMS[name]
    return atoms


def _json_equal(x: Any, y: Any) -> bool:
    """Equality as JSON Schema sees it: ``1 == 1.0`` but ``1 != true`` (Python says both)."""
    if isinstance(x, bool) or isinstance(y, bool):
        return isinstance(x, bool) and isinstance(y, bool) and x == y
    if _is_number(x) and _is_number(y):
        return bool(x == y)
    if isinstance(x, Mapping) and isinstance(y, Mapping):
        return x.keys() == y.keys() and all(_json_equal(x[k], y[k]) for k in x)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_json_equal(i, j) for i, j in zip(x, y, strict=True))
    return type(x) is type(y) and bool(x == y)


def _has_ref(node: Any) -> bool:
    if isinstance(node, Mapping):
        return "$ref" in node or "$dynamicRef" in node or any(_has_ref(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_ref(v) for v in node)
    return False


def _fingerprint(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _short(value: Any) -> str:
    text = json.dumps(value, default=repr)
    if isinstance(value, str) and len(value) > 24:
        return f"a string of {len(value)} characters"
    return text if len(text) <= 60 else text[:57] + "..."


def _search(pattern: Any, text: str) -> bool | None:
    """Whether ``pattern`` matches ``text`` as jsonschema tests it; None if it does not compile."""
    if not isinstance(pattern, str):
        return None
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return None


def _additional(schema: Mapping[str, Any]) -> Any:
    """The schema for properties outside ``properties``/``patternProperties``, or None."""
    if "additionalProperties" in schema:
        return schema["additionalProperties"]
    if "unevaluatedProperties" in schema and not schema.keys() & _IN_PLACE:
        return schema["unevaluatedProperties"]
    return None


def _additional_items(schema: Mapping[str, Any]) -> Any:
    """The schema for items after ``prefixItems``, or None."""
    items = schema.get("items")
    if items is not None and not isinstance(items, list):
        return items
    if "unevaluatedItems" in schema and not schema.keys() & _IN_PLACE and "contains" not in schema:
        return schema["unevaluatedItems"]
    return None


def _walk_errors(errors: list[ValidationError]) -> Iterator[ValidationError]:
    stack = list(errors)
    while stack:
        error = stack.pop(0)
        yield error
        stack.extend(error.context or [])


# ---------------------------------------------------------------------------------------------
# One side's document


class _Side:
    """One side's document: how its ``$ref`` pointers resolve, and cached validators."""

    __slots__ = ("_validators", "isolable", "pointers_safe", "root")

    def __init__(self, root: Any) -> None:
        self.root = root
        self._validators: dict[int, tuple[Any, Validator | None]] = {}
        # "#/..." is relative to the nearest enclosing $id; with a nested $id somewhere, a
        # plain walk from the root could land on the wrong schema.
        self.pointers_safe = not _has_key(root, "$id", top=True)
        # Validated on its own, a sub-schema means what it means in place unless a nested $id
        # moves its base URI or a $dynamicRef depends on the schemas around it.
        self.isolable = self.pointers_safe and not _has_key(root, "$dynamicRef", top=False)

    def resolve(self, ref: Any) -> tuple[bool, Any]:
        """``(True, target)`` for a local JSON pointer that resolves, else ``(False, None)``."""
        if not self.pointers_safe or not isinstance(ref, str) or not ref.startswith("#"):
            return False, None
        fragment = unquote(ref[1:])
        if fragment and not fragment.startswith("/"):
            return False, None  # an anchor, not a pointer
        node = self.root
        for token in fragment.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return False, None
        if _schema_problem(node):
            # Only a and b themselves were checked against the metaschema; what a $ref reaches
            # elsewhere in the document is checked here, so no rule reads a malformed keyword.
            return False, None
        return True, node

    def _validator(self, schema: Any) -> Validator | None:
        cached = self._validators.get(id(schema))
        if cached is not None:
            return cached[1]
        validator: Validator | None
        if schema is self.root or isinstance(schema, bool) or not isinstance(self.root, Mapping):
            validator = _VALIDATOR(schema, format_checker=_FORMATS, registry=Registry())
        elif not self.isolable:
            validator = None
        else:
            defs = self.root.get("$defs", {})
            if isinstance(defs, Mapping) and _VIEW not in defs:
                # The sub-schema is placed in a copy of its document, so its "#/..." pointers
                # resolve exactly as they do in the document itself.
                view = {**self.root, "$defs": {**defs, _VIEW: schema}}
                registry = Registry().with_resource(_BASE_URI, DRAFT202012.create_resource(view))
                validator = _VALIDATOR(
                    {"$ref": f"{_BASE_URI}#/$defs/{_VIEW}"},
                    format_checker=_FORMATS,
                    registry=registry,
                )
            else:
                validator = None
        self._validators[id(schema)] = (schema, validator)
        return validator

    def valid(self, schema: Any, value: Any) -> bool | None:
        """Whether jsonschema finds ``value`` valid under ``schema``; None if it cannot tell."""
        validator = self._validator(schema)
        if validator is None:
            return None
        try:
            return bool(validator.is_valid(value))
        except RecursionError:
            # A $ref cycle: each attempt costs a thousand frames, and "cannot tell" is always
            # a safe answer, so the schema is not tried again.
            self._validators[id(schema)] = (schema, None)
            return None
        except Exception:  # an unresolvable $ref, a keyword jsonschema chokes on
            return None

    def errors(self, schema: Any, value: Any) -> list[ValidationError]:
        """jsonschema's errors for ``value`` under ``schema`` (empty if it cannot tell)."""
        validator = self._validator(schema)
        if validator is None:
            return []
        try:
            return list(validator.iter_errors(value))
        except Exception:  # as in valid(): no errors to show rather than a crash
            return []


def _has_key(node: Any, key: str, *, top: bool) -> bool:
    """Whether a dict below ``node`` (or ``node`` itself, unless ``top``) has a string ``key``."""
    if isinstance(node, Mapping):
        if not top and isinstance(node.get(key), str):
            return True
        return any(_has_key(v, key, top=False) for v in node.values())
    if isinstance(node, list):
        return any(_has_key(v, key, top=False) for v in node)
    return False


# ---------------------------------------------------------------------------------------------
# What a branch of ``a`` guarantees


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


# ---------------------------------------------------------------------------------------------
# The decision


class _GiveUp(Exception):
    """Too many branches to check one by one."""


@dataclass(frozen=True, slots=True)
class _Note:
    """A keyword of ``b`` and a sentence about it."""

    holder: Any
    """The schema object of ``b`` holding the keyword (None when unknown)."""
    keyword: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class _Lead:
    """A candidate counterexample at the current level, and the keyword it aims at."""

    value: Any
    note: _Note | None = None


@dataclass(slots=True)
class _Trail:
    """Where a proof stopped and the candidate counterexamples found on the way."""

    gaps: list[_Note] = field(default_factory=list)
    leads: list[_Lead] = field(default_factory=list)

    def gap(self, holder: Any, keyword: str | None, sentence: str) -> _Note:
        note = _Note(holder, keyword, sentence)
        self.gaps.append(note)
        return note

    def lead(self, values: list[Any], note: _Note | None) -> None:
        self.leads.extend(_Lead(v, note) for v in values)


@dataclass(frozen=True, slots=True)
class _Answer:
    outcome: Outcome
    value: Any = None
    note: _Note | None = None


_YES = _Answer("yes")


class _Checker:
    """One ``admits_only`` call: both documents, caches and the induction bookkeeping."""

    def __init__(self, a: Any, b: Any, root_a: Any, root_b: Any) -> None:
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
        self.index: dict[int, str] | None = None

    # -- the answer -------------------------------------------------------------------------

    def verdict(self) -> Verdict:
        try:
            answer = self.within(self.top_a, self.top_b, descending=False)
        except RecursionError:
            return Verdict("undecided", reason="the schemas nest too deeply to check")
        if answer.outcome == "yes":
            return Verdict("yes")
        if answer.outcome == "no":
            return Verdict("no", answer.value, self.explain_no(answer.value, answer.note))
        note = answer.note
        if note is None:
            return Verdict("undecided", reason="no proof and no counterexample found")
        pointer = self.pointer_of(note.holder, note.keyword)
        return Verdict(
            "undecided", reason=f"{pointer}: {note.sentence}" if pointer else note.sentence
        )

    def explain_no(self, value: Any, note: _Note | None) -> str:
        errors = self.b.errors(self.top_b, value)
        for error in _walk_errors(errors):
            if note is not None and error.schema is note.holder and error.validator == note.keyword:
                return f"{self.error_pointer(error)}: {note.sentence}"
        best = best_match(errors)
        if best is None:  # pragma: no cover - a confirmed counterexample has errors
            return note.sentence if note else "the seam rejects it"
        message = best.message if len(best.message) <= 160 else best.message[:157] + "..."
        return f"{self.error_pointer(best)}: the seam rejects {_short(value)}: {message}"

    def error_pointer(self, error: ValidationError) -> str:
        keyword = error.validator if isinstance(error.validator, str) else None
        located = self.pointer_of(error.schema, keyword)
        if located:
            return located
        return to_pointer(list(error.schema_path)) or "/"

    def pointer_of(self, holder: Any, keyword: str | None) -> str:
        if not isinstance(holder, Mapping):
            return ""
        if self.index is None:
            self.index = {}
            _index(self.top_b, "", self.index)
            if self.b.root is not self.top_b:
                _index(self.b.root, "#", self.index)
        base = self.index.get(id(holder))
        if base is None:
            return ""
        return base + to_pointer([keyword]) if keyword else base or "/"

    # -- L(a) ⊆ L(b) at one level ------------------------------------------------------------

    def within(self, a: Any, b: Any, *, descending: bool) -> _Answer:
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
                if not self.empty(branch, atom) and not self.prove(branch, atom, b, trail, 0):
                    proven = False
        if proven:
            return _YES
        found = self.confirm(a, b, trail.leads)
        if found is not None:
            return _Answer("no", found.value, found.note)
        return _Answer("undecided", note=trail.gaps[0] if trail.gaps else None)

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
            if not any(self.prove(branch, atom, o, scratch, hops + 1) for o in b["anyOf"]):
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

    # -- arrays ------------------------------------------------------------------------------

    def check_array(
        self, branch: _Branch, atom: str, b: Mapping[str, Any], trail: _Trail, hops: int
    ) -> bool:
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
        if "contains" in b and not self.contains_holds(branch, b):
            ok = False
            note = trail.gap(
                b,
                "contains",
                "cannot show that the API's arrays hold what the seam's contains asks",
            )
            trail.lead(self.values(branch, atom, 0), note)
        return ok

    def contains_holds(self, branch: _Branch, b: Mapping[str, Any]) -> bool:
        group = ("contains", "minContains", "maxContains")
        for part in branch.parts:
            if all(
                (k in part) == (k in b) and (k not in b or self.same(part[k], b[k])) for k in group
            ):
                return True
        if "maxContains" in b:
            return False
        least = _count(b.get("minContains", 1))
        if least is None or least > branch.min_items:
            return False
        return all(
            self.within(self.child(branch.element(i)), b["contains"], descending=True).outcome
            == "yes"
            for i in range(least)
        )

    def arrays_of(self, branch: _Branch, length: int, depth: int = 0) -> list[Any]:
        items: list[Any] = []
        for index in range(min(length, 200)):
            found, item = self.first_valid(
                branch.element(index), depth + 1, avoid=items if branch.unique else ()
            )
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
        for name, schema in properties.items():
            if branch.possible(name):
                ok = (
                    self.sub(
                        branch.values_for(name), schema, trail, self.objects_with(branch, name)
                    )
                    and ok
                )
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
                fresh = [n for n in _EXTRA_NAMES if _search(pattern, n) and n not in explicit]
                ok = (
                    self.sub(
                        self.other_values(branch),
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
            fresh = [n for n in _EXTRA_NAMES if covered(n) is False and n not in explicit]
            said = f"the API's object is open; the seam's {keyword} is false"
            note = _Note(b, keyword, said) if extra is False else None
            lift = self.objects_with_any(branch, fresh)
            ok = self.sub(self.other_values(branch), extra, trail, lift, note) and ok
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
            trail.gap(
                b, "dependentSchemas", f"cannot show the seam's dependentSchemas for {name!r} holds"
            )
        return ok

    def objects(self, branch: _Branch, depth: int = 0, size: int = 0) -> list[Any]:
        """Small objects likely valid under the branch: its required names, then more.

        The second one also has optional properties, up to ``size`` or ``minProperties`` (at
        least a few), taken from the branch's names and then, if it is open, made up.
        """
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


_STRING: Mapping[str, Any] = {"type": "string"}
# Asks a lift function to sample the value itself (None is a value: JSON null).
_SAMPLE: Any = object()


def _count_values(values: list[Any]) -> str:
    if len(values) == 1:
        return f"the value {_short(values[0])}"
    return f"{len(values)} listed values"


def _index(node: Any, pointer: str, index: dict[int, str]) -> None:
    stack: list[tuple[Any, str]] = [(node, pointer)]
    while stack:
        current, at = stack.pop()
        if isinstance(current, Mapping):
            index.setdefault(id(current), at)
            stack.extend((v, at + to_pointer([k])) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((v, at + to_pointer([i])) for i, v in enumerate(current))
