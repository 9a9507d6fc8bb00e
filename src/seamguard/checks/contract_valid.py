"""``contract-valid``: every schema is valid for its draft, every ``$ref`` resolves inside the
tree, every version folder is well formed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamguard.checks._ids import CONTRACT_VALID
from seamguard.checks._result import CheckResult
from seamguard.checks._text import show_path
from seamguard.errors import Failure

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator
    from pathlib import Path

    from seamguard.contracts import ContractRegistry, Problem

__all__ = ["check_contract_valid"]


def check_contract_valid(
    registry: ContractRegistry,
    *,
    seams: Collection[str] | None = None,
    relative_to: Path | None = None,
) -> Iterator[CheckResult]:
    """One result per seam version (and one per group of shared definitions with problems).

    Args:
        registry: the loaded tree.
        seams: only these seams (shared definitions are always judged: every seam may use
            them).
        relative_to: show file paths relative to this directory when they are inside it.
    """
    keys: set[tuple[str, str]] = set()
    for seam, versions in registry.contracts.items():
        keys.update((seam, str(contract.version)) for contract in versions)
    by_key: dict[tuple[str, str], list[Problem]] = {}
    for problem in registry.problems:
        key = (problem.seam, problem.version)
        keys.add(key)
        by_key.setdefault(key, []).append(problem)
    shared = {seam for seam, _ in keys if seam not in registry.contracts}
    for seam, version in sorted(keys):
        if seams is not None and seam not in seams and seam not in shared:
            continue
        problems = by_key.get((seam, version), [])
        failures = tuple(
            Failure(
                check=CONTRACT_VALID,
                seam=seam,
                version=version,
                message=problem.message,
                file=show_path(problem.path, relative_to),
                pointer=problem.pointer,
                reproduce="seamguard lint",
            )
            for problem in problems
        )
        yield CheckResult(
            seam=seam,
            version=version,
            check=CONTRACT_VALID,
            status="failed" if failures else "passed",
            failures=failures,
        )
