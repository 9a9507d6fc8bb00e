"""Run checks and emit their results as events. Knows no output format."""

from __future__ import annotations

import contextlib
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard._interrupt import raise_if_interrupted, stopping_on_sigint
from seamguard.checks import CheckResult, check_contract_valid
from seamguard.contracts import ContractRegistry, load_contracts
from seamguard.errors import ConfigError, ContractError, did_you_mean

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.config import Binding, Config
    from seamguard.contracts import Contract
    from seamguard.schema import Validators
    from seamguard.seams import BoundSeam

__all__ = ["Run", "call_seam", "run_check", "run_lint", "seam_context"]

OnResult = Callable[[CheckResult], None]
OnProgress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Run:
    """A finished run: the tree it judged and every result, in the order they came."""

    registry: ContractRegistry
    """The contracts tree that was loaded."""
    results: tuple[CheckResult, ...]
    """Every result."""
    bound: dict[str, str | None]
    """Seam name to the version the configuration binds (``None``: newest), bound seams only."""
    seed: int | None = None
    """The seed of the generated examples (``None`` for a static run)."""
    operations: dict[str, tuple[int, int]] = field(default_factory=dict)
    """API operation to (requests sent, answered 2xx)."""
    max_examples: int | None = None
    """Examples per seam and check (``None`` for a static run)."""
    http_checks_all: bool = False
    """Whether ``--http-checks all`` was on."""

    def count(self, status: str) -> int:
        """How many results have this status."""
        return sum(1 for result in self.results if result.status == status)

    @property
    def ok(self) -> bool:
        """True when nothing failed or errored."""
        return all(result.status in ("passed", "skipped") for result in self.results)


def run_lint(
    config: Config,
    *,
    seams: Sequence[str] = (),
    contracts: Path | None = None,
    base: str | None = None,
    on_result: OnResult | None = None,
) -> Run:
    """The static checks of the contracts tree: ``contract-valid``, ``contract-compat``.

    Args:
        config: the loaded configuration.
        seams: only these seams (all when empty).
        contracts: a contracts root that overrides the configuration's.
        base: a git ref whose published versions must not have changed (``None``: skip).
        on_result: called with each result as soon as it is known.

    Raises:
        ContractError: the contracts root is missing or empty.
        ConfigError: ``seams`` or a ``[[seams]]`` entry names a seam or version that is not
            in the tree.
    """
    registry = load_contracts(contracts if contracts is not None else config.contracts)
    on_disk = _versions_on_disk(registry)
    for name in seams:
        if name not in on_disk:
            raise ConfigError(
                f"--seam {name!r}: no such seam under {registry.root}"
                f"{did_you_mean(name, on_disk)} (seams: {', '.join(sorted(on_disk))})"
            )
    for binding in config.seams:
        where = config.source.name if config.source else "the configuration"
        if binding.contract not in on_disk:
            raise ConfigError(
                f"{where}: seam '{binding.contract}' is bound but {registry.root} has no "
                f"folder for it{did_you_mean(binding.contract, on_disk)}"
            )
        if binding.version is not None and binding.version not in on_disk[binding.contract]:
            known = ", ".join(sorted(on_disk[binding.contract])) or "none"
            raise ConfigError(
                f"{where}: seam '{binding.contract}' is bound to version {binding.version}, "
                f"which has no folder (versions: {known})"
            )
    from seamguard.checks.compat import check_contract_compat
    from seamguard.schema import Validators

    results = []
    chosen = set(seams) or None
    static = itertools.chain(
        check_contract_valid(registry, seams=chosen, relative_to=config.root),
        check_contract_compat(
            registry,
            Validators(registry),
            seams=chosen,
            relative_to=config.root,
            modes=config.compatibility_modes(),
            default_mode=config.compatibility,
            policy=config.policy,
        ),
    )
    if base is not None:
        static = itertools.chain(static, _published(config, registry, base, chosen))
    for result in static:
        results.append(result)
        if on_result is not None:
            on_result(result)
    return Run(
        registry=registry,
        results=tuple(results),
        bound={binding.contract: binding.version for binding in config.seams},
    )


