"""The entry point ``admits_only``, and how the proof's answer becomes a ``Verdict``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from jsonschema.exceptions import best_match

from seamguard.schema._keywords import to_pointer
from seamguard.schema._within._json import _short
from seamguard.schema._within._proof import _Prover
from seamguard.schema._within._side import _schema_problem
from seamguard.schema._within._split import _OutOfTime
from seamguard.schema._within._verdict import Verdict

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from seamguard.schema._within._verdict import _Note

__all__ = ["admits_only"]


def admits_only(
    a: Any,
    b: Any,
    *,
    root_a: Any = None,
    root_b: Any = None,
    a_name: str = "the API",
    b_name: str = "the seam",
    time_budget: float = 2.0,
) -> Verdict:
    """Whether every JSON value that schema ``a`` admits is admitted by schema ``b`` (L(a) ⊆ L(b)).

    Both are Draft 2020-12 schemas; formats are asserted, as the seam validates them. A "no"
    always carries a counterexample jsonschema confirmed; where neither a proof nor a
    counterexample is found the answer is "undecided", never a guess.

    Args:
        a: The schema whose values must all fit (the API's), a dict or a bool.
        b: The schema they must fit (the seam's), a dict or a bool.
        root_a: The document ``a`` was cut from; its local ``$ref`` pointers resolve there.
            Default: ``a`` itself.
        root_b: The same for ``b``.
        a_name: What the reason calls ``a`` ("the API"; "version 1.0" for a compatibility
            check).
        b_name: What the reason calls ``b``.
        time_budget: Seconds after which the answer is "undecided" (pathological pairs).

    Returns:
        The verdict, with a counterexample for "no" and a reason for "no" and "undecided".

    Raises:
        TypeError: A schema or root is neither a dict nor a bool.

    Example:
        >>> admits_only({"type": "string", "maxLength": 500}, {"maxLength": 200}).outcome
        'no'
    """
    for name, value in (("a", a), ("b", b), ("root_a", root_a), ("root_b", root_b)):
        if not isinstance(value, (bool, Mapping)) and not (
            name.startswith("root") and value is None
        ):
            raise TypeError(
                f"admits_only() expects {name} to be a JSON Schema (a dict or a bool), "
                f"got {type(value).__name__}"
            )
    for name, schema in (("a", a), ("b", b)):
        problem = _schema_problem(schema)
        if problem:
            return Verdict(
                "undecided", reason=f"schema {name} is not valid Draft 2020-12: {problem}"
            )
    checker = _Checker(
        a, b, a if root_a is None else root_a, b if root_b is None else root_b, budget=time_budget
    )
    verdict = checker.verdict()
    if (a_name, b_name) == ("the API", "the seam") or not verdict.reason:
        return verdict
    reason = verdict.reason.replace("the API", a_name).replace("the seam", b_name)
    return Verdict(verdict.outcome, verdict.counterexample, reason)


class _Checker(_Prover):
    """One ``admits_only`` call: both documents, caches and the induction bookkeeping."""

    # -- the answer -------------------------------------------------------------------------

    def verdict(self) -> Verdict:
        try:
            answer = self.within(self.top_a, self.top_b, descending=False)
        except RecursionError:
            return Verdict("undecided", reason="the schemas nest too deeply to check")
        except _OutOfTime:
            return Verdict("undecided", reason="no answer within the time budget")
        if answer.outcome == "yes":
            return Verdict("yes")
        if answer.outcome == "no":
            return Verdict("no", answer.value, self.explain_no(answer.value, answer.note))
        note = answer.note
        if note is None:
            return Verdict("undecided", reason="no proof and no counterexample found")
        pointer = self.pointer_of(note.holder, note.keyword)
        return Verdict(
            "undecided", reason=f"{pointer}: {note.sentence}" if pointer else note.sentence
        )

    def explain_no(self, value: Any, note: _Note | None) -> str:
        errors = self.b.errors(self.top_b, value)
        for error in _walk_errors(errors):
            if note is not None and error.schema is note.holder and error.validator == note.keyword:
                return f"{self.error_pointer(error)}: {note.sentence}"
        best = best_match(errors)
        if best is None:  # pragma: no cover - a confirmed counterexample has errors
            return note.sentence if note else "the seam rejects it"
        message = best.message if len(best.message) <= 160 else best.message[:157] + "..."
        return f"{self.error_pointer(best)}: the seam rejects {_short(value)}: {message}"

    def error_pointer(self, error: ValidationError) -> str:
        keyword = error.validator if isinstance(error.validator, str) else None
        located = self.pointer_of(error.schema, keyword)
        if located:
            return located
        return to_pointer(list(error.schema_path)) or "/"

    def pointer_of(self, holder: Any, keyword: str | None) -> str:
        if not isinstance(holder, Mapping):
            return ""
        if self.index is None:
            self.index = {}
            _index(self.top_b, "", self.index)
            if self.b.root is not self.top_b:
                _index(self.b.root, "#", self.index)
        base = self.index.get(id(holder))
        if base is None:
            return ""
        return base + to_pointer([keyword]) if keyword else base or "/"


def _index(node: Any, pointer: str, index: dict[int, str]) -> None:
    stack: list[tuple[Any, str]] = [(node, pointer)]
    while stack:
        current, at = stack.pop()
        if isinstance(current, Mapping):
            index.setdefault(id(current), at)
            stack.extend((v, at + to_pointer([k])) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((v, at + to_pointer([i])) for i, v in enumerate(current))


def _walk_errors(errors: list[ValidationError]) -> Iterator[ValidationError]:
    stack = list(errors)
    while stack:
        error = stack.pop(0)
        yield error
        stack.extend(error.context or [])
