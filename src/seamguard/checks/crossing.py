"""Is this crossing valid under the contract? One answer, for every place that asks.

The API side judges every crossing a request causes, the runtime guard a sampled call of a
running service, the ``seams`` fixture the crossings of a hand-written test; each asks
:func:`judge_crossing` and words the answer the same way (prefixed with where it happened:
``POST /tasks: ``, ``guard: ``, the seam's name).

A crossing breaks its contract in at most two ways at once:

- its input is forbidden by the input schema, or the logic was called with arguments its
  signature does not take, or with a Python value its annotation refuses (a ``str`` for a
  ``UUID``, the same JSON): ``api-hands-valid-input`` (:func:`api_hands_valid_input`; what
  the logic did with such an input is not its fault),
  else the logic raised an exception it does not declare: ``logic-accepts-input``
  (:func:`logic_accepts_input`);
- it returned an output its output schema forbids: ``logic-output-conforms``
  (:func:`logic_output_conforms`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from seamguard.checks._ids import API_HANDS_VALID_INPUT, LOGIC_ACCEPTS_INPUT, LOGIC_OUTPUT_CONFORMS
from seamguard.checks._text import short_json
from seamguard.errors import error_kind
from seamguard.seams import NoJsonForm

if TYPE_CHECKING:
    from seamguard.seams import Crossing

__all__ = [
    "Breach",
    "Schema",
    "api_hands_valid_input",
    "judge_crossing",
    "logic_accepts_input",
    "logic_output_conforms",
]


class Schema(Protocol):
    """A compiled schema as :func:`judge_crossing` uses it (``Validators.of(...)``)."""

    def is_valid(self, instance: Any) -> bool:
        """Whether ``instance`` satisfies the schema."""

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        """``(JSON pointer into the instance, message)`` for each way it breaks the schema."""

    def mismatches(self, instance: Any) -> str:
        """``keyword at /pointer`` for each way it breaks the schema, sorted, ``; ``-joined."""


@dataclass(frozen=True, slots=True)
class Breach:
    """One way a crossing breaks its contract."""

    check: str
    """The check it fails (``"api-hands-valid-input"``)."""
    seam: str
    """The seam that was crossed."""
    side: Literal["input", "output"]
    """The document at fault: the input (an invalid one, or one the logic failed on) or the
    output."""
    message: str
    """What is wrong, as every report words it (without where it happened)."""
    errors: tuple[tuple[str, str], ...] = ()
    """The schema's ``(pointer, message)`` pairs, first first; empty for a raised error."""
    kind: str = ""
    """The kind of mismatch, as a failure id takes it (:attr:`seamguard.Failure.kind`): the
    schema's keywords and pointers, or the type of the error raised and where."""


def judge_crossing(
    crossing: Crossing,
    *,
    input_schema: Schema | None,
    output_schema: Schema | None,
) -> list[Breach]:
    """Every way one crossing breaks its contract, input side first; empty when it holds.

    Args:
        crossing: what crossed the seam (its input, and its output or error).
        input_schema: the contract's input schema; ``None`` leaves the input unjudged (the
            guard judges a call's input before the call and its output after it).
        output_schema: the contract's output schema; ``None`` leaves the output unjudged.
    """
    found: list[Breach] = []
    handed = api_hands_valid_input(crossing, input_schema) if input_schema is not None else None
    raised = logic_accepts_input(crossing) if handed is None else None
    returned = logic_output_conforms(crossing, output_schema) if output_schema is not None else None
    for breach in (handed, raised, returned):
        if breach is not None:
            found.append(breach)
    return found


def api_hands_valid_input(crossing: Crossing, input_schema: Schema) -> Breach | None:
    """The logic was handed an input its contract forbids, or called with arguments its
    signature does not take (a renamed keyword, a missing argument): then there is no input
    document to judge, and the breach says what is wrong with the call.

    A contract-valid input can still be the wrong Python value: an argument whose type the
    logic's annotation refuses (``Crossing.mistyped``, judged when the call was recorded)
    fails with the parameter, the annotated type and the handed type; its kind names those
    types only, so the failure id is the same from run to run."""
    if crossing.unbound:
        message = f"the API called the logic {crossing.unbound}"
        return Breach(
            API_HANDS_VALID_INPUT,
            crossing.seam,
            "input",
            message,
            (("", message),),
            f"call binding: {crossing.unbound}",
        )
    wrong = _errors(input_schema, crossing.input)
    if not wrong:
        return _mistyped(crossing) if crossing.mistyped else None
    return Breach(
        API_HANDS_VALID_INPUT,
        crossing.seam,
        "input",
        f"the API handed the logic an input the contract forbids, {_explained(wrong)}; "
        f"it handed {short_json(crossing.input)}",
        wrong,
        input_schema.mismatches(crossing.input),
    )


def _mistyped(crossing: Crossing) -> Breach:
    """The breach of a contract-valid input handed as the wrong Python values."""
    mistyped = "; ".join(crossing.mistyped)
    message = f"the API handed the logic a value its annotation refuses: {mistyped}"
    return Breach(
        API_HANDS_VALID_INPUT,
        crossing.seam,
        "input",
        message,
        (("", message),),
        f"python type: {mistyped}",
    )


def logic_accepts_input(crossing: Crossing) -> Breach | None:
    """The logic raised an exception it does not declare (on an input judged valid)."""
    error = crossing.error
    if error is None or crossing.declared:
        return None
    return Breach(
        LOGIC_ACCEPTS_INPUT,
        crossing.seam,
        "input",
        f"the logic raised {type(error).__name__}: {error} on a contract-valid input "
        f"{short_json(crossing.input)}",
        kind=f"raised {error_kind(error)}",
    )


def logic_output_conforms(crossing: Crossing, output_schema: Schema) -> Breach | None:
    """The logic returned an output its contract forbids, or a value with no JSON form
    (an ORM object and no output model to read it: :class:`~seamguard.seams.NoJsonForm`)."""
    if not crossing.returned:
        return None
    if isinstance(crossing.output, NoJsonForm):
        message = crossing.output.message
        return Breach(
            LOGIC_OUTPUT_CONFORMS,
            crossing.seam,
            "output",
            message,
            (("", message),),
            crossing.output.kind,
        )
    wrong = _errors(output_schema, crossing.output)
    if not wrong:
        return None
    return Breach(
        LOGIC_OUTPUT_CONFORMS,
        crossing.seam,
        "output",
        f"the logic returned a document its output schema forbids, {_explained(wrong)}",
        wrong,
        output_schema.mismatches(crossing.output),
    )


def _errors(schema: Schema, document: Any) -> tuple[tuple[str, str], ...]:
    """The schema's errors for ``document``, the fast verdict first (most documents hold)."""
    if schema.is_valid(document):
        return ()
    return tuple(schema.errors(document)) or (("", "the document breaks the schema"),)


def _explained(errors: tuple[tuple[str, str], ...]) -> str:
    """The first error as ``at /pointer: message (and n more)``."""
    pointer, message = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"at {pointer or '/'}: {message}{more}"
