"""Compare two contracts trees: what changed, version by version, and whether it may land.

Rules (DESIGN.md): a version that exists in the old tree is published and must not change
(annotations aside) nor disappear; a new MINOR version must be compatible with its
predecessor (input BACKWARD, output FORWARD); a new MAJOR version may break. A break that an
ignore file approves (with a reason) is listed, not counted.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from seamguard.checks.compat import compare_versions
from seamguard.contracts import Contract, ContractRegistry, SchemaDocument, load_contracts
from seamguard.errors import ConfigError, SeamguardError
from seamguard.schema import Validators, canonical_form
from seamguard.schema._changes import Change, classify

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "Approval",
    "Finding",
    "TreeDiff",
    "base_tree",
    "diff_trees",
    "load_approvals",
    "load_tree",
]

Verdict = Literal["breaking", "compatible", "undecided", "approved"]


@dataclass(frozen=True, slots=True)
class Approval:
    """One approved break from the ignore file."""

    seam: str
    version: str
    reason: str
    file: str = ""
    """``input``, ``output`` or empty for both."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One change between the trees, with its verdict."""

    seam: str
    version: str
    file: str
    """``input``, ``output`` or ``version`` (the folder as a whole)."""
    kind: str
    """``published-version-changed``, ``version-removed``, ``version-added``,
    ``minor-input-changed``, ``minor-output-changed``, ``major-added``, ``invalid-contract``
    (a version with a problem, not compared)…"""
    verdict: Verdict
    message: str
    pointer: str = ""
    counterexample: Any = None
    changes: tuple[Change, ...] = ()
    """The file's changes one by one, each with its own verdict (from ``classify``)."""