def _published(
    config: Config, registry: ContractRegistry, base: str, seams: set[str] | None
) -> list[CheckResult]:
    """``contract-compat``'s second half: no version published at ``base`` changed or went."""
    from seamguard.checks import CONTRACT_COMPAT
    from seamguard.diff import base_tree, diff_trees, load_approvals, load_tree
    from seamguard.errors import Failure

    with base_tree(registry.root, base) as old_root:
        diff = diff_trees(
            load_tree(old_root),
            registry,
            approvals=load_approvals(config.root / "seamguard-ignore.toml"),
        )
    failures: dict[tuple[str, str], list[Failure]] = {}
    for finding in diff.findings:
        if finding.kind not in ("published-version-changed", "version-removed"):
            continue
        if seams is not None and finding.seam not in seams:
            continue
        key = (finding.seam, finding.version)
        if finding.verdict == "breaking":
            failures.setdefault(key, []).append(
                Failure(
                    check=CONTRACT_COMPAT,
                    seam=finding.seam,
                    version=finding.version,
                    message=f"{finding.message} (published at {base})",
                    file=finding.file,
                    reproduce=f"seamguard diff --base {base}",
                )
            )
    return [
        CheckResult(
            seam,
            version,
            CONTRACT_COMPAT,
            "failed",
            failures=tuple(found),
            reason=f"against {base}",
        )
        for (seam, version), found in sorted(failures.items())
    ]


