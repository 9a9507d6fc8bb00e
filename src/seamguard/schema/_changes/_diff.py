"""The walk: both versions of a schema in parallel, over their keyword structure.

Each change found is a ``RawChange`` that carries the edits turning the old document into one
that differs from it by that change alone, so its verdict can be proved in isolation.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from seamguard.schema._changes._kinds import (
    AFFIX,
    LIMITS,
    as_mapping,
    both_are,
    canon,
    canon_eq,
    limit_kind,
    match_branches,
    name_list,
    type_kind,
)
from seamguard.schema._changes._model import MISSING, Edit, RawChange
from seamguard.schema._keywords import to_pointer

__all__ = ["ANNOTATIONS", "diff", "resolve"]

ANNOTATIONS = frozenset(
    {
        "title", "description", "examples", "$comment", "deprecated", "readOnly", "writeOnly",
        "$id", "$anchor", "$dynamicAnchor", "contentMediaType", "contentEncoding",
        "contentSchema", "default",
    }
)  # fmt: skip
_DEFS = frozenset({"$defs", "definitions"})
_MAX_DEPTH = 64
_SUBSCHEMA = {
    "items": 1, "contains": 1, "propertyNames": 1, "unevaluatedItems": 1,
    "unevaluatedProperties": 1, "additionalItems": 1, "then": 1, "else": 1,
    "not": -1, "if": 0,
}  # fmt: skip
_BRANCHES = {"anyOf": "branch", "oneOf": "branch", "allOf": "all-of-conjunct"}


def resolve(root: Any, ref: str) -> tuple[Any, tuple[str, ...]] | None:
    """The subschema a local ``#/...`` reference names, and its path; None if it names none."""
    if not ref.startswith("#"):
        return None
    parts = tuple(unquote(p).replace("~1", "/").replace("~0", "~") for p in ref[1:].split("/")[1:])
    node = root
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node, parts


def _ref_only(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and isinstance(schema.get("$ref"), str)
        and all(k == "$ref" or k in ANNOTATIONS or k in _DEFS for k in schema)
    )


def diff(old: Any, new: Any) -> list[RawChange]:
    """Every change from ``old`` to ``new``, in the order found."""
    walker = _Walker(old, new)
    walker.walk(old, new, (), (), 1, 0)
    return walker.out


