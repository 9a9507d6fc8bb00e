"""The outcome of one check on one seam version: what the engine emits and reports consume."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from seamguard.errors import Failure

__all__ = ["ApprovedBreak", "CheckResult", "Status"]

Status = Literal["passed", "failed", "error", "skipped"]


@dataclass(frozen=True, slots=True)
class ApprovedBreak:
    """A failure an approval in ``seamguard-ignore.toml`` lets land: listed, not counted."""

    failure: Failure
    """What would have failed."""
    reason: str
    """The approval's reason."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check run on one seam version."""

    seam: str
    """The seam name (for shared definitions: their folder under the contracts root)."""
    version: str
    """The version as its folder is named; ``""`` when the result is about no one version."""
    check: str
    """The check id."""
    status: Status
    """``passed``, ``failed``, ``error`` (the check could not run) or ``skipped``."""
    examples: int = 0
    """How many examples the check ran (0 for static checks)."""
    failures: tuple[Failure, ...] = ()
    """What failed; empty unless ``status`` is ``failed``."""
    reason: str = ""
    """Why the check errored or was skipped."""
    approved: tuple[ApprovedBreak, ...] = ()
    """Breaks an approval lets land (``contract-compat``): they leave ``status`` alone."""

    @property
    def label(self) -> str:
        """``tasks.create@1.1``, or the seam alone when there is no version."""
        return f"{self.seam}@{self.version}" if self.version else self.seam

    def to_json(self) -> dict[str, Any]:
        """The result as the JSON report writes it."""
        data: dict[str, Any] = {
            "seam": self.seam,
            "version": self.version,
            "check": self.check,
            "status": self.status,
            "examples": self.examples,
            "failures": [_failure_json(f) for f in self.failures],
        }
        if self.reason:
            data["reason"] = self.reason
        if self.approved:
            data["approved"] = [
                {**_failure_json(a.failure), "approval": a.reason} for a in self.approved
            ]
        return data


def _failure_json(failure: Failure) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": failure.id,
        "message": failure.message,
        "file": failure.file,
        "pointer": failure.pointer,
        "example": failure.example,
        "seed": failure.seed,
        "reproduce": failure.reproduce,
    }
    if failure.setup:
        data["setup"] = list(failure.setup)
    return data
