"""Comparing two contracts trees, version by version.

Rules (DESIGN.md): a version that exists in the old tree is published and must not change
(annotations aside) nor disappear; a new MINOR version must be compatible with its
predecessor (input BACKWARD, output FORWARD); a new MAJOR version may break. A break that an
ignore file approves (with a reason) is listed, not counted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from seamguard.checks.compat import compare_versions
from seamguard.contracts import (
    Contract,
    ContractRegistry,
    SchemaDocument,
    Validators,
    load_contracts,
)
from seamguard.diff._approvals import Approvals
from seamguard.diff._model import Approval, Finding, TreeDiff
from seamguard.errors import SeamguardError
from seamguard.schema import canonical_form
from seamguard.schema._changes import classify

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from seamguard.diff._model import Verdict


def diff_trees(
    old: ContractRegistry,
    new: ContractRegistry,
    *,
    approvals: Approvals | Iterable[Approval] | None = None,
    modes: Mapping[str, str] | None = None,
    default_mode: str = "seam",
    policy: str = "strict",
    notes: bool = True,
) -> TreeDiff:
    """Compare two loaded trees (``old`` is the published one).

    ``modes`` gives seams their own compatibility mode (see ``seamguard.checks.compat``).
    Each break is asked of ``approvals`` (:meth:`Approvals.match`, the rule ``lint`` and
    ``check`` apply too); with ``notes``, an approval that approves no break, neither in this
    comparison nor between the versions of the new tree (what ``lint`` checks), is a note.
    """
    rule = Approvals.of(approvals)
    result = TreeDiff()
    trees = _Trees(old, new, Validators(old), Validators(new))
    for seam in sorted(set(old.contracts) | set(new.contracts)):
        before = {str(c.version): c for c in old.contracts.get(seam, ())}
        result.findings.extend(_published(trees, seam, before, policy=policy))
        mode = (modes or {}).get(seam) or default_mode
        result.findings.extend(_added(trees, seam, before, mode=mode, policy=policy))
    result.findings = [_approve(f, rule) for f in result.findings]
    if notes:
        for approval in rule.unused():
            mode = (modes or {}).get(approval.seam) or default_mode
            _match_on_disk(trees, approval, rule, mode=mode, policy=policy)
        result.notes.extend(rule.stale_notes())
    return result


@dataclass(frozen=True, slots=True)
class _Trees:
    """The two trees compared, each with its validators."""

    old: ContractRegistry
    new: ContractRegistry
    old_validators: Validators
    new_validators: Validators


def _published(
    trees: _Trees, seam: str, before: dict[str, Contract], *, policy: str
) -> Iterator[Finding]:
    """The findings on the versions of ``seam`` the old tree publishes: removed, changed, or
    not comparable."""
    after = {str(c.version): c for c in trees.new.contracts.get(seam, ())}
    for version, contract in before.items():
        if version not in after:
            yield Finding(
                seam,
                version,
                "version",
                "version-removed",
                "breaking",
                f"published version {seam}@{version} was removed",
            )
            continue
        reason = (
            _invalid(trees.old, seam, version)
            or _invalid(trees.new, seam, version)
            or _unusable(trees.old_validators, contract)
            or _unusable(trees.new_validators, after[version])
        )
        if reason is not None:
            yield _undecided(seam, version, reason)
            continue
        for which in ("input", "output"):
            a = trees.old_validators.dereference(_document(contract, which))
            b = trees.new_validators.dereference(_document(after[version], which))
            if canonical_form(a) != canonical_form(b):
                direction = "backward" if which == "input" else "forward"
                yield Finding(
                    seam,
                    version,
                    which,
                    "published-version-changed",
                    "breaking",
                    f"published {seam}@{version} {which} schema changed; publish "
                    "the change as a new version instead",
                    changes=tuple(classify(a, b, direction=direction, policy=policy)),  # type: ignore[arg-type]
                )


def _added(
    trees: _Trees, seam: str, before: dict[str, Contract], *, mode: str, policy: str
) -> Iterator[Finding]:
    """The findings on the versions of ``seam`` only the new tree has: a new seam, a new
    MAJOR, or a new MINOR judged against the earlier versions of its MAJOR."""
    versions = list(trees.new.contracts.get(seam, ()))
    for index, contract in enumerate(versions):
        version = str(contract.version)
        if version in before:
            continue
        if index == 0:
            yield Finding(
                seam,
                version,
                "version",
                "version-added",
                "compatible",
                f"new seam version {seam}@{version}",
            )
            continue
        previous = versions[index - 1]
        same_major = [v for v in versions[:index] if v.version.major == contract.version.major]
        if not same_major:
            yield Finding(
                seam,
                version,
                "version",
                "major-added",
                "compatible",
                f"new MAJOR {seam}@{version}: breaking changes against "
                f"{previous.version} are allowed",
            )
            continue
        earlier = same_major if mode.endswith("-transitive") else same_major[-1:]
        reasons = (
            _invalid(trees.new, seam, str(c.version)) or _unusable(trees.new_validators, c)
            for c in (*earlier, contract)
        )
        reason = next((r for r in reasons if r is not None), None)
        if reason is not None:
            yield _undecided(seam, version, reason)
            continue
        yield from _minor(earlier, contract, trees.new_validators, mode, policy)


def _minor(
    earlier: list[Contract], contract: Contract, validators: Validators, mode: str, policy: str
) -> Iterator[Finding]:
    seam, version = contract.seam, str(contract.version)
    for old in earlier:
        for found in compare_versions(old, contract, validators, mode=mode, policy=policy):
            kind = f"minor-{found.file}-changed"
            if found.outcome == "no":
                verdict: Verdict = "breaking"
                message = found.message
            elif found.outcome == "undecided":
                verdict = "undecided"
                message = f"{found.direction} against {found.against}: could not decide: "
                message += found.message
            elif _changed(old, contract, found.file, validators):
                verdict = "compatible"
                message = f"{found.direction} compatible with {found.against}"
                if found.message:
                    message += f": {found.message}"
            else:
                continue
            yield Finding(
                seam,
                version,
                found.file,
                kind,
                verdict,
                message,
                found.pointer,
                found.counterexample,
                found.changes,
            )


def _changed(old: Contract, new: Contract, which: str, validators: Validators) -> bool:
    return canonical_form(validators.dereference(_document(old, which))) != canonical_form(
        validators.dereference(_document(new, which))
    )


def _approve(finding: Finding, rule: Approvals) -> Finding:
    """``finding``, approved when it is a break the rule approves."""
    if finding.verdict != "breaking":
        return finding
    approval = rule.match(finding.seam, finding.version, finding.file)
    if approval is None:
        return finding
    return replace(
        finding,
        verdict="approved",
        message=f"{finding.message} (approved: {approval.reason})",
        approval=approval.reason,
    )


def _match_on_disk(
    trees: _Trees, approval: Approval, rule: Approvals, *, mode: str, policy: str
) -> None:
    """Ask ``rule`` about the breaks of the approved version against its predecessors in
    the new tree: a MINOR that broke them once, approved then, needs its approval as long as
    ``lint`` compares the two. A version that cannot be compared is left unasked."""
    versions = list(trees.new.contracts.get(approval.seam, ()))
    found = [c for c in versions if str(c.version) == approval.version]
    if not found:
        return
    contract = found[0]
    earlier = [v for v in versions if v.version.major == contract.version.major]
    earlier = earlier[: earlier.index(contract)]
    if not mode.endswith("-transitive"):
        earlier = earlier[-1:]
    if any(
        _invalid(trees.new, approval.seam, str(c.version)) or _unusable(trees.new_validators, c)
        for c in (*earlier, contract)
    ):
        rule.match(approval.seam, approval.version, approval.file or "input")  # undecided
        return
    for old in earlier:
        for broke in compare_versions(
            old, contract, trees.new_validators, mode=mode, policy=policy
        ):
            if broke.outcome != "yes":  # a break, or undecided: not known to be stale
                rule.match(approval.seam, approval.version, broke.file)


def _invalid(registry: ContractRegistry, seam: str, version: str) -> str | None:
    """Why a version cannot be compared: the first problem of its folder, or of the shared
    definitions its ``$ref`` s may reach (as ``lint`` skips ``contract-compat`` then)."""
    shared = registry.shared_problems
    for problem in registry.problems:
        if (problem.seam, problem.version) == (seam, version) or problem in shared:
            where = problem.path.relative_to(registry.root).as_posix()
            if problem.pointer:
                where += f"#{problem.pointer}"
            return f"{registry.root.name}/{where}: {problem.message}"
    return None


def _unusable(validators: Validators, contract: Contract) -> str | None:
    """Why a version without a problem of its own cannot be compared: a schema its $refs
    reach has one."""
    for document in (contract.input, contract.output):
        if not validators.usable(document):
            return f"{document.path.name} reaches, through $ref, a schema with a problem"
    return None


def _undecided(seam: str, version: str, reason: str) -> Finding:
    return Finding(
        seam,
        version,
        "version",
        "invalid-contract",
        "undecided",
        f"{seam}@{version} cannot be compared: {reason} (seamguard lint lists every problem)",
    )


def _document(contract: Contract, which: str) -> SchemaDocument:
    return contract.input if which == "input" else contract.output


def load_tree(path: Path | None) -> ContractRegistry:
    """A contracts tree for comparison; an empty one when ``path`` is ``None``."""
    if path is None:
        return ContractRegistry(root=Path(), contracts={})
    registry = load_contracts(path)
    if registry.outside:
        # No finding, no verdict: a tree that reaches out of itself is not compared at all.
        link = registry.outside[0]
        shown = f"{registry.root.name}/{link.relative_to(registry.root).as_posix()}"
        target = os.readlink(link) if link.is_symlink() else "a linked folder"
        raise SeamguardError(
            f"{shown}: is a symbolic link leading outside the contracts root (to {target}); "
            "refused, seamguard reads nothing outside it"
        )
    return registry
