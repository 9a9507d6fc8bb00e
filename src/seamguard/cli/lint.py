"""``seamguard lint``: the static checks alone, fast, for pre-commit."""

from __future__ import annotations

from pathlib import Path

import click

from seamguard.cli._group import cli, config_option, report_json_option, seam_option
from seamguard.config import load_config
from seamguard.report import TerminalReporter, write_report
from seamguard.report._escape import terminal

__all__ = ["lint"]


@cli.command()
@config_option
@click.option(
    "--contracts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Contracts root to lint instead of the configured one.",
)
@seam_option
@report_json_option
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    help="Also fail when a version published at this git ref changed or went.",
)
@click.pass_context
def lint(
    ctx: click.Context,
    config_path: Path | None,
    contracts: Path | None,
    seams: tuple[str, ...],
    report_json: Path | None,
    base_ref: str | None,
) -> None:
    """Run the static checks (contract-valid, contract-compat) on the contracts tree.

    Exit 0 when every contract is valid, 1 when one is not, 2 on a usage or
    configuration error.
    """
    from seamguard.engine import run_lint  # the engine loads for a run, never for --help

    config = load_config(config_path)
    reporter = TerminalReporter()
    root = contracts if contracts is not None else config.contracts
    reporter.start(f"seamguard lint: {terminal(_show(root))}")
    run = run_lint(
        config, seams=seams, contracts=contracts, base=base_ref, on_result=reporter.result
    )
    reporter.finish(run)
    if report_json is not None:
        write_report(run, report_json)
    ctx.exit(0 if run.ok else 1)


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
