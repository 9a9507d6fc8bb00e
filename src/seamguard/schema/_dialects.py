"""The JSON Schema drafts a contract may be written in, and their validators."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import jsonschema
import jsonschema_rs

from seamguard.errors import did_you_mean
from seamguard.schema._keywords import to_pointer
from seamguard.schema._walk import iter_subschemas

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

__all__ = [
    "DEFAULT_DIALECT",
    "DRAFT7",
    "DRAFT202012",
    "dialect_of",
    "metaschema_errors",
    "metaschema_valid",
    "validator_class",
]

DRAFT202012 = "https://json-schema.org/draft/2020-12/schema"
DRAFT7 = "http://json-schema.org/draft-07/schema#"
DEFAULT_DIALECT = DRAFT202012

_SUPPORTED: dict[str, str] = {}
for _uri in (DRAFT202012, DRAFT7):
    _bare = _uri.rstrip("#")
    for _variant in (_bare, _bare + "#"):
        _SUPPORTED[_variant] = _uri
        _SUPPORTED[_variant.replace("https://", "http://", 1)] = _uri
        _SUPPORTED[_variant.replace("http://", "https://", 1)] = _uri

# Drafts that jsonschema knows but a contract may not use: named, so the message can say
# "convert it" rather than "unknown".
_OTHER_DRAFTS = {
    "http://json-schema.org/draft-03/schema": "Draft 3",
    "http://json-schema.org/draft-04/schema": "Draft 4",
    "http://json-schema.org/draft-06/schema": "Draft 6",
    "https://json-schema.org/draft/2019-09/schema": "Draft 2019-09",
}


@functools.lru_cache(maxsize=1024)
def _matcher(pattern: str) -> Any:
    """A jsonschema-rs validator of ``{"pattern": pattern}`` (its regex engine bounds the
    backtracking that Python's ``re`` does not)."""
    return jsonschema_rs.validator_for({"pattern": pattern})


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not _matcher(pattern).is_valid(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: Any, schema: Any
) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        matcher = _matcher(pattern)
        for key, value in instance.items():
            if matcher.is_valid(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _bounded(cls: Any) -> type[Validator]:
    """``cls`` with ``pattern`` and ``patternProperties`` run by jsonschema-rs's regex engine.

    jsonschema runs them with Python's ``re``, which backtracks without bound: ``^(a+)+$``
    on forty ``a`` and a ``!`` would take hours to write a message about one document.
    jsonschema-rs's engine is the ECMAScript reading the specification asks for too.
    """
    extend: Any = jsonschema.validators.extend  # untyped in jsonschema's stubs
    extended: type[Validator] = extend(
        cls, {"pattern": _pattern, "patternProperties": _pattern_properties}
    )
    return extended


_VALIDATORS: dict[str, type[Validator]] = {
    DRAFT202012: _bounded(jsonschema.Draft202012Validator),
    DRAFT7: _bounded(jsonschema.Draft7Validator),
}

_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")


def dialect_of(schema: object) -> tuple[str | None, str | None]:
    """The dialect URI a schema document declares, or ``(None, reason)`` when unsupported.

    A document without ``$schema`` is Draft 2020-12; Draft 7 is accepted.
    """
    if not isinstance(schema, Mapping) or "$schema" not in schema:
        return DEFAULT_DIALECT, None
    declared = schema["$schema"]
    if not isinstance(declared, str):
        return None, f"'$schema' must be a string URI, got {declared!r}"
    known = _SUPPORTED.get(declared)
    if known is not None:
        return known, None
    bare = declared.rstrip("#")
    for uri, name in _OTHER_DRAFTS.items():
        if bare in (uri, uri.replace("http://", "https://", 1)):
            return None, (
                f"'$schema' is {name}, which seamguard does not support; write contracts in "
                f"Draft 2020-12 ({DRAFT202012}) or Draft 7 ({DRAFT7})"
            )
    return None, (
        f"unknown '$schema' {declared!r}; use {DRAFT202012!r} (the default when '$schema' "
        f"is left out) or {DRAFT7!r}"
    )


def validator_class(dialect: str) -> type[Validator]:
    """The jsonschema validator class of a supported dialect URI."""
    return _VALIDATORS[dialect]


def metaschema_errors(schema: Any, dialect: str) -> Iterator[tuple[str, str]]:
    """``(JSON pointer, message)`` for every way ``schema`` breaks its draft's metaschema.

    Formats are asserted (an invalid ``pattern`` regex is an error), as jsonschema's own
    ``check_schema`` does.
    """
    if metaschema_valid(schema, dialect):
        return
    cls = validator_class(dialect)
    meta = cls(_metaschema(dialect), format_checker=cls.FORMAT_CHECKER)
    errors = sorted(meta.iter_errors(schema), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = list(error.absolute_path)
        message = error.message
        if path and path[-1] == "type" and error.validator == "anyOf":
            message = _type_message(error.instance)
        yield to_pointer(path), message


@functools.cache
def _metaschema(dialect: str) -> Any:
    """The metaschema a document of ``dialect`` is checked against.

    Draft 7's, with ``$defs`` read as ``definitions``: Draft 7 does not know ``$defs`` and
    lets any value sit there, but ``$ref`` reaches into it by pointer and seamguard reads a
    Draft 7 document as Draft 2020-12, where its members are schemas (a ``0`` there made
    jsonschema-rs refuse the converted schema).
    """
    meta: dict[str, Any] = dict(validator_class(dialect).META_SCHEMA)
    if dialect == DRAFT7:
        meta["$id"] = "urn:seamguard:draft-07-with-defs"  # its "$ref": "#" must reach this one
        meta["properties"] = {
            **meta["properties"],
            "$defs": {"type": "object", "additionalProperties": {"$ref": "#"}},
        }
    return meta


def metaschema_valid(schema: Any, dialect: str) -> bool:
    """jsonschema-rs's metaschema verdict, plus the formats it leaves out that matter:
    ``regex``, and ``uri-reference`` for ``$id`` (jsonschema-rs cannot register a document
    whose ``$id`` is not one: ``"\\u0000"``, ``"a b"``).

    jsonschema walks 2020-12's metaschema (a web of ``$dynamicRef``) about 50x slower; it
    runs only when this says "invalid", to write the messages.
    """
    document = schema
    if isinstance(schema, Mapping) and "$schema" not in schema:
        document = {**schema, "$schema": dialect}
    try:
        if not jsonschema_rs.meta.is_valid(document):
            return False
    except Exception:  # an unknown dialect or a document it cannot read: the slow path decides
        return False
    formats = validator_class(dialect).FORMAT_CHECKER
    for sub in iter_subschemas(schema, base_uri=""):
        declared = sub.schema.get("$id")
        if isinstance(declared, str) and not formats.conforms(declared, "uri-reference"):
            return False
        if dialect == DRAFT7 and "$defs" in sub.schema:
            return False  # jsonschema-rs does not check it: the slow path decides (_metaschema)
        patterns = [sub.schema.get("pattern")]
        properties = sub.schema.get("patternProperties")
        if isinstance(properties, Mapping):
            patterns.extend(properties)
        for pattern in patterns:
            if isinstance(pattern, str):
                try:
                    re.compile(pattern)
                except re.error:
                    return False
    return True


def _type_message(value: object) -> str:
    names = value if isinstance(value, list) else [value]
    for name in names:
        if not isinstance(name, str) or name not in _TYPES:
            hint = did_you_mean(name, _TYPES) if isinstance(name, str) else ""
            return f"{name!r} is not a JSON Schema type{hint} (types: {', '.join(_TYPES)})"
    return f"{value!r} is not a valid 'type' (a type name or a list of unique type names)"
