"""Load a contracts tree: layout, JSON, dialects, metaschemas, local ``$ref`` s, examples.

Layout::

    <root>/<seam>/<MAJOR>.<MINOR>/input.schema.json
    <root>/<seam>/<MAJOR>.<MINOR>/output.schema.json
    <root>/_<anything>/**/*.json      shared definitions, reached by $ref
    <root>/*.json                     shared definitions too

Nothing outside the root is read and nothing is fetched: a ``$ref`` to http(s), to a
``file:`` URL or to a path outside the root is a problem, never a request.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import referencing
import referencing.exceptions
import referencing.jsonschema

from seamguard._files import outside_target
from seamguard.contracts._cycles import unguarded_cycles
from seamguard.contracts._model import (
    INPUT_FILE,
    OUTPUT_FILE,
    Contract,
    ContractRegistry,
    Problem,
    Version,
)
from seamguard.errors import ContractError, did_you_mean
from seamguard.schema import (
    dialect_of,
    iter_subschemas,
    metaschema_errors,
    refs_outside_schemas,
    to_pointer,
    validator_class,
)
from seamguard.schema._budget import check_document_budget
from seamguard.schema._document import SchemaDocument
from seamguard.schema._satisfiable import Satisfiability

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["load_contracts"]

_SEAM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$")
_CONTRACT_FILES = (INPUT_FILE, OUTPUT_FILE)


def load_contracts(root: str | Path) -> ContractRegistry:
    """Load every contract under ``root`` into an immutable registry.

    Problems inside the tree (a malformed schema, an unresolvable ``$ref``, a bad version
    folder) do not raise: they are collected in ``registry.problems`` for the
    ``contract-valid`` check, so one run reports all of them.

    Args:
        root: the contracts root directory.

    Raises:
        ContractError: the root is missing, not a directory, or holds no seam at all.

    Example::

        registry = load_contracts("contracts")
        registry.get("tasks.create").version      # Version(major=1, minor=1)
        [str(p.message) for p in registry.problems]
    """
    given = Path(root)
    if not given.exists():
        raise ContractError(
            f"contracts root {str(given)!r} does not exist; create it, or set 'contracts' in "
            "[tool.seamguard] to the folder that holds your <seam>/<MAJOR.MINOR>/ folders"
        )
    if not given.is_dir():
        raise ContractError(f"contracts root {str(given)!r} is not a directory")
    try:
        leads_to = outside_target(given, Path.cwd())
    except (OSError, RuntimeError):  # pragma: no cover - a loop is no directory
        leads_to = None
    if leads_to is not None:
        raise ContractError(
            f"contracts root {str(given)!r} is a symbolic link leading to {leads_to}, outside "
            "the working directory; refused (seamguard reads nothing outside it)"
        )
    return _Loader(given.resolve()).load()


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.owner: dict[Path, tuple[str, str]] = {}  # file -> (seam, version folder)
        self.outside: list[Path] = []  # links refused as leading out of the root
        # Documents that break their metaschema: kept out of the registry (their $ids may be
        # malformed) but known, so a $ref into one is not reported a second time.
        self._broken: dict[Path, SchemaDocument] = {}

    def report(self, path: Path, message: str, *, pointer: str = "") -> None:
        seam, version = self.owner.get(path, self._owner_of(path))
        self.problems.append(Problem(path, pointer, message, seam=seam, version=version))

    def _owner_of(self, path: Path) -> tuple[str, str]:
        parts = path.relative_to(self.root).parts
        if not parts:
            return "", ""
        if parts[0].startswith("_") or (len(parts) == 1 and not path.is_dir()):
            return parts[0], ""  # shared definitions: the folder (or root file) names them
        return parts[0], parts[1] if len(parts) > 1 else ""

    # -- layout --------------------------------------------------------------------------

    def load(self) -> ContractRegistry:
        seam_dirs, shared = self._scan_root()
        if not seam_dirs:
            raise ContractError(
                f"contracts root {str(self.root)!r} holds no seam folders; expected "
                f"<seam>/<MAJOR.MINOR>/{INPUT_FILE} and {OUTPUT_FILE} in it, e.g. "
                f"tasks.create/1.0/{INPUT_FILE}"
            )
        layout: dict[str, list[tuple[Version, Path]]] = {}
        for seam_dir in seam_dirs:
            layout[seam_dir.name] = self._scan_seam(seam_dir)
        files = list(shared)
        for versions in layout.values():
            for _, directory in versions:
                for name in _CONTRACT_FILES:
                    path = directory / name
                    if path.is_file() and path not in self.outside:
                        files.append(path)
        documents = self._parse(files)
        resources = self._register(documents)
        self._check_refs(documents, resources)
        contracts: dict[str, tuple[Contract, ...]] = {}
        for seam, versions in layout.items():
            loaded = []
            for version, directory in versions:
                input_doc = documents.get(directory / INPUT_FILE)
                output_doc = documents.get(directory / OUTPUT_FILE)
                if input_doc is None or output_doc is None:
                    continue
                loaded.append(Contract(seam, version, directory, input_doc, output_doc))
            contracts[seam] = tuple(loaded)
        bad = {p.path for p in self.problems}
        judge = Satisfiability(documents, resources, root=self.root)
        for loaded_versions in contracts.values():
            for contract in loaded_versions:
                for document in (contract.input, contract.output):
                    if document.path not in bad:
                        failed = len(self.problems)
                        self._check_examples(document, resources)
                        failed = len(self.problems) - failed
                        conflict = judge.conflict(document, failed_examples=failed)
                        if conflict is not None:
                            self.report(document.path, conflict[1], pointer=conflict[0])
        problems = sorted(
            self.problems, key=lambda p: (str(p.path.relative_to(self.root)), p.pointer)
        )
        return ContractRegistry(
            root=self.root,
            contracts=contracts,
            problems=tuple(problems),
            documents=documents,
            resources=resources,
            outside=tuple(self.outside),
        )

    def _scan_root(self) -> tuple[list[Path], list[Path]]:
        seam_dirs: list[Path] = []
        shared: list[Path] = []
        for entry in sorted(self.root.iterdir()):
            if entry.name.startswith(".") or not self._named(entry) or not self._inside(entry):
                continue
            if entry.is_dir() and entry.name.startswith("_"):
                shared.extend(self._json_files(entry))
            elif entry.is_dir():
                seam_dirs.append(entry)
            elif entry.suffix == ".json":
                shared.append(entry)
        return seam_dirs, shared

    def _json_files(self, directory: Path) -> Iterator[Path]:
        for path in sorted(directory.rglob("*.json")):
            relative = path.relative_to(directory).parts
            if any(part.startswith(".") for part in relative):
                continue
            if not self._named(path) or not self._inside(path):
                continue
            if path.is_file():
                yield path

    def _inside(self, path: Path) -> bool:
        """False (and a problem) for a path that leads out of the root: a symbolic link
        (to a file or a folder) whose target, every link followed, is not under the root.
        A link that stays inside the root is read like the file it leads to."""
        if path in self.outside:
            return False
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a link loop: nothing to read either way
            target = None
        if target is None or not target.is_relative_to(self.root):
            self.outside.append(path)
            self.report(
                path,
                f"is a symbolic link to {target or 'itself (a loop)'}, outside the contracts "
                "root; refused (seamguard reads nothing outside it) — copy the file in instead",
            )
            return False
        return True

    def _named(self, path: Path) -> bool:
        """False (and a problem on the folder that holds it) for a name that is not UTF-8:
        no message naming it could be printed, on a terminal or in a report."""
        if _utf8(str(path)):
            return True
        folder = path.parent
        while folder != self.root and not _utf8(str(folder)):
            folder = folder.parent
        if not _utf8(str(folder)):
            return True  # the root's own name: not the tree's to judge
        raw = os.fsencode(path.relative_to(folder))
        self.report(folder, f"holds {raw!r}, whose name is not UTF-8; rename it (it is skipped)")
        return False

    def _scan_seam(self, seam_dir: Path) -> list[tuple[Version, Path]]:
        if not _SEAM_NAME.match(seam_dir.name):
            self.report(
                seam_dir,
                f"seam folder name '{seam_dir.name}' is not a seam name such as "
                "'tasks.create' (letters, digits, '_' and '-', parts joined by '.')",
            )
        versions: list[tuple[Version, Path]] = []
        for entry in sorted(seam_dir.iterdir()):
            if entry.name.startswith(".") or not self._named(entry) or not self._inside(entry):
                continue
            if entry.is_file():
                if entry.suffix == ".json":
                    self.report(
                        entry,
                        f"schema files belong in a version folder, e.g. "
                        f"{seam_dir.name}/1.0/{entry.name}",
                    )
                continue
            version = Version.parse(entry.name)
            if version is None:
                self.report(
                    entry,
                    f"version folder name '{entry.name}' is not MAJOR.MINOR "
                    "(whole numbers without leading zeros, e.g. '1.0' or '2.13'); rename it",
                )
                continue
            self._check_version_folder(entry)
            versions.append((version, entry))
        if not versions:
            self.report(
                seam_dir,
                f"seam '{seam_dir.name}' has no version folder; add "
                f"{seam_dir.name}/1.0/{INPUT_FILE} and {OUTPUT_FILE}",
            )
        versions.sort()
        return versions

    def _check_version_folder(self, directory: Path) -> None:
        seam = directory.parent.name
        self.owner[directory] = (seam, directory.name)
        for entry in sorted(directory.iterdir()):
            if entry.name.startswith(".") or entry.name in _CONTRACT_FILES:
                continue
            if not self._named(entry):
                continue
            if entry.suffix == ".json" or entry.is_dir():
                self.owner[entry] = (seam, directory.name)
                self.report(
                    entry,
                    f"unexpected {'folder' if entry.is_dir() else 'file'} '{entry.name}' in a "
                    f"version folder{did_you_mean(entry.name, _CONTRACT_FILES)} (a version "
                    f"holds {INPUT_FILE} and {OUTPUT_FILE}; shared definitions go in a "
                    "folder whose name starts with '_' at the root)",
                )
        for name in _CONTRACT_FILES:
            path = directory / name
            self.owner[path] = (seam, directory.name)
            if not self._inside(path):
                continue
            if not path.is_file():
                self.report(path, "is missing; every version folder needs it")

    # -- documents -----------------------------------------------------------------------

    def _parse(self, files: list[Path]) -> dict[Path, SchemaDocument]:
        documents: dict[Path, SchemaDocument] = {}
        for path in files:
            contents = self._read_json(path)
            if contents is _INVALID:
                continue
            if not isinstance(contents, (dict, bool)):
                self.report(
                    path,
                    f"a schema must be a JSON object or a boolean, not {_json_type(contents)}",
                )
                continue
            dialect, reason = dialect_of(contents)
            if dialect is None:
                self.report(path, reason or "unsupported $schema", pointer="/$schema")
                continue
            failed = False
            for pointer, message in metaschema_errors(contents, dialect):
                self.report(path, message, pointer=pointer)
                failed = True
            uri = path.as_uri()
            declared = contents.get("$id") if isinstance(contents, dict) else None
            if isinstance(declared, str) and declared:
                uri = urldefrag(urljoin(uri, declared)).url
            document = SchemaDocument(path=path, uri=uri, dialect=dialect, contents=contents)
            documents[path] = document
            if failed:
                self._broken[path] = document
        return documents

    def _read_json(self, path: Path) -> Any:
        if not self._inside(path):  # every file read, whatever found it: inside the root
            return _INVALID
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.report(path, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
            return _INVALID
        except OSError as exc:
            self.report(path, f"cannot be read: {exc.strerror}")
            return _INVALID
        try:
            contents = json.loads(
                text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants
            )
        except json.JSONDecodeError as exc:
            self.report(
                path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            )
        except ValueError as exc:
            self.report(path, f"is not valid JSON: {exc}")
        except RecursionError:
            self.report(path, f"is nested too deeply to read; {_DEPTH_RULE}")
        else:
            check_document_budget(contents, str(path.relative_to(self.root.parent)))  # exit 2
            flaw = _flaw(contents)
            if flaw is None:
                return contents
            self.report(path, flaw[1], pointer=flaw[0])
        return _INVALID

    def _register(self, documents: Mapping[Path, SchemaDocument]) -> referencing.Registry[Any]:
        pairs: list[tuple[str, referencing.Resource[Any]]] = []
        claimed: dict[str, Path] = {}
        for path, document in documents.items():
            if path in self._broken:
                continue
            spec = referencing.jsonschema.specification_with(document.dialect)
            resource = spec.create_resource(document.contents)
            uris = {path.as_uri(), document.uri}
            for uri in sorted(uris):
                if uri in claimed and claimed[uri] != path:
                    self.report(
                        path,
                        f"'$id' {uri!r} is also the $id of {self._show(claimed[uri])}; "
                        "each schema needs its own",
                        pointer="/$id",
                    )
                    continue
                claimed[uri] = path
                pairs.append((uri, resource))
        # A Registry without a retrieve hook answers an unknown URI with Unresolvable: nothing
        # is ever fetched, which is the rule for contracts.
        registry: referencing.Registry[Any] = referencing.Registry()
        return registry.with_resources(pairs).crawl()

    # -- $ref ----------------------------------------------------------------------------

    def _check_refs(
        self, documents: Mapping[Path, SchemaDocument], resources: referencing.Registry[Any]
    ) -> None:
        for path, document in documents.items():
            if path in self._broken:
                continue
            for sub in iter_subschemas(document.contents, base_uri=document.uri):
                for keyword in ("$ref", "$dynamicRef"):
                    ref = sub.schema.get(keyword)
                    if isinstance(ref, str):
                        message = self._ref_problem(path, sub.base_uri, ref, resources)
                        if message:
                            self.report(path, message, pointer=f"{sub.pointer}/{keyword}")
                # Inside an unknown keyword a $ref means nothing to a validator, but
                # jsonschema-rs inlines it too: one that leads nowhere is a problem here.
                for where, keyword, ref in refs_outside_schemas(sub.schema):
                    message = self._ref_problem(path, sub.base_uri, ref, resources)
                    if message:
                        self.report(path, message, pointer=f"{sub.pointer}{where}/{keyword}")
        self._check_cycles(documents, resources)

    def _check_cycles(
        self, documents: Mapping[Path, SchemaDocument], resources: referencing.Registry[Any]
    ) -> None:
        where: dict[int, tuple[Path, str]] = {}
        schemas: list[tuple[Path, str, str, Any]] = []
        for path, document in documents.items():
            if path in self._broken:
                continue
            for sub in iter_subschemas(document.contents, base_uri=document.uri):
                where[id(sub.schema)] = (path, sub.pointer)
                schemas.append((path, sub.pointer, sub.base_uri, sub.schema))
        for path, pointer, steps in unguarded_cycles(iter(schemas), resources, where):
            self.report(
                path,
                f"$ref cycle with no base case: {' -> '.join(steps)} judges a value against "
                "itself again without ever stepping into it (jsonschema recurses until it "
                "fails, jsonschema-rs accepts anything); put a keyword that steps into the "
                "value (properties, items) on the way, or end the chain",
                pointer=pointer,
            )

    def _ref_problem(
        self, path: Path, base_uri: str, ref: str, resources: referencing.Registry[Any]
    ) -> str | None:
        target, _ = urldefrag(ref)
        if "\x00" in unquote(target):
            return f"$ref {ref!r} holds a NUL character, which no file name or URI can hold"
        scheme = urlsplit(target).scheme.lower()
        if target and not scheme:
            on_disk = (path.parent / unquote(target)).resolve()
            if not on_disk.is_relative_to(self.root):
                return (
                    f"$ref {ref!r} leads to {on_disk}, outside the contracts root "
                    f"{self.root}; refused (nothing outside the root is read) — move the "
                    "definition into the tree, e.g. under _shared/"
                )
            if on_disk in self._broken:
                return None  # reported where it is broken
        if scheme == "file":
            on_disk = Path(unquote(urlsplit(target).path)).resolve()
            if not on_disk.is_relative_to(self.root):
                return (
                    f"$ref {ref!r} points outside the contracts root {self.root}; refused "
                    "(nothing outside the root is read)"
                )
        try:
            resources.resolver(base_uri=base_uri).lookup(ref)
        except referencing.exceptions.Unresolvable as exc:
            full = urljoin(base_uri, ref)
            remote = scheme in ("http", "https") or urlsplit(full).scheme in ("http", "https")
            if remote and urldefrag(full).url not in resources:
                return (
                    f"$ref {ref!r} resolves to {full}, which is not the $id of any schema "
                    "in the contracts tree; remote $refs are refused, never fetched — "
                    "copy the schema into the tree (e.g. under _shared/) and refer to it "
                    "by a relative path"
                )
            return f"$ref {ref!r} does not resolve: {_unresolvable(exc, full)}"
        return None

    # -- examples ------------------------------------------------------------------------

    def _check_examples(
        self, document: SchemaDocument, resources: referencing.Registry[Any]
    ) -> None:
        contents = document.contents
        if not isinstance(contents, dict) or not isinstance(contents.get("examples"), list):
            return
        cls = validator_class(document.dialect)
        validator = cls(
            document.for_validation(), registry=resources, format_checker=cls.FORMAT_CHECKER
        )
        for index, example in enumerate(contents["examples"]):
            for error in validator.iter_errors(example):
                where = to_pointer(list(error.absolute_path)) or "the whole example"
                self.report(
                    document.path,
                    f"example {index} does not satisfy its own schema: {error.message} "
                    f"(at {where})",
                    pointer=f"/examples/{index}",
                )
                break

    def _show(self, path: Path) -> str:
        return str(path.relative_to(self.root))


class _Invalid:
    """Marks a file that did not parse (``None`` is valid JSON)."""


_INVALID: Any = _Invalid()


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


# Validators, jsonschema-rs (which refuses Python values nested 255 deep) and the subschema
# engine all recurse: a limit where the file is read keeps them inside their stacks.
MAX_DEPTH = 64
_DEPTH_RULE = f"seamguard reads schemas nested up to {MAX_DEPTH} objects and arrays deep"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _flaw(document: Any) -> tuple[str, str] | None:
    """The first place (pointer, message) where a parsed document is nested deeper than
    ``MAX_DEPTH`` or holds a lone surrogate (a ``\\ud800`` escape without its pair: not
    Unicode text, RFC 8259 §8.2, and no validator can encode it); ``None`` when none."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            lone = _LONE_SURROGATE.search(value)
            if lone is not None:
                return to_pointer(path), _lone(lone.group(), "holds")
            continue
        if not isinstance(value, (dict, list)):
            continue
        if len(path) >= MAX_DEPTH:
            return to_pointer(path), f"is nested more than {MAX_DEPTH} levels deep; {_DEPTH_RULE}"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            lone = _LONE_SURROGATE.search(key) if isinstance(key, str) else None
            if lone is not None:
                return to_pointer(path), _lone(lone.group(), "has a member name with")
            stack.append((item, (*path, key)))
    return None


def _lone(char: str, what: str) -> str:
    return (
        f"{what} a lone surrogate (\\u{ord(char):04x}), which is not Unicode text; write "
        "the character itself, or a valid \\uD8xx\\uDCxx pair"
    )


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a byte the file system decoded as a lone surrogate
        return False
    return True


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"


def _unresolvable(exc: referencing.exceptions.Unresolvable, full: str) -> str:
    if isinstance(exc, referencing.exceptions.PointerToNowhere):
        return f"the document has nothing at '{exc.ref}'"
    if isinstance(exc, referencing.exceptions.NoSuchAnchor):
        return f"no anchor '{exc.anchor}' in the document"
    return f"{full} is neither a file in the contracts tree nor the $id of one"
