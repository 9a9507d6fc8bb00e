"""``seamguard check``: every check on every bound seam."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from seamguard.cli._group import cli, config_option, report_json_option, seam_option
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.report import TerminalReporter, write_report

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["check"]


@cli.command()
@config_option
@seam_option
@click.option(
    "--max-examples",
    type=click.IntRange(min=1),
    help="Examples per seam and check (default: the 'max-examples' key, else 100).",
)
@click.option("--seed", type=click.IntRange(min=0), help="Seed of the generated examples.")
@click.option(
    "--http-checks",
    type=click.Choice(["documented", "all"]),
    default="documented",
    show_default=True,
    help="'all' adds Schemathesis' checks of the HTTP surface beyond the documented "
    "operations (negative-data rejection, positive-data acceptance).",
)
@report_json_option
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    help="Also fail when a version published at this git ref changed or went.",
)
@click.pass_context
def check(
    ctx: click.Context,
    config_path: Path | None,
    seams: tuple[str, ...],
    max_examples: int | None,
    seed: int | None,
    http_checks: str,
    report_json: Path | None,
    base_ref: str | None,
) -> None:
    """Run every check on every bound seam.

    Exit 0 when every check holds, 1 when one failed, 2 on a usage or configuration error.
    """
    config = load_config(config_path)
    reporter = TerminalReporter()
    reporter.start(f"seamguard check: {len(config.seams)} bound seams")
    run = run_check(
        config,
        seams=seams,
        max_examples=max_examples,
        seed=seed,
        http_checks_all=http_checks == "all",
        base=base_ref,
        on_result=reporter.result,
        on_progress=reporter.progress,
    )
    reporter.finish(run)
    if report_json is not None:
        write_report(run, report_json)
    ctx.exit(0 if run.ok else 1)
