"""Run checks and emit their results as events. Knows no output format."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.checks import CheckResult, check_contract_valid
from seamguard.contracts import ContractRegistry, load_contracts
from seamguard.errors import ConfigError, ContractError, did_you_mean

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.config import Config
    from seamguard.contracts import Contract

__all__ = ["Run", "call_seam", "run_check", "run_lint"]

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


def run_check(
    config: Config,
    *,
    seams: Sequence[str] = (),
    max_examples: int | None = None,
    seed: int | None = None,
    http_checks_all: bool = False,
    base: str | None = None,
    example_db: str | None = None,
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
        example_db: where failing examples are saved and tried first (``None``: the
            default directory; ``"none"``: nowhere); see ``checks._database``.
        workers: worker processes; the results are those of a serial run.
        shard: ``(i, n)``: only the i-th of n shards of the seams x checks.
        on_result: called with each result as soon as it is final.
        on_progress: called with a line of progress before each long step.

    Raises:
        SeamguardError: the configuration, the app or a binding cannot be used.
    """
    from seamguard.checks import (
        API_CHECKS,
        API_WITHIN_LOGIC,
        LOGIC_ACCEPTS_INPUT,
        LOGIC_CHECKS,
        MODEL_MATCHES_CONTRACT,
    )
    from seamguard.checks.api import load_openapi, run_api_checks
    from seamguard.checks.logic import HUNG, run_logic_checks
    from seamguard.checks.model import check_model_matches_contract
    from seamguard.checks.within import check_api_within_logic
    from seamguard.generation._asgi import AsgiDriver
    from seamguard.schema import Validators
    from seamguard.seams import (
        Recorder,
        bind,
        import_object,
        installed,
        project_on_path,
        with_declared,
    )

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
    static = run_lint(config, seams=seams, base=base)
    registry = static.registry
    results: list[CheckResult] = []
    for result in static.results:
        results.append(result)
        emit(result)
    wanted = [b for b in config.seams if not seams or b.contract in seams]
    contracts = {}
    usable = []
    for binding in wanted:
        try:
            contract: Contract | None = registry.get(binding.contract, binding.version)
        except ContractError:
            if not registry.problems_of(binding.contract):
                raise
            contract = None  # its files did not load: contract-valid failed on them (exit 1)
        version = str(contract.version) if contract is not None else binding.version or ""
        if (
            contract is None
            or registry.problems_of(binding.contract, version)
            or _shared_problems(registry)
        ):
            for check in (API_WITHIN_LOGIC, MODEL_MATCHES_CONTRACT, *LOGIC_CHECKS, *API_CHECKS):
                skipped = CheckResult(
                    binding.contract, version, check, "skipped", reason="the contract is invalid"
                )
                results.append(skipped)
                emit(skipped)
            continue
        contracts[binding.contract] = contract
        usable.append(binding)
    validators = Validators(registry)
    operations: dict[str, tuple[int, int]] = {}
    with project_on_path(config.root):
        bound = [bind(binding) for binding in usable]
        logic_results: dict[tuple[str, str], CheckResult] = {}
        model_results: dict[str, CheckResult] = {}
        for seam in bound:
            say(f"logic side: {seam.seam} ({examples} examples, seed {seed})")
            model_results[seam.seam] = check_model_matches_contract(
                seam,
                contracts[seam.seam],
                validators,
                max_examples=examples,
                seed=seed,
                relative_to=config.root,
            )
            for result in run_logic_checks(
                seam,
                contracts[seam.seam],
                validators,
                max_examples=examples,
                seed=seed,
                relative_to=config.root,
                config_file=config.source,
                timeout=seam.binding.timeout or config.timeout,
            ):
                logic_results[(result.seam, result.check)] = result
        api_results: list[CheckResult] = []
        static_results: dict[str, CheckResult] = {}
        # A seam whose logic hung on the logic side would hang a request the same way: its
        # API side is not run (Python cannot stop a call that hangs inside the app).
        hung = {
            seam.seam
            for seam in bound
            if (prior := logic_results.get((seam.seam, LOGIC_ACCEPTS_INPUT))) is not None
            and prior.reason == HUNG
        }
        hung_reason = (
            "not run: the logic hung on the logic side (see logic-accepts-input), and a "
            "request would hang the same way"
        )
        for seam in bound:
            if config.app is None or seam.seam in hung:
                reason = "no 'app' is configured" if config.app is None else hung_reason
                version = str(contracts[seam.seam].version)
                api_results.extend(
                    CheckResult(seam.seam, version, check, "skipped", reason=reason)
                    for check in API_CHECKS
                )
        driven_seams = [seam for seam in bound if seam.seam not in hung]
        if config.app is not None and driven_seams:
            say(f"API side: starting {config.app}")
            app = import_object(config.app, key="app")
            recorder = Recorder()
            with installed(bound, recorder), AsgiDriver(app) as driver:
                document = load_openapi(config, driver)
                say("static: api-within-logic")
                for seam in driven_seams:
                    static_results[seam.seam] = check_api_within_logic(
                        seam,
                        contracts[seam.seam],
                        validators,
                        document,
                        relative_to=config.root,
                    )
                say(
                    f"API side: {len(driven_seams)} seams, {examples} examples per operation "
                    "and mode"
                )
                found, stats = run_api_checks(
                    config,
                    driven_seams,
                    contracts,
                    validators,
                    driver=driver,
                    recorder=recorder,
                    openapi=document,
                    max_examples=examples,
                    seed=seed,
                    http_checks_all=http_checks_all,
                )
            api_results.extend(found)
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
        for seam in bound:
            version = str(contracts[seam.seam].version)
            within = static_results.get(seam.seam) or CheckResult(
                seam.seam,
                version,
                API_WITHIN_LOGIC,
                "skipped",
                reason="no 'app' is configured"
                if config.app is None
                else "not run: the logic hung on the logic side (see logic-accepts-input)",
            )
            results.append(within)
            emit(within)
            results.append(model_results[seam.seam])
            emit(model_results[seam.seam])
            for check in (*LOGIC_CHECKS, *API_CHECKS):
                final = logic_results.get((seam.seam, check))
                if final is not None:
                    results.append(final)
                    emit(final)
    return Run(
        registry=registry,
        results=tuple(results),
        bound={binding.contract: binding.version for binding in config.seams},
        seed=seed,
        operations=operations,
    )


def _shared_problems(registry: ContractRegistry) -> bool:
    """Whether shared definitions (which any contract may use) have problems."""
    return any(p.seam not in registry.contracts for p in registry.problems)


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
