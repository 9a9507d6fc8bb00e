"""One Hypothesis run that stops at a contract violation and hands back the shrunk one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import FailedHealthCheck, Flaky, HypothesisException, Unsatisfiable

from seamguard.errors import ContractViolation

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Outcome", "StopRun", "run_examples"]


class StopRun(BaseException):
    """Ends a run at once with this violation: no shrinking, no replay.

    For a failure whose every replay is costly (a call that hangs): Hypothesis passes a
    ``BaseException`` that is not an ``Exception`` straight through.
    """

    def __init__(self, violation: ContractViolation) -> None:
        super().__init__(str(violation))
        self.violation = violation


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a run ended."""

    calls: int
    """How many times the body ran (generated examples, plus shrinking)."""
    violation: ContractViolation | None = None
    """The minimal violation, after shrinking."""
    error: str = ""
    """Why the run could not finish (a health check, an unsatisfiable schema)."""


def run_examples(
    strategy: st.SearchStrategy[Any],
    body: Callable[[Any], None],
    *,
    max_examples: int,
    seed: int,
) -> Outcome:
    """Run ``body`` on examples of ``strategy`` until it raises a ``ContractViolation``.

    The same seed gives the same examples in the same order: no example database is read
    or written, and generation is seeded.
    """
    calls = 0

    def counted(example: Any) -> None:
        nonlocal calls
        calls += 1
        body(example)

    test = settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        report_multiple_bugs=False,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )(hypothesis_seed(seed)(given(strategy)(counted)))
    try:
        test()
    except ContractViolation as violation:
        return Outcome(calls, violation)
    except StopRun as stop:
        return Outcome(calls, stop.violation)
    except Flaky as flaky:
        # The failure did not repeat on replay (state carried between examples): report the
        # first violation seen rather than nothing.
        found = _first_violation(flaky)
        if found is not None:
            return Outcome(calls, found)
        return Outcome(calls, error=f"flaky: {flaky}")
    except (FailedHealthCheck, Unsatisfiable) as exc:
        return Outcome(calls, error=f"{type(exc).__name__}: {exc}")
    except HypothesisException as exc:
        return Outcome(calls, error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # reported as the check's error, not a crash
        return Outcome(calls, error=f"the run stopped on {type(exc).__name__}: {exc}")
    return Outcome(calls)


def _first_violation(error: BaseException) -> ContractViolation | None:
    if isinstance(error, ContractViolation):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = _first_violation(inner)
        if found is not None:
            return found
    cause = error.__cause__ or error.__context__
    return _first_violation(cause) if cause is not None else None
