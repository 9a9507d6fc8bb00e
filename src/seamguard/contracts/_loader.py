"""Load a contracts tree: layout, JSON, dialects, metaschemas, local ``$ref`` s, examples.

The layout is read by ``_layout``, each file by ``_json``, each ``$ref`` judged by ``_refs``
and ``_cycles``, each seam schema by ``schema._satisfiable``.

Nothing outside the root is read and nothing is fetched: a ``$ref`` to http(s), to a
``file:`` URL or to a path outside the root is a problem, never a request.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

import referencing
import referencing.exceptions
import referencing.jsonschema

from seamguard._files import outside_target
from seamguard.contracts._cycles import unguarded_cycles
from seamguard.contracts._json import INVALID, Unreadable, read_schema_json
from seamguard.contracts._layout import CONTRACT_FILES, TreeReader
from seamguard.contracts._model import (
    INPUT_FILE,
    OUTPUT_FILE,
    Contract,
    ContractRegistry,
    Version,
)
from seamguard.contracts._refs import ref_problem
from seamguard.errors import ContractError
from seamguard.schema import (
    dialect_of,
    iter_subschemas,
    metaschema_errors,
    refs_outside_schemas,
    to_pointer,
    validator_class,
)
from seamguard.schema._document import SchemaDocument
from seamguard.schema._satisfiable import Satisfiability

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["load_contracts"]


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


class _Loader(TreeReader):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        # Documents that break their metaschema: kept out of the registry (their $ids may be
        # malformed) but known, so a $ref into one is not reported a second time.
        self._broken: dict[Path, SchemaDocument] = {}

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
                for name in CONTRACT_FILES:
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

    # -- documents -----------------------------------------------------------------------

    def _parse(self, files: list[Path]) -> dict[Path, SchemaDocument]:
        documents: dict[Path, SchemaDocument] = {}
        for path in files:
            contents = self._read_json(path)
            if contents is INVALID:
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
            return INVALID
        try:
            return read_schema_json(path, str(path.relative_to(self.root.parent)))
        except Unreadable as exc:
            self.report(path, exc.message, pointer=exc.pointer)
        return INVALID

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
                        message = ref_problem(
                            path, sub.base_uri, ref, resources, root=self.root, broken=self._broken
                        )
                        if message:
                            self.report(path, message, pointer=f"{sub.pointer}/{keyword}")
                # Inside an unknown keyword a $ref means nothing to a validator, but
                # jsonschema-rs inlines it too: one that leads nowhere is a problem here.
                for where, keyword, ref in refs_outside_schemas(sub.schema):
                    message = ref_problem(
                        path, sub.base_uri, ref, resources, root=self.root, broken=self._broken
                    )
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


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"
