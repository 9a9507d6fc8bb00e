"""Foreign text made safe where it is written: one function per output format.

Foreign text is any text seamguard did not write itself: from a contract (seam and file
names, property names, pointers, titles, descriptions, enum values), from the code under
test (exception messages, response bodies and headers, returned documents) and from a
report file that ``seamguard replay`` reads. Contracts arrive in pull requests, so each is
written as an attacker may have chosen it. Every reporter writes foreign text through one
of these functions, and nothing writes it any other way:

- :func:`terminal` (stdout and stderr: ``lint``, ``check``, ``diff``'s text, ``replay``,
  usage errors): one line. Line breaks, tabs, control characters (``\\x1b`` would drive the
  terminal), the Unicode line and paragraph separators, the bidirectional overrides (which
  make a line read other than it is) and lone surrogates (which no UTF-8 stream can hold:
  printing one raised ``UnicodeEncodeError``) are shown as backslash escapes (``\\n``,
  ``\\x1b``, ``\\u202e``, ``\\ud800``). :func:`terminal_json` is the same for a document.

- GitHub Actions reads every line of a step's stdout and stderr as a possible workflow
  command: a line that starts with ``::`` once leading whitespace is trimmed (the runner's
  ``ActionCommand.TryParseV2``), and a line that holds ``##[`` anywhere (the older syntax,
  ``ActionCommand.TryParse``, still tried after the first). A forged ``::add-mask::``,
  ``::error`` or ``::stop-commands::`` would mask words in the log, fake annotations, or turn
  off seamguard's own. The guarantee is made by escaping, not by ``::stop-commands::``:
  foreign text never holds a line break, so it cannot begin a line of its own; a fragment
  that begins with ``:`` (after whitespace) shows it as ``\\x3a``, so it cannot begin a
  command where seamguard puts it first on a line either; and ``##[`` is shown as
  ``#\\x23[`` (in JSON, ``#\\u0023[``, which reads back as the same string). Wrapping the
  run in ``::stop-commands::TOKEN`` was weighed and left out: ``diff`` prints Markdown and
  JSON on stdout for other tools to read, where the two extra lines would be data, and
  hiding commands for a while would not make seamguard's own lines any safer.
  :func:`command_data` and :func:`command_property` escape the values of seamguard's own
  ``::error`` commands as GitHub's toolkit does (``escapeData``, ``escapeProperty``).

- Markdown (the step summary, ``check --markdown``, ``diff --format markdown`` for a
  pull-request comment): foreign text is only ever in a code span (:func:`markdown_code`,
  :func:`markdown_cell`) or a fenced code block (:func:`markdown_fenced`). GitHub turns
  neither ``@name`` (a mention that notifies), ``#123`` (a reference), a bare URL, raw HTML
  (``<img>``, ``<details>``) nor emphasis into anything inside code, so no other escaping is
  needed there: the span's fence is longer than any run of backticks inside (padded with a
  space when the text starts or ends with a backtick, CommonMark's rule), the text is one
  line (as :func:`terminal` writes it, so it cannot open a heading, a list, a quote or a
  block), and in a table cell ``|`` is written ``\\|`` (GFM splits cells on it even in a
  code span, and reads ``\\|`` back as ``|``).

- JUnit XML is written by ElementTree, which escapes ``<``, ``&`` and quotes; :func:`visible`
  turns what XML 1.0 cannot hold at all (NUL, most C0 controls, lone surrogates) into
  escapes. :func:`example_json` does the same for a JSON document inside any format.

``tests/unit/test_hostile_text.py`` runs the commands on contracts and a service whose
names and messages carry forged commands and Markdown, and parses what they write.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "command_data",
    "command_property",
    "example_json",
    "jsonable",
    "markdown_cell",
    "markdown_code",
    "markdown_fenced",
    "terminal",
    "terminal_json",
    "visible",
]

# C0 controls but tab, newline and carriage return (XML 1.0 forbids them; they are also
# terminal and Markdown hazards), DEL and the C1 controls (allowed by XML 1.0, but a
# terminal may act on them), every surrogate (only a lone one can be in a str, and no UTF-8
# file can hold it), and the two noncharacters that XML 1.0 forbids.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a single line of terminal text must not hold besides: line breaks and tab, the
# Unicode line and paragraph separators, and the bidirectional embeddings, overrides and
# isolates (a line that reads other than it is, "Trojan source").
_BREAKS = re.compile("[\t\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# GitHub's older workflow-command syntax, read anywhere in a line.
_OLD_COMMAND = "##["
# A colon first on a line (after whitespace) begins a workflow command ("::name::").
_LEADING_COLON = re.compile(r"^(\s*):")


def _text_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` with each hidden or unwritable character as an escape (``\\x00``, ``\\ud800``).

    Tab, newline and carriage return stay: each format decides what to do with line breaks.
    """
    return _HIDDEN.sub(_text_escape, text)