@dataclass(slots=True)
class TreeDiff:
    """Every finding of a comparison."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def breaking(self) -> list[Finding]:
        """The findings that stop a merge."""
        return [f for f in self.findings if f.verdict == "breaking"]

    def to_json(self) -> dict[str, Any]:
        """The comparison as JSON."""
        return {
            "version": 1,
            "breaking": len(self.breaking),
            "findings": [
                {
                    "seam": f.seam,
                    "version": f.version,
                    "file": f.file,
                    "kind": f.kind,
                    "verdict": f.verdict,
                    "pointer": f.pointer,
                    "message": f.message,
                    "counterexample": f.counterexample,
                    "changes": [
                        {
                            "pointer": c.pointer,
                            "kind": c.kind,
                            "breaking": c.breaking,
                            "old": c.old,
                            "new": c.new,
                            "counterexample": c.counterexample,
                            "note": c.note,
                        }
                        for c in f.changes
                    ],
                }
                for f in self.findings
            ],
        }


def load_approvals(path: Path | None) -> list[Approval]:
    """The approved breaks of ``seamguard-ignore.toml`` (``[[approve]]`` tables)."""
    if path is None or not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: is not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: is not valid TOML: {exc}") from None
    except (ValueError, RecursionError):  # tomllib's int() and its recursive descent
        raise ConfigError(
            f"{path}: cannot be read as TOML: a number has too many digits, or arrays or "
            "tables are nested too deeply"
        ) from None
    entries = data.get("approve", [])
    if not isinstance(entries, list):
        raise ConfigError(
            f"{path.name} 'approve': expected an array of tables ([[approve]] with seam, "
            f"version and reason), got {type(entries).__name__}"
        )
    approvals = []
    for index, entry in enumerate(entries, start=1):
        where = f"{path.name} [[approve]] entry {index}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a table")
        unknown = set(entry) - {"seam", "version", "file", "reason"}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("seam", "version", "reason"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ConfigError(f"{where}: '{key}' is required (a non-empty string)")
        file = entry.get("file", "")
        if file not in ("", "input", "output"):
            raise ConfigError(f"{where} 'file': expected 'input' or 'output', got {file!r}")
        approvals.append(Approval(entry["seam"], entry["version"], entry["reason"], file))
    return approvals


def diff_trees(
    old: ContractRegistry,
    new: ContractRegistry,
    *,
    approvals: list[Approval] | None = None,
    modes: Mapping[str, str] | None = None,
    default_mode: str = "seam",
    policy: str = "strict",
) -> TreeDiff:
    """Compare two loaded trees (``old`` is the published one).

    ``modes`` gives seams their own compatibility mode (see ``seamguard.checks.compat``).
    """
    result = TreeDiff()
    old_validators, new_validators = Validators(old), Validators(new)
    approved = approvals or []
    for seam in sorted(set(old.contracts) | set(new.contracts)):
        before = {str(c.version): c for c in old.contracts.get(seam, ())}
        after = {str(c.version): c for c in new.contracts.get(seam, ())}
        for version, contract in before.items():
            if version not in after:
                result.findings.append(
                    Finding(
                        seam,
                        version,
                        "version",
                        "version-removed",
                        "breaking",
                        f"published version {seam}@{version} was removed",
                    )
                )
                continue
            reason = (
                _invalid(old, seam, version)
                or _invalid(new, seam, version)
                or _unusable(old_validators, contract)
                or _unusable(new_validators, after[version])
            )
            if reason is not None:
                result.findings.append(_undecided(seam, version, reason))
                continue
            for which in ("input", "output"):
                a = old_validators.dereference(_document(contract, which))
                b = new_validators.dereference(_document(after[version], which))
                if canonical_form(a) != canonical_form(b):
                    direction = "backward" if which == "input" else "forward"
                    result.findings.append(
                        Finding(
                            seam,
                            version,
                            which,
                            "published-version-changed",
                            "breaking",
                            f"published {seam}@{version} {which} schema changed; publish "
                            "the change as a new version instead",
                            changes=tuple(classify(a, b, direction=direction, policy=policy)),  # type: ignore[arg-type]
                        )
                    )
        versions = list(new.contracts.get(seam, ()))
        for index, contract in enumerate(versions):
            version = str(contract.version)
            if version in before:
                continue
            if index == 0:
                result.findings.append(
                    Finding(
                        seam,
                        version,
                        "version",
                        "version-added",
                        "compatible",
                        f"new seam version {seam}@{version}",
                    )
                )
                continue
            previous = versions[index - 1]
            same_major = [v for v in versions[:index] if v.version.major == contract.version.major]
            if not same_major:
                result.findings.append(
                    Finding(
                        seam,
                        version,
                        "version",
                        "major-added",
                        "compatible",
                        f"new MAJOR {seam}@{version}: breaking changes against "
                        f"{previous.version} are allowed",
                    )
                )
                continue
            mode = (modes or {}).get(seam) or default_mode
            earlier = same_major if mode.endswith("-transitive") else same_major[-1:]
            reasons = (
                _invalid(new, seam, str(c.version)) or _unusable(new_validators, c)
                for c in (*earlier, contract)
            )
            reason = next((r for r in reasons if r is not None), None)
            if reason is not None:
                result.findings.append(_undecided(seam, version, reason))
                continue
            result.findings.extend(_minor(earlier, contract, new_validators, mode, policy))
    result.findings = [_approve(f, approved) for f in result.findings]
    return result


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


def _approve(finding: Finding, approvals: list[Approval]) -> Finding:
    if finding.verdict != "breaking":
        return finding
    for approval in approvals:
        if (approval.seam, approval.version) == (finding.seam, finding.version) and (
            not approval.file or approval.file == finding.file
        ):
            return Finding(
                finding.seam,
                finding.version,
                finding.file,
                finding.kind,
                "approved",
                f"{finding.message} (approved: {approval.reason})",
                finding.pointer,
                finding.counterexample,
                finding.changes,
            )
    return finding


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


@contextmanager
def base_tree(contracts: Path, ref: str) -> Iterator[Path | None]:
    """The contracts folder as it is at git ``ref``, in a temporary folder (no checkout).

    Yields ``None`` when ``ref`` has no such folder (every version is new).

    Raises:
        SeamguardError: not a git work tree, or ``ref`` is unknown.
    """
    root = contracts.resolve()
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    relative = root.relative_to(Path(top).resolve()).as_posix()
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", what=f"ref {ref!r}")
    listing = _git(Path(top), "ls-tree", "-d", "--name-only", ref, "--", relative)
    with tempfile.TemporaryDirectory(prefix="seamguard-base-") as folder:
        if not listing.strip():
            yield None
            return
        archive = _git(Path(top), "archive", "--format=tar", ref, "--", relative)
        _extract(archive, Path(folder), ref)
        yield Path(folder) / relative


def _extract(archive: bytes, folder: Path, ref: str) -> None:
    """Unpack a ``git archive`` tarball into ``folder``: regular files, folders and links
    that stay inside ``folder`` only.

    tarfile's ``"data"`` filter (PEP 706: Python 3.12, and 3.8.17+, 3.9.17+, 3.10.12+,
    3.11.4+) does it where the running Python has it, found by feature detection; older
    Pythons get the same refusals from :func:`_leads_outside`.

    Raises:
        SeamguardError: a member leads out of ``folder`` (an absolute name, ``..``, a
            symbolic or hard link pointing outside), one line naming it.
    """
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        try:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(folder, filter="data")
                return
            for member in tar.getmembers():  # pragma: no cover - Pythons before PEP 706
                reason = _leads_outside(member, folder)
                if reason is not None:
                    raise SeamguardError(f"--base {ref}: {member.name} refused: {reason}")
            tar.extractall(folder)  # pragma: no cover
        except tarfile.TarError as error:  # the filter's refusals, a broken archive
            refused = getattr(error, "tarinfo", None)
            name = f" {refused.name}" if refused is not None else ""
            raise SeamguardError(
                f"--base {ref}:{name} refused: {error}; the contracts tree at {ref} must not "
                "hold links leading out of it"
            ) from None


def _leads_outside(member: tarfile.TarInfo, folder: Path) -> str | None:
    """Why ``member`` may not be unpacked into ``folder`` (the ``"data"`` filter's rules
    that matter here, for Pythons without it); ``None`` when it may."""
    root = folder.resolve()
    if not (root / member.name).resolve().is_relative_to(root):
        return "its name leads outside the folder"
    if member.issym():
        linked = (root / member.name).parent / member.linkname
        if os.path.isabs(member.linkname) or not linked.resolve().is_relative_to(root):
            return f"it is a symbolic link to {member.linkname}, outside the tree"
    elif member.islnk():
        if not (root / member.linkname).resolve().is_relative_to(root):
            return f"it is a hard link to {member.linkname}, outside the tree"
    elif not (member.isfile() or member.isdir()):
        return "it is neither a file, a folder nor a link"
    return None


def _git(cwd: Path, *args: str, what: str = "") -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise SeamguardError("--base needs git, which is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        reason = detail[-1] if detail else f"git {args[0]} failed"
        if what:
            reason = f"{what} is not a commit of this repository"
        raise SeamguardError(f"--base: {reason}")
    return done.stdout


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
