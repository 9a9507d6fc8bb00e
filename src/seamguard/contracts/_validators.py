"""Compiled, format-asserting validators for the contracts of a tree, built once and reused.

jsonschema-rs decides (about 100x faster than jsonschema on the hot path: every generated
example and every crossing); when it says "invalid", jsonschema (the reference
implementation) writes the message, with `pattern` run by jsonschema-rs's ECMAScript-style
regex engine rather than Python's `re` (which lets `$` match before a final newline and
backtracks without bound). Where the two still differ, jsonschema-rs's verdict stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

import jsonschema_rs
import referencing

from seamguard.schema._budget import check_inline_budget
from seamguard.schema._bundle import bundle
from seamguard.schema._dialects import DRAFT7, DRAFT202012, validator_class
from seamguard.schema._inline import data_apart, data_back, merge_lone_conjuncts, refs_apart
from seamguard.schema._keywords import to_pointer
from seamguard.schema._normalize import to_draft_2020

if TYPE_CHECKING:
    from pathlib import Path

    from jsonschema.protocols import Validator

    from seamguard.contracts._model import ContractRegistry
    from seamguard.schema._document import SchemaDocument

__all__ = ["CompiledSchema", "Validators"]


class CompiledSchema:
    """One schema document, compiled for both implementations."""

    __slots__ = ("_fast", "_reference", "document")

    def __init__(self, document: SchemaDocument, fast: Any, reference: Validator) -> None:
        self.document = document
        self._fast = fast
        self._reference = reference

    def is_valid(self, instance: Any) -> bool:
        """Whether ``instance`` satisfies the schema (formats asserted)."""
        return bool(self._fast.is_valid(instance))

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        """``(JSON pointer into the instance, message)`` for each way it breaks the schema."""
        found = sorted(
            self._reference.iter_errors(instance),
            key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path]),
        )
        if found:
            return [(to_pointer(list(e.absolute_path)), e.message) for e in found]
        # The reference validators run `pattern` with jsonschema-rs's regex engine too
        # (schema._dialects), so the two agree on regexes; where they still differ (a format
        # checker, a $ref cycle), jsonschema-rs's verdict stands, with its own message.
        return [
            (to_pointer(list(e.instance_path)), e.message) for e in self._fast.iter_errors(instance)
        ]

    def mismatches(self, instance: Any) -> str:
        """The kind of every way ``instance`` breaks the schema, as a failure id takes it:
        ``keyword at /pointer`` each, sorted, without the values; empty when it holds.

        Every error counts, not the first: which error comes first may differ from one
        process to another (jsonschema-rs' order follows what the process compiled before).
        """
        if self.is_valid(instance):
            return ""
        kinds = {
            f"{e.validator} at {to_pointer(list(e.absolute_path)) or '/'}"
            for e in self._reference.iter_errors(instance)
        } or {
            f"{e.schema_path[-1] if e.schema_path else type(e.kind).__name__} at "
            f"{to_pointer(list(e.instance_path)) or '/'}"
            for e in self._fast.iter_errors(instance)
        }
        return "; ".join(sorted(kinds))

    def explain(self, instance: Any) -> str | None:
        """The first error as ``at /pointer: message``; ``None`` when valid."""
        if self.is_valid(instance):
            return None
        errors = self.errors(instance)
        pointer, message = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"at {pointer or '/'}: {message}{more}"


class Validators:
    """The compiled validators of one contracts tree, each built on first use."""

    def __init__(self, registry: ContractRegistry) -> None:
        self._registry = registry
        self._compiled: dict[str, CompiledSchema] = {}
        self._dereferenced: dict[str, Any] = {}  # read-only to callers
        self._bundled: dict[str, Any] = {}  # read-only to callers
        resources: list[tuple[str, Any]] = []
        self._dialects: dict[str, str] = {}
        self._left_out = _left_out(registry)
        for path, document in registry.documents.items():
            if path in self._left_out:
                continue
            for uri in dict.fromkeys((path.as_uri(), document.uri)):
                resources.append((uri, document.contents))
                self._dialects[uri] = document.dialect
        self._fast_registry = jsonschema_rs.Registry(resources) if resources else None
        self._resources = resources
        self._by_uri: dict[str, tuple[str, Any]] = {}
        for uri, contents in resources:
            self._by_uri.setdefault(uri, (uri, contents))
        self._shown: dict[str, str] = {}
        for path, document in registry.documents.items():
            for uri in (path.as_uri(), document.uri):
                self._shown.setdefault(uri, _show(path, registry.root))
        self._small: dict[tuple[frozenset[str], bool], Any] = {}
        self._data: dict[str, Any] = {}  # data_apart's tokens, shared by every "apart" registry

    def usable(self, document: SchemaDocument) -> bool:
        """Whether these validators hold ``document``: not when it has a problem, nor when a
        document its ``$ref`` s reach has one (``dereference`` and ``of`` would fail)."""
        return document.path not in self._left_out

    def _fast_registry_for(self, document: SchemaDocument, *, apart: bool = False) -> Any:
        """The jsonschema-rs registry of just the documents ``document`` reaches by ``$ref``.

        jsonschema-rs' ``dereference`` and ``validator_for`` cost time in proportion to the
        size of the registry they are given (0.13 ms per call with 3,000 documents, 0.005 ms
        with none), so a tree of many seams hands each document only what it needs. Where the
        walk is not sure of a target (a nested ``$id`` moves the base URI, a ``$ref`` names a
        document it cannot find), the whole tree's registry is used, as before.
        """
        reached: set[str] = set()
        pending = [(document.uri, document.contents)]
        while pending:
            base, contents = pending.pop()
            for ref in _refs(contents):
                if ref is None:
                    return self._whole_registry(apart)
                target = urldefrag(urljoin(base, ref)).url
                if not target or target == urldefrag(base).url:
                    continue
                found = self._by_uri.get(target)
                if found is None:
                    return self._whole_registry(apart)
                if target not in reached:
                    reached.add(target)
                    pending.append(found)
        if not reached:
            return None
        key = (frozenset(reached), apart)
        if key not in self._small:
            chosen = [(uri, contents) for uri, contents in self._resources if uri in key[0]]
            self._small[key] = jsonschema_rs.Registry(
                [(uri, self._apart(uri, contents)) for uri, contents in chosen] if apart else chosen
            )
        return self._small[key]

    def _whole_registry(self, apart: bool) -> Any:
        if not apart or not self._resources:
            return self._fast_registry
        key: tuple[frozenset[str], bool] = (frozenset(), True)
        if key not in self._small:
            self._small[key] = jsonschema_rs.Registry(
                [(uri, self._apart(uri, contents)) for uri, contents in self._resources]
            )
        return self._small[key]

    def _apart(self, uri: str, contents: Any) -> Any:
        """A resource read as Draft 2020-12 with its ``$ref`` siblings kept apart
        (``schema._inline``), ready for jsonschema-rs to inline."""
        apart = refs_apart(to_draft_2020(contents, self._dialects.get(uri, DRAFT202012)))
        return data_apart(apart, self._data)

    def dereference(self, document: SchemaDocument) -> Any:
        """The document with every ``$ref`` inlined (a recursive one stays a local ``$ref``),
        written as Draft 2020-12 (a Draft 7 document is rewritten: ``to_draft_2020``).

        Built once per document; the result is shared, so callers must not change it.

        Raises:
            InlineBudgetError: inlining would add more than ``INLINE_BUDGET`` schema objects
                (``schema._budget``); the message names the file and the JSON pointer.
        """
        key = str(document.path)
        if key not in self._dereferenced:
            check_inline_budget(
                document.for_validation(),
                document.uri,
                _show(document.path, self._registry.root),
                self._lookup,
            )
            # Read as Draft 2020-12 first, with each $ref apart from its siblings (jsonschema-rs
            # lets a $ref's target overwrite them when it inlines) and data holding a "$ref"
            # key out of its reach (it would inline that too).
            apart = refs_apart(to_draft_2020(document.for_validation(), document.dialect))
            inlined = jsonschema_rs.dereference(
                data_apart(apart, self._data),
                registry=self._fast_registry_for(document, apart=True),
                offline=True,
            )
            if _has_ref(inlined):
                # A recursive $ref stays as written, and its pointer may now lead elsewhere
                # (into another file's definitions, under a nested $id that moved): inline
                # the self-contained bundle instead, whose recursive $refs stay "#/$defs/...".
                inlined = jsonschema_rs.dereference(
                    data_apart(refs_apart(self.bundled(document)), self._data), offline=True
                )
            self._dereferenced[key] = merge_lone_conjuncts(data_back(inlined, self._data))
        return self._dereferenced[key]

    def bundled(self, document: SchemaDocument) -> Any:
        """The document and every schema its ``$ref`` s reach, as one self-contained Draft
        2020-12 document (``schema._bundle``): each target once in ``$defs``, each ``$ref``
        a ``#/$defs/`` pointer. Built once; the result is shared, so callers must not change it.

        Raises:
            UnresolvableRef: a ``$ref`` leads nowhere (the loader reports those first).
        """
        key = str(document.path)
        if key not in self._bundled:
            self._bundled[key] = bundle(
                document.contents,
                base_uri=document.uri,
                dialect=document.dialect,
                registry=self._registry.resources,
                dialects=self._dialects,
            )
        return self._bundled[key]

    def _lookup(self, uri: str) -> tuple[Any, str] | None:
        found = self._by_uri.get(uri)
        if found is None:
            return None
        return found[1], self._shown.get(uri, uri)

    def of(self, document: SchemaDocument) -> CompiledSchema:
        """The compiled validator of one document of the tree."""
        key = str(document.path)
        compiled = self._compiled.get(key)
        if compiled is None:
            schema = document.for_validation()
            fast = jsonschema_rs.validator_for(
                schema,
                registry=self._fast_registry_for(document),
                validate_formats=True,
                offline=True,
                # Draft 7 ignores the $id beside a $ref at the root: the base named outright.
                base_uri=document.uri,
            )
            cls = validator_class(document.dialect)
            resources = self._registry.resources or referencing.Registry()
            root = document.contents
            if document.dialect == DRAFT7 and isinstance(root, Mapping) and "$ref" in root:
                # Draft 7 ignores the $id beside a root $ref, so a relative one had no base:
                # the document is reached by its URI instead, from the registry.
                schema = {"$ref": document.uri} if document.uri in resources else schema
            reference = cls(schema, registry=resources, format_checker=cls.FORMAT_CHECKER)
            compiled = CompiledSchema(document, fast, reference)
            self._compiled[key] = compiled
        return compiled


def _show(path: Path, root: Path) -> str:
    """``path`` as the messages name it: relative to the contracts root's parent."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _left_out(registry: ContractRegistry) -> set[Any]:
    """The paths of the documents kept out of the validators: those with a problem, and those
    whose ``$ref`` s reach one (jsonschema-rs resolves every ``$ref`` of a registry as it
    builds it, and one that leads to a document it was not given fails the whole registry)."""
    left_out = {p.path for p in registry.problems if p.path in registry.documents}
    uris = {p: {p.as_uri(), d.uri} for p, d in registry.documents.items()}
    gone = {uri for path in left_out for uri in uris[path]}
    grew = bool(gone)
    while grew:
        grew = False
        for path, document in registry.documents.items():
            if path in left_out:
                continue
            targets = {
                urldefrag(urljoin(document.uri, ref)).url
                for ref in _refs(document.contents)
                if ref is not None
            }
            if targets & gone:
                left_out.add(path)
                gone |= uris[path]
                grew = True
    return left_out


def _has_ref(node: Any) -> bool:
    """Whether a ``$ref`` is left anywhere in ``node`` (a dereferenced schema)."""
    if isinstance(node, Mapping):
        return isinstance(node.get("$ref"), str) or any(_has_ref(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_ref(v) for v in node)
    return False


def _refs(node: Any, *, top: bool = True) -> list[str | None]:
    """Every ``$ref`` and ``$dynamicRef`` below ``node``; None for one the walk cannot place
    (a nested ``$id`` changes the base URI it resolves against)."""
    found: list[str | None] = []
    if isinstance(node, Mapping):
        if not top and isinstance(node.get("$id"), str):
            return [None]
        for key in ("$ref", "$dynamicRef"):
            ref = node.get(key)
            if isinstance(ref, str):
                found.append(ref)
        for value in node.values():
            if isinstance(value, (Mapping, list)):
                found.extend(_refs(value, top=False))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value, top=False))
    return found
