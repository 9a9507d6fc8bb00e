"""One Hypothesis run that stops at a contract violation and hands back the shrunk one."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import FailedHealthCheck, Flaky, HypothesisException, Unsatisfiable

from seamguard._interrupt import raise_if_interrupted
from seamguard.checks._database import current_database
from seamguard.errors import ContractViolation, SeamguardError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

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
    unsatisfiable: bool = False
    """Hypothesis found no example the strategy admits (``Unsatisfiable``): with
    ``calls == 0``, the strategy draws nothing at all."""


@contextlib.contextmanager
def _no_local_constants() -> Iterator[None]:
    """Hypothesis without the constants it collects from the process's local modules.

    Hypothesis (6.131 and later) mixes into its draws constants read from every local module
    in ``sys.modules``, so under one seed the examples depend on what the process happened
    to import first: a pytest session, a worker, ``seamguard replay`` and ``seamguard check``
    would each draw others. With the collection turned off for the run, the same seed and
    code give the same examples whatever else is imported. Hypothesis has no setting for
    this (checked in 6.170: ``providers._get_local_constants`` is read per test case), so
    the private function is swapped for the run and restored; if it ever goes away the
    run goes on with Hypothesis' default.
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without local constants
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    constants = getattr(providers, "Constants", None)
    if original is None or constants is None:  # pragma: no cover
        yield
        return
    empty = constants()
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = original


def run_examples(
    strategy: st.SearchStrategy[Any],
    body: Callable[[Any], None],
    *,
    max_examples: int,
    seed: int,
    key: str = "",
) -> Outcome:
    """Run ``body`` on examples of ``strategy`` until it raises a ``ContractViolation``.

    The same seed gives the same examples in the same order, whatever modules the process
    has imported. ``key`` names the run in the example database (the seam, the check pass,
    the operation): with a database in use (:func:`~seamguard.checks._database.use_database`),
    the failing examples saved under it are tried first and a new failure is saved under it;
    without one, or with an empty key, nothing is read or written. A caller that runs
    several passes over one strategy must give each pass its own key: a pass that no
    longer fails on an example saved by another deletes it from the database.
    """
    database = current_database() if key else None
    calls = 0

    def counted(example: Any) -> None:
        nonlocal calls
        raise_if_interrupted()  # a Ctrl-C whose KeyboardInterrupt was swallowed
        calls += 1
        body(example)

    phases: tuple[Phase, ...] = (Phase.explicit, Phase.generate, Phase.shrink)
    wrapped = given(strategy)(counted)
    if database is not None:
        # Hypothesis keys its database by a digest of the test function's source
        # (``function_digest`` in ``StateForActualGivenExecution.run_engine``), and that
        # source is this module's ``counted`` for every seam and check: one key for all,
        # so each run would replay, and then delete, the others' examples. The engine reads
        # ``_hypothesis_internal_database_key`` off the ``given`` wrapper first (checked in
        # Hypothesis 6.170; ``find()`` sets the same attribute), so the caller's key goes
        # there. With an empty database nothing is replayed and no random draw is spent,
        # so a seed draws the same examples as without a database.
        wrapped._hypothesis_internal_database_key = key.encode()  # type: ignore[attr-defined]
        phases = (Phase.reuse, *phases)
    test = settings(
        max_examples=max_examples,
        database=database,
        deadline=None,
        derandomize=False,
        report_multiple_bugs=False,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )(hypothesis_seed(seed)(wrapped))
    try:
        with _no_local_constants():
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
    except Unsatisfiable as exc:
        return Outcome(calls, error=f"{type(exc).__name__}: {exc}", unsatisfiable=True)
    except FailedHealthCheck as exc:
        return Outcome(calls, error=f"{type(exc).__name__}: {exc}")
    except HypothesisException as exc:
        return Outcome(calls, error=f"{type(exc).__name__}: {exc}")
    except SeamguardError as exc:  # a draw the generator cannot make (GenerationError)
        return Outcome(calls, error=str(exc))
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
