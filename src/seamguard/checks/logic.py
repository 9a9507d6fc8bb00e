"""The logic side: call the logic directly with contract-valid documents from Hypothesis.

``logic-accepts-input``: the logic raises nothing but a declared domain error, returns
within the time limit, and leaves the input it was handed as it was.
``logic-output-conforms``: what it returns validates against the output schema.

Examples are isolated: each gets a fresh instance of a method seam's class, or, when the
binding names a ``reset`` hook, the one instance of the run after ``reset`` ran.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from seamguard._progress import tick
from seamguard.checks._format_notes import FormatNotes
from seamguard.checks._hypothesis import StopRun, run_examples
from seamguard.checks._ids import LOGIC_ACCEPTS_INPUT, LOGIC_CHECKS, LOGIC_OUTPUT_CONFORMS
from seamguard.checks._input_changes import IMMUTABLE, UNCHANGEABLE, changed
from seamguard.checks._limits import Hung, TimeLimit
from seamguard.checks._logic_call import AsyncRunner, call_logic, fresh_loop, invoke
from seamguard.checks._result import CheckResult
from seamguard.checks._text import short_json, show_path
from seamguard.errors import ContractViolation, Failure, error_kind, raised_at
from seamguard.generation import GenerationError, document_strategy
from seamguard.seams import ConversionError, NoJsonForm, route_reason

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from seamguard.contracts import CompiledSchema, Contract, Validators
    from seamguard.seams import BoundSeam

__all__ = ["HUNG", "AsyncRunner", "call_logic", "fresh_loop", "run_logic_checks", "settle_sides"]

#: The ``reason`` of a failed ``logic-accepts-input`` result whose example hung: the API
#: side of that seam is not run (a request would hang the same way).
HUNG = "the logic hung on an example"


def run_logic_checks(
    seam: BoundSeam,
    contract: Contract,
    validators: Validators,
    *,
    max_examples: int,
    seed: int,
    relative_to: Path,
    config_file: Path | None = None,
    timeout: float = 10.0,
    examples: list[Any] | None = None,
    run_async: AsyncRunner = fresh_loop,
) -> list[CheckResult]:
    """Both logic-side checks of one seam, one result each.

    Args:
        run_async: runs async logic, async provide factories and async draining: a fresh
            event loop per example, or the started app's loop.
        examples: exactly these input documents instead of generated ones (a replay).
        timeout: seconds one call may take; a longer one fails ``logic-accepts-input`` with
            its example and ends the run (shrinking it would cost the limit again each try).
    """
    version = str(contract.version)
    if seam.route_given:  # the route gives an argument no factory makes: nothing to call
        reason = route_reason(seam.route_given)
        return [CheckResult(seam.seam, version, c, "skipped", reason=reason) for c in LOGIC_CHECKS]
    if examples is None:
        try:
            shown = show_path(contract.input.path, relative_to)
            strategy = document_strategy(contract.input, validators, shown=shown)
        except GenerationError as error:  # an error result each, never a false failure
            return [
                CheckResult(seam.seam, version, check, "error", 0, reason=str(error))
                for check in LOGIC_CHECKS
            ]
    else:
        strategy = st.sampled_from(examples)
        max_examples = len(examples)
    calls = _Calls(
        seam,
        version,
        validators.of(contract.output),
        TimeLimit(timeout),
        files=(
            show_path(contract.input.path, relative_to),
            show_path(contract.output.path, relative_to),
        ),
        seed=seed,
        config_file=config_file,
        notes=FormatNotes(seam, validators, contract.input),
        run_async=run_async,
    )
    errors = ""
    total = 0
    with calls.limit:
        for _ in LOGIC_CHECKS:
            outcome = run_examples(
                strategy,
                calls,
                max_examples=max_examples,
                seed=seed,
                key=f"logic/{seam.seam}@{version}/{'+'.join(sorted(calls.failures))}",
            )
            total += outcome.calls
            if outcome.error:
                errors = outcome.error
                break
            if outcome.violation is None:
                break
            check = outcome.violation.failure.check
            if check in calls.failures:
                break  # a second hang: the pass ends there, the first is reported
            calls.failures[check] = outcome.violation.failure
    return [calls.result(check, total, errors) for check in LOGIC_CHECKS]


class _Calls:
    """The body of the logic side's Hypothesis test: call the logic with one input document
    and raise its first new failure; what the passes found so far."""

    def __init__(
        self,
        seam: BoundSeam,
        version: str,
        output: CompiledSchema,
        limit: TimeLimit,
        *,
        files: tuple[str, str],
        seed: int,
        config_file: Path | None,
        notes: FormatNotes,
        run_async: AsyncRunner,
    ) -> None:
        self.run_async = run_async
        self.seam, self.notes = seam, notes  # notes: format strictness (EmailStr, 0@0.test)
        self.version = version
        self.output = output
        self.limit = limit
        self.input_file, self.output_file = files
        self.seed = seed
        self.config_file = config_file
        shared = seam.reset is not None and not seam.managed_instance
        self.shared = seam.make_instance() if shared else None
        self.hung: list[Any] = []
        self.failures: dict[str, Failure] = {}

    def result(self, check: str, total: int, errors: str) -> CheckResult:
        """The result of one logic check after every pass."""
        name, version = self.seam.seam, self.version
        failure = self.failures.get(check)
        if failure is not None:
            reason = HUNG if check == LOGIC_ACCEPTS_INPUT and self.hung else ""
            return CheckResult(
                name, version, check, "failed", total, failures=(failure,), reason=reason
            )
        if errors:
            return CheckResult(name, version, check, "error", total, reason=errors)
        reason = self.notes.reason if check == LOGIC_ACCEPTS_INPUT else ""
        return CheckResult(name, version, check, "passed", total, reason=reason)

    def _isolated(self) -> Any:
        """``self`` for this example: fresh, or the run's one after ``reset``; ``None`` for a
        managed ``instance`` factory, entered around the call itself (``reset`` is handed
        ``None`` then: there is no ``self`` yet)."""
        seam = self.seam
        if seam.managed_instance:
            if seam.reset is not None:
                seam.reset(None)
            return None
        if seam.reset is None:
            return seam.make_instance()
        if seam.kind == "method":
            seam.reset(self.shared)
        else:
            seam.reset()
        return self.shared

    def _violation(self, check: str, document: Any, message: str, kind: str) -> ContractViolation:
        """The failure of ``check`` on the input ``document``; ``kind``: what went wrong, as
        its id takes it (:attr:`Failure.kind`)."""
        return ContractViolation(
            Failure(
                check=check,
                seam=self.seam.seam,
                version=self.version,
                message=message,
                file=self.output_file if check == LOGIC_OUTPUT_CONFORMS else self.input_file,
                example=document,
                seed=self.seed,
                reproduce=_snippet(self.seam, check, document, self.config_file),
                kind=kind,
            )
        )

    def __call__(self, document: Any) -> None:
        tick("examples")
        if document in self.hung:
            return  # the second pass meets the example that hung again: it is reported
        called = self._call(document)
        if called is None:
            return
        args, kwargs, before, (_result, produced) = called
        seam = self.seam
        if before is not UNCHANGEABLE and LOGIC_ACCEPTS_INPUT not in self.failures:
            bound = {**dict.fromkeys(seam.providers), **kwargs} if seam.providers else kwargs
            change = changed(before, seam.shape.input_document(args, bound))
            if change is not None:
                raise self._violation(
                    LOGIC_ACCEPTS_INPUT,
                    document,
                    f"the logic changed the input it was handed, at {change[0]}: {change[1]}; "
                    "a seam must leave its caller's data as it was (copy it before changing it)",
                    f"changed the input at {change[0]}",
                )
        if LOGIC_OUTPUT_CONFORMS in self.failures:
            return
        if isinstance(produced, NoJsonForm):
            raise self._violation(LOGIC_OUTPUT_CONFORMS, document, produced.message, produced.kind)
        problem = self.output.explain(produced)
        if problem is not None:
            raise self._violation(
                LOGIC_OUTPUT_CONFORMS,
                document,
                f"the logic returned a document its output schema forbids, {problem}; it "
                f"returned {short_json(produced)}",
                self.output.mismatches(produced),
            )

    def _call(self, document: Any) -> tuple[tuple[Any, ...], dict[str, Any], Any, Any] | None:
        """Call the logic: its arguments, the input document before the call
        (``UNCHANGEABLE`` when nothing it was handed can change) and what it returned;
        ``None`` when it raised what is already reported or allowed."""
        seam = self.seam
        instance = self._isolated()
        try:
            args, kwargs = seam.shape.arguments(document)
            mutable = not all(isinstance(value, IMMUTABLE) for value in (*args, *kwargs.values()))
            # Provided parameters are not in the document: a placeholder lets the call bind.
            kwargs_bound = {**dict.fromkeys(seam.providers), **kwargs}
            before = seam.shape.input_document(args, kwargs_bound) if mutable else UNCHANGEABLE
            result = self.limit.call(invoke, seam, instance, args, kwargs, self.run_async)
        except Hung as error:
            self.hung.append(document)
            found = self._violation(
                LOGIC_ACCEPTS_INPUT,
                document,
                f"the logic {error} on a contract-valid input (a hang?); set the 'timeout' "
                "key if it needs longer",
                "hung",
            )
            # Ends the pass at once; a second hang in the next pass ends that one too.
            raise StopRun(found) from None
        except ConversionError as error:
            if LOGIC_ACCEPTS_INPUT not in self.failures and not self.notes.noted(error, document):
                raise self._violation(
                    LOGIC_ACCEPTS_INPUT,
                    document,
                    f"a contract-valid input cannot be passed to the logic: {error}",
                    "does not convert",
                ) from None
            return None
        except (Exception, SystemExit) as error:  # sys.exit() in the logic fails it too
            if seam.is_declared(error) or LOGIC_ACCEPTS_INPUT in self.failures:
                return None
            raise self._violation(
                LOGIC_ACCEPTS_INPUT,
                document,
                f"the logic raised {type(error).__name__}: {error}{raised_at(error)} on a "
                "contract-valid input; declare it in 'raises' if it is a domain error",
                f"raised {error_kind(error)}",
            ) from error
        return args, kwargs, before, result


def settle_sides(
    logic: Mapping[tuple[str, str], CheckResult], api: Iterable[CheckResult]
) -> dict[tuple[str, str], CheckResult]:
    """(seam, check) to its one result, from the logic side's results and the API side's.

    ``logic-accepts-input`` and ``logic-output-conforms`` are decided on both sides: by the
    logic side's own calls and by the crossings the API side's requests cause. The logic
    side's failure stands; otherwise the API side's result for the same check (a failure:
    the API side found what the logic side did not) replaces it, keeping the logic side's
    notes when both passed. The API side's own checks are its alone.
    """
    settled = dict(logic)
    for result in api:
        key = (result.seam, result.check)
        previous = settled.get(key)
        if previous is not None and previous.status == result.status == "passed":
            notes = dict.fromkeys(note for note in (previous.reason, result.reason) if note)
            result = dataclasses.replace(result, reason="; ".join(notes))
        if previous is None or previous.status != "failed":
            settled[key] = result
    return settled


def _snippet(seam: BoundSeam, check: str, document: Any, config: Path | None) -> str:
    """A pytest test that fails while the failure lasts."""
    where = ""
    if config is not None:
        try:
            shown = str(config.relative_to(Path.cwd()))
        except ValueError:
            shown = str(config)
        where = f", config={shown!r}"
    return (
        "# pytest\n"
        "import seamguard\n\n"
        "def test_reproduce():\n"
        f"    seamguard.reproduce({seam.seam!r}, {check!r}, {document!r}{where})"
    )
