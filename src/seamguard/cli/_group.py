"""The ``seamguard`` click group: a usage error is one line on stderr and exit code 2, an
internal error exit code 3 with its traceback saved, Ctrl-C exit code 130."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import click

from seamguard import __version__
from seamguard.cli._exit import EXIT_FAILED, EXIT_USAGE, internal_error, interrupted, one_line
from seamguard.errors import ContractViolation, SeamguardError
from seamguard.report._escape import terminal

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
    """Turns what a command raises into its exit code (``seamguard.cli._exit``): a usage
    error 2, a crash 3 (its traceback saved), Ctrl-C 130; click's own exits unchanged."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise click.exceptions.Exit(interrupted()) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C at a prompt
                ctx.exit(interrupted())
            raise
        except (click.exceptions.Exit, click.ClickException):
            raise  # click's exits and usage errors keep their meaning
        except KeyboardInterrupt:
            ctx.exit(interrupted())
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # the reader went away (seamguard lint | head): click's quiet exit
            ctx.exit(internal_error(exc))
        except ContractViolation as exc:  # a check failed where no result could hold it
            click.echo(f"seamguard: {one_line(str(exc))}", err=True)
            ctx.exit(EXIT_FAILED)
        except SeamguardError as exc:
            # A message may quote a contract's or a configuration's text: one escaped line.
            click.echo(f"seamguard: error: {terminal(str(exc))}", err=True)
            ctx.exit(EXIT_USAGE)
        except Exception as exc:
            ctx.exit(internal_error(exc))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seamguard")
def cli() -> None:
    """Contract tests for the seam between a service's HTTP API and its business logic."""