def _versions_on_disk(registry: ContractRegistry) -> dict[str, set[str]]:
    """Seam folders and their version folders, loadable or not."""
    versions: dict[str, set[str]] = {
        seam: {str(c.version) for c in contracts} for seam, contracts in registry.contracts.items()
    }
    for problem in registry.problems:
        if problem.seam in versions and problem.version:
            versions[problem.seam].add(problem.version)
    return versions


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
    from seamguard.checks import API_CHECKS, API_WITHIN_LOGIC, LOGIC_CHECKS, MODEL_MATCHES_CONTRACT
    from seamguard.checks._database import open_database, use_database
    from seamguard.checks.api import merge_api_findings, plan_api_units
    from seamguard.schema import Validators
    from seamguard.seams import with_declared

    config = with_declared(config)
    say = on_progress or (lambda _line: None)
    emit = on_result or (lambda _result: None)
    if seed is None:
        seed = random.randrange(2**32)
    examples = max_examples if max_examples is not None else config.max_examples
    bound_names = [b.contract for b in config.seams]
    for name in seams:
        if name not in bound_names:
            raise ConfigError(
                f"--seam {name!r}: no such seam is bound in the configuration"
                f"{did_you_mean(name, bound_names)} (bound: {', '.join(bound_names) or 'none'})"
            )
    if not config.seams:
        raise ConfigError(
            "no seams are bound: add a [[tool.seamguard.seams]] entry (contract, logic, routes) "
            "to pyproject.toml, or [[seams]] to seamguard.toml, or decorate the logic with "
            "@seamguard.seam (the app's module must import it)"
        )
    database = open_database(example_db, config.root)  # a bad spec fails before any output
    static = run_lint(config, seams=seams, base=base)
    registry = static.registry
    mine = _shard_filter(registry, config, shard)
    results: list[CheckResult] = []
    for result in static.results:
        if mine(result.seam):
            results.append(result)
            emit(result)
    wanted = [b for b in config.seams if (not seams or b.contract in seams) and mine(b.contract)]
    # Every bound seam whose contract loads, chosen or not: the operations of the others
    # that need no ids (creators, listings) fill the id pools of the chosen ones.
    contracts = _loadable(config, registry)
    every_usable = [b for b in config.seams if b.contract in contracts]
    usable: list[Binding] = []
    for binding in wanted:
        if binding.contract in contracts:
            usable.append(binding)
            continue
        try:
            contract: Contract | None = registry.get(binding.contract, binding.version)
        except ContractError:
            if not registry.problems_of(binding.contract):
                raise
            contract = None  # its files did not load: contract-valid failed on them (exit 1)
        version = str(contract.version) if contract is not None else binding.version or ""
        for check in (API_WITHIN_LOGIC, MODEL_MATCHES_CONTRACT, *LOGIC_CHECKS, *API_CHECKS):
            skipped = CheckResult(
                binding.contract, version, check, "skipped", reason="the contract is invalid"
            )
            results.append(skipped)
            emit(skipped)
    options = _Options(
        config=config,
        bindings=tuple(every_usable),
        contracts=contracts,
        validators=Validators(registry),
        max_examples=examples,
        seed=seed,
        http_checks_all=http_checks_all,
    )
    operations: dict[str, tuple[int, int]] = {}
    with use_database(database), _executor(options, workers, say) as execute:
        logic_units: list[_Unit] = [("logic", b.contract) for b in usable]
        logic_out = execute(logic_units)
        logic_results: dict[tuple[str, str], CheckResult] = {}
        model_results: dict[str, CheckResult] = {}
        hung: set[str] = set()
        for outcome in logic_out:
            model, found, hung_here = outcome
            model_results[model.seam] = model
            for result in found:
                logic_results[(result.seam, result.check)] = result
            if hung_here:
                hung.add(model.seam)
        driven = [b for b in usable if b.contract not in hung]
        fillers = [b for b in every_usable if b.contract not in hung and b not in driven]
        api_results: list[CheckResult] = []
        static_results: dict[str, CheckResult] = {}
        hung_reason = (
            "not run: the logic hung on the logic side (see logic-accepts-input), and a "
            "request would hang the same way"
        )
        for binding in usable:
            if config.app is None or binding.contract in hung:
                reason = "no 'app' is configured" if config.app is None else hung_reason
                version = str(contracts[binding.contract].version)
                api_results.extend(
                    CheckResult(binding.contract, version, check, "skipped", reason=reason)
                    for check in API_CHECKS
                )
        if config.app is not None and driven:
            names = tuple(b.contract for b in driven)
            api_units = plan_api_units(driven, http_checks_all=http_checks_all, fillers=fillers)
            say(
                f"API side: {len(driven)} seams, {examples} examples per operation and mode, "
                f"{len(api_units)} units"
            )
            side = (*names, *(b.contract for b in fillers))
            # api-within-logic runs last, in serial runs and in workers alike (a queue hands
            # it out after every other unit): it leaves state behind in the process that
            # changes how Schemathesis words a later response-schema failure.
            units: list[_Unit] = [("api", side, unit) for unit in api_units]
            units.append(("within", side, names))
            *findings, within = execute(units)
            static_results.update(within)
            found_api, stats = merge_api_findings(driven, contracts, findings)
            api_results.extend(found_api)
            operations = {label: (s.cases, s.success) for label, s in stats.items()}
    for result in api_results:
        key = (result.seam, result.check)
        if key in logic_results:
            # The API side found what the logic side did not: the logic check fails.
            previous = logic_results[key]
            if previous.status != "failed":
                logic_results[key] = result
        else:
            logic_results[key] = result
    for binding in usable:
        version = str(contracts[binding.contract].version)
        within_result = static_results.get(binding.contract) or CheckResult(
            binding.contract,
            version,
            API_WITHIN_LOGIC,
            "skipped",
            reason="no 'app' is configured"
            if config.app is None
            else "not run: the logic hung on the logic side (see logic-accepts-input)",
        )
        for result in (within_result, model_results[binding.contract]):
            results.append(result)
            emit(result)
        for check in (*LOGIC_CHECKS, *API_CHECKS):
            final = logic_results.get((binding.contract, check))
            if final is not None:
                results.append(final)
                emit(final)
    return Run(
        registry=registry,
        results=tuple(results),
        bound={binding.contract: binding.version for binding in config.seams},
        seed=seed,
        operations=operations,
        max_examples=examples,
        http_checks_all=http_checks_all,
    )


# A unit of work, run in this process or a worker's: ("logic", seam) -> (model result,
# logic results, hung?); ("within", seams the app side knows, seams to judge) -> seam to
# its api-within-logic result;
# ("api", seams the app side knows, ApiUnit) -> ApiFindings.
_Unit = tuple[Any, ...]


