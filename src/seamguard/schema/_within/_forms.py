"""The JSON forms a schema admits, and whether two schemas describe a value in different forms.

``api-within-logic`` compares an API field with the seam's field of the same name. When a
route takes ``title: str`` and hands the logic ``TodoTitle(value=title)``, the API's field is
a string and the seam's an object: the same value in two forms, built by the route. A
subschema question across forms says nothing about the seam (every string is "outside" the
object schema), so the check answers undecided for such a pair, never failed.

A form is one of ``null``, ``boolean``, ``number`` (integers included), ``string``,
``array``, ``object``. The forms of a schema are read from ``type``, ``const`` and ``enum``,
through local ``$ref`` (``allOf`` intersects, ``anyOf``/``oneOf`` unite); a schema that does
not say (``{}``, ``not``, an unresolvable ``$ref``) may take any form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seamguard.schema._within._json import _atom_of

__all__ = ["FORMS", "different_forms", "json_forms"]

FORMS = frozenset({"null", "boolean", "number", "string", "array", "object"})
"""Every JSON form."""

_TYPE_FORMS = {
    "null": "null",
    "boolean": "boolean",
    "integer": "number",
    "number": "number",
    "string": "string",
    "array": "array",
    "object": "object",
}
_WORDS = {
    "null": "null",
    "boolean": "booleans",
    "number": "numbers",
    "string": "strings",
    "array": "arrays",
    "object": "objects",
}


def json_forms(schema: Any, root: Any = None, *, _depth: int = 0) -> frozenset[str]:
    """The forms a value valid under ``schema`` may take (:data:`FORMS` when it does not say).

    ``root``: the document ``schema`` was cut from, where its local ``$ref`` pointers resolve
    (default: ``schema``).
    """
    root = schema if root is None else root
    if schema is False:
        return frozenset()
    if not isinstance(schema, Mapping) or _depth > 32:
        return FORMS
    forms = FORMS
    declared = schema.get("type")
    names = declared if isinstance(declared, list) else [declared] if declared else None
    if names is not None and all(name in _TYPE_FORMS for name in names):
        forms = frozenset(_TYPE_FORMS[name] for name in names)
    for keyword in ("const", "enum"):
        if keyword in schema:
            values = [schema["const"]] if keyword == "const" else schema["enum"]
            if isinstance(values, list):
                forms &= frozenset(_form_of(value) for value in values)
    ref = schema.get("$ref")
    if isinstance(ref, str):
        forms &= json_forms(_follow(root, ref), root, _depth=_depth + 1)
    for part in _list(schema, "allOf"):
        forms &= json_forms(part, root, _depth=_depth + 1)
    for keyword in ("anyOf", "oneOf"):
        parts = _list(schema, keyword)
        if parts:
            united: frozenset[str] = frozenset()
            for part in parts:
                united |= json_forms(part, root, _depth=_depth + 1)
            forms &= united
    return forms


def different_forms(
    a: Any,
    b: Any,
    *,
    root_a: Any = None,
    root_b: Any = None,
    a_name: str = "the API",
    b_name: str = "the seam",
) -> str:
    """Why ``a`` and ``b`` describe a value in different forms (they share none, and each
    admits some value), in words; ``""`` when they share a form."""
    forms_a = json_forms(a, root_a)
    forms_b = json_forms(b, root_b)
    if not forms_a or not forms_b or forms_a & forms_b:
        return ""
    return (
        f"different forms: {a_name} admits {_words(forms_a)}, {b_name} {_words(forms_b)}, "
        "so the route builds the seam's value (a value object, a wrapper); not compared"
    )


def _words(forms: frozenset[str]) -> str:
    if forms == FORMS:
        return "any value"
    shown = [_WORDS[form] for form in sorted(forms)]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _form_of(value: Any) -> str:
    atom = _atom_of(value)
    return "number" if atom in ("integer", "fraction") else atom or "object"


def _list(schema: Mapping[str, Any], keyword: str) -> list[Any]:
    value = schema.get(keyword)
    return value if isinstance(value, list) else []


def _follow(root: Any, ref: str) -> Any:
    """The node a local ``$ref`` names; ``True`` (any form) when it names none."""
    if not ref.startswith("#"):
        return True
    node = root
    for token in ref[1:].split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return True
    return node
