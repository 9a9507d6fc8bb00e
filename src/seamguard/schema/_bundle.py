"""A schema and every schema its ``$ref`` s reach, as one self-contained Draft 2020-12 document.

jsonschema-rs's ``dereference`` inlines each ``$ref`` but leaves a recursive one as it was
written, and the pointer then means something else: ``#/definitions/org`` from a shared
file points into the seam's own document, and ``#`` under a nested ``$id`` points at the
root once the ``$id`` is gone. A bundle has no such pointer. Each target a ``$ref`` or
``$dynamicRef`` reaches is copied once into the root's ``$defs`` under a name of its own
(``org``, ``org-2``), every reference becomes ``#/$defs/<name>``, and ``$id``, ``$schema``,
anchors and the old ``definitions`` / ``$defs`` go (what they held is reachable only
through the references, which now lead to the copies). Draft 7 objects are read through
``_normalize.draft7_keywords``, the one Draft 7 rewrite. References are resolved by
referencing (the library jsonschema resolves with), so anchors, nested ``$id`` s and other
files of the tree resolve as a validator resolves them. A ``$dynamicRef`` is bundled as
the static ``$ref`` to its initial target, which is what it means unless a schema that
refers to this one extends it (no contract in a tree of seams does).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

import referencing
import referencing.jsonschema
from referencing.exceptions import Unresolvable

from seamguard.errors import SeamguardError
from seamguard.schema._dialects import DRAFT7, DRAFT202012, dialect_of
from seamguard.schema._keywords import ONE_SCHEMA_2020, SCHEMA_ARRAYS_2020, SCHEMA_MAPS_2020
from seamguard.schema._normalize import draft7_keywords

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["UnresolvableRef", "bundle"]

_STANDALONE = "https://seamguard.invalid/schema.json"
"""The base URI of a schema bundled on its own (no file, no ``$id``)."""
_DROPPED = frozenset({"$id", "$schema", "$anchor", "$dynamicAnchor", "$defs", "definitions"})
_REFS = ("$ref", "$dynamicRef")
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class UnresolvableRef(SeamguardError):
    """A ``$ref`` the bundle cannot follow, at ``pointer`` in the document at ``uri``."""

    def __init__(self, uri: str, pointer: str, ref: str) -> None:
        super().__init__(f"the $ref {ref!r} at {pointer or '/'} resolves to no schema")
        self.uri = uri
        self.pointer = pointer
        self.ref = ref


def bundle(
    schema: Any,
    *,
    base_uri: str = "",
    dialect: str = DRAFT202012,
    registry: referencing.Registry[Any] | None = None,
    dialects: Mapping[str, str] | None = None,
    refs_to: str = "#/$defs/",
) -> Any:
    """``schema`` with every schema its references reach, self-contained (see the module).

    Args:
        schema: the schema, as written (Draft 7 or 2020-12).
        base_uri: the URI it was read from (its file's, or its ``$id``).
        dialect: the draft it is written in.
        registry: the other documents its references may reach (the contracts tree's).
        dialects: the draft of each document of ``registry`` by URI (default: ``dialect``).
        refs_to: what each ``$ref`` becomes before the target's name (the place the caller
            moves ``$defs`` to: ``#/components/schemas/`` in an OpenAPI document).

    Raises:
        UnresolvableRef: a reference leads nowhere; the error names its file and pointer.
    """
    if not isinstance(schema, dict):
        return schema
    base = base_uri or _STANDALONE
    declared = schema.get("$id")
    if isinstance(declared, str) and not declared.startswith("#"):
        base = urldefrag(urljoin(base, declared)).url
    resource = referencing.jsonschema.specification_with(dialect).create_resource(schema)
    known = (registry or referencing.Registry()).with_resource(base, resource).crawl()
    bundler = _Bundler(known, {**(dialects or {}), base: dialect}, refs_to)
    root = bundler.node(schema, (base, base), dialect, "", top=True)
    if bundler.defs:
        root["$defs"] = bundler.defs
    root["$schema"] = DRAFT202012
    return root


class _Bundler:
    def __init__(
        self, registry: referencing.Registry[Any], dialects: Mapping[str, str], refs_to: str
    ) -> None:
        self.registry = registry
        self.dialects = dialects
        self.refs_to = refs_to
        self.defs: dict[str, Any] = {}
        self.names: dict[int, str] = {}  # id() of a target's contents: its name in $defs
        self.kept: list[Any] = []  # the targets, alive while their id() names them

    def node(
        self, node: Any, where: tuple[str, str], dialect: str, pointer: str, *, top: bool
    ) -> Any:
        """One schema object rewritten, and the schemas below it. ``where``: the base URI
        its references resolve against, and the document ``pointer`` is a pointer into."""
        if not isinstance(node, dict):
            return node
        base, document = where
        if isinstance(node.get("$schema"), str):
            dialect = dialect_of(node)[0] or dialect
        declared = node.get("$id")
        if not top and isinstance(declared, str) and not declared.startswith("#"):
            base = urljoin(base, declared)
        where = (base, document)
        own, moved = draft7_keywords(node) if dialect == DRAFT7 else (node, {})
        out: dict[str, Any] = {}
        for key, value in own.items():
            at = f"{pointer}/{_escape(moved.get(key, key))}"
            if key in _REFS and isinstance(value, str):
                out["$ref"] = self.refs_to + self.target(value, base, dialect, (document, at))
            elif key in _DROPPED:
                continue
            elif key in ONE_SCHEMA_2020:
                out[key] = self.node(value, where, dialect, at, top=False)
            elif key in SCHEMA_ARRAYS_2020 and isinstance(value, list):
                out[key] = [
                    self.node(v, where, dialect, f"{at}/{i}", top=False)
                    for i, v in enumerate(value)
                ]
            elif key in SCHEMA_MAPS_2020 and isinstance(value, dict):
                out[key] = {
                    name: self.node(v, where, dialect, f"{at}/{_escape(name)}", top=False)
                    for name, v in value.items()
                }
            else:
                out[key] = value
        return out

    def target(self, ref: str, base: str, dialect: str, at: tuple[str, str]) -> str:
        """The name in ``$defs`` of what ``ref`` (read at ``base``, written at ``at``:
        a document and a pointer) reaches, bundled once."""
        try:
            contents = self.registry.resolver(base).lookup(ref).contents
        except Unresolvable:
            raise UnresolvableRef(*at, ref) from None
        name = self.names.get(id(contents))
        if name is not None:
            return name
        # referencing's Resolver.lookup splits a reference the same way.
        uri, fragment = (base, ref[1:]) if ref.startswith("#") else urldefrag(urljoin(base, ref))
        name = self._fresh(fragment.rsplit("/", 1)[-1] or uri.rsplit("/", 1)[-1])
        self.names[id(contents)] = name
        self.kept.append(contents)
        # The target's base: its resource's, moved by each $id on the pointer's way (its own
        # included, so it is not applied again: top).
        target_base = _base_along(self.registry, uri, fragment) if fragment[:1] == "/" else uri
        pointer = fragment if fragment[:1] == "/" else ""
        self.defs[name] = self.node(
            contents, (target_base, uri), self.dialects.get(uri, dialect), pointer, top=True
        )
        return name

    def _fresh(self, hint: str) -> str:
        stem = _NAME.sub("_", unquote(hint)).strip("._-") or "schema"
        name, count = stem, 1
        while name in self.defs or name in self.names.values():
            count += 1
            name = f"{stem}-{count}"
        self.defs.setdefault(name, {})  # reserved while the target is being rewritten
        return name


def _base_along(registry: referencing.Registry[Any], uri: str, fragment: str) -> str:
    """The base URI at the end of a JSON pointer into the document at ``uri``: each
    ``$id`` met on the way moves it (the target's own ``$id`` too)."""
    node: Any = registry.contents(uri)
    base = uri
    for part in unquote(fragment[1:]).split("/"):
        step = part.replace("~1", "/").replace("~0", "~")
        node = node[int(step)] if isinstance(node, list) else node[step]
        declared = node.get("$id") if isinstance(node, dict) else None
        if isinstance(declared, str) and not declared.startswith("#"):
            base = urljoin(base, declared)
    return base


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
