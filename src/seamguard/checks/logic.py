"""The logic side: call the logic directly with contract-valid documents from Hypothesis.

``logic-accepts-input``: the logic raises nothing but a declared domain error.
``logic-output-conforms``: what it returns validates against the output schema.
"""

from __future__ import annotations

import asyncio
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seamguard.checks._hypothesis import run_examples
from seamguard.checks._ids import LOGIC_ACCEPTS_INPUT, LOGIC_CHECKS, LOGIC_OUTPUT_CONFORMS
from seamguard.checks._result import CheckResult
from seamguard.checks._text import short_json, show_path
from seamguard.errors import ContractViolation, Failure
from seamguard.generation import document_strategy
from seamguard.seams import ConversionError, to_json

if TYPE_CHECKING:
    from seamguard.contracts import Contract
    from seamguard.schema import Validators
    from seamguard.seams import BoundSeam

__all__ = ["call_logic", "run_logic_checks"]


def call_logic(seam: BoundSeam, document: Any, *, instance: Any = None) -> Any:
    """Call the seam's logic with the Python values an API layer would pass for ``document``.

    Raises:
        ConversionError: a document value does not convert to its parameter's annotation.
    """
    args, kwargs = seam.shape.arguments(document)
    result = seam.target(instance)(*args, **kwargs)
    if seam.is_async:
        result = asyncio.run(result)
    return result


def run_logic_checks(
    seam: BoundSeam,
    contract: Contract,
    validators: Validators,
    *,
    max_examples: int,
    seed: int,
    relative_to: Path,
    config_file: Path | None = None,
) -> list[CheckResult]:
    """Both logic-side checks of one seam, one result each."""
    version = str(contract.version)
    input_file = show_path(contract.input.path, relative_to)
    output_file = show_path(contract.output.path, relative_to)
    output = validators.of(contract.output)
    strategy = document_strategy(contract.input, validators)
    instance = seam.make_instance()
    failures: dict[str, Failure] = {}
    total = 0

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
                reproduce=_snippet(seam, document, config_file),
            )
        )

    def body(document: Any) -> None:
        try:
            result = call_logic(seam, document, instance=instance)
        except ConversionError as error:
            if LOGIC_ACCEPTS_INPUT not in failures:
                raise violation(
                    LOGIC_ACCEPTS_INPUT,
                    document,
                    f"a contract-valid input cannot be passed to the logic: {error}",
                    input_file,
                ) from None
            return
        except Exception as error:
            if seam.is_declared(error) or LOGIC_ACCEPTS_INPUT in failures:
                return
            where = traceback.extract_tb(error.__traceback__)[-1]
            raise violation(
                LOGIC_ACCEPTS_INPUT,
                document,
                f"the logic raised {type(error).__name__}: {error} (at {where.filename}:"
                f"{where.lineno}) on a contract-valid input; declare it in 'raises' if it is "
                "a domain error",
                input_file,
            ) from error
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
    for _ in LOGIC_CHECKS:
        outcome = run_examples(strategy, body, max_examples=max_examples, seed=seed)
        total += outcome.calls
        if outcome.error:
            errors = outcome.error
            break
        if outcome.violation is None:
            break
        failures[outcome.violation.failure.check] = outcome.violation.failure
    results = []
    for check in LOGIC_CHECKS:
        failure = failures.get(check)
        if failure is not None:
            results.append(
                CheckResult(seam.seam, version, check, "failed", total, failures=(failure,))
            )
        elif errors:
            results.append(CheckResult(seam.seam, version, check, "error", total, reason=errors))
        else:
            results.append(CheckResult(seam.seam, version, check, "passed", total))
    return results


def _snippet(seam: BoundSeam, document: Any, config: Path | None) -> str:
    where = ""
    if config is not None:
        try:
            shown = str(config.relative_to(Path.cwd()))
        except ValueError:
            shown = str(config)
        where = f", config={shown!r}"
    return f"import seamguard\nseamguard.call_seam({seam.seam!r}, {document!r}{where})"
