"""The tables and limits the decision reads: validator, keyword sets, types, formats, bounds."""

from __future__ import annotations

import jsonschema

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

_MAX_BRANCHES = 64
_MAX_HOPS = 32
_MAX_NESTING = 40
_MAX_RANGE = 64
_MAX_CANDIDATES = 60
# Members (properties) of one object that may fail before the rest are left undescended: they
# cannot make the proof hold again, only add candidates, and 200,000 failing properties each
# confirmed by jsonschema took minutes.
_MAX_FAILED_MEMBERS = 16
_SAMPLE_DEPTH = 3
# float(int) is exact up to here; multipleOf arithmetic above it rounds in jsonschema.
_FLOAT_EXACT = 2**53