class _Walker:
    def __init__(self, old_root: Any, new_root: Any) -> None:
        self.roots = (old_root, new_root)
        self.out: list[RawChange] = []
        self.seen: set[tuple[tuple[str, ...], tuple[str, ...], int]] = set()

    def _deref(self, schema: Any, path: tuple[str, ...], side: int) -> tuple[Any, tuple[str, ...]]:
        for _ in range(_MAX_DEPTH):
            if not _ref_only(schema):
                break
            target = resolve(self.roots[side], schema["$ref"])
            if target is None:
                break
            schema, path = target
        return schema, path

    def walk(
        self, old: Any, new: Any, op: tuple[str, ...], np: tuple[str, ...], pol: int, depth: int
    ) -> None:
        """Record the changes from ``old`` (at ``op``) to ``new`` (at ``np``)."""
        old, op = self._deref(old, op, 0)
        new, np = self._deref(new, np, 1)
        text = canon(old)
        if (text == canon(new) and '"$ref"' not in text) or depth > _MAX_DEPTH:
            return
        if (op, np, pol) in self.seen:
            return
        self.seen.add((op, np, pol))
        old = {} if old is True else old
        new = {} if new is True else new
        if not isinstance(old, dict) or not isinstance(new, dict):
            if old != new:
                self._add(np, "keyword-changed", old, new, [Edit(op, new)], pol, old, new)
            return
        self._object(old, new, op, np, pol, depth)
        for key in sorted(set(old) | set(new)):
            self._keyword(key, old, new, op, np, pol, depth)

    def _add(
        self,
        where: tuple[str, ...],
        kind: str,
        old: Any,
        new: Any,
        edits: list[Edit],
        pol: int,
        old_holder: Any,
        new_holder: Any,
        combinator: str = "",
    ) -> None:
        raw = RawChange(
            to_pointer(where), kind, old, new, tuple(edits), pol, old_holder, new_holder, combinator
        )
        self.out.append(raw)

    def _keyword(
        self,
        key: str,
        old: dict[str, Any],
        new: dict[str, Any],
        op: tuple[str, ...],
        np: tuple[str, ...],
        pol: int,
        depth: int,
    ) -> None:
        a, b = old.get(key, MISSING), new.get(key, MISSING)
        if key in _DEFS or key in ("properties", "required") or canon_eq(a, b):
            return
        where = (*op, key) if b is MISSING else (*np, key)
        edit = [Edit((*op, key), b)]

        def add(kind: str, edits: list[Edit] = edit, at: tuple[str, ...] = where) -> None:
            self._add(at, kind, a, b, edits, pol, old, new)

        if key in ANNOTATIONS:
            add("default-changed" if key == "default" else "annotation-changed")
        elif key == "$ref" and a is not MISSING and b is not MISSING:
            ta, tb = resolve(self.roots[0], a), resolve(self.roots[1], b)
            if ta is None or tb is None:
                add("keyword-changed")
            else:
                self.walk(ta[0], tb[0], ta[1], tb[1], pol, depth + 1)
        elif key == "type":
            add(type_kind(a, b))
        elif key == "enum" and isinstance(a, list) and isinstance(b, list):
            self._enum(a, b, op, np, pol, old, new)
        elif key == "enum" and b is not MISSING:
            add("enum-added")
        elif key in LIMITS:
            add(limit_kind(key, a, b))
        elif key == "uniqueItems" and (a is MISSING or isinstance(a, bool)):
            add("items-limits-tightened" if b is True else "items-limits-relaxed")
        elif key in AFFIX:
            verb = "added" if a is MISSING else "removed" if b is MISSING else "changed"
            add(f"{AFFIX[key]}-{verb}" if key != "multipleOf" else "multiple-of-changed")
        elif key == "additionalProperties":
            self._additional(a, b, op, np, pol, depth, add)
        elif key in _SUBSCHEMA and a is not MISSING and b is not MISSING:
            sub = pol * _SUBSCHEMA[key]
            self.walk(a, b, (*op, key), (*np, key), sub, depth + 1)
        elif key in ("patternProperties", "dependentSchemas") and both_are(dict, a, b):
            self._named(key, a, b, op, np, pol, depth, old, new)
        elif key == "prefixItems" and both_are(list, a, b):
            self._prefix(a, b, op, np, pol, depth, old, new)
        elif key in _BRANCHES and both_are(list, a, b):
            self._branches(key, a, b, op, np, pol, depth, old, new)
        else:
            verb = "added" if a is MISSING else "removed" if b is MISSING else "changed"
            add(f"keyword-{verb}")

    def _additional(
        self,
        a: Any,
        b: Any,
        op: tuple[str, ...],
        np: tuple[str, ...],
        pol: int,
        depth: int,
        add: Any,
    ) -> None:
        a_open = a is MISSING or a is True or a == {}
        b_open = b is MISSING or b is True or b == {}
        if a_open and b_open:
            return
        if not a_open and not b_open and a is not False and b is not False:
            self.walk(
                a, b, (*op, "additionalProperties"), (*np, "additionalProperties"), pol, depth + 1
            )
        elif a_open or b is False:
            add("additional-properties-closed")
        else:
            add("additional-properties-opened")

    def _object(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        op: tuple[str, ...],
        np: tuple[str, ...],
        pol: int,
        depth: int,
    ) -> None:
        po, pn = as_mapping(old.get("properties")), as_mapping(new.get("properties"))
        ro, rn = name_list(old.get("required")), name_list(new.get("required"))
        req_path = (*op, "required")

        def required(names: list[str]) -> Edit:
            return Edit(req_path, names if names or "required" in old else MISSING)

        added = {n for n in pn if n not in po}
        removed = {n for n in po if n not in pn}
        for name in sorted(set(po) | set(pn)):
            at_old, at_new = (*op, "properties", name), (*np, "properties", name)
            if name in po and name in pn:
                self.walk(po[name], pn[name], at_old, at_new, pol, depth + 1)
            elif name in added:
                edits = [Edit(at_old, pn[name])]
                kind = "property-added"
                if name in rn and name not in ro:
                    kind = "required-property-added"
                    edits.append(required([*ro, name]))
                self._add(at_new, kind, MISSING, pn[name], edits, pol, old, new)
            else:
                edits = [Edit(at_old, MISSING)]
                if name in ro and name not in rn:
                    edits.append(required([n for n in ro if n != name]))
                self._add(at_old, "property-removed", po[name], MISSING, edits, pol, old, new)
        for name in rn:
            if name not in ro and name not in added:
                at = (*np, "properties", name) if name in pn else (*np, "required")
                edits = [required([*ro, name])]
                self._add(at, "property-became-required", False, True, edits, pol, old, new)
        for name in ro:
            if name not in rn and name not in removed:
                at = (*np, "properties", name) if name in pn else (*op, "required")
                edits = [required([n for n in ro if n != name])]
                self._add(at, "property-became-optional", True, False, edits, pol, old, new)

    def _enum(
        self,
        a: list[Any],
        b: list[Any],
        op: tuple[str, ...],
        np: tuple[str, ...],
        pol: int,
        old: dict[str, Any],
        new: dict[str, Any],
    ) -> None:
        ca, cb = {canon(v) for v in a}, {canon(v) for v in b}
        path = (*op, "enum")
        for v in b:
            if canon(v) not in ca:
                edits = [Edit(path, [*a, v])]
                self._add((*np, "enum"), "enum-value-added", MISSING, v, edits, pol, old, new)
        for v in a:
            if canon(v) not in cb:
                rest = [w for w in a if canon(w) != canon(v)]
                edits = [Edit(path, rest)]
                self._add((*np, "enum"), "enum-value-removed", v, MISSING, edits, pol, old, new)

    def _named(
        self,
        key: str,
        a: dict[str, Any],
        b: dict[str, Any],
        op: tuple[str, ...],
        np: tuple[str, ...],
        pol: int,
        depth: int,
        old: dict[str, Any],
        new: dict[str, Any],
    ) -> None:
        stem = "pattern-property" if key == "patternProperties" else "keyword"
        for name in sorted(set(a) | set(b)):
            at_old, at_new = (*op, key, name), (*np, key, name)
            if name in a and name in b:
                self.walk(a[name], b[name], at_old, at_new, pol, depth + 1)
            elif name in b:
                self._add(
                    at_new,
                    f"{stem}-added",
                    MISSING,
                    b[name],
                    [Edit(at_old, b[name])],
                    pol,
                    old,
                    new,
                )
            else:
                self._add(
                    at_old,
                    f"{stem}-removed",
                    a[name],
                    MISSING,
                    [Edit(at_old, MISSING)],
                    pol,
                    old,
                    new,
                )

    def _prefix(
        self,
        a: list[Any],
        b: list[Any],
        op: tuple[str, ...],
        np: tuple[str, ...],
        pol: int,
        depth: int,
        old: dict[str, Any],
        new: dict[str, Any],
    ) -> None:
        path = (*op, "prefixItems")
        for i in range(max(len(a), len(b))):
            idx = str(i)
            if i < len(a) and i < len(b):
                self.walk(a[i], b[i], (*path, idx), (*np, "prefixItems", idx), pol, depth + 1)
            elif i < len(b):
                edits = [Edit(path, [*a, *b[len(a) : i + 1]])]
                self._add(
                    (*np, "prefixItems", idx),
                    "prefix-item-added",
                    MISSING,
                    b[i],
                    edits,
                    pol,
                    old,
                    new,
                )
            else:
                edits = [Edit(path, a[:i] if i else MISSING)]
                self._add((*path, idx), "prefix-item-removed", a[i], MISSING, edits, pol, old, new)

    def _branches(
        self,
        key: str,
        a: list[Any],
        b: list[Any],
        op: tuple[str, ...],
        np: tuple[str, ...],
        pol: int,
        depth: int,
        old: dict[str, Any],
        new: dict[str, Any],
    ) -> None:
        sub = 0 if key == "oneOf" else pol
        path, stem = (*op, key), _BRANCHES[key]
        pairs, extra_old, extra_new = match_branches(a, b)
        for i, j in pairs:
            self.walk(a[i], b[j], (*path, str(i)), (*np, key, str(j)), sub, depth + 1)
        for j in extra_new:
            edits = [Edit(path, [*a, b[j]])]
            self._add((*np, key, str(j)), f"{stem}-added", MISSING, b[j], edits, pol, old, new, key)
        for i in extra_old:
            rest = [s for k, s in enumerate(a) if k != i]
            edits = [Edit(path, rest or MISSING)]
            self._add((*path, str(i)), f"{stem}-removed", a[i], MISSING, edits, pol, old, new, key)
