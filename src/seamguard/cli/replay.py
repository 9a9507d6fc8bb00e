"""``seamguard replay ID``: re-run exactly one failing example and show the crossing.

The report, the crossing and the answer are foreign text: each is written through
:func:`~seamguard.report._escape.terminal`, one escaped line each.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from seamguard.cli._group import cli, config_option
from seamguard.config import load_config
from seamguard.replay import (
    LAST_REPORT,
    find_failure,
    load_report,
    replay_examples,
    replay_failure,
)
from seamguard.report._escape import terminal, terminal_json

__all__ = ["replay"]


def _shown(value: object, limit: int = 400) -> str:
    return terminal_json(value, limit=limit)


def _said(value: object) -> str:
    """A value the report or the run holds, as one escaped line."""
    return terminal(str(value))


@cli.command()
@click.argument("ident", metavar="ID")
@config_option
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"The JSON report to read the failure from (default: {LAST_REPORT} under the "
    "project, which every 'seamguard check' writes).",
)
@click.pass_context
def replay(
    ctx: click.Context, ident: str, config_path: Path | None, report_path: Path | None
) -> None:
    """Re-run exactly the failing example ID (from the last report) and show the crossing.

    Exit 1 when it still fails, 0 when it passes now, 2 on a usage error (no report, no
    such id, a report that does not match the JSON report format). A rerun of the seam
    uses the report's examples per check, at most 10,000 (or the configuration's
    max-examples when higher).
    """
    config = load_config(config_path)
    path = report_path if report_path is not None else config.root / LAST_REPORT
    report = load_report(path)
    failure = find_failure(report, ident.strip(), str(path))
    console = Console(highlight=False, soft_wrap=True)
    label = f"{failure['seam']}@{failure['version']}" if failure["version"] else failure["seam"]
    console.print(
        Text(
            _said(
                f"replay {failure['id']}: [{failure['check']}] {label}, seed {failure.get('seed')}"
            )
        )
    )
    console.print(Text(f"  was: {_said(failure['message'])}", style="dim"))
    _, capped = replay_examples(config, report)
    if capped:
        console.print(Text(f"  note: {capped}", style="dim"))
    replayed = replay_failure(config, report, failure)
    for request in replayed.setup:
        made = f"{request['method']} {request['url']} made {request['made']}"
        console.print(Text(_said(f"  setup: {made}")))
    if replayed.setup_note:
        console.print(Text(_said(f"  setup: {replayed.setup_note}")))
    if replayed.exchange is not None:
        exchange = replayed.exchange
        request = exchange.request
        console.print(Text(_said(f"  request: {request['method']} {request['url']}")))
        if "body" in request:
            console.print(Text(f"    body: {_shown(request['body'])}"))
        for crossing in exchange.crossings:
            console.print(Text(f"  crossed {_said(crossing.seam)}: input {_shown(crossing.input)}"))
            if crossing.error is not None:
                kind = "declared" if crossing.declared else "raised"
                error = f"{type(crossing.error).__name__}: {crossing.error}"
                console.print(Text(f"    {kind}: {_said(error)}"))
            else:
                console.print(Text(f"    output: {_shown(crossing.output)}"))
        if not exchange.crossings:
            console.print(Text("  the seam was not crossed"))
        body = _said(exchange.body)
        body = body if len(body) <= 300 else body[:300] + "…"
        console.print(Text(f"  answer: {exchange.status} {body}"))
    elif replayed.crossing_input is not None:
        console.print(Text(f"  input: {_shown(replayed.crossing_input)}"))
    found = replayed.failure
    if found is None:
        console.print(
            Text(
                _said(
                    f"passed: {replayed.how} no longer fails {failure['check']} (fixed, or "
                    "it needed state the run had built)"
                ),
                style="bold green",
            )
        )
        ctx.exit(0)
    same = " (same id)" if found.id == failure["id"] else f" (now id {found.id})"
    console.print(Text(_said(f"REPRODUCED by {replayed.how}{same}:"), style="bold red"))
    console.print(Text(f"  {_said(found.message)}"))
    if found.reproduce:
        console.print(Text("  reproduce:", style="dim"))
        for line in found.reproduce.splitlines():
            console.print(Text(f"    {_said(line)}", style="dim"))
    ctx.exit(1)
