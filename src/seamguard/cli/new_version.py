"""``seamguard new-version``: the next version folder of a seam, copied from the newest."""

from __future__ import annotations

from pathlib import Path

import click

from seamguard.cli._group import cli, config_option
from seamguard.config import load_config
from seamguard.errors import ConfigError, SeamguardError

__all__ = ["new_version"]


@cli.command("new-version")
@click.argument("seam")
@click.option("--minor", is_flag=True, help="A backward-compatible change: 1.1 -> 1.2.")
@click.option("--major", is_flag=True, help="A breaking change: 1.1 -> 2.0.")
@config_option
def new_version(seam: str, minor: bool, major: bool, config_path: Path | None) -> None:
    """Copy the newest version folder of SEAM to the next MINOR or MAJOR version.

    Edit the copy; published versions never change. Exit 2 on a usage error.
    """
    from seamguard.scaffold import new_version as make_version  # never loaded for --help

    if minor == major:
        raise SeamguardError("new-version: give exactly one of --minor or --major")
    config = load_config(config_path)
    if config.source is None and not config.contracts.is_dir():
        from seamguard.project import no_config_found

        raise ConfigError(no_config_found(config.root))
    made = make_version(config.contracts, seam, major=major)
    click.echo(str(_show(made.folder)))
    kind = "MAJOR (may break)" if major else "MINOR (must stay compatible)"
    click.echo(f"new {kind} version {made.new} of {seam}, copied from {made.old}")
    bound = next((s for s in config.seams if s.contract == seam), None)
    where = config.source.name if config.source is not None else "the configuration"
    if bound is not None and bound.version is not None:
        click.echo(
            f'reminder: {where} binds {seam} at version = "{bound.version}"; set it to '
            f'"{made.new}" when the code implements the new version'
        )
    elif bound is not None:
        click.echo(f"the binding of {seam} follows the newest version: it is now {made.new}")
    click.echo("then: seamguard lint (contract-compat judges the change), seamguard diff")


def _show(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