@dataclass(frozen=True)
class _Options:
    """What every process needs to run units; plain data a forked worker inherits."""

    config: Config
    bindings: tuple[Binding, ...]
    contracts: dict[str, Contract]
    validators: Validators
    max_examples: int
    seed: int
    http_checks_all: bool


class _Context:
    """One process's means to run units: bound seams, and the app once an API unit needs it.

    A serial run has one; each worker process builds its own (its own app instance and
    recorder), so units never share state across processes.
    """

    def __init__(self, options: _Options, say: OnProgress) -> None:
        from seamguard.seams import project_on_path

        self.options = options
        self.say = say
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(project_on_path(options.config.root))
        self._bound: dict[str, BoundSeam] = {}
        self._api: Any = None
        self._openapi: dict[str, Any] | None = None

    def close(self) -> None:
        self._stack.close()

    def bound(self, name: str) -> BoundSeam:
        from seamguard.seams import bind

        if name not in self._bound:
            binding = next((b for b in self.options.bindings if b.contract == name), None)
            if binding is None:
                known = [b.contract for b in self.options.bindings]
                raise ConfigError(
                    f"no bound seam {name!r} with a valid contract{did_you_mean(name, known)}"
                )
            self._bound[name] = bind(binding)
        return self._bound[name]

    def run(self, unit: _Unit) -> Any:
        if unit[0] == "logic":
            return self._logic(unit[1])
        if unit[0] == "within":
            return self._within(unit[1], unit[2])
        return self._api_side(unit[1]).run(unit[2])

    def _logic(self, name: str) -> tuple[CheckResult, list[CheckResult], bool]:
        from seamguard.checks import LOGIC_ACCEPTS_INPUT
        from seamguard.checks.logic import HUNG, run_logic_checks
        from seamguard.checks.model import check_model_matches_contract

        o = self.options
        seam = self.bound(name)
        contract = o.contracts[name]
        self.say(f"logic side: {name} ({o.max_examples} examples, seed {o.seed})")
        model = check_model_matches_contract(
            seam,
            contract,
            o.validators,
            max_examples=o.max_examples,
            seed=o.seed,
            relative_to=o.config.root,
        )
        found = run_logic_checks(
            seam,
            contract,
            o.validators,
            max_examples=o.max_examples,
            seed=o.seed,
            relative_to=o.config.root,
            config_file=o.config.source,
            timeout=seam.binding.timeout or o.config.timeout,
        )
        hung = any(r.check == LOGIC_ACCEPTS_INPUT and r.reason == HUNG for r in found)
        return model, found, hung

    def _within(self, side: tuple[str, ...], names: tuple[str, ...]) -> dict[str, CheckResult]:
        from seamguard.checks.within import check_api_within_logic

        o = self.options
        self._api_side(side)
        document = self._openapi
        assert document is not None
        self.say("static: api-within-logic")
        return {
            name: check_api_within_logic(
                self.bound(name),
                o.contracts[name],
                o.validators,
                document,
                relative_to=o.config.root,
            )
            for name in names
        }

    def api_side(self) -> Any:
        """The API side over every seam of the context (the app started)."""
        return self._api_side(tuple(b.contract for b in self.options.bindings))

    def _api_side(self, names: tuple[str, ...]) -> Any:
        """The app, started on first use with every seam of ``names`` recorded."""
        if self._api is not None:
            return self._api
        from seamguard.checks.api import ApiSide, load_openapi
        from seamguard.generation._asgi import AsgiDriver
        from seamguard.seams import Recorder, import_object, installed

        o = self.options
        app_path = o.config.app or ""
        self.say(f"API side: starting {app_path}")
        seams = [self.bound(name) for name in names]
        app = import_object(app_path, key="app")
        recorder = Recorder()
        self._stack.enter_context(installed(seams, recorder))
        driver = self._stack.enter_context(AsgiDriver(app))
        self._openapi = load_openapi(o.config, driver)
        self._api = ApiSide(
            o.config,
            seams,
            o.contracts,
            o.validators,
            driver=driver,
            recorder=recorder,
            openapi=self._openapi,
            max_examples=o.max_examples,
            seed=o.seed,
            http_checks_all=o.http_checks_all,
        )
        return self._api


