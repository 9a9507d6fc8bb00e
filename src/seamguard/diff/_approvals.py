"""Approved breaks, one rule for every command.

``seamguard-ignore.toml`` lists breaks a team chose to land (``[[approve]]`` with seam,
version, optional file and a reason). ``diff``, ``lint`` (with and without ``--base``) and
``check`` ask :meth:`Approvals.match` about every break they find, and
:meth:`Approval.covers <seamguard.diff.Approval.covers>` alone decides: an approved break is
listed as approved, with the reason, and counted nowhere (no breaking change, no failure).

An approval that approves no break is stale: a note, never a failure. Only a run that made the
whole comparison can say so (``diff``, ``lint --base``, ``check --base``): without a base, an
approval of a change to a published version matches nothing, and is still needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from seamguard.diff._model import Approval, load_approvals

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable
    from pathlib import Path

__all__ = ["IGNORE_FILE", "Approvals"]

IGNORE_FILE = "seamguard-ignore.toml"
"""The ignore file's name, looked for beside the configuration."""


@dataclass(slots=True)
class Approvals:
    """The approvals of one ignore file, and which of them approved a break so far."""

    entries: tuple[Approval, ...] = ()
    source: str = IGNORE_FILE
    """The ignore file's name, as notes show it."""
    _used: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path | None) -> Approvals:
        """The approvals of the ignore file at ``path`` (none when it is absent).

        Raises:
            ConfigError: the file is not UTF-8 TOML, or an entry is malformed.
        """
        return cls(tuple(load_approvals(path)), path.name if path is not None else IGNORE_FILE)

    @classmethod
    def of(cls, approvals: Approvals | Iterable[Approval] | None) -> Approvals:
        """``approvals`` as an :class:`Approvals` (a list of :class:`Approval`, or none)."""
        if isinstance(approvals, Approvals):
            return approvals
        return cls(tuple(approvals or ()))

    def match(self, seam: str, version: str, file: str) -> Approval | None:
        """The approval of a break of ``file`` of ``seam`` at ``version``, or ``None``.

        Every approval that covers the break is marked used; the one naming the file wins
        over one naming none.
        """
        covering = [i for i, a in enumerate(self.entries) if a.covers(seam, version, file)]
        self._used.update(covering)
        if not covering:
            return None
        return min((self.entries[i] for i in covering), key=lambda a: a.file == "")

    def reason(self, seam: str, version: str, file: str) -> str | None:
        """:meth:`match`'s reason, or ``None``: what ``contract-compat`` asks."""
        approval = self.match(seam, version, file)
        return approval.reason if approval is not None else None

    def unused(self, seams: Collection[str] | None = None) -> list[Approval]:
        """The approvals that approved no break so far (of ``seams`` only, when given)."""
        return [
            a
            for i, a in enumerate(self.entries)
            if i not in self._used and (seams is None or a.seam in seams)
        ]

    def stale_notes(self, seams: Collection[str] | None = None) -> list[str]:
        """One note per approval that approved nothing: it can go."""
        return [
            f"{self.source}: the approval of {a.label()} matches no break (stale approval); "
            "remove it"
            for a in self.unused(seams)
        ]
