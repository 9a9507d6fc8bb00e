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
import re
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
    "error_kind",
    "failure_id",
    "raised_at",
    "without_fresh_values",
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
    """What identifies the failure in place of its example, when the example holds values a
    run makes up (a request whose path holds an id the service made earlier); empty: the
    example does."""
    kind: str = ""
    """The kind of mismatch and where it is: the JSON Schema keywords that failed and their
    instance pointers, the exception type, the status code class. It stands for the message
    in the id (a message may quote values made afresh each run); empty: the message does."""
    setup: tuple[Any, ...] = ()
    """The requests that made the ids the example's path holds (ids the service made earlier
    in the run), in order, each a request as an example gives it with ``made``, the id it
    made: ``seamguard replay`` sends them first. Not part of the id (they hold those ids)."""

    @property
    def id(self) -> str:
        """A digest of what makes this failure the same one (:func:`failure_id`)."""
        return failure_id(
            check=self.check,
            seam=self.seam,
            version=self.version,
            file=self.file,
            pointer=self.pointer,
            example=self.key or self.example,
            kind=self.kind or self.message,
        )

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


def error_kind(error: BaseException) -> str:
    """An exception as a failure id takes it: its type, and the function that raised it
    (``KeyError in lookup``); not its message, nor a file or line (they differ by machine)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" in {frames[-1].name}" if frames else ""
    return f"{type(error).__module__}.{type(error).__qualname__}{where}"


def raised_at(error: BaseException) -> str:
    """`` (at file:line, in function)``: where ``error`` was raised; empty without a trace.

    A ``SyntaxError`` is placed where the code it could not read is (`` (at file:line)``),
    not in the import machinery that raised it.
    """
    if isinstance(error, SyntaxError) and error.filename:
        return f" (at {error.filename}:{error.lineno})"
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    return f" (at {frames[-1].filename}:{frames[-1].lineno}, in {frames[-1].name})"


# Values code makes afresh on every run, each with the placeholder that stands for it in a
# failure id. Checked first: ``re`` and the standard library only; no library normalises
# "fresh" values (freezegun and friends fix the clock, they do not rewrite text).
_FRESH: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
        ),
        "<uuid>",
    ),
    (re.compile(r"datetime\.(?:datetime|date|time)\([^)]*\)"), "<timestamp>"),
    (
        re.compile(
            r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
            r"(?:Z|[+-]\d{2}:?\d{2})?)?"
        ),
        "<timestamp>",
    ),
    (re.compile(r"\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b"), "<timestamp>"),
    (re.compile(r"\b0x[0-9a-fA-F]{4,}\b"), "0x<address>"),
)


def without_fresh_values(value: Any) -> Any:
    """``value`` with uuids, timestamps (ISO 8601, ``datetime(...)`` reprs) and memory
    addresses in its strings (and keys) replaced by placeholders, at any depth."""
    if isinstance(value, str):
        for pattern, placeholder in _FRESH:
            value = pattern.sub(placeholder, value)
        return value
    if isinstance(value, dict):
        return {without_fresh_values(str(k)): without_fresh_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_fresh_values(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return without_fresh_values(repr(value))  # any other object: its repr, addresses out


def failure_id(
    *,
    check: str,
    seam: str,
    version: str,
    file: str = "",
    pointer: str = "",
    example: Any = None,
    kind: str = "",
) -> str:
    """The id of a failure: 12 hex digits of a digest of what makes it the same failure.

    That is its seam, version and check, where it points (file and pointer), the minimal
    example the run generated (the input, not what the code made of it) and the kind of
    mismatch (:attr:`Failure.kind`), with every value made afresh each run normalised out
    (:func:`without_fresh_values`). Not the seed, nor the wording: the same failure has the
    same id in every run, so a CI report's id replays on a laptop.
    """
    identity = json.dumps(
        without_fresh_values([check, seam, version, file, pointer, example, kind]),
        sort_keys=True,
    )
    return hashlib.sha256(identity.encode()).hexdigest()[:12]
