"""``seamguard init``: bindings and first contracts for an existing Starlette/FastAPI app."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from seamguard.cli._group import cli
from seamguard.errors import ConfigError, SeamguardError

if TYPE_CHECKING:
    from seamguard.scaffold import SurveyedRoute

__all__ = ["init"]

_CHOICE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


@cli.command()
@click.option(
    "--app",
    "app_path",
    required=True,
    metavar="MODULE:ATTR",
    help="The ASGI app: module:attribute, or module:factory().",
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path(),
    help="The project folder (put on sys.path; files are written here). Default: '.'.",
)
@click.option("--yes", "-y", is_flag=True, help="Bind every route whose logic was found.")
@click.option(
    "--contracts",
    default="contracts",
    show_default=True,
    help="Contracts root to write, relative to --dir.",
)
@click.option(
    "--config-file",
    type=click.Choice(["seamguard.toml", "pyproject.toml"]),
    default="seamguard.toml",
    show_default=True,
    help="Where the configuration goes (pyproject.toml: a [tool.seamguard] table).",
)
@click.option("--force", is_flag=True, help="Overwrite files that exist already.")
@click.option(
    "--add",
    is_flag=True,
    help="Merge new seams into the existing configuration: routes whose logic a seam binds "
    "already are skipped, nothing is rewritten.",
)
def init(
    app_path: str,
    directory: Path,
    yes: bool,
    contracts: str,
    config_file: str,
    force: bool,
    add: bool,
) -> None:
    """List the app's routes with the logic each reaches; write bindings and contracts.

    Each route's endpoint is read (not run) for the project callable it calls; the chosen
    routes become [[seams]] entries with a 1.0 contract made from the callable's annotations.
    Nothing is overwritten (unless --force); --add merges new seams into an existing
    configuration. Exit 2 on a usage error.
    """
    # The scaffold and the contracts load for a run, never for --help.
    from seamguard.contracts import load_contracts
    from seamguard.scaffold import plan, survey, write

    if ":" not in app_path:
        raise ConfigError(f"--app {app_path!r}: expected module:attribute, e.g. myservice.api:app")
    if add and force:
        raise ConfigError("--add never overwrites anything; leave out --force")
    root = directory.resolve()
    found = survey(app_path, root=root)
    click.echo(f"seamguard init: {app_path} ({found.kind}, {len(found.routes)} routes)")
    width = max(len(str(r.route)) for r in found.routes)
    for number, item in enumerate(found.routes, start=1):
        why = f": {item.found.reason}" if item.found.reason else ""
        logic = f"-> {item.logic}" if item.logic else f"(logic not found{why})"
        click.echo(f"  {number:>2}  {item.route!s:<{width}}  {logic}")
    with_logic = [r for r in found.routes if r.logic is not None]
    if not with_logic:
        raise SeamguardError(
            f"--app {app_path!r}: no route's logic callable was found in the project folder "
            f"{root} (only callables defined under it count; --dir names another); write the "
            "[[seams]] entries by hand (see docs/configuration.md)"
        )
    chosen = with_logic if yes else _ask(list(found.routes))
    if not chosen:
        click.echo("nothing to bind; nothing written")
        return
    planned = plan(found, chosen, root=root, contracts=contracts, config_file=config_file, add=add)
    for skipped in planned.skipped:
        click.echo(f"skipped {skipped}")
    if not planned.seams:
        click.echo("nothing to add; nothing written")
        return
    written = write(planned, force=force)
    for path in written:
        click.echo(f"wrote {_show(path, root)}")
    if planned.existing is not None:
        for seam in planned.seams:
            click.echo(f"added {seam.contract} ({seam.logic}) for {', '.join(seam.routes)}")
    for seam in planned.seams:
        for note in seam.notes:
            click.echo(f"note: {note}")
    for note in planned.notes:
        click.echo(f"note: {note}")
    names = {s.contract for s in planned.seams}
    try:
        problems = [p for p in load_contracts(planned.contracts).problems if p.seam in names]
    except SeamguardError:
        problems = []
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    here = root == Path.cwd().resolve()
    where = "" if here else f" --config {_show(planned.config_file, Path.cwd())}"
    click.echo(
        f"next: seamguard check{where}  (then tighten the contracts: they promise what the "
        "annotations say, no more)"
    )


def _ask(routes: list[SurveyedRoute]) -> list[SurveyedRoute]:
    """Ask which routes to bind: numbers and ranges (``1,3-5``), ``all`` or ``none``."""
    while True:
        answer = click.prompt(
            "Bind which routes? (numbers like 1,3-5; 'all' = every route whose logic was "
            "found; 'none')",
            default="all",
        ).strip()
        if answer.lower() == "all":
            return [r for r in routes if r.logic is not None]
        if answer.lower() == "none":
            return []
        picked = _numbers(answer, len(routes))
        if picked is None:
            click.echo(f"not understood: {answer!r}")
            continue
        chosen = []
        for number in picked:
            item = routes[number - 1]
            if item.logic is None:
                click.echo(f"skipped {number} ({item.route}): its logic was not found")
            else:
                chosen.append(item)
        return chosen


def _numbers(answer: str, count: int) -> list[int] | None:
    picked: list[int] = []
    for part in answer.split(","):
        match = _CHOICE.match(part)
        if match is None:
            return None
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if not 1 <= low <= high <= count:
            return None
        picked.extend(n for n in range(low, high + 1) if n not in picked)
    return picked


def _show(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
