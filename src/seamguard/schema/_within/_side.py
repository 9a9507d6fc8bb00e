"""One side's document: its metaschema check, its ``$ref`` pointers and cached validators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import jsonschema_rs
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from seamguard.schema._dialects import DRAFT202012 as DRAFT_2020_12
from seamguard.schema._dialects import metaschema_valid
from seamguard.schema._keywords import follow_pointer, to_pointer
from seamguard.schema._within._json import _fingerprint
from seamguard.schema._within._tables import _FORMATS, _VALIDATOR

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# The base URI a sub-schema's document is registered under while jsonschema validates it.
# Nothing is fetched: the registry has no retrieve function.
_BASE_URI = "https://seamguard.invalid/document.json"
_VIEW = "seamguard-within-view"

_META: list[Validator] = []
# The metaschema check costs more than the decision itself (2020-12's metaschema is a web of
# $dynamicRef), and a seam's schema is checked against many API properties: remember answers.
_PROBLEMS: dict[str, str] = {}


def _schema_problem(schema: Any) -> str:
    """The first way ``schema`` breaks the Draft 2020-12 metaschema, or ``""``."""
    key = _fingerprint(schema)
    if key in _PROBLEMS:
        return _PROBLEMS[key]
    if metaschema_valid(schema, DRAFT_2020_12):
        return ""  # jsonschema only writes the message of an invalid schema
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


class _Side:
    """One side's document: how its ``$ref`` pointers resolve, and cached validators."""

    __slots__ = ("_cyclic", "_validators", "isolable", "pointers_safe", "root")

    def __init__(self, root: Any) -> None:
        self.root = root
        self._validators: dict[int, tuple[Any, Validator | None]] = {}
        # Sub-schemas on a $ref cycle with no base case, which jsonschema recurses on forever,
        # with the jsonschema-rs validator that decides them instead (None: it cannot either).
        self._cyclic: dict[int, tuple[Any, Any]] = {}
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
        found, node = follow_pointer(self.root, fragment)
        if not found:
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
        cyclic = self._cyclic.get(id(schema))
        if cyclic is not None:
            return _rs_valid(cyclic[1], value)
        validator = self._validator(schema)
        if validator is None:
            return None
        try:
            return bool(validator.is_valid(value))
        except RecursionError:
            # A $ref cycle with no base case ({"allOf": [{"$ref": "#"}, ...]}): jsonschema
            # recurses until the stack runs out, each attempt costing a thousand frames.
            # jsonschema-rs, which decides validity in seamguard's own checks
            # (contracts._validators), ends such a cycle as satisfied, the reading the
            # jsoncompat corpus labels too; it answers from now on.
            fast = self._fast_validator(schema)
            self._cyclic[id(schema)] = (schema, fast)
            return _rs_valid(fast, value)
        except Exception:  # an unresolvable $ref, a keyword jsonschema chokes on
            return None

    def _fast_validator(self, schema: Any) -> Any:
        """jsonschema-rs's validator for ``schema`` read in place in the document, or None."""
        try:
            if schema is self.root or not isinstance(self.root, Mapping):
                return jsonschema_rs.validator_for(schema, validate_formats=True, offline=True)
            defs = self.root.get("$defs", {})
            if not self.isolable or not isinstance(defs, Mapping) or _VIEW in defs:
                return None
            view = {**self.root, "$defs": {**defs, _VIEW: schema}}
            return jsonschema_rs.validator_for(
                {"$ref": f"{_BASE_URI}#/$defs/{_VIEW}"},
                registry=jsonschema_rs.Registry([(_BASE_URI, view)]),
                validate_formats=True,
                offline=True,
            )
        except Exception:  # a schema jsonschema-rs refuses: "cannot tell"
            return None

    def errors(self, schema: Any, value: Any) -> list[ValidationError]:
        """jsonschema's errors for ``value`` under ``schema`` (empty if it cannot tell)."""
        validator = None if id(schema) in self._cyclic else self._validator(schema)
        if validator is None:
            return []
        try:
            return list(validator.iter_errors(value))
        except Exception:  # as in valid(): no errors to show rather than a crash
            return []


def _rs_valid(validator: Any, value: Any) -> bool | None:
    if validator is None:
        return None
    try:
        return bool(validator.is_valid(value))
    except Exception:  # jsonschema-rs's own recursion limit or a value it cannot read
        return None


def _has_key(node: Any, key: str, *, top: bool) -> bool:
    """Whether a dict below ``node`` (or ``node`` itself, unless ``top``) has a string ``key``."""
    if isinstance(node, Mapping):
        if not top and isinstance(node.get(key), str):
            return True
        return any(_has_key(v, key, top=False) for v in node.values())
    if isinstance(node, list):
        return any(_has_key(v, key, top=False) for v in node)
    return False
