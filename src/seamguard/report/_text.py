"""Text that every file format can hold: what a logic or an app put in a failure, made safe.

A failure's message, example and reproduction come from the code under test: a logic may
return ``"\\x00"`` or a lone surrogate (``"\\ud800"``), an app may answer with ANSI escapes.
XML 1.0 cannot hold a NUL at all, a UTF-8 file cannot hold a lone surrogate, and a control
character in a step summary or a workflow command garbles what a reader sees. Each format
writes such a character as a visible backslash escape instead, so the file always parses
and the reader still sees what was there.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["example_json", "visible"]

# C0 controls but tab, newline and carriage return (XML 1.0 forbids them; they are also
# terminal and Markdown hazards), DEL and the C1 controls (allowed by XML 1.0, but a
# terminal may act on them), every surrogate (only a lone one can be in a str, and no UTF-8
# file can hold it), and the two noncharacters that XML 1.0 forbids.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _text_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` with each hidden or unwritable character as an escape (``\\x00``, ``\\ud800``).

    Tab, newline and carriage return stay: each format decides what to do with line breaks.
    """
    return _HIDDEN.sub(_text_escape, text)


def example_json(document: Any, *, indent: int | None = None, limit: int = 0) -> str:
    """``document`` as JSON that is still valid JSON with every hidden character escaped.

    ``json.dumps`` escapes C0 controls itself but writes a lone surrogate, DEL and the C1
    controls raw (``ensure_ascii=False`` keeps the rest of the text readable); they become
    ``\\uXXXX`` escapes, which JSON reads back as the same string. ``limit`` (when > 0) cuts
    the text there, saying how much was left out.
    """
    text = _HIDDEN.sub(
        _json_escape, json.dumps(document, ensure_ascii=False, indent=indent, default=repr)
    )
    if limit and len(text) > limit:
        return f"{text[:limit]}\n… ({len(text) - limit} more characters: see the JSON report)"
    return text
