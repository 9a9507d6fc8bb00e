"""``seamguard diff``: contract changes between two trees, or against a git ref."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from seamguard.cli._group import cli, config_option
from seamguard.config import load_config
from seamguard.errors import SeamguardError
from seamguard.report._file import WriteError, write_file
from seamguard.report.diff import render_diff

__all__ = ["diff"]


@cli.command()
@click.argument("old_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.argument("new_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    help="Compare the working tree's contracts with those at this git ref.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--ignore",
    "ignore_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Approved breaks (default: seamguard-ignore.toml beside the config).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
@config_option
@click.pass_context
def diff(
    ctx: click.Context,
    old_dir: Path | None,
    new_dir: Path | None,
    base_ref: str | None,
    fmt: str,
    ignore_file: Path | None,
    output: Path | None,
    config_path: Path | None,
) -> None:
    """Classify the contract changes between OLD_DIR and NEW_DIR (or --base REF).

    Exit 1 when a breaking change lands without a new MAJOR version, 0 otherwise, 2 on a
    usage error.
    """
    # The schema core loads for a diff, never for --help.
    from seamguard.diff import base_tree, diff_trees, load_approvals, load_tree

    config = load_config(config_path)
    if ignore_file is None:
        ignore_file = config.root / "seamguard-ignore.toml"
    options: dict[str, Any] = {
        "approvals": load_approvals(ignore_file),
        "modes": config.compatibility_modes(),
        "default_mode": config.compatibility,
        "policy": config.policy,
    }
    if base_ref is not None:
        if old_dir is not None or new_dir is not None:
            raise click.UsageError("give OLD_DIR NEW_DIR or --base REF, not both")
        with base_tree(config.contracts, base_ref) as old_root:
            result = diff_trees(load_tree(old_root), load_tree(config.contracts), **options)
    elif old_dir is not None and new_dir is not None:
        result = diff_trees(load_tree(old_dir), load_tree(new_dir), **options)
    else:
        raise click.UsageError("give OLD_DIR NEW_DIR, or --base REF")
    text = render_diff(result, fmt)
    if output is not None:
        try:
            write_file(output, text + "\n", "the diff")
        except WriteError as exc:
            raise SeamguardError(f"--output {output}: {exc.short}") from None
    else:
        click.echo(text)
    ctx.exit(1 if result.breaking else 0)
