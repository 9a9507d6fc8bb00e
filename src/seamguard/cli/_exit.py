"""Exit codes, one meaning each, and what the command line does with an error it did not
expect.

====  =====================================================================
code  meaning
====  =====================================================================
0     every check holds (``diff``: nothing breaking)
1     a check failed (``diff``: a breaking change without a new MAJOR)
2     a usage or configuration error: one ``seamguard: error:`` line
3     an internal error: seamguard itself failed; the traceback is saved in
      ``.seamguard/crash.txt`` under the project root
130   interrupted (Ctrl-C)
====  =====================================================================
"""

from __future__ import annotations

import traceback
from pathlib import Path

import click

from seamguard._files import write_file
from seamguard.config import find_config_file
from seamguard.errors import SeamguardError

__all__ = [
    "CRASH_FILE",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "internal_error",
    "interrupted",
    "one_line",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

CRASH_FILE = ".seamguard/crash.txt"
"""Where the traceback of an internal error goes, under the project root."""

_LONGEST = 300  # characters of the error shown on the terminal; the file has it all


def internal_error(error: BaseException) -> int:
    """Say that seamguard failed, in one line on standard error, and save the traceback to
    :data:`CRASH_FILE` under the project root (the folder of the nearest configuration file,
    else the working directory), written like every other file (:func:`write_file`).

    Returns:
        :data:`EXIT_INTERNAL`.
    """
    text = "".join(traceback.format_exception(error))
    try:
        root = _project_root()
        write_file(root / CRASH_FILE, text, "the crash report", root=root)
        where = f"traceback in {CRASH_FILE}"
    except SeamguardError as problem:
        where = f"the traceback could not be saved: {one_line(str(problem))}"
    except Exception as problem:  # the report of a crash must not crash
        where = f"the traceback could not be saved: {type(problem).__name__}"
    summary = one_line(f"{type(error).__name__}: {error}")
    click.echo(f"seamguard: internal error: {summary}; please report it ({where})", err=True)
    return EXIT_INTERNAL


def interrupted() -> int:
    """Say that the run was interrupted, in one line. Returns :data:`EXIT_INTERRUPTED`."""
    click.echo("seamguard: interrupted", err=True)
    return EXIT_INTERRUPTED


def one_line(text: str, limit: int = _LONGEST) -> str:
    """``text`` on one printable line: line breaks and other control characters, and lone
    surrogates (not Unicode text), as their ``\\x..``/``\\u....`` escapes; cut at ``limit``
    characters."""
    shown = []
    for char in text[: limit + 1]:
        if char in "\n\r\t":
            shown.append(" ")
        elif char.isprintable() and not "\ud800" <= char <= "\udfff":
            shown.append(char)
        else:
            shown.append(ascii(char)[1:-1])
    line = " ".join("".join(shown).split())
    return line if len(text) <= limit else line[:limit] + "…"


def _project_root() -> Path:
    here = Path.cwd()
    try:
        found = find_config_file(here)
    except Exception:  # a configuration that cannot even be found: the working directory
        found = None
    return found.parent if found is not None else here
