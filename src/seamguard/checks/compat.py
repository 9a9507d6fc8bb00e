"""``contract-compat`` (static): each MINOR version is compatible with the one before it.

The two files of a seam are read by different sides, so compatibility runs two ways:

- the input (the API produces it, the logic consumes it) is BACKWARD compatible when every
  document the old version accepts is accepted by the new one: L(old) ⊆ L(new);
- the output (the logic produces it, the API consumes it) is FORWARD compatible when every
  document the new version may return was allowed by the old one: L(new) ⊆ L(old).

A new MAJOR version may break either. The decision is :func:`seamguard.schema.admits_only`:
a "no" comes with a document that shows the break; what it cannot decide is reported as
undecided, never as a failure. (The policy is strict: an optional property added to an open
input model is a break, because an old input may carry that name with another type.)
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from seamguard.checks._ids import CONTRACT_COMPAT
from seamguard.checks._result import CheckResult
from seamguard.checks._text import short_json, show_path
from seamguard.errors import Failure
from seamguard.schema import admits_only

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator
    from pathlib import Path

    from seamguard.contracts import Contract, ContractRegistry, SchemaDocument
    from seamguard.schema import Validators

__all__ = ["check_contract_compat"]


def check_contract_compat(
    registry: ContractRegistry,
    validators: Validators,
    *,
    seams: Collection[str] | None = None,
    relative_to: Path | None = None,
) -> Iterator[CheckResult]:
    """One result per version that has a predecessor in the same MAJOR."""
    for seam in registry.seams:
        if seams is not None and seam not in seams:
            continue
        versions = registry.versions(seam)
        for old, new in pairwise(versions):
            yield _compare(old, new, registry, validators, relative_to)


def _compare(
    old: Contract,
    new: Contract,
    registry: ContractRegistry,
    validators: Validators,
    relative_to: Path | None,
) -> CheckResult:
    seam, version = new.seam, str(new.version)
    if new.version.major != old.version.major:
        return CheckResult(
            seam,
            version,
            CONTRACT_COMPAT,
            "passed",
            reason=f"a new MAJOR version: it may break {old.version}",
        )
    if registry.problems_of(seam, str(old.version)) or registry.problems_of(seam, version):
        return CheckResult(
            seam, version, CONTRACT_COMPAT, "skipped", reason="a contract is invalid"
        )
    old_name, new_name = f"version {old.version}", f"version {new.version}"
    failures: list[Failure] = []
    undecided: list[str] = []
    for which, a_doc, b_doc, a_name, b_name, what in (
        (
            "input",
            old.input,
            new.input,
            old_name,
            new_name,
            f"an input {old_name} accepts is refused by {new_name} (not BACKWARD compatible: "
            "an API written for the old version may hand the logic what it now rejects)",
        ),
        (
            "output",
            new.output,
            old.output,
            new_name,
            old_name,
            f"{new_name} may return an output {old_name} forbids (not FORWARD compatible: an API "
            "written for the old version may get what it does not expect)",
        ),
    ):
        verdict = admits_only(
            _schema(validators, a_doc), _schema(validators, b_doc), a_name=a_name, b_name=b_name
        )
        if verdict.outcome == "no":
            failures.append(
                Failure(
                    check=CONTRACT_COMPAT,
                    seam=seam,
                    version=version,
                    message=(
                        f"{which}: {what}; {verdict.reason}; e.g. "
                        f"{short_json(verdict.counterexample)}. Make it a new MAJOR version, "
                        "or keep the old documents valid"
                    ),
                    file=show_path(
                        new.input.path if which == "input" else new.output.path, relative_to
                    ),
                    pointer=verdict.reason.split(":", 1)[0]
                    if verdict.reason.startswith("/")
                    else "",
                    example=verdict.counterexample,
                    reproduce="seamguard lint",
                )
            )
        elif verdict.outcome == "undecided":
            undecided.append(f"{which} ({verdict.reason})" if verdict.reason else which)
    return CheckResult(
        seam,
        version,
        CONTRACT_COMPAT,
        "failed" if failures else "passed",
        failures=tuple(failures),
        reason=("undecided: " + "; ".join(undecided)) if undecided else "",
    )


def _schema(validators: Validators, document: SchemaDocument) -> object:
    return validators.dereference(document)
