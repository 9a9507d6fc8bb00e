"""Run checks and emit their results as events. Knows no output format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from seamguard.checks import CheckResult, check_contract_valid
from seamguard.contracts import ContractRegistry, load_contracts
from seamguard.errors import ConfigError, did_you_mean

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.config import Config

__all__ = ["Run", "run_lint"]

OnResult = Callable[[CheckResult], None]


@dataclass(frozen=True, slots=True)
class Run:
    """A finished run: the tree it judged and every result, in the order they came."""

    registry: ContractRegistry
    """The contracts tree that was loaded."""
    results: tuple[CheckResult, ...]
    """Every result."""
    bound: dict[str, str | None]
    """Seam name to the version the configuration binds (``None``: newest), bound seams only."""

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
    on_result: OnResult | None = None,
) -> Run:
    """The static checks (``contract-valid``) over the contracts tree.

    Args:
        config: the loaded configuration.
        seams: only these seams (all when empty).
        contracts: a contracts root that overrides the configuration's.
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
    results = []
    for result in check_contract_valid(registry, seams=set(seams) or None, relative_to=config.root):
        results.append(result)
        if on_result is not None:
            on_result(result)
    return Run(
        registry=registry,
        results=tuple(results),
        bound={binding.contract: binding.version for binding in config.seams},
    )


def _versions_on_disk(registry: ContractRegistry) -> dict[str, set[str]]:
    """Seam folders and their version folders, loadable or not."""
    versions: dict[str, set[str]] = {
        seam: {str(c.version) for c in contracts} for seam, contracts in registry.contracts.items()
    }
    for problem in registry.problems:
        if problem.seam in versions and problem.version:
            versions[problem.seam].add(problem.version)
    return versions
