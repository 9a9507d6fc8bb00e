"""The logic side: call the logic directly with contract-valid documents from Hypothesis.

``logic-accepts-input``: the logic raises nothing but a declared domain error, returns
within the time limit, and leaves the input it was handed as it was.
``logic-output-conforms``: what it returns validates against the output schema.

Examples are isolated: each gets a fresh instance of a method seam's class, or, when the
binding names a ``reset`` hook, the one instance of the run after ``reset`` ran.
"""

from __future__ import annotations

import asyncio
import datetime
import decimal
import enum
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from seamguard.checks._hypothesis import StopRun, run_examples
from seamguard.checks._ids import LOGIC_ACCEPTS_INPUT, LOGIC_CHECKS, LOGIC_OUTPUT_CONFORMS
from seamguard.checks._limits import Hung, TimeLimit
from seamguard.checks._result import CheckResult
from seamguard.checks._text import short_json, show_path
from seamguard.errors import ContractViolation, Failure, raised_at
from seamguard.generation import document_strategy
from seamguard.seams import ConversionError, to_json

if TYPE_CHECKING:
    from seamguard.contracts import Contract, Validators
    from seamguard.seams import BoundSeam

__all__ = ["HUNG", "call_logic", "run_logic_checks"]

#: The ``reason`` of a failed ``logic-accepts-input`` result whose example hung: the API
#: side of that seam is not run (a request would hang the same way).
HUNG = "the logic hung on an example"


def call_logic(seam: BoundSeam, document: Any, *, instance: Any = None) -> Any:
    """Call the seam's logic with the Python values an API layer would pass for ``document``.

    Raises:
        ConversionError: a document value does not convert to its parameter's annotation.
    """
    args, kwargs = seam.shape.arguments(document)
    return _invoke(seam, instance, args, kwargs)


def _invoke(seam: BoundSeam, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    result = seam.target(instance)(*args, **kwargs)
    if seam.is_async:
        result = asyncio.run(result)
    return result


# Argument values a call cannot change in place: no need to compare them after the call.
_IMMUTABLE = (
    str,
    int,
    float,
    bytes,
    type(None),
    uuid.UUID,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    enum.Enum,
)


def _changed(before: Any, after: Any, pointer: str = "") -> str | None:
    """The first JSON pointer where two documents differ, with both values."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before.keys() | after.keys():
            if key not in after:
                return f"{pointer}/{key}: it was handed {short_json(before[key])}, it removed it"
            if key not in before:
                return f"{pointer}/{key}: it added {short_json(after[key])}"
            found = _changed(before[key], after[key], f"{pointer}/{key}")
            if found:
                return found
        return None
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            found = _changed(old, new, f"{pointer}/{index}")
            if found:
                return found
        return None
    if before == after and type(before) is type(after):
        return None
    return f"{pointer or '/'}: it was handed {short_json(before)}, it left {short_json(after)}"


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
) -> list[CheckResult]:
    """Both logic-side checks of one seam, one result each.

    Args:
        examples: exactly these input documents instead of generated ones (a replay).
        timeout: seconds one call may take; a longer one fails ``logic-accepts-input`` with
            its example and ends the run (shrinking it would cost the limit again each try).
    """
    version = str(contract.version)
    input_file = show_path(contract.input.path, relative_to)
    output_file = show_path(contract.output.path, relative_to)
    output = validators.of(contract.output)
    if examples is None:
        strategy = document_strategy(contract.input, validators)
    else:
        strategy = st.sampled_from(examples)
        max_examples = len(examples)
    shared = seam.make_instance() if seam.reset is not None else None
    limit = TimeLimit(timeout)
    hung: list[Any] = []
    failures: dict[str, Failure] = {}
    total = 0

    def isolated() -> Any:
        """``self`` for this example: fresh, or the run's one after ``reset``."""
        if seam.reset is None:
            return seam.make_instance()
        if seam.kind == "method":
            seam.reset(shared)
        else:
            seam.reset()
        return shared

    def violation(check: str, document: Any, message: str, file: str) -> ContractViolation:
        return ContractViolation(
            Failure(
                check=check,
                seam=seam.seam,
                version=version,
                message=message,
                file=file,
                example=document,
                seed=seed,
                reproduce=_snippet(seam, check, document, config_file),
            )
        )

    def body(document: Any) -> None:
        if document in hung:
            return  # the second pass meets the example that hung again: it is reported
        instance = isolated()
        try:
            args, kwargs = seam.shape.arguments(document)
            mutable = not all(isinstance(value, _IMMUTABLE) for value in (*args, *kwargs.values()))
            before = seam.shape.input_document(args, kwargs) if mutable else None
            result = limit.call(_invoke, seam, instance, args, kwargs)
        except Hung as error:
            hung.append(document)
            found = violation(
                LOGIC_ACCEPTS_INPUT,
                document,
                f"the logic {error} on a contract-valid input (a hang?); set the 'timeout' "
                "key if it needs longer",
                input_file,
            )
            # Ends the pass at once; a second hang in the next pass ends that one too.
            raise StopRun(found) from None
        except ConversionError as error:
            if LOGIC_ACCEPTS_INPUT not in failures:
                raise violation(
                    LOGIC_ACCEPTS_INPUT,
                    document,
                    f"a contract-valid input cannot be passed to the logic: {error}",
                    input_file,
                ) from None
            return
        except (Exception, SystemExit) as error:  # sys.exit() in the logic fails it too
            if seam.is_declared(error) or LOGIC_ACCEPTS_INPUT in failures:
                return
            raise violation(
                LOGIC_ACCEPTS_INPUT,
                document,
                f"the logic raised {type(error).__name__}: {error}{raised_at(error)} on a "
                "contract-valid input; declare it in 'raises' if it is a domain error",
                input_file,
            ) from error
        if mutable and LOGIC_ACCEPTS_INPUT not in failures:
            change = _changed(before, seam.shape.input_document(args, kwargs))
            if change is not None:
                raise violation(
                    LOGIC_ACCEPTS_INPUT,
                    document,
                    f"the logic changed the input it was handed, at {change}; a seam must "
                    "leave its caller's data as it was (copy it before changing it)",
                    input_file,
                )
        if LOGIC_OUTPUT_CONFORMS in failures:
            return
        produced = to_json(result)
        problem = output.explain(produced)
        if problem is not None:
            raise violation(
                LOGIC_OUTPUT_CONFORMS,
                document,
                f"the logic returned a document its output schema forbids, {problem}; it "
                f"returned {short_json(produced)}",
                output_file,
            )

    errors = ""
    with limit:
        for _ in LOGIC_CHECKS:
            outcome = run_examples(
                strategy,
                body,
                max_examples=max_examples,
                seed=seed,
                key=f"logic/{seam.seam}@{version}/{'+'.join(sorted(failures))}",
            )
            total += outcome.calls
            if outcome.error:
                errors = outcome.error
                break
            if outcome.violation is None:
                break
            check = outcome.violation.failure.check
            if check in failures:
                break  # a second hang: the pass ends there, the first is reported
            failures[check] = outcome.violation.failure
    results = []
    for check in LOGIC_CHECKS:
        failure = failures.get(check)
        if failure is not None:
            reason = HUNG if check == LOGIC_ACCEPTS_INPUT and hung else ""
            results.append(
                CheckResult(
                    seam.seam, version, check, "failed", total, failures=(failure,), reason=reason
                )
            )
        elif errors:
            results.append(CheckResult(seam.seam, version, check, "error", total, reason=errors))
        else:
            results.append(CheckResult(seam.seam, version, check, "passed", total))
    return results


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
