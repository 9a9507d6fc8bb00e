"""What a comparison of two contracts trees finds, and the breaks an ignore file approves."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from seamguard.errors import ConfigError

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.schema._changes import Change

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


Verdict = Literal["breaking", "compatible", "undecided", "approved"]


@dataclass(frozen=True, slots=True)
class Approval:
    """One approved break from the ignore file."""

    seam: str
    version: str
    reason: str
    file: str = ""
    """``input``, ``output`` or empty for both."""

    def covers(self, seam: str, version: str, file: str) -> bool:
        """The rule: whether this approval approves a break of ``file`` (``input``,
        ``output``, or ``version`` for a version removed) of ``seam`` at ``version``.

        Same seam, same version, and the same file unless the approval names none; a removed
        version (``file="version"``) is approved only by an approval that names no file.
        Every command asks this, through :class:`seamguard.diff.Approvals`.
        """
        return (self.seam, self.version) == (seam, version) and self.file in ("", file)

    def label(self) -> str:
        """``tasks.create@1.2``, with `` input`` or `` output`` when the approval names one."""
        return f"{self.seam}@{self.version}" + (f" {self.file}" if self.file else "")


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
    approval: str = ""
    """The approval's reason when ``verdict`` is ``approved``."""

    def change_verdict(self, change: Change) -> Verdict:
        """One of its changes' verdict: the change's own, but ``approved`` for a breaking
        change of an approved finding (never ``breaking`` under a break that may land)."""
        if change.breaking is None:
            return "undecided"
        if change.breaking and self.verdict == "approved":
            return "approved"
        return "breaking" if change.breaking else "compatible"


@dataclass(slots=True)
class TreeDiff:
    """Every finding of a comparison."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What needs no action to merge but deserves a look: approvals that approve nothing."""

    @property
    def breaking(self) -> list[Finding]:
        """The findings that stop a merge."""
        return [f for f in self.findings if f.verdict == "breaking"]

    @property
    def approved(self) -> list[Finding]:
        """The breaks an approval lets land: listed, not counted."""
        return [f for f in self.findings if f.verdict == "approved"]

    def to_json(self) -> dict[str, Any]:
        """The comparison as JSON."""
        return {
            "version": 1,
            "breaking": len(self.breaking),
            "approved": len(self.approved),
            "notes": list(self.notes),
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
                    "approval": f.approval or None,
                    "changes": [
                        {
                            "pointer": c.pointer,
                            "kind": c.kind,
                            "breaking": c.breaking,
                            "verdict": f.change_verdict(c),
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
