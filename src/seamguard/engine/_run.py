"""``seamguard check``'s run: the static checks, then the logic side, then the API side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seamguard._interrupt import stopping_on_sigint
from seamguard.engine._lint import lint_project
from seamguard.engine._merge import Findings, skipped_for_invalid
from seamguard.engine._model import Run
from seamguard.engine._shard import shard_filter
from seamguard.engine._units import LogicUnit, RequestsUnit, Unit, WithinUnit, executor
from seamguard.errors import ContractError
from seamguard.project import Project, RunSettings

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from seamguard.checks import CheckResult
    from seamguard.config import Binding, Config
    from seamguard.engine._model import OnProgress, OnResult
    from seamguard.generation._applog import LogTally

__all__ = ["check_project", "run_check"]


@stopping_on_sigint
def run_check(
    config: Config,
    *,
    seams: Sequence[str] = (),
    max_examples: int | None = None,
    seed: int | None = None,
    http_checks_all: bool = False,
    base: str | None = None,
    example_db: str | None = "none",
    workers: int = 1,
    shard: tuple[int, int] | None = None,
    on_result: OnResult | None = None,
    on_progress: OnProgress | None = None,
) -> Run:
    """Every check on every bound seam: static, logic side, API side.

    Args:
        config: the loaded configuration.
        seams: only these bound seams (all when empty).
        max_examples: examples per seam and check (default: the configuration's).
        seed: the seed of every generated example; a random one when ``None`` (the report
            names it, and the same seed gives the same examples).
        http_checks_all: also run Schemathesis' checks of the HTTP surface beyond the
            documented operations.
        base: a git ref whose published contract versions must not have changed.
        example_db: where failing examples are saved and tried first: ``"none"`` (the
            default here: nowhere, so a seed alone fixes the examples), ``None`` the
            default directory ``.seamguard/examples`` (what ``seamguard check`` uses), a
            directory or a ``redis://`` URL; see ``checks._database``.
        workers: worker processes; the results are those of a serial run.
        shard: ``(i, n)``: only the i-th of n shards of the seams x checks.
        on_result: called with each result as soon as it is final.
        on_progress: called with a line of progress before each long step.

    Raises:
        SeamguardError: the configuration, the app or a binding cannot be used.
        KeyboardInterrupt: SIGINT (Ctrl-C) arrived during the run: raised even when the
            first ``KeyboardInterrupt`` was swallowed (in a ``__del__``, a gc callback, the
            code under test), at the next unit or example, or at the end at the latest;
            worker processes are stopped first.
    """
    project = Project.open(config)
    settings = RunSettings.of(
        project.config,
        seed=seed,
        max_examples=max_examples,
        seams=tuple(seams),
        http_checks_all=http_checks_all,
        base=base,
        example_db=example_db,
        workers=workers,
        shard=shard,
    )
    return check_project(project, settings, on_result=on_result, on_progress=on_progress)


def check_project(
    project: Project,
    settings: RunSettings,
    *,
    on_result: OnResult | None = None,
    on_progress: OnProgress | None = None,
) -> Run:
    """:func:`run_check` on an opened project, by ``settings``."""
    from seamguard.checks._database import open_database, use_database

    say: OnProgress = on_progress or (lambda _line: None)
    results: list[CheckResult] = []

    def keep(found: Sequence[CheckResult]) -> None:
        for result in found:
            results.append(result)
            if on_result is not None:
                on_result(result)

    config = project.config
    project.chosen(settings.seams)
    database = open_database(settings.example_db, config.root)  # a bad spec fails before output
    static = lint_project(project, seams=settings.seams, base=settings.base)
    mine = shard_filter(project.registry, config, settings.shard)
    keep([result for result in static.results if mine(result.seam)])
    wanted = [
        b
        for b in config.seams
        if (not settings.seams or b.contract in settings.seams) and mine(b.contract)
    ]
    usable = [b for b in wanted if b.contract in project.usable]
    for binding in wanted:
        if binding.contract not in project.usable:
            keep(skipped_for_invalid(binding, _version_shown(project, binding)))
    with use_database(database), executor(project, settings, say) as execute:
        found = Findings.of_logic(execute([LogicUnit(b.contract) for b in usable]))
        found.skip_api(usable, project.usable, app=config.app is not None)
        driven = [b for b in usable if b.contract not in found.hung]
        if config.app is not None and driven:
            _api_side(project, settings, driven, found, execute, say)
    keep(found.results(usable, project.usable, app=config.app is not None))
    return Run(
        registry=project.registry,
        results=tuple(results),
        bound={binding.contract: binding.version for binding in config.seams},
        seed=settings.seed,
        operations=found.operations,
        modes=found.modes,
        refused=found.refused,
        max_examples=settings.max_examples,
        http_checks_all=settings.http_checks_all,
        notes=static.notes,
        app_logs=_app_logs(found, project),
    )


def _app_logs(found: Findings, project: Project) -> dict[str, LogTally]:
    """The app's log tallies by where they were emitted, in the order of the seams."""
    shown: dict[str, LogTally] = {}
    for binding in project.config.seams:
        name = binding.contract
        contract = project.usable.get(name)
        label = f"{name}@{contract.version}" if contract is not None else name
        for side, words in (("logic", "logic checks"), ("api", "API checks")):
            if (name, side) in found.logs:
                shown[f"{label} {words}"] = found.logs[(name, side)]
    if ("", "api") in found.logs:
        shown["the app outside a request (start-up)"] = found.logs[("", "api")]
    return shown


def _version_shown(project: Project, binding: Binding) -> str:
    """The version of a bound seam whose contract cannot run, as its results show it."""
    try:
        contract = project.registry.get(binding.contract, binding.version)
    except ContractError:
        if not project.registry.problems_of(binding.contract):
            raise
        return binding.version or ""  # its files did not load: contract-valid failed on them
    return str(contract.version)


def _api_side(
    project: Project,
    settings: RunSettings,
    driven: list[Binding],
    found: Findings,
    execute: Callable[[list[Unit]], list[Any]],
    say: OnProgress,
) -> None:
    """The API side's units and ``api-within-logic``, their findings added to ``found``."""
    from seamguard.checks.api import merge_api_findings, plan_api_units

    # Every bound seam whose contract loads, chosen or not: the operations of the others
    # that need no ids (creators, listings) fill the id pools of the chosen ones.
    fillers = [
        b
        for b in project.config.seams
        if b.contract in project.usable and b.contract not in found.hung and b not in driven
    ]
    names = tuple(b.contract for b in driven)
    api_units = plan_api_units(driven, http_checks_all=settings.http_checks_all, fillers=fillers)
    say(
        f"API side: {len(driven)} seams, {settings.max_examples} examples per operation and "
        f"mode, {len(api_units)} units"
    )
    side = (*names, *(b.contract for b in fillers))
    # api-within-logic runs last, in serial runs and in workers alike (a queue hands it out
    # after every other unit): it leaves state behind in the process that changes how
    # Schemathesis words a later response-schema failure.
    units: list[Unit] = [RequestsUnit(side, unit) for unit in api_units]
    units.append(WithinUnit(side, names))
    *findings, within = execute(units)
    found.within.update(within)
    for one in findings:
        found.add_logs("api", one.logs)
    found_api, stats = merge_api_findings(driven, project.usable, findings)
    found.api.extend(found_api)
    found.operations = {label: (s.cases, s.success) for label, s in stats.items()}
    found.refused = {label: s.refused for label, s in stats.items() if s.refused}
    found.modes = {
        label: {
            "positive": (s.positive_cases, s.positive_success),
            "negative": (s.negative_cases, s.negative_success),
        }
        for label, s in stats.items()
    }