@contextlib.contextmanager
def seam_context(
    config: Config, *, seed: int, max_examples: int, http_checks_all: bool = False
) -> Iterator[_Context]:
    """A context to run single units in, over every bound seam whose contract loads: what
    ``seamguard replay`` uses."""
    from seamguard.schema import Validators
    from seamguard.seams import with_declared

    config = with_declared(config)
    registry = load_contracts(config.contracts)
    contracts = _loadable(config, registry)
    options = _Options(
        config=config,
        bindings=tuple(b for b in config.seams if b.contract in contracts),
        contracts=contracts,
        validators=Validators(registry),
        max_examples=max_examples,
        seed=seed,
        http_checks_all=http_checks_all,
    )
    context = _Context(options, lambda _line: None)
    try:
        yield context
    finally:
        context.close()


@contextlib.contextmanager
def _executor(
    options: _Options, workers: int, say: OnProgress
) -> Iterator[Callable[[list[_Unit]], list[Any]]]:
    """A function that runs units and returns their outcomes in the units' order: here,
    one after another, or spread over ``workers`` processes."""
    from seamguard._workers import WorkerPool, can_fork

    if workers > 1 and not can_fork():
        say(f"--workers {workers}: this platform cannot fork worker processes; running serially")
        workers = 1
    if workers <= 1:
        context = _Context(options, say)

        def run_all(units: list[_Unit]) -> list[Any]:
            outcomes = []
            for unit in units:
                raise_if_interrupted()  # a Ctrl-C whose KeyboardInterrupt was swallowed
                outcomes.append(context.run(unit))
            return outcomes

        try:
            yield run_all
        finally:
            context.close()
        return
    with WorkerPool(workers, lambda report: _Context(options, report), say) as pool:
        yield pool.map


def _shard_filter(
    registry: ContractRegistry, config: Config, shard: tuple[int, int] | None
) -> Callable[[str], bool]:
    """Whether a seam belongs to this shard: every seam (and its every check) goes to
    exactly one of the ``n`` shards.

    Whole seams are dealt, heaviest first, each to the lightest shard so far; the weight of
    a bound seam is its routes plus one, of an unbound one a tenth. The deal depends only on
    the configuration and the contracts tree, so every CI machine computes the same one.
    """
    if shard is None:
        return lambda _name: True
    index, count = shard
    weights: dict[str, float] = {name: 0.1 for name in registry.contracts}
    for problem in registry.problems:
        weights.setdefault(problem.seam, 0.1)
    for binding in config.seams:
        weights[binding.contract] = 1.0 + len(binding.routes)
    loads = [0.0] * count
    owner: dict[str, int] = {}
    for name in sorted(weights, key=lambda n: (-weights[n], n)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        owner[name] = lightest + 1
        loads[lightest] += weights[name]
    return lambda name: owner.get(name, 1) == index


def _loadable(config: Config, registry: ContractRegistry) -> dict[str, Contract]:
    """Bound seam to its contract, for the seams whose contract loads without a problem of
    its own or of the shared definitions (any contract may use those): what can be run."""
    if registry.shared_problems:
        return {}
    found: dict[str, Contract] = {}
    for binding in config.seams:
        try:
            contract = registry.get(binding.contract, binding.version)
        except ContractError:
            continue
        if not registry.problems_of(binding.contract, str(contract.version)):
            found[binding.contract] = contract
    return found


def call_seam(seam: str, document: Any, *, config: str | Path | None = None) -> Any:
    """Call a bound seam's logic with one input document, as the logic side does.

    The JSON document is converted by the callable's annotations, ``self`` is built from
    ``instance``; the output document (JSON form) is returned. This is what a failure's
    reproduction snippet calls.

    Example::

        seamguard.call_seam("tasks.create", {"title": "Write"})
    """
    from seamguard.checks.logic import call_logic
    from seamguard.config import load_config
    from seamguard.seams import bind, project_on_path, to_json, with_declared

    loaded = with_declared(load_config(config))
    binding = loaded.binding(seam)
    with project_on_path(loaded.root):
        return to_json(call_logic(bind(binding), document))
