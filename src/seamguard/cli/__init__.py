"""The command line: a click group, one module per command, each a thin adapter."""

from __future__ import annotations

from seamguard._formats import defer_iri_grammar

# Only in seamguard's own command line, before any command imports jsonschema: its iri
# grammar (1.7 s) waits for the first iri value validated (seamguard/_formats.py). Never at
# `import seamguard`, so the pytest plugin and library users' processes import jsonschema as
# it is.
defer_iri_grammar()

from seamguard.cli import check as _check  # noqa: E402, F401  (registers the command)
from seamguard.cli import diff as _diff  # noqa: E402, F401  (registers the command)
from seamguard.cli import init as _init  # noqa: E402, F401  (registers the command)
from seamguard.cli import lint as _lint  # noqa: E402, F401  (registers the command)
from seamguard.cli import new_version as _new_version  # noqa: E402, F401  (registers the command)
from seamguard.cli import replay as _replay  # noqa: E402, F401  (registers the command)
from seamguard.cli._group import cli  # noqa: E402

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``seamguard`` script."""
    try:
        cli(prog_name="seamguard")
    finally:
        _forget_unhandled_interrupt()


def _forget_unhandled_interrupt() -> None:
    """Keep the exit code the command chose (130 after Ctrl-C) under ``python -m seamguard``.

    CPython sets a process-wide flag when a ``KeyboardInterrupt`` leaves an ``exec()`` or
    ``eval()`` of a string (``run_eval_code_obj`` in ``Python/pythonrun.c``), and ``Py_RunMain``
    then ends a ``-m`` run by sending itself SIGINT, whatever ``sys.exit`` said: an interrupt
    that passed through such a call anywhere in the run (code under test, a library that builds
    functions from source) turned exit 130 into death by SIGINT in about a third of runs. The
    same C function clears the flag at the start of every such call, so one empty ``exec``
    clears it; the interrupt itself has already been handled and reported.
    """
    exec("pass", {})  # a constant string, run only for its side effect on that flag
