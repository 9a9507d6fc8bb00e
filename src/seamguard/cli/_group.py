"""The ``seamguard`` click group: a usage error is one line on stderr and exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from seamguard import __version__
from seamguard.errors import SeamguardError

__all__ = ["cli", "config_option", "report_json_option", "seam_option"]

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml or seamguard.toml to read (default: the nearest one upwards).",
)
seam_option = click.option(
    "--seam", "seams", multiple=True, metavar="NAME", help="Only this seam (repeatable)."
)
report_json_option = click.option(
    "--report-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the JSON report here.",
)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SeamguardError as exc:
            click.echo(f"seamguard: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seamguard")
def cli() -> None:
    """Contract tests for the seam between a service's HTTP API and its business logic."""
