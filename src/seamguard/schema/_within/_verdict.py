"""The answers: the public ``Verdict``, and what a proof leaves at each level of ``a`` and ``b``.

A proof that stops records a ``_Note`` (the keyword of ``b`` and why) on its ``_Trail``, with
``_Lead`` values that may be counterexamples; ``_Answer`` is the outcome at one level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Outcome", "Verdict"]

Outcome = Literal["yes", "no", "undecided"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to "does schema ``a`` admit only values that schema ``b`` admits?"."""

    outcome: Outcome
    """``"yes"``, ``"no"`` (with a counterexample) or ``"undecided"``."""
    counterexample: Any = None
    """With ``"no"``: a JSON value valid under ``a`` and invalid under ``b``."""
    reason: str = ""
    """With ``"no"`` or ``"undecided"``: the keyword of ``b`` (a JSON pointer relative to ``b``,
    or ``#/...`` into ``root_b`` after a ``$ref``), then why."""


@dataclass(frozen=True, slots=True)
class _Note:
    """A keyword of ``b`` and a sentence about it."""

    holder: Any
    """The schema object of ``b`` holding the keyword (None when unknown)."""
    keyword: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class _Lead:
    """A candidate counterexample at the current level, and the keyword it aims at."""

    value: Any
    note: _Note | None = None


@dataclass(slots=True)
class _Trail:
    """Where a proof stopped and the candidate counterexamples found on the way."""

    gaps: list[_Note] = field(default_factory=list)
    leads: list[_Lead] = field(default_factory=list)

    def gap(self, holder: Any, keyword: str | None, sentence: str) -> _Note:
        note = _Note(holder, keyword, sentence)
        self.gaps.append(note)
        return note

    def lead(self, values: list[Any], note: _Note | None) -> None:
        self.leads.extend(_Lead(v, note) for v in values)


@dataclass(frozen=True, slots=True)
class _Answer:
    outcome: Outcome
    value: Any = None
    note: _Note | None = None


_YES = _Answer("yes")
