"""``contract-compat`` (static): each MINOR version is compatible with what came before it.

The two files of a seam are read by different sides, so by default (mode ``seam``)
compatibility runs two ways:

- the input (the API produces it, the logic consumes it) is BACKWARD compatible when every
  document the old version accepts is accepted by the new one: L(old) ⊆ L(new);
- the output (the logic produces it, the API consumes it) is FORWARD compatible when every
  document the new version may return was allowed by the old one: L(new) ⊆ L(old).

Other modes, globally or per seam (``compatibility`` in the configuration): ``backward``
(both files L(old) ⊆ L(new)), ``forward`` (both L(new) ⊆ L(old)), ``full`` (both ways), each
also ``-transitive`` (against every earlier version of the same MAJOR, not only the last).
A new MAJOR version may break. The decision is :func:`seamguard.schema.admits_only`: a "no"
comes with a document that shows the break; what it cannot decide is reported as undecided,
never as a failure; before that, Hypothesis searches for such a document (Schemathesis'
generator draws from one side, jsonschema judges both). The policy is strict: an optional
property added to an open input model is a break, because an old input may carry that name
with another type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from seamguard.checks._ids import CONTRACT_COMPAT
from seamguard.checks._result import ApprovedBreak, CheckResult
from seamguard.checks._text import short_json, show_path
from seamguard.errors import Failure
from seamguard.generation import find_counterexample
from seamguard.schema import Verdict, admits_only, canonical_form
from seamguard.schema._changes import Change, classify

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator, Mapping
    from pathlib import Path

    from seamguard.contracts import Contract, ContractRegistry, Validators

    # (seam, version, file) to the reason of the approval of that break, or None.
    Approve = Callable[[str, str, str], str | None]

__all__ = ["MODES", "Break", "check_contract_compat", "compare_versions"]

MODES = tuple(
    f"{mode}{suffix}"
    for mode in ("seam", "backward", "forward", "full")
    for suffix in ("", "-transitive")
)
"""The compatibility modes the configuration accepts."""

_DIRECTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "seam": {"input": ("backward",), "output": ("forward",)},
    "backward": {"input": ("backward",), "output": ("backward",)},
    "forward": {"input": ("forward",), "output": ("forward",)},
    "full": {"input": ("backward", "forward"), "output": ("backward", "forward")},
}


@dataclass(frozen=True, slots=True)
class Break:
    """One comparison of one file of a new version with one earlier version."""

    file: str
    """``input`` or ``output``."""
    direction: str
    """``backward`` (L(old) ⊆ L(new)) or ``forward`` (L(new) ⊆ L(old))."""
    against: str
    """The earlier version it was compared with."""
    outcome: str
    """``no`` (it breaks), ``undecided`` or ``yes``."""
    message: str
    pointer: str = ""
    counterexample: Any = None
    changes: tuple[Change, ...] = ()
    """The changes of the file, one by one, each with its verdict for ``direction``."""


def compare_versions(
    earlier: Contract,
    contract: Contract,
    validators: Validators,
    *,
    mode: str = "seam",
    policy: str = "strict",
) -> list[Break]:
    """How ``contract`` compares with ``earlier`` under ``mode`` (transitivity aside).

    With ``policy="tolerant"``, a break made only of changes the tolerant policy allows (an
    optional property added to an open model) is compatible, and the message says so.
    """
    found: list[Break] = []
    names = (f"version {earlier.version}", f"version {contract.version}")
    for which, directions in _DIRECTIONS[mode.removesuffix("-transitive")].items():
        old_doc = earlier.input if which == "input" else earlier.output
        new_doc = contract.input if which == "input" else contract.output
        schemas = (validators.dereference(old_doc), validators.dereference(new_doc))
        same = canonical_form(schemas[0]) == canonical_form(schemas[1])
        for direction in directions:
            if same:
                # Annotations aside the two are one schema: nothing to prove, nothing to list.
                found.append(Break(which, direction, str(earlier.version), "yes", ""))
                continue
            found.append(
                _compare_file(
                    which, direction, schemas, names, against=str(earlier.version), policy=policy
                )
            )
    return found


def _compare_file(
    which: str,
    direction: str,
    schemas: tuple[Any, Any],
    names: tuple[str, str],
    *,
    against: str,
    policy: str,
) -> Break:
    """One file of a new version against the same file of an earlier one, in one direction.

    ``schemas`` and ``names``: the old version's, then the new one's.
    """
    # backward: L(old) ⊆ L(new); forward: L(new) ⊆ L(old).
    subset, superset = schemas if direction == "backward" else schemas[::-1]
    subset_name, superset_name = names if direction == "backward" else names[::-1]
    verdict = admits_only(subset, superset, a_name=subset_name, b_name=superset_name)
    outcome, counterexample, reason = verdict.outcome, verdict.counterexample, verdict.reason
    if outcome == "undecided":
        # Search before giving up: a document the first side admits, the second not.
        searched = find_counterexample(subset, superset)
        if searched is not None:
            outcome, counterexample = "no", searched
            reason = f"a search found a document that shows it ({reason})"
            verdict = Verdict(outcome, counterexample, reason)
    changes = tuple(
        classify(
            schemas[0],
            schemas[1],
            direction=direction,  # type: ignore[arg-type]
            policy=policy,  # type: ignore[arg-type]
            whole=verdict,
        )
    )
    if (
        outcome == "no"
        and policy == "tolerant"
        and changes
        and all(change.breaking is False for change in changes)
    ):
        notes = "; ".join(sorted({c.note for c in changes if c.note}))
        outcome, counterexample = "yes", None
        reason = f"allowed by the tolerant policy ({notes or 'every change tolerated'})"
    pointer = reason.split(":", 1)[0] if reason.startswith("/") else ""
    message = f"{_broken(which, direction, names)}; {reason}" if outcome == "no" else reason
    return Break(which, direction, against, outcome, message, pointer, counterexample, changes)


def _broken(which: str, direction: str, names: tuple[str, str]) -> str:
    """What a break of one file in one direction means, in words."""
    old_name, new_name = names
    if direction == "backward":
        why = (
            ": an API written for the old version may hand the logic what it now rejects)"
            if which == "input"
            else ")"
        )
        return (
            f"{which}: a document {old_name} accepts is refused by {new_name} (not "
            f"BACKWARD compatible{why}"
        )
    why = (
        ": an API written for the old version may get what it does not expect)"
        if which == "output"
        else ")"
    )
    return f"{which}: {new_name} allows a document {old_name} forbids (not FORWARD compatible{why}"


def check_contract_compat(
    registry: ContractRegistry,
    validators: Validators,
    *,
    seams: Collection[str] | None = None,
    relative_to: Path | None = None,
    modes: Mapping[str, str] | None = None,
    default_mode: str = "seam",
    policy: str = "strict",
    approve: Approve | None = None,
) -> Iterator[CheckResult]:
    """One result per version that has an earlier version in the same MAJOR.

    ``approve(seam, version, file)`` gives the reason when ``seamguard-ignore.toml`` approves
    a break of ``file`` (``input`` or ``output``), ``None`` otherwise
    (:meth:`seamguard.diff.Approvals.reason`); an approved break is listed in the result's
    ``approved``, not among its failures.
    """
    for seam in registry.seams:
        if seams is not None and seam not in seams:
            continue
        mode = (modes or {}).get(seam) or default_mode
        versions = registry.versions(seam)
        for index in range(1, len(versions)):
            contract = versions[index]
            same_major = [v for v in versions[:index] if v.version.major == contract.version.major]
            if not same_major:
                yield CheckResult(
                    seam,
                    str(contract.version),
                    CONTRACT_COMPAT,
                    "passed",
                    reason=f"a new MAJOR version: it may break {versions[index - 1].version}",
                )
                continue
            earlier = same_major if mode.endswith("-transitive") else same_major[-1:]
            yield _judge(
                contract, earlier, registry, validators, mode, policy, relative_to, approve
            )


def _judge(
    contract: Contract,
    earlier: list[Contract],
    registry: ContractRegistry,
    validators: Validators,
    mode: str,
    policy: str,
    relative_to: Path | None,
    approve: Approve | None,
) -> CheckResult:
    seam, version = contract.seam, str(contract.version)
    if any(registry.problems_of(seam, str(c.version)) for c in (*earlier, contract)):
        return CheckResult(
            seam, version, CONTRACT_COMPAT, "skipped", reason="a contract is invalid"
        )
    if not all(validators.usable(d) for c in (*earlier, contract) for d in (c.input, c.output)):
        return CheckResult(
            seam, version, CONTRACT_COMPAT, "skipped", reason="a schema its $refs reach is invalid"
        )
    failures: list[tuple[str, Failure]] = []
    undecided: list[str] = []
    for old in earlier:
        for found in compare_versions(old, contract, validators, mode=mode, policy=policy):
            if found.outcome == "no":
                file = contract.input.path if found.file == "input" else contract.output.path
                failure = Failure(
                    check=CONTRACT_COMPAT,
                    seam=seam,
                    version=version,
                    message=(
                        f"{found.message}; e.g. {short_json(found.counterexample)}. Make it a "
                        "new MAJOR version, or keep the old documents valid"
                    ),
                    file=show_path(file, relative_to),
                    pointer=found.pointer,
                    example=found.counterexample,
                    reproduce="seamguard lint",
                )
                failures.append((found.file, failure))
            elif found.outcome == "undecided":
                undecided.append(
                    f"{found.file} {found.direction} vs {found.against} ({found.message})"
                )
    reason = ("undecided: " + "; ".join(undecided)) if undecided else ""
    return _settled(
        CheckResult(seam, version, CONTRACT_COMPAT, "passed", reason=reason), failures, approve
    )


def _settled(
    result: CheckResult, breaks: list[tuple[str, Failure]], approve: Approve | None
) -> CheckResult:
    """``result`` with its ``breaks`` (each with its file, ``input`` or ``output``): those
    ``approve`` approves listed as approved, the others failures; failed when one is left."""
    failures, approved = [], []
    for which, failure in breaks:
        reason = approve(result.seam, result.version, which) if approve is not None else None
        if reason is None:
            failures.append(failure)
        else:
            approved.append(ApprovedBreak(failure, reason))
    count = f"{len(approved)} approved break{'s' if len(approved) != 1 else ''}"
    return replace(
        result,
        status="failed" if failures else "passed",
        failures=tuple(failures),
        approved=tuple(approved),
        reason="; ".join(r for r in (count if approved else "", result.reason) if r),
    )
