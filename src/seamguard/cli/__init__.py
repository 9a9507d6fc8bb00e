"""The command line: a click group, one module per command, each a thin adapter."""

from __future__ import annotations

from seamguard.cli import check as _check  # noqa: F401  (registers the command)
from seamguard.cli import diff as _diff  # noqa: F401  (registers the command)
from seamguard.cli import init as _init  # noqa: F401  (registers the command)
from seamguard.cli import lint as _lint  # noqa: F401  (registers the command)
from seamguard.cli import new_version as _new_version  # noqa: F401  (registers the command)
from seamguard.cli import replay as _replay  # noqa: F401  (registers the command)
from seamguard.cli._group import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``seamguard`` script."""
    cli(prog_name="seamguard")
