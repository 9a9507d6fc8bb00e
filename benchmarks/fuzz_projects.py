"""Hypothesis strategies for seamguard's self-fuzz: project folders, valid and corrupted.

A :class:`Case` is plain data (file paths and bytes, folders, links, a command line), so
Hypothesis can shrink it and a crash prints as something to reproduce. :func:`cases` draws
one: a contracts tree (:func:`contracts_trees`; for ``diff`` a second one, mostly derived from
the first by :func:`derived_trees`), a configuration (:func:`config_files`) and, for
``check``, a small module of plain logic functions. Each tree and each configuration draws
its own corruption rate, so some examples are entirely valid and get to the deep checks
(compatibility, satisfiability, the logic side) while others are full of faults.

Every module path a configuration may name is in this file (``sgfuzz_*``), or names no
module at all: ``check`` imports and calls what the configuration names.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

__all__ = [
    "Case",
    "cases",
    "config_files",
    "contracts_trees",
    "derived_trees",
    "schema_files",
    "write_project",
]


@dataclass(frozen=True, slots=True)
class Case:
    """One CLI run on one generated project folder."""

    command: str
    """``lint``, ``check`` or ``diff``."""
    files: tuple[tuple[str, bytes], ...]
    """Project-relative path and contents of every file."""
    args: tuple[str, ...] = ()
    """The arguments after the command name."""
    dirs: tuple[str, ...] = ()
    """Folders to create even when empty."""
    links: tuple[tuple[str, str], ...] = ()
    """Symbolic links: project-relative path and target."""

    def argv(self) -> list[str]:
        """The command line after ``seamguard``."""
        return [self.command, *self.args]

    def describe(self, *, limit: int = 400) -> str:
        """The project and the command, to read and to reproduce."""
        lines = []
        if self.dirs:
            lines.append("  folders: " + ", ".join(repr(d) for d in sorted(self.dirs)))
        for path, target in self.links:
            lines.append(f"  link {path!r} -> {target!r}")
        for path, contents in self.files:
            shown = repr(contents) if len(contents) <= limit else repr(contents[:limit]) + "..."
            lines.append(f"  {path!r} ({len(contents)} bytes): {shown}")
        lines.append("  run: seamguard " + " ".join(_quote(a) for a in self.argv()))
        return "\n".join(lines)


def _quote(arg: str) -> str:
    return arg if arg and all(c.isalnum() or c in "-_./=" for c in arg) else repr(arg)


def write_project(case: Case, folder: Path) -> None:
    """Create the case's folders, files and links under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for directory in case.dirs:
        with contextlib.suppress(OSError):  # a name a file took, or too long for the disk
            (folder / directory).mkdir(parents=True, exist_ok=True)
    for path, contents in case.files:
        with contextlib.suppress(OSError):
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(contents)
    for path, target in case.links:
        with contextlib.suppress(OSError):
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).symlink_to(target)


def _percent(draw: st.DrawFn, chance: int) -> bool:
    return chance > 0 and draw(st.integers(1, 100)) > 100 - chance


# -- JSON Schema documents ----------------------------------------------------------------

DRAFT202012 = "https://json-schema.org/draft/2020-12/schema"
DRAFT7 = "http://json-schema.org/draft-07/schema#"

