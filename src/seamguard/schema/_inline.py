"""Keywords beside a ``$ref`` kept apart before jsonschema-rs inlines the references.

``jsonschema_rs.dereference`` merges the target into the referring object with the target's
keywords winning: ``{"$ref": "#/$defs/Title", "maxLength": 50}`` comes out with the target's
``maxLength: 200``, a wider schema than the one written, so a narrowing would read as no
change at all. In Draft 2020-12 a ``$ref`` is one applicator among its siblings, so
``refs_apart`` moves it into ``allOf`` first (``{"maxLength": 50, "allOf": [{"$ref": ...}]}``),
which jsonschema-rs inlines without merging; ``merge_lone_conjuncts`` folds an ``allOf``
member back into its parent afterwards wherever that is exact, so simple schemas stay simple.
(referencing and jsonschema resolve but do not inline; jsonschema-rs is the inliner we use.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seamguard.schema._keywords import (
    ANNOTATIONS,
    DATA_KEYWORDS,
    INERT_BESIDE_REF,
    LOWER_BOUNDS,
    MEANING_DEPENDS_ON,
    ONE_SCHEMA,
    SCHEMA_ARRAYS,
    SCHEMA_MAPS,
    UNEVALUATED,
    UPPER_BOUNDS,
)

__all__ = ["data_apart", "data_back", "merge_lone_conjuncts", "refs_apart"]

# Keywords whose meaning depends on every in-place sibling, or that move the base URI.
_NEVER_MOVED = frozenset({*UNEVALUATED, "$id", "$anchor", "$dynamicAnchor", "$schema"})


def refs_apart(schema: Any) -> Any:
    """``schema`` (Draft 2020-12) with each ``$ref`` that has asserting siblings moved into
    ``allOf``; a new object, ``schema`` itself is not changed."""
    return _each_subschema(schema, _apart)


def _apart(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str) or all(key in INERT_BESIDE_REF or key == "$ref" for key in node):
        return node
    out = {key: value for key, value in node.items() if key != "$ref"}
    earlier = out.get("allOf")
    out["allOf"] = [*(earlier if isinstance(earlier, list) else ()), {"$ref": ref}]
    if earlier is not None and not isinstance(earlier, list):
        return node  # a malformed allOf: leave it for the metaschema check to report
    return out


def data_apart(schema: Any, store: dict[str, Any]) -> Any:
    """``schema`` with each ``const``, ``default``, ``enum`` and ``examples`` value that holds
    a ``"$ref"`` key swapped for a token kept in ``store``; a new object.

    jsonschema-rs's ``dereference`` reads such a key as a reference and inlines its target,
    or fails when it resolves nowhere, though ``{"enum": [{"$ref": "#/$defs/a"}]}`` admits
    that very object (JSON-Schema-Test-Suite: "naive replacement of $ref with its
    destination is not correct"). ``data_back`` puts the values back.
    """

    def hide(node: dict[str, Any]) -> dict[str, Any]:
        hidden = [key for key in DATA_KEYWORDS if key in node and _has_ref(node[key])]
        if not hidden:
            return node
        out = dict(node)
        for key in hidden:
            token = f"\x00seamguard-data-{len(store)}"
            store[token] = out[key]
            out[key] = token
        return out

    return _each_subschema(schema, hide)


def data_back(node: Any, store: Mapping[str, Any]) -> Any:
    """``node`` with the values ``data_apart`` swapped out put back, wherever they were copied."""
    if not store:
        return node
    if isinstance(node, list):
        return [data_back(item, store) for item in node]
    if not isinstance(node, Mapping):
        return node
    return {
        key: store[value]
        if key in DATA_KEYWORDS and isinstance(value, str) and value in store
        else data_back(value, store)
        for key, value in node.items()
    }


def merge_lone_conjuncts(schema: Any) -> Any:
    """``schema`` with each ``allOf`` member folded into its parent where that is exact:
    no keyword in common (annotations aside) and no keyword whose meaning depends on a
    keyword of the other. Left as it is when a ``$ref`` remains (a recursive one): folding
    would move the schemas its JSON pointer names."""
    if _has_ref(schema):
        return schema
    return _each_subschema(schema, _merge)


def _merge(node: dict[str, Any]) -> dict[str, Any]:
    members = node.get("allOf")
    if not isinstance(members, list):
        return node
    out = {key: value for key, value in node.items() if key != "allOf"}
    kept: list[Any] = []
    for member in members:
        if isinstance(member, Mapping) and _foldable(out, member):
            for key, value in member.items():
                if key not in out or key in ANNOTATIONS:
                    out.setdefault(key, value)  # an annotation both have: the parent's stays
                elif key in UPPER_BOUNDS:
                    out[key] = min(out[key], value)
                elif key in LOWER_BOUNDS:
                    out[key] = max(out[key], value)
                elif key == "required":
                    out[key] = list(dict.fromkeys([*out[key], *value]))
        else:
            kept.append(member)
    if kept:
        out["allOf"] = kept
    return out


def _foldable(parent: Mapping[str, Any], member: Mapping[str, Any]) -> bool:
    if any(key in _NEVER_MOVED for key in (*parent, *member)):
        return False
    for key, value in member.items():
        if key in parent and key not in ANNOTATIONS and not _combinable(key, parent[key], value):
            return False
    for one, other in ((parent, member), (member, parent)):
        for key in one:
            if key in MEANING_DEPENDS_ON and MEANING_DEPENDS_ON[key] & other.keys():
                return False
    return True


def _combinable(key: str, mine: Any, theirs: Any) -> bool:
    """Whether one keyword can hold both values (both must hold for a value to pass)."""
    if mine == theirs and type(mine) is type(theirs):
        return True
    if key in UPPER_BOUNDS or key in LOWER_BOUNDS:
        return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (mine, theirs))
    if key == "required":
        return all(
            isinstance(v, list) and all(isinstance(n, str) for n in v) for v in (mine, theirs)
        )
    return False


def _each_subschema(node: Any, change: Any) -> Any:
    """``node`` rebuilt bottom-up with ``change`` applied to every schema object in it."""
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in SCHEMA_MAPS and isinstance(value, Mapping):
            out[key] = {name: _each_subschema(item, change) for name, item in value.items()}
        elif key in SCHEMA_ARRAYS and isinstance(value, list):
            out[key] = [_each_subschema(item, change) for item in value]
        elif key in ONE_SCHEMA and isinstance(value, Mapping):
            out[key] = _each_subschema(value, change)
        else:
            out[key] = value
    return change(out)


def _has_ref(node: Any) -> bool:
    if isinstance(node, Mapping):
        return any(
            (key in ("$ref", "$dynamicRef") and isinstance(value, str)) or _has_ref(value)
            for key, value in node.items()
        )
    if isinstance(node, list):
        return any(_has_ref(item) for item in node)
    return False
