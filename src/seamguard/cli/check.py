"""``seamguard check``: every check on every bound seam."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from seamguard._files import write_file
from seamguard.cli._capture import captured_stderr
from seamguard.cli._group import cli, config_option, report_json_option, seam_option
from seamguard.config import load_config
from seamguard.errors import SeamguardError
from seamguard.replay import LAST_REPORT
from seamguard.report import JsonReporter, TerminalReporter, reporters_for
from seamguard.report._escape import terminal

if TYPE_CHECKING:
    from seamguard.engine import Run

__all__ = ["check"]


class _Workers(click.ParamType):  # type: ignore[type-arg]
    """A number of worker processes, or ``auto`` (the cores this process may use)."""

    name = "N|auto"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower()
        if text == "auto":
            return (
                len(os.sched_getaffinity(0))
                if hasattr(os, "sched_getaffinity")
                else (os.cpu_count() or 1)
            )
        if text.isdigit() and int(text) >= 1:
            return int(text)
        self.fail(f"{value!r} is not a number of workers (1 or more, or 'auto')", param, ctx)


class _Shard(click.ParamType):  # type: ignore[type-arg]
    """``I/N``: the I-th of N shards, counted from 1."""

    name = "I/N"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int, int]:
        if isinstance(value, tuple):
            return (int(value[0]), int(value[1]))
        index, _, total = str(value).partition("/")
        if index.strip().isdigit() and total.strip().isdigit():
            i, n = int(index), int(total)
            if 1 <= i <= n:
                return i, n
        self.fail(f"{value!r} is not a shard I/N with 1 <= I <= N (e.g. 2/4)", param, ctx)


class _LastReport(JsonReporter):
    """The report ``seamguard replay`` reads; a folder that cannot be written costs the
    replay, not the run (one line says so)."""

    def finish(self, run: Run) -> None:
        try:
            super().finish(run)
        except SeamguardError as exc:
            note = f"seamguard: note: {terminal(str(exc))}; 'seamguard replay' will need --report"
            click.echo(note, err=True)


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
    "--junit",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a JUnit XML file here (one testcase per seam and check).",
)
@click.option(
    "--markdown",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a Markdown summary here (for a pull-request comment).",
)
@click.option(
    "--example-db",
    metavar="PATH|redis://HOST:PORT/DB|none",
    help="Where failing examples are saved and tried first next time "
    "(default: .seamguard/examples under the project).",
)
@click.option(
    "--workers",
    type=_Workers(),
    default=1,
    show_default=True,
    help="Worker processes ('auto': one per core); the report is the same as a serial run's.",
)
@click.option(
    "--shard",
    type=_Shard(),
    help="Run only the I-th of N shards of the seams x checks (e.g. 2/4), for CI machines.",
)
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    help="Also fail when a version published at this git ref changed or went.",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Print a line for every result as it comes, and the app's own output "
    "(its logs and tracebacks on standard error) in full.",
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
    junit: Path | None,
    markdown: Path | None,
    example_db: str | None,
    workers: int,
    shard: tuple[int, int] | None,
    base_ref: str | None,
    verbose: bool,
) -> None:
    """Run every check on every bound seam.

    Exit 0 when every check holds, 1 when one failed, 2 on a usage or configuration error.
    """
    from seamguard.engine import run_check  # the engine loads for a run, never for --help

    config = load_config(config_path)
    reporters = reporters_for(
        report_json=report_json, junit=junit, markdown=markdown, environ=os.environ
    )
    screen = reporters.reporters[0]
    assert isinstance(screen, TerminalReporter)
    screen.lines = screen.verbose = verbose
    # A line rewritten in place on a terminal; a CI log (CI set, or not a terminal) keeps
    # its progress lines.
    screen.live = not os.environ.get("CI")
    reporters.reporters.append(_LastReport(config.root / LAST_REPORT, root=config.root))
    reporters.start(_title(len(config.seams), seams, shard, workers))
    with captured_stderr() as app:
        try:
            run = run_check(
                config,
                seams=seams,
                max_examples=max_examples,
                seed=seed,
                http_checks_all=http_checks == "all",
                base=base_ref,
                example_db=example_db,
                workers=workers,
                shard=shard,
                on_result=reporters.result,
                on_progress=reporters.progress,
            )
        except KeyboardInterrupt:
            screen.interrupted()
            raise
        finally:
            screen.stop()
    screen.app_output(app.lines, _keep_app_output(config.root, app.lines))
    reporters.finish(run)
    ctx.exit(0 if run.ok else 1)


APP_OUTPUT = ".seamguard/app-output.txt"
"""Where ``check`` keeps what the app wrote on standard error during the last run."""


def _keep_app_output(root: Path, lines: list[str]) -> str:
    """Write the app's output to :data:`APP_OUTPUT` under ``root``; the path shown, or ""
    when there was none or it could not be written (``-v`` still shows it)."""
    if not lines:
        return ""
    try:
        write_file(root / APP_OUTPUT, "\n".join(lines) + "\n", "the app's output", root=root)
    except (SeamguardError, OSError):
        return ""
    return APP_OUTPUT


def _title(bound: int, seams: tuple[str, ...], shard: tuple[int, int] | None, workers: int) -> str:
    """The heading: how many seams the run checks, of how many bound."""
    chosen = len(set(seams))
    if seams and chosen < bound:
        title = f"seamguard check: {chosen} of {bound} bound seams"
    else:
        title = f"seamguard check: {bound} bound seams"
    if shard is not None:
        title += f", shard {shard[0]}/{shard[1]}"
    if workers > 1:
        title += f", {workers} workers"
    return title