# The data tables are kept one idea a line, not one item a line.
# fmt: off
SCHEMA_URIS: list[Any] = [
    DRAFT202012, DRAFT7, "http://json-schema.org/draft-07/schema",
    "https://json-schema.org/draft/2020-12/schema#", "https://json-schema.org/draft/2019-09/schema",
    "http://json-schema.org/draft-04/schema#", "http://example.com/my-dialect",
    "HTTPS://JSON-SCHEMA.ORG/DRAFT/2020-12/SCHEMA", "", 5, None, ["x"],
]
# The hostile alphabet (a pull request chooses names): forged workflow commands (the runner
# reads '::' after leading whitespace, and '##[' anywhere), Markdown, ANSI escapes.
HOSTILE_STRINGS = [
    "a\n::add-mask::seamguard\n", " ::error::forged", "x ##[warning]y", "`|<img src=x>@octocat #1",
    "\n## heading\n<details>", "\x1b[31mred", "\r\n", "\u202eevil", "\ud800::",
]
PROPERTY_NAMES = [
    "name", "id", "title", "a", "b", "ünï", "\U0001f600", "", "a/b", "~0", "\x00",
    *HOSTILE_STRINGS,
]
DEF_NAMES = ["Name", "a", "b", "x", "a/b", "%25", "é"]
ODD_STRINGS = [
    "", "\x00", "\ud800", "\udfff", "\U0001f600", "a/b", "~1~0", "%ZZ", "\n", "é",
    *HOSTILE_STRINGS[:-1],
]
ODD_NUMBERS: list[Any] = [
    0, -1, 1.5, -0.0, 0.1, 1e308, -1e308, 5e-324, 1e-300,
    2**53 + 1, 2**63, 2**64 + 1, 10**40, -(10**40), math.inf, -math.inf, math.nan,
]
REFS = [
    # inside the document: present, missing, escaped, odd pointers and anchors
    "#", "#/$defs/Name", "#/$defs/Missing", "#/$defs/a", "#/$defs/a~1b", "#/$defs/%25",
    "#/$defs/%C3%A9", "#/definitions/x", "#/properties/name", "#/properties", "#/items/0",
    "#/-", "#foo", "#%ZZ", "#/$defs/Name#x",
    # the network and file: URLs
    "http://example.com/s.json", "https://json-schema.org/draft/2020-12/schema",
    "https://example.com/x.json#/$defs/a", "file:///etc/passwd", "file:///", "/etc/passwd",
    "//host/x.json", "urn:example:x", "data:,{}", "mailto:x@example.com", "C:\\x.json",
    # out of the root, and inside it
    "../../../outside.json", "../../../../../../../../etc/passwd", "../../..", "..", ".",
    "../../_shared/thing.schema.json#/$defs/Name", "../../_shared/thing.schema.json",
    "../../_shared/thing.schema.json#/$defs/Missing", "../../_shared/missing.json",
    "../../_shared", "../1.0/input.schema.json", "../1.0/input.schema.json#/properties",
    "input.schema.json", "output.schema.json#",
    # not URIs at all
    "%", "a b.json", "?q=1", "\x00", "\ud800",
]
# Whole documents whose $refs loop: a few with a base case, most without.
CYCLES: list[Any] = [
    {"$ref": "#"},
    {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
    {"type": "object", "properties": {"self": {"$ref": "#"}}, "required": ["self"]},
    {"type": "object", "properties": {"self": {"$ref": "#"}}},
    {"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}, "minItems": 1}},
     "$ref": "#/$defs/n"},
    {"allOf": [{"$ref": "#"}]}, {"anyOf": [{"$ref": "#"}, {"type": "null"}]},
    {"not": {"$ref": "#"}}, {"oneOf": [{"$ref": "#"}]}, {"if": {"$ref": "#"}, "then": False},
    {"properties": {"a": {"$ref": "#/properties/a"}}, "required": ["a"]},
    {"$dynamicAnchor": "x", "$dynamicRef": "#x"},
    {"$ref": "../../_shared/thing.schema.json#/$defs/Loop"},
    {"items": {"$ref": "#"}, "type": "array", "minItems": 1},
]
# One wrong (or odd but legal) keyword or pair each, merged into a schema node.
BAD_KEYWORDS: list[dict[str, Any]] = [
    {"type": 5}, {"type": "strin"}, {"type": []}, {"type": ["string", "string"]},
    {"type": {"a": 1}}, {"maxLength": -1}, {"maxLength": 1.5}, {"maxLength": 10**30},
    {"maxLength": 1e308}, {"minLength": "3"}, {"minimum": "0"}, {"maximum": None},
    {"exclusiveMinimum": True}, {"multipleOf": 0}, {"multipleOf": -2}, {"multipleOf": 1e-300},
    {"multipleOf": 0.1, "minimum": 0.3, "maximum": 0.30000000000000004},
    {"required": "a"}, {"required": [1]}, {"required": ["a", "a"]}, {"properties": []},
    {"properties": {"a": 5}}, {"items": 3}, {"items": [{}]}, {"prefixItems": {}},
    {"enum": []}, {"enum": 5}, {"enum": [1, 1]}, {"pattern": "(["}, {"pattern": 5},
    {"pattern": "(?<=a)b"}, {"pattern": "\\p{L}+"}, {"pattern": "^(a+)+$"}, {"pattern": "\\"},
    {"patternProperties": {"[": {}}}, {"format": 5}, {"format": "no-such-format"},
    {"format": "date", "type": "string", "maxLength": 3}, {"$defs": []}, {"$defs": {"x": 5}},
    {"additionalProperties": "no"}, {"additionalProperties": False, "required": ["missing"]},
    {"allOf": []}, {"anyOf": {}}, {"oneOf": [5]}, {"not": []}, {"not": {}},
    {"$ref": 5}, {"$ref": ""}, {"$id": 5}, {"$id": "#frag"}, {"$id": "http://example.com/x.json"},
    {"$id": "../../up.json"}, {"$id": "\x00"}, {"$anchor": "1bad"}, {"$anchor": "foo"},
    {"$dynamicRef": "#meta"}, {"$dynamicAnchor": "meta"}, {"$recursiveRef": "#"},
    {"examples": "x"}, {"examples": [{"no": 1}, None]}, {"examples": []}, {"default": {"x": [1]}},
    {"contains": {}, "minContains": -1},
    {"contains": {"type": "integer"}, "minContains": 3, "maxContains": 1},
    {"unevaluatedProperties": False}, {"unevaluatedItems": {"type": "string"}},
    {"if": {"required": ["a"]}, "then": False}, {"dependentRequired": {"a": ["b"]}},
    {"dependentRequired": {"a": "b"}}, {"dependentSchemas": {"a": False}},
    {"dependencies": {"a": ["b"]}}, {"definitions": {"x": {}}}, {"propertyNames": {"maxLength": 1}},
    {"propertyNames": False}, {"minProperties": 3, "maxProperties": 1},
    {"minItems": 5, "maxItems": 2}, {"minimum": 5, "maximum": 1},
    {"exclusiveMaximum": 0, "minimum": 0}, {"uniqueItems": "yes"},
    {"$schema": DRAFT7}, {"$schema": "http://example.com/nested"}, {"$comment": 5},
    {"contentEncoding": "base64", "contentMediaType": "application/json"}, {"readOnly": 1},
    {"const": math.nan}, {"enum": [math.inf]}, {"minimum": -math.inf}, {"title": "\ud800"},
    {"\ud800": 1},
]
RAW_FILES: list[bytes] = [
    # not JSON
    b"", b"{", b'{"type": }', b"[1, 2", b"nul", b"{} {}", b"{'type': 'string'}",
    b'{"type": "string",}', b"\x00", b'{"type": "object"}\x00', b'{"type": "object"}\n// comment',
    # not UTF-8, or UTF-8 with a byte order mark
    b"\xef\xbb\xbf{}", '{"type": "string"}'.encode("utf-16"), b"\xff\xfe\x00",
    b'{"title": "\xe9t\xe9"}',
    # JSON that Python reads and a schema should not hold
    b'{"type": "string", "type": "integer"}', b'{"minimum": NaN}',
    b'{"maximum": Infinity, "type": "number"}', b'{"maximum": 1e400, "type": "number"}',
    b'{"type": "number", "minimum": -1e400, "multipleOf": 1e-400}', b'{"enum": [1e400, -1e400]}',
    b'{"maxLength": 1' + b"0" * 5000 + b"}", b'{"minimum": 0.' + b"0" * 5000 + b"1}",
    b'{"title": "\\ud800"}',
    b'{"properties": {"\\ud800": {"type": "string"}}, "required": ["\\ud800"]}',
    b'{"enum": ["\\udfff"], "examples": ["\\udfff"]}', b'{"\\u0000": 1}',
    b'{"type": "string", "pattern": "\\ud800"}',
    # JSON that is not a schema
    b"1", b"null", b'"s"', b"[]", b"true", b"false",
]
_DEEP = [
    ('{"not": ', "{}", "}"), ('{"type": "object", "properties": {"a": ', "{}", "}}"),
    ('{"items": ', "true", "}"), ('{"allOf": [', "{}", "]}"),
    ('{"anyOf": [{"type": "null"}, ', '{"type": "string"}', "]}"),
    ("[", "1", "]"), ('{"a": ', "1", "}"),
]
# fmt: on


@st.composite
def deep_files(draw: st.DrawFn) -> bytes:
    """A document nested ``depth`` levels deep, written out directly (``json.dumps`` would
    itself run out of stack)."""
    depth = draw(st.sampled_from([20, 100, 400, 990, 1100, 3000, 50_000]))
    opening, leaf, closing = draw(st.sampled_from(_DEEP))
    body = opening * depth + leaf + closing * depth
    if opening in ("[", '{"a": '):
        wrapper = draw(st.sampled_from(['{"enum": [%s]}', '{"const": %s}', '{"examples": [%s]}']))
        return (wrapper % body).encode()
    return body.encode()


def json_values(*, odd: bool = True) -> st.SearchStrategy[Any]:
    """JSON values; with ``odd``, odd ones too (huge, tiny, infinite numbers; lone
    surrogates)."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-(2**70), 2**70)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=6)
    )
    if odd:
        scalars |= st.sampled_from(ODD_NUMBERS) | st.sampled_from(ODD_STRINGS)
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.sampled_from([*PROPERTY_NAMES, "$ref"]), children, max_size=3)
        ),
        max_leaves=5,
    )


_STRING_KEYWORDS = (
    ("maxLength", st.integers(0, 50)),
    ("minLength", st.integers(0, 10)),
    ("pattern", st.sampled_from(["^[a-z]+$", "^\\d{3}$", "x", "^$"])),
    ("format", st.sampled_from(["date", "email", "uuid", "date-time", "ipv4", "uri"])),
)


LOCAL_REF = "#/$defs/Name"


@st.composite
def schema_nodes(
    draw: st.DrawFn, *, depth: int = 0, corrupt: int = 10, kind: str | None = None
) -> Any:
    """One schema (a node of a document): mostly valid, ``corrupt`` % of nodes spoiled."""
    kinds = ["string", "number", "boolean", "enum", "const", "ref", "any", "bool"]
    if depth < 3:
        kinds += ["object", "object", "array", "combinator", "not"]
    kind = kind or draw(st.sampled_from(kinds))
    node: Any
    if kind == "string":
        node = {"type": "string"}
        for key, values in _STRING_KEYWORDS:
            if draw(st.booleans()):
                node[key] = draw(values)
    elif kind == "number":
        node = {"type": draw(st.sampled_from(["integer", "number"]))}
        for key in ("minimum", "maximum", "exclusiveMinimum", "multipleOf"):
            if _percent(draw, 25):
                value = draw(st.integers(-100, 100) | st.sampled_from(ODD_NUMBERS[:13]))
                node[key] = (abs(value) or 1) if key == "multipleOf" else value
    elif kind == "boolean":
        node = {"type": draw(st.sampled_from(["boolean", "null", ["string", "null"]]))}
    elif kind == "enum":
        node = {"enum": draw(st.lists(json_values(odd=corrupt > 0), min_size=1, max_size=4))}
    elif kind == "const":
        node = {"const": draw(json_values(odd=corrupt > 0))}
    elif kind == "ref":
        node = {"$ref": draw(st.sampled_from(REFS[:3] + REFS)) if corrupt else LOCAL_REF}
    elif kind == "any":
        node = {}
    elif kind == "bool":
        node = draw(st.booleans())
    elif kind == "object":
        names = draw(st.lists(st.sampled_from(PROPERTY_NAMES), max_size=4, unique=True))
        properties = {n: draw(schema_nodes(depth=depth + 1, corrupt=corrupt)) for n in names}
        node = {"type": "object", "properties": properties}
        candidates = [*names, "missing"] if corrupt else names
        required = (
            draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True))
            if candidates
            else []
        )
        if required:
            node["required"] = required
        if draw(st.booleans()):
            node["additionalProperties"] = draw(st.booleans())
    elif kind == "array":
        node = {"type": "array", "items": draw(schema_nodes(depth=depth + 1, corrupt=corrupt))}
        if draw(st.booleans()):
            node["maxItems"] = draw(st.integers(0, 5))
        if draw(st.booleans()):
            node["minItems"] = draw(st.integers(0, 3))
    elif kind == "combinator":
        members = schema_nodes(depth=depth + 1, corrupt=corrupt)
        node = {
            draw(st.sampled_from(["anyOf", "oneOf", "allOf"])): draw(
                st.lists(members, min_size=1, max_size=3)
            )
        }
    else:
        node = {"not": draw(schema_nodes(depth=depth + 1, corrupt=corrupt))}
    if _percent(draw, corrupt):
        bad = draw(st.sampled_from(BAD_KEYWORDS))
        node = dict(bad) if isinstance(node, bool) else {**node, **bad}
    return node


@st.composite
def schema_documents(draw: st.DrawFn, *, corrupt: int = 10, kind: str | None = None) -> Any:
    """A whole schema document: a node, ``$schema``, ``$defs``, ``examples``, ``$id``."""
    if _percent(draw, corrupt // 2):
        return draw(st.sampled_from(CYCLES))
    node = draw(schema_nodes(corrupt=corrupt, kind=kind))
    if not isinstance(node, dict):
        return node
    document = dict(node)
    if not _percent(draw, corrupt):
        document["$schema"] = draw(st.sampled_from([DRAFT202012, DRAFT202012, DRAFT7]))
    elif draw(st.booleans()):
        document["$schema"] = draw(st.sampled_from(SCHEMA_URIS))
    if _percent(draw, 25):
        names = draw(st.lists(st.sampled_from(DEF_NAMES), min_size=1, max_size=3, unique=True))
        document["$defs"] = {n: draw(schema_nodes(depth=2, corrupt=corrupt)) for n in names}
    defs = document.setdefault("$defs", {})
    if isinstance(defs, dict) and "Name" not in defs and LOCAL_REF in json.dumps(document):
        defs["Name"] = {"type": "string", "maxLength": 20}
    if defs == {}:
        del document["$defs"]
    if _percent(draw, corrupt // 2):
        document["examples"] = draw(st.lists(json_values(), max_size=2))
    if _percent(draw, corrupt // 2):
        ids = ["http://example.com/s.json", "#x", "s.json", "urn:a", "", 5]
        document["$id"] = draw(st.sampled_from(ids))
    return document


@st.composite
def schema_files(draw: st.DrawFn, *, corrupt: int = 10, kind: str | None = None) -> bytes:
    """The bytes of one ``*.schema.json``: a document, or a raw or deep text when spoiled."""
    if _percent(draw, corrupt // 2):
        return draw(st.sampled_from(RAW_FILES) | deep_files())
    document = draw(schema_documents(corrupt=corrupt, kind=kind))
    return json.dumps(document, indent=draw(st.sampled_from([None, 2]))).encode()


SHARED_DOCUMENT = {
    "$schema": DRAFT202012,
    "$defs": {
        "Name": {"type": "string", "maxLength": 20},
        "Loop": {"$ref": "#/$defs/Loop"},
        "a~b": {"type": "integer"},
    },
}
_MUTATIONS: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("maxLength", st.integers(0, 60)),
    ("minLength", st.integers(0, 5)),
    ("maximum", st.integers(-5, 200)),
    ("type", st.sampled_from(["string", "integer", "object", "array", "null"])),
    ("required", st.lists(st.sampled_from(PROPERTY_NAMES[:4]), max_size=2)),
    ("additionalProperties", st.booleans()),
    ("enum", st.lists(json_values(), min_size=1, max_size=3)),
    ("properties", st.dictionaries(st.sampled_from(PROPERTY_NAMES[:4]), schema_nodes(depth=2))),
    ("items", schema_nodes(depth=2)),
]


@st.composite
def mutated(draw: st.DrawFn, contents: bytes, *, corrupt: int = 10) -> bytes:
    """``contents`` with one member of one object changed, added or dropped (a new version
    of a schema); a fresh file when ``contents`` is not JSON."""
    try:
        document = json.loads(contents)
    except (ValueError, RecursionError):
        return draw(schema_files(corrupt=corrupt))
    nodes = [document] if isinstance(document, dict) else []
    index = 0
    while index < len(nodes) and len(nodes) < 50:
        for value in nodes[index].values():
            if isinstance(value, dict):
                nodes.append(value)
            elif isinstance(value, list):
                nodes.extend(v for v in value if isinstance(v, dict))
        index += 1
    if not nodes:
        return draw(schema_files(corrupt=corrupt))
    node = draw(st.sampled_from(nodes))
    action = draw(st.sampled_from(["set", "set", "drop", "merge"]))
    if action == "drop" and node:
        del node[draw(st.sampled_from(sorted(node)))]
    elif action == "merge" and _percent(draw, corrupt):
        node.update(draw(st.sampled_from(BAD_KEYWORDS)))
    else:
        key, values = draw(st.sampled_from(_MUTATIONS))
        node[key] = draw(values)
    try:
        return json.dumps(document).encode()
    except (ValueError, RecursionError):
        return contents


# -- contracts trees ----------------------------------------------------------------------

# fmt: off
SEAM_NAMES = ["tasks.create", "tasks.get", "things", "a.b.c"]
ODD_SEAM_NAMES = [
    "bad name", "-lead", "a..b", "ünï.cødé", "\U0001f600", "UPPER.Case", "_shared", "tab\there",
    "new\nline", "bad\udcffbyte", "x" * 200,
]
VERSIONS = ["1.0", "1.1", "1.2", "2.0", "0.0", "1.10"]
ODD_VERSIONS = [
    "01.0", "1", "1.0.0", "v1.0", "1.a", "99999999999999999999.0", "1.-1", "\uff11.\uff10",
    "\u0661.\u0660", "1.0 ", "1.0\udcff",
]
STRAYS = [
    "notes.txt", "extra.json", "input.schema.JSON", "input.json", "Input.schema.json", "sub",
    "\udcff.json",
]
LINK_TARGETS = ["/etc/hostname", "/", "..", "../..", "input.schema.json", "missing", ".", "../1.0"]
# fmt: on


@dataclass(slots=True)
class Tree:
    """A contracts tree being built: files, folders and links by project-relative path."""

    files: dict[str, bytes] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    links: dict[str, str] = field(default_factory=dict)

    def seams(self, prefix: str) -> dict[str, list[str]]:
        """Each seam folder name under ``prefix`` with its version folder names."""
        seams: dict[str, list[str]] = {}
        for directory in sorted(self.dirs):
            if directory.startswith(prefix + "/"):
                seam, _, version = directory[len(prefix) + 1 :].partition("/")
                seams.setdefault(seam, [])
                if version and "/" not in version:
                    seams[seam].append(version)
        return seams


def _names(draw: st.DrawFn, good: list[str], odd: list[str], corrupt: int, most: int) -> list[str]:
    """Folder names, at least one unless spoiled (an empty root, a seam with no versions)."""
    pool = st.sampled_from(good)
    if _percent(draw, corrupt):
        pool |= st.sampled_from(odd)
    least = 0 if _percent(draw, 3 + corrupt // 4) else 1
    return draw(st.lists(pool, min_size=least, max_size=most, unique=True))


def _version_folder(
    draw: st.DrawFn, tree: Tree, folder: str, previous: str | None, corrupt: int
) -> None:
    tree.dirs.add(folder)
    for name in ("input.schema.json", "output.schema.json"):
        if _percent(draw, corrupt // 3):
            continue  # missing
        earlier = tree.files.get(f"{previous}/{name}") if previous else None
        if earlier is not None and not _percent(draw, 33):
            contents = draw(mutated(earlier, corrupt=corrupt))
        else:
            # An input is mostly an object: the logic takes its members as arguments.
            kind = "object" if name.startswith("input") and not _percent(draw, 15) else None
            contents = draw(schema_files(corrupt=corrupt, kind=kind))
        tree.files[f"{folder}/{name}"] = contents
    if _percent(draw, corrupt // 2):
        stray = draw(st.sampled_from(STRAYS))
        if stray == "sub":
            tree.dirs.add(f"{folder}/sub")
        else:
            tree.files[f"{folder}/{stray}"] = draw(st.sampled_from([b"{}", b"hello", b""]))
    if _percent(draw, corrupt // 5):
        name = draw(st.sampled_from(["link", "input.schema.json"]))
        tree.links[f"{folder}/{name}"] = draw(st.sampled_from(LINK_TARGETS))


@st.composite
def contracts_trees(
    draw: st.DrawFn, *, prefix: str = "contracts", corrupt: int | None = None
) -> Tree:
    """A contracts tree under ``prefix``: seams, versions (later ones mostly mutated copies of
    earlier ones), shared definitions, and corruptions at the drawn rate."""
    if corrupt is None:
        corrupt = draw(st.sampled_from([0, 0, 5, 20, 60]))
    tree = Tree(dirs={prefix})
    for seam in _names(draw, SEAM_NAMES, ODD_SEAM_NAMES, corrupt, 3):
        tree.dirs.add(f"{prefix}/{seam}")
        previous = None
        for version in sorted(_names(draw, VERSIONS, ODD_VERSIONS, corrupt, 3)):
            folder = f"{prefix}/{seam}/{version}"
            _version_folder(draw, tree, folder, previous, corrupt)
            previous = folder
        if _percent(draw, corrupt // 3):
            tree.files[f"{prefix}/{seam}/stray.schema.json"] = b"{}"
    if draw(st.booleans()):
        shared = draw(st.sampled_from(["_shared", "_shared", "_common/deep/er"]))
        tree.files[f"{prefix}/{shared}/thing.schema.json"] = (
            draw(schema_files(corrupt=corrupt))
            if _percent(draw, corrupt)
            else json.dumps(SHARED_DOCUMENT).encode()
        )
        if _percent(draw, corrupt // 2):
            tree.files[f"{prefix}/_shared/other.json"] = draw(schema_files(corrupt=corrupt))
    if _percent(draw, corrupt // 2):
        name = draw(st.sampled_from(["root.json", "README.md", ".hidden.json", "\udcff.json"]))
        tree.files[f"{prefix}/{name}"] = draw(schema_files(corrupt=corrupt))
    if _percent(draw, corrupt // 3):
        tree.dirs.add(f"{prefix}/{draw(st.sampled_from(['_empty', 'empty.seam', '.git']))}")
    if _percent(draw, corrupt // 5):
        name = draw(st.sampled_from(["linked", "_linked"]))
        tree.links[f"{prefix}/{name}"] = draw(st.sampled_from(LINK_TARGETS))
    return tree


@st.composite
def derived_trees(draw: st.DrawFn, old: Tree, *, old_prefix: str, prefix: str) -> Tree:
    """The new side of a diff: ``old`` with files kept, changed or dropped, and new versions
    added as mutated copies of a version; now and then a tree of its own."""
    if _percent(draw, 20):
        return draw(contracts_trees(prefix=prefix))
    corrupt = draw(st.sampled_from([0, 0, 5, 20]))

    def moved(path: str) -> str:
        return prefix + path[len(old_prefix) :]

    tree = Tree(
        dirs={moved(d) for d in old.dirs}, links={moved(p): t for p, t in old.links.items()}
    )
    for path, contents in old.files.items():
        fate = draw(st.sampled_from(["keep", "keep", "keep", "change", "drop"]))
        if fate == "keep":
            tree.files[moved(path)] = contents
        elif fate == "change":
            tree.files[moved(path)] = draw(mutated(contents, corrupt=corrupt))
    for directory in sorted(old.dirs):
        parts = directory[len(old_prefix) + 1 :].split("/")
        if len(parts) != 2 or not _percent(draw, 33):
            continue
        major, _, minor = parts[1].partition(".")
        if major.isdigit() and minor.isdigit():
            minor_bump = not _percent(draw, 33)
            version = f"{major}.{int(minor) + 1}" if minor_bump else f"{int(major) + 1}.0"
        else:
            version = "1.1"
        folder = f"{prefix}/{parts[0]}/{version}"
        tree.dirs.add(folder)
        for name in ("input.schema.json", "output.schema.json"):
            source = old.files.get(f"{directory}/{name}")
            tree.files[f"{folder}/{name}"] = (
                draw(mutated(source, corrupt=corrupt))
                if source is not None
                else draw(schema_files(corrupt=corrupt))
            )
    return tree


# -- configuration ------------------------------------------------------------------------

LOGIC_MODULE = b'''"""Logic for seamguard's self-fuzz: plain functions that answer at once."""

from typing import Any

from pydantic import BaseModel

NOT_CALLABLE = 5
NOT_AN_APP = {"routes": []}


class DomainError(Exception):
    pass


class Model(BaseModel):
    name: str = ""


def whole(document: dict) -> dict:
    return document


def named(name: str = "", id: int = 0) -> dict:
    return {"id": id, "name": name}


def kwargs(**kw: Any) -> Any:
    return kw


def fails(document: dict) -> dict:
    raise ValueError("the logic failed")


def domain(document: dict) -> dict:
    raise DomainError("refused")


def nothing(document: dict) -> None:
    return None


def with_model(model: Model) -> Model:
    return model


def reset(instance: Any = None) -> None:
    return None


class Thing:
    def method(self, document: dict) -> dict:
        return document

    @staticmethod
    def static(name: str = "") -> dict:
        return {"name": name}


def make_thing() -> Thing:
    return Thing()


# Answers no JSON can hold, and failures that are not plain exceptions.
def returns_set(document: dict) -> Any:
    return {1, 2}


def returns_nan(document: dict) -> Any:
    return {"n": float("nan"), "i": float("inf")}


def returns_object(document: dict) -> Any:
    return object()


def returns_loop(document: dict) -> Any:
    loop: list = []
    loop.append(loop)
    return loop


def returns_odd_keys(document: dict) -> Any:
    return {1: "a", None: "b", (1, 2): "c"}


def returns_huge(document: dict) -> Any:
    return 10**5000


def returns_bytes(document: dict) -> Any:
    return b"\\xff\\xfe"


def returns_surrogate(document: dict) -> Any:
    return {"s": "\\ud800"}


HOSTILE = "a\\n::add-mask::seamguard\\n ::error::forged\\nx ##[warning]y `|<b>@octocat #1\\x1b[31m"


def raises_hostile(document: dict) -> Any:
    raise ValueError(HOSTILE + repr(document))


def returns_hostile(document: dict) -> Any:
    return {HOSTILE: HOSTILE, "\\ud800": document}


class Unprintable(Exception):
    def __str__(self) -> str:
        raise ValueError("no text for this error")


def raises_unprintable(document: dict) -> Any:
    raise Unprintable()


def raises_exit(document: dict) -> Any:
    raise SystemExit(3)


def recurses(document: dict) -> Any:
    return recurses(document)
'''
LOGIC_FILES = {
    "sgfuzz_logic.py": LOGIC_MODULE,
    "sgfuzz_broken.py": b'raise RuntimeError("this module does not import")\n',
    "sgfuzz_syntax.py": b"def broken(:\n",
}
# fmt: off
LOGIC_PATHS = [
    "sgfuzz_logic:whole", "sgfuzz_logic:named", "sgfuzz_logic:kwargs", "sgfuzz_logic:fails",
    "sgfuzz_logic:domain", "sgfuzz_logic:nothing", "sgfuzz_logic:with_model",
    "sgfuzz_logic:Thing.method", "sgfuzz_logic:Thing.static",
]
# Logic that misbehaves, bound by a valid entry: answers no JSON holds, odd failures.
ODD_LOGIC_PATHS = [
    "sgfuzz_logic:returns_set", "sgfuzz_logic:returns_nan", "sgfuzz_logic:returns_object",
    "sgfuzz_logic:returns_loop", "sgfuzz_logic:returns_odd_keys", "sgfuzz_logic:returns_huge",
    "sgfuzz_logic:returns_bytes", "sgfuzz_logic:returns_surrogate",
    "sgfuzz_logic:raises_unprintable", "sgfuzz_logic:raises_exit", "sgfuzz_logic:recurses",
    "sgfuzz_logic:raises_hostile", "sgfuzz_logic:returns_hostile",
]
ODD_OBJECT_PATHS = [
    "sgfuzz_logic:missing", "sgfuzz_logic:NOT_CALLABLE", "sgfuzz_logic:NOT_AN_APP",
    "sgfuzz_logic:Thing", "sgfuzz_logic:Thing.missing", "sgfuzz_logic:make_thing()",
    "sgfuzz_logic:whole()", "sgfuzz_logic.sub:f", "sgfuzz_nomodule:f", "sgfuzz_broken:f",
    "sgfuzz_syntax:broken", "", "nocolon", ":f", "m:", "1m:f", "m:f:g", "sgfuzz_logic:whole()()",
    "../x:f", "sgfuzz_logic:\u00e9",
]
ODD_CONTRACTS = [
    "", ".", "missing", "contracts/", "./contracts", "contracts/../contracts", "contracts_old",
    "seamguard.toml", "sgfuzz_logic.py", "..", "a\x00b", "con\ntracts", "\uff43ontracts",
    "contracts/tasks.create",
]
# key: (good values, odd values of the right type)
TOP_KEYS: dict[str, tuple[list[Any], list[Any]]] = {
    "contracts": (["contracts"], ODD_CONTRACTS),
    "app": ([], ["sgfuzz_noapp:app", "sgfuzz_logic:missing", "sgfuzz_broken:app",
                 "sgfuzz_logic:NOT_AN_APP", "sgfuzz_logic:make_thing()", "not an app"]),
    "openapi": (["/openapi.json"], ["openapi.yaml", "", "\x00"]),
    "max-examples": ([2, 10], [0, -1, 10**18, "2", 1.5, True]),
    "compatibility": (["seam", "backward", "forward-transitive", "FULL"], ["none", ""]),
    "policy": (["strict", "tolerant", "TOLERANT"], ["lax", ""]),
    "timeout": ([5, 0.5], [0, -1, 3601, "1", True, math.nan, math.inf, 1e-300]),
    "max_examples": ([], [2]),
    "logic": ([], ["sgfuzz_logic:whole"]),
    "": ([], [1]),
}
SEAM_KEYS: dict[str, tuple[list[Any], list[Any]]] = {
    "routes": ([[]], [["POST /x"], ["BAD"], "POST /x", [5], ["get  /a b"]]),
    "raises": ([["sgfuzz_logic:DomainError"]], [[p] for p in ODD_OBJECT_PATHS[:9]]),
    "instance": (["sgfuzz_logic:Thing", "sgfuzz_logic:make_thing"], ODD_OBJECT_PATHS[:6]),
    "reset": (["sgfuzz_logic:reset"], ["sgfuzz_logic:fails", "sgfuzz_logic:NOT_CALLABLE",
                                       "sgfuzz_nomodule:f"]),
    "input-model": (["sgfuzz_logic:Model"], ["sgfuzz_logic:Thing", "sgfuzz_logic:NOT_CALLABLE",
                                             "sgfuzz_nomodule:M"]),
    "output-model": (["sgfuzz_logic:Model"], ["sgfuzz_logic:DomainError"]),
    "compatibility": (["seam", "backward", "FULL-transitive"], ["none"]),
    "timeout": ([5, 0.5], [1e-300, 0, -1, 3601, math.nan, math.inf, "1"]),
    "max_examples": ([], [1]),
    "\u00fcnknown": ([], ["x"]),
}
# fmt: on


def toml_values() -> st.SearchStrategy[Any]:
    """TOML values of every type, for a key that expects another."""
    moments = [
        dt.datetime(1979, 5, 27, 7, 32, tzinfo=dt.timezone.utc),
        dt.datetime(1979, 5, 27),
        dt.date(2020, 1, 1),
        dt.time(7, 32),
    ]
    scalars = (
        st.integers(-(2**63), 2**63 - 1)
        | st.sampled_from([0, -1, 1.5, math.inf, -math.inf, math.nan, 1e308, 5e-324, True])
        | st.text(max_size=6)
        | st.sampled_from(ODD_STRINGS[:2] + ODD_STRINGS[4:])
        | st.sampled_from(moments)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.sampled_from(["a", "b", "contract"]), children, max_size=2)
        ),
        max_leaves=4,
    )


def _key(draw: st.DrawFn, good: list[Any], odd: list[Any], corrupt: int) -> Any:
    """A value for a key: a good one, an odd one of the right type, or any TOML value."""
    if _percent(draw, corrupt // 2):
        return draw(toml_values())
    if not good or _percent(draw, corrupt):
        return draw(st.sampled_from(odd))
    return draw(st.sampled_from(good))


def _keys(
    draw: st.DrawFn,
    table: dict[str, Any],
    keys: dict[str, tuple[list[Any], list[Any]]],
    corrupt: int,
    chance: int,
) -> None:
    for key, (good, odd) in keys.items():
        if (good and _percent(draw, chance)) or (odd and _percent(draw, corrupt // 4)):
            table[key] = _key(draw, good, odd, corrupt)


@st.composite
def seam_entries(draw: st.DrawFn, seams: dict[str, list[str]], corrupt: int) -> Any:
    """One ``[[seams]]`` table, mostly binding a seam of ``seams`` to one of its versions."""
    entry: dict[str, Any] = {}
    if not _percent(draw, corrupt // 4):
        entry["contract"] = _key(draw, sorted(seams) or SEAM_NAMES, [*SEAM_NAMES, "nope"], corrupt)
    if draw(st.booleans()):
        odd_versions = ["9.9", "1", "01.0", 1.1, 1, 1.10, "1.0.0"]
        contract = entry.get("contract")
        versions = seams.get(contract, []) if isinstance(contract, str) else []
        entry["version"] = _key(draw, versions or VERSIONS, odd_versions, corrupt)
    if not _percent(draw, corrupt // 4):
        good = ODD_LOGIC_PATHS if _percent(draw, 25) else LOGIC_PATHS
        entry["logic"] = _key(draw, good, ODD_OBJECT_PATHS, corrupt)
    _keys(draw, entry, SEAM_KEYS, corrupt, 10)
    return entry


@st.composite
def config_tables(draw: st.DrawFn, seams: dict[str, list[str]]) -> dict[str, Any]:
    """The keys of a configuration, as TOML would read them back."""
    corrupt = draw(st.sampled_from([0, 0, 0, 5, 20, 60]))
    table: dict[str, Any] = {}
    _keys(draw, table, TOP_KEYS, corrupt, 20)
    if not _percent(draw, corrupt // 3):
        least = 0 if _percent(draw, 3 + corrupt // 4) else 1
        entries = draw(
            st.lists(
                seam_entries(seams, corrupt),
                min_size=least,
                max_size=3,
                unique_by=None if _percent(draw, corrupt) else lambda e: repr(e.get("contract")),
            )
        )
        if entries:
            table["seams"] = entries
    else:
        odd = [5, "x", [1, 2], {"contract": "a"}, [], [[]], [{"seams": []}]]
        table["seams"] = draw(st.sampled_from(odd))
    return table


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _toml_key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key):
        return key
    return _toml_string(key)


def toml_value(value: Any) -> str:
    """``value`` written as a TOML value (inline tables and arrays for nested ones)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(table: dict[str, Any], *, pyproject: bool) -> str:
    """The configuration ``table`` as ``seamguard.toml`` or a ``pyproject.toml`` section."""
    head = "[tool.seamguard]\n" if pyproject else ""
    seams_table = "[[tool.seamguard.seams]]" if pyproject else "[[seams]]"
    lines = [f"{_toml_key(k)} = {toml_value(v)}" for k, v in table.items() if k != "seams"]
    seams = table.get("seams")
    if isinstance(seams, list) and seams and all(isinstance(s, dict) for s in seams):
        for entry in seams:
            lines.append(seams_table)
            lines.extend(f"{_toml_key(k)} = {toml_value(v)}" for k, v in entry.items())
    elif "seams" in table:
        lines.append(f"seams = {toml_value(seams)}")
    return head + "\n".join(lines) + "\n"


# fmt: off
ODD_TOML: list[bytes] = [
    b"", b"[", b"= 1", b"contracts = ", b"\xff\xfe", b"\xef\xbb\xbfcontracts = 'contracts'\n",
    b"max-examples = 1" + b"0" * 5000 + b"\n", b"timeout = 1." + b"0" * 5000 + b"1\n",
    b"a = 1\na = 2\n", b"[seams]\n[[seams]]\n", b"contracts = 1979-05-27T07:32:00Z\n",
    b"contracts = 'contracts'\x00\n", b"contracts = '\xed\xa0\x80'\n", b'contracts = "\\ud800"\n',
    b"seams = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    b"seams = " + b"{a = " * 3000 + b"1" + b"}" * 3000 + b"\n",
    b"[tool]\nseamguard = 5\n", b"[tool.seamguard]\n", b"tool.seamguard.seams = 'x'\n",
    b"[[seams]]\ncontract = 'tasks.create'\nlogic = 'sgfuzz_logic:whole'\r\n", b"\r",
]
IGNORE_FILES: list[bytes] = [
    b'[[approve]]\nseam = "tasks.create"\nversion = "1.1"\nreason = "ok"\n',
    b'[[approve]]\nseam = "tasks.create"\nversion = "1.1"\n',
    b'[[approve]]\nseam = 5\nversion = "1.1"\nreason = "x"\n',
    b'[[approve]]\nseam = "a"\nversion = "1.1"\nreason = "x"\nfile = 5\n',
    b'[[approve]]\nseam = "a"\nversion = "1.1"\nreason = "x"\nwhy = 1\n',
    b"approve = 5\n", b'approve = "x"\n', b"approve = [1]\n", b"approve = {seam = 'a'}\n",
    b"[approve\n", b"\xff\xfe", b"x = 1" + b"0" * 5000 + b"\n",
    b"approve = " + b"[" * 5000 + b"]" * 5000 + b"\n",
]
# fmt: on


@st.composite
def config_files(draw: st.DrawFn, seams: dict[str, list[str]]) -> dict[str, bytes]:
    """``seamguard.toml`` or ``pyproject.toml`` (or neither), a ``seamguard-ignore.toml``
    now and then."""
    files: dict[str, bytes] = {}
    which = draw(st.sampled_from(["seamguard.toml"] * 14 + ["pyproject.toml"] * 5 + ["none"]))
    if which != "none":
        if _percent(draw, 7):
            text = draw(st.sampled_from(ODD_TOML))
        else:
            table = draw(config_tables(seams))
            document = toml_document(table, pyproject=which == "pyproject.toml")
            text = document.encode("utf-8", "surrogatepass")
            if _percent(draw, 3):
                text += draw(st.sampled_from(ODD_TOML))
        if which == "pyproject.toml" and _percent(draw, 20):
            text = b"[project]\nname = 'x'\n" + text
        files[which] = text
    if _percent(draw, 20):
        files["seamguard-ignore.toml"] = draw(st.sampled_from(IGNORE_FILES))
    return files


# -- cases --------------------------------------------------------------------------------


@st.composite
def cases(draw: st.DrawFn, *, commands: tuple[str, ...] = ("lint", "check", "diff")) -> Case:
    """One project folder and one command to run on it."""
    command = draw(st.sampled_from(commands))
    tree = draw(contracts_trees())
    if command == "diff":
        old = draw(contracts_trees(prefix="contracts_old"))
        if not _percent(draw, 25):
            tree = draw(derived_trees(old, old_prefix="contracts_old", prefix="contracts"))
        tree = Tree({**old.files, **tree.files}, old.dirs | tree.dirs, {**old.links, **tree.links})
    seams = tree.seams("contracts")
    config = draw(config_files(seams))
    files = {**tree.files, **config}
    if command == "check":
        files.update(LOGIC_FILES)
    config_name = next((n for n in ("seamguard.toml", "pyproject.toml") if n in config), None)
    args: list[str] = []
    if config_name is not None and not _percent(draw, 20):
        args += ["--config", config_name]
    elif _percent(draw, 10):
        args += ["--config", draw(st.sampled_from(["nope.toml", "sgfuzz_logic.py"]))]
    seam_choices = [*seams, "nope", "tasks.creat"]
    if command == "lint":
        if _percent(draw, 17):
            args += ["--contracts", draw(st.sampled_from(["contracts", "missing", "_x"]))]
        if _percent(draw, 17):
            args += ["--seam", draw(st.sampled_from(seam_choices))]
    elif command == "check":
        args += ["--max-examples", "2", "--seed", str(draw(st.integers(0, 3)))]
        if _percent(draw, 17):
            args += ["--seam", draw(st.sampled_from(seam_choices))]
    else:
        pairs = [("contracts_old", "contracts")] * 8 + [
            ("contracts", "contracts"),
            ("missing", "contracts"),
            ("contracts_old", "x"),
        ]
        fmt = draw(st.sampled_from(["text", "markdown", "json"]))
        args = [*draw(st.sampled_from(pairs)), *args, "--format", fmt]
        if _percent(draw, 17):
            args += ["--ignore", draw(st.sampled_from(["seamguard-ignore.toml", "missing.toml"]))]
        if _percent(draw, 17):
            args += ["--output", draw(st.sampled_from(["out/diff.txt", "seamguard.toml/x.txt"]))]
    if command != "diff" and _percent(draw, 12):
        reports = ["report.json", "out/deep/report.json", "seamguard.toml/r.json"]
        args += ["--report-json", draw(st.sampled_from(reports))]
    if command != "diff" and _percent(draw, 3):
        args += ["--base", "HEAD"]
    return Case(
        command=command,
        files=tuple(sorted(files.items())),
        args=tuple(args),
        dirs=tuple(sorted(tree.dirs)),
        links=tuple(sorted(tree.links.items())),
    )
