"""The static run: ``seamguard lint``'s checks of the contracts tree."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from seamguard.checks import CheckResult, check_contract_valid
from seamguard.engine._model import Run
from seamguard.errors import ConfigError, did_you_mean
from seamguard.project import Project

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from seamguard.config import Config
    from seamguard.contracts import ContractRegistry
    from seamguard.diff import Approvals
    from seamguard.engine._model import OnResult

__all__ = ["lint_project", "run_lint"]


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
    project = Project.open(config, declared=False, contracts=contracts)
    return lint_project(project, seams=seams, base=base, on_result=on_result)


def lint_project(
    project: Project,
    *,
    seams: Sequence[str] = (),
    base: str | None = None,
    on_result: OnResult | None = None,
) -> Run:
    """:func:`run_lint` on an opened project (its contracts root, its configuration)."""
    config = project.config
    registry = project.registry
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
    from seamguard.diff import IGNORE_FILE, Approvals

    approvals = Approvals.load(config.root / IGNORE_FILE)
    results = []
    chosen = set(seams) or None
    static = itertools.chain(
        check_contract_valid(registry, seams=chosen, relative_to=config.root),
        check_contract_compat(
            registry,
            project.validators,
            seams=chosen,
            relative_to=config.root,
            modes=config.compatibility_modes(),
            default_mode=config.compatibility,
            policy=config.policy,
            approve=approvals.reason,
        ),
    )
    if base is not None:
        static = itertools.chain(static, _published(registry, base, chosen, approvals))
    for result in static:
        results.append(result)
        if on_result is not None:
            on_result(result)
    # Without a base, an approval of a change to a published version matches nothing here
    # and is still needed: only a run that compared with the base can call one stale.
    notes = approvals.stale_notes(chosen) if base is not None else []
    return Run(
        registry=registry,
        results=tuple(results),
        bound={binding.contract: binding.version for binding in config.seams},
        notes=tuple(notes),
    )


def _published(
    registry: ContractRegistry, base: str, seams: set[str] | None, approvals: Approvals
) -> list[CheckResult]:
    """``contract-compat``'s second half: no version published at ``base`` changed or went,
    unless ``approvals`` approve it (then it is listed as approved)."""
    from seamguard.checks import CONTRACT_COMPAT, ApprovedBreak
    from seamguard.diff import base_tree, diff_trees, load_tree
    from seamguard.errors import Failure

    with base_tree(registry.root, base) as old_root:
        diff = diff_trees(load_tree(old_root), registry, approvals=approvals, notes=False)
    failures: dict[tuple[str, str], list[Failure]] = {}
    approved: dict[tuple[str, str], list[ApprovedBreak]] = {}
    for finding in diff.findings:
        if finding.kind not in ("published-version-changed", "version-removed"):
            continue
        if seams is not None and finding.seam not in seams:
            continue
        key = (finding.seam, finding.version)
        failure = Failure(
            check=CONTRACT_COMPAT,
            seam=finding.seam,
            version=finding.version,
            message=f"{finding.message} (published at {base})",
            file=finding.file,
            reproduce=f"seamguard diff --base {base}",
        )
        if finding.verdict == "breaking":
            failures.setdefault(key, []).append(failure)
        elif finding.verdict == "approved":
            approved.setdefault(key, []).append(ApprovedBreak(failure, finding.approval))
    return [
        CheckResult(
            seam,
            version,
            CONTRACT_COMPAT,
            "failed" if (seam, version) in failures else "passed",
            failures=tuple(failures.get((seam, version), ())),
            reason=f"against {base}",
            approved=tuple(approved.get((seam, version), ())),
        )
        for seam, version in sorted(failures.keys() | approved.keys())
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
