"""The two error families of seamguard.

::

    SeamguardError            the tool was used wrongly: exit code 2, one clear line
     ├── ConfigError          a bad or missing configuration key, file or value
     └── ContractError        a contracts tree that cannot be loaded at all
    AssertionError
     └── ContractViolation    a check failed: exit code 1, a failed pytest item

A ``SeamguardError`` message says what is wrong, where (file and JSON pointer, or config
key) and what to do. A ``ContractViolation`` carries a plain, picklable :class:`Failure`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "ConfigError",
    "ContractError",
    "ContractViolation",
    "Failure",
    "SeamguardError",
    "did_you_mean",
    "raised_at",
]


class SeamguardError(Exception):
    """seamguard was used wrongly; the message says what to change. Exit code 2."""


class ConfigError(SeamguardError):
    """A configuration file, key or value is wrong."""


class ContractError(SeamguardError):
    """A contracts tree could not be loaded (missing root, nothing in it)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed check, as plain data for reports, JSON and worker processes."""

    check: str
    """The check id from the catalogue, e.g. ``"contract-valid"``."""
    seam: str
    """The seam name, e.g. ``"tasks.create"``."""
    version: str
    """The contract version, e.g. ``"1.1"``; empty when the failure has none."""
    message: str
    """What is wrong, in a sentence a person can act on."""
    file: str = ""
    """The file the failure points at, relative to the project when possible."""
    pointer: str = ""
    """A JSON pointer into ``file`` (``""`` is the whole document)."""
    example: Any = None
    """The minimal example that shows the failure (a JSON document), if there is one."""
    seed: int | None = None
    """The seed of the run that found it, if it was generated."""
    reproduce: str = ""
    """How to reproduce it: a command, a pytest snippet or a curl line."""
    key: str = ""
    """What identifies the failure when its example does not (an example holding ids the
    service made up at run time differs run to run); empty: the example and message do."""

    @property
    def id(self) -> str:
        """A stable id: the same for the same code, contracts and seed on any machine."""
        what = [self.key] if self.key else [self.message, self.example]
        identity = json.dumps(
            [self.check, self.seam, self.version, self.file, self.pointer, *what, self.seed],
            sort_keys=True,
            default=repr,
        )
        return hashlib.sha256(identity.encode()).hexdigest()[:12]

    def location(self) -> str:
        """``file#pointer``, or whichever of the two is known."""
        if self.file and self.pointer:
            return f"{self.file}#{self.pointer}"
        return self.file or (f"#{self.pointer}" if self.pointer else "")

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ContractViolation(AssertionError):
    """A check failed. An ``AssertionError`` so pytest fails the item and Hypothesis shrinks."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure)  # args=(failure,) keeps it picklable
        self.failure = failure

    def __str__(self) -> str:
        return f"[{self.failure.check}] {self.failure.seam}@{self.failure.version}: {self.failure}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``"; did you mean 'x'?"`` suffix for the nearest choice, or ``""`` when none is near."""
    options = list(choices)
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches:
        # Separators are a common slip (max_examples vs max-examples): compare without them.
        plain = {o.replace("-", "").replace("_", "").lower(): o for o in options}
        key = word.replace("-", "").replace("_", "").lower()
        if key in plain:
            matches = [plain[key]]
    return f"; did you mean '{matches[0]}'?" if matches else ""


def raised_at(error: BaseException) -> str:
    """`` (at file:line, in function)``: where ``error`` was raised; empty without a trace."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    return f" (at {frames[-1].filename}:{frames[-1].lineno}, in {frames[-1].name})"