def _inert(line: str) -> str:
    """A line that no GitHub runner reads as a workflow command (see the module's text)."""
    return _LEADING_COLON.sub(r"\1\\x3a", line.replace(_OLD_COMMAND, "#\\x23["))


def terminal(text: str) -> str:
    """Foreign ``text`` as one printable line for a terminal or a CI log.

    Example::

        terminal("a\\n::add-mask::x\\x1b[31m")  # 'a\\\\n::add-mask::x\\\\x1b[31m'
        terminal("::error::forged")          # '\\\\x3a:error::forged'
    """
    return _inert(_BREAKS.sub(_text_escape, visible(text)))


def example_json(document: Any, *, indent: int | None = None, limit: int = 0) -> str:
    """``document`` as JSON that is still valid JSON with every hidden character escaped.

    ``json.dumps`` escapes C0 controls itself but writes a lone surrogate, DEL and the C1
    controls raw (``ensure_ascii=False`` keeps the rest of the text readable); they become
    ``\\uXXXX`` escapes, which JSON reads back as the same string, and so does the second
    ``#`` of ``##[`` (GitHub's older workflow-command syntax). ``limit`` (when > 0) cuts the
    text there, saying how much was left out.
    """
    try:
        dumped = json.dumps(document, ensure_ascii=False, indent=indent, default=repr)
    except (TypeError, ValueError, RecursionError):  # a key JSON cannot hold, a cycle
        dumped = json.dumps(jsonable(document), ensure_ascii=False, indent=indent)
    text = _HIDDEN.sub(_json_escape, dumped).replace(_OLD_COMMAND, "#\\u0023[")
    if limit and len(text) > limit:
        return f"{text[:limit]}\n… ({len(text) - limit} more characters: see the JSON report)"
    return text


def jsonable(value: Any, *, _path: frozenset[int] = frozenset()) -> Any:
    """``value`` as JSON can hold it, whatever it is: a value a result carries may be any
    object (a generator's ``NotSet``, an exception, a set), with keys JSON cannot hold or
    a cycle. Dicts keep their keys (others as their ``repr``), lists and tuples stay lists,
    strings, numbers, booleans and ``None`` stay; anything else, and a container met again
    inside itself, becomes its ``repr``. ``json.dumps(jsonable(x))`` never raises."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else repr(value)
    if isinstance(value, (dict, list, tuple)):
        if id(value) in _path:
            return repr(type(value)) + " (already shown above)"
        inside = _path | {id(value)}
        if isinstance(value, dict):
            return {
                key if isinstance(key, str) else repr(key): jsonable(item, _path=inside)
                for key, item in value.items()
            }
        return [jsonable(item, _path=inside) for item in value]
    try:
        return repr(value)
    except Exception:  # a repr that raises
        return f"<{type(value).__name__} object>"


def terminal_json(document: Any, *, limit: int = 0) -> str:
    """``document`` as one line of JSON for a terminal, cut at ``limit`` characters (> 0)."""
    text = terminal(example_json(document))
    return text if not limit or len(text) <= limit else text[:limit] + "…"


def command_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped (hidden characters made
    visible first, since the runner reads the command as one line of text)."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def command_property(text: str) -> str:
    """A workflow command's property value: as :func:`command_data`, and ``:`` and ``,``,
    which would end the value."""
    return command_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown_code(text: str) -> str:
    """Foreign ``text`` as a Markdown code span: one line, whatever backticks it holds.

    CommonMark: a run of backticks longer than any inside delimits it, and a space pads a
    body that starts or ends with a backtick (one space each side is stripped when read).
    """
    body = terminal(text)
    if not body:
        return "` `"  # an empty span is not a span
    ticks = "`" * (max((len(run) for run in re.findall("`+", body)), default=0) + 1)
    stripped = body.startswith(" ") and body.endswith(" ") and body.strip(" ")
    pad = " " if stripped or body.startswith("`") or body.endswith("`") else ""
    return f"{ticks}{pad}{body}{pad}{ticks}"


def markdown_cell(text: str) -> str:
    """Foreign ``text`` as a code span in a table cell: ``|`` escaped (GFM splits a row on
    it even inside a code span; ``\\|`` reads back as ``|``)."""
    return markdown_code(text).replace("|", "\\|")


def markdown_fenced(text: str, info: str = "") -> list[str]:
    """Foreign ``text`` as the lines of a fenced code block that nothing inside can close:
    its fence is longer than any run of backticks in the text."""
    lines = [_inert(_BREAKS.sub(_text_escape, line)) for line in visible(text).splitlines()]
    longest = max((len(run) for line in lines for run in re.findall("`{3,}", line)), default=2)
    fence = "`" * (longest + 1)
    return [f"{fence}{info}", *lines, fence]
