"""The TOML text of a scaffolded configuration.

Written by hand: the configuration holds only strings, lists of strings and comments, and
the only TOML writer in reach (``tomli-w``) is not installed with seamguard; a dependency for
quoting strings is not worth it. What is written is read back with ``tomllib`` by the tests.
"""

from __future__ import annotations

from typing import Any

__all__ = ["config_text", "seams_text", "toml_string"]

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _array(items: list[str]) -> str:
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


def config_text(
    *,
    contracts: str,
    app: str,
    openapi: str | None,
    seams: list[dict[str, Any]],
    table: str | None,
    header: str,
) -> str:
    """The configuration: top-level keys (or a ``[tool.seamguard]`` table), then the seams.

    Each seam is a mapping of ``contract``, ``version``, ``logic``, ``routes``, ``raises``,
    ``instance`` and ``output_model`` (may be ``None``), ``instance_todo`` (the class whose
    factory is left to the user), ``provide`` (``(parameter, factory or None)`` pairs) and
    ``notes`` (comments written above the entry).
    """
    lines = [f"# {header}"]
    if table is not None:
        lines.append(f"[{table}]")
    lines.append(f"contracts = {toml_string(contracts)}")
    lines.append(f"app = {toml_string(app)}")
    if openapi is not None:
        lines.append(f"openapi = {toml_string(openapi)}")
    else:
        lines.append('# openapi = "/openapi.json"  # the app serves none: a path, or a file')
    return "\n".join(lines) + "\n" + seams_text(seams, table=table)


def seams_text(seams: list[dict[str, Any]], *, table: str | None) -> str:
    """The ``[[seams]]`` entries (``[[tool.seamguard.seams]]`` in a table), each after a
    blank line: see :func:`config_text` for the keys. ``provide`` holds ``(parameter,
    factory)`` pairs: a ``provide`` line for those whose factory init found (the route's own
    ``Depends`` function), a commented-out line with a TODO for the rest (factory ``None``)."""
    lines: list[str] = []
    seams_table = f"[[{table}.seams]]" if table is not None else "[[seams]]"
    for seam in seams:
        lines.append("")
        lines.extend(f"# {' '.join(note.split())}" for note in seam.get("notes", []))
        lines.append(seams_table)
        lines.append(f"contract = {toml_string(seam['contract'])}")
        lines.append(f"version = {toml_string(seam['version'])}")
        lines.append(f"logic = {toml_string(seam['logic'])}")
        lines.append(f"routes = {_array(seam['routes'])}")
        if seam["raises"]:
            lines.append(f"raises = {_array(seam['raises'])}")
        if seam.get("instance"):
            lines.append(f"instance = {toml_string(seam['instance'])}")
        elif seam.get("instance_todo"):
            lines.append(
                '# instance = "module:function"  # TODO: a function with no arguments that '
                f"builds a {' '.join(str(seam['instance_todo']).split())}"
            )
        if seam.get("output_model"):
            lines.append(f"output-model = {toml_string(seam['output_model'])}")
        provided = [(str(n), f) for n, f in seam.get("provide") or []]
        known = ", ".join(f"{name} = {toml_string(f)}" for name, f in provided if f)
        if known:
            lines.append(f"provide = {{ {known} }}")
        todo = ", ".join(f'{name} = "module:factory"' for name, f in provided if not f)
        if todo:
            lines.append(
                f"# provide = {{ {todo} }}  # TODO: a function that gives a fresh "
                "session (a generator may close it after yield); see docs/configuration.md"
            )
    return "\n".join(lines) + ("\n" if lines else "")
