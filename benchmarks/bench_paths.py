"""Stateful success paths: the 2xx share of each operation's positive requests, seamguard
against plain Schemathesis' stateful mode, on taskapp and bookapp.

Run: ``.venv/bin/python benchmarks/bench_paths.py [--examples N] [--seed N] [--app NAME]``

(a) seamguard: ``seamguard.engine.run_check`` on the project (``--max-examples N``), the
positive requests and 2xx answers of each operation from the run's split by mode
(``Run.modes``): chains make the ids an operation on ``{id}`` needs.

(b) plain Schemathesis: ``schema.as_state_machine()`` on the same app
(``schemathesis.openapi.from_asgi``, which runs the lifespan), driven by
``schemathesis.generation.stateful.run_state_machine_as_test`` with its own link inference,
until it has sent as many requests as seamguard's positive requests in all (the same
budget; requests past it are not counted); responses are counted, not validated (a failing
check would stop and shrink the run). Its requests are positive data, its default.

Prints one row per operation: positive requests and 2xx share for each side, and whether
every ``{id}`` operation reached the goal (2xx on at least 50 % of its positive requests).
Exits 1 if a seamguard ``{id}`` operation misses it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = {
    "taskapp": ROOT / "pyproject.toml",
    "bookapp": ROOT / "examples" / "bookapp" / "seamguard.toml",
}
GOAL = 0.5


def seamguard_side(config: Any, examples: int, seed: int) -> dict[str, tuple[int, int]]:
    """Operation label to (positive requests, answered 2xx) of a ``seamguard check``."""
    from seamguard.engine import run_check

    run = run_check(config, max_examples=examples, seed=seed)
    return {label: modes["positive"] for label, modes in run.modes.items()}


def schemathesis_side(config: Any, budget: int) -> dict[str, tuple[int, int]]:
    """Operation label to (requests, answered 2xx) of Schemathesis' state machine, run
    until it has sent ``budget`` requests."""
    import schemathesis
    from hypothesis import HealthCheck, settings
    from hypothesis.errors import HypothesisException
    from schemathesis.generation.stateful import run_state_machine_as_test
    from schemathesis.python.asgi import shutdown_lifespans

    from seamguard.seams import import_object, project_on_path

    with project_on_path(config.root):
        app = import_object(config.app or "", key="app")
    bound = {str(route) for binding in config.seams for route in binding.routes}
    sent: Counter[str] = Counter()
    success: Counter[str] = Counter()
    schema = schemathesis.openapi.from_asgi(config.openapi, app)
    base = schema.as_state_machine()

    class Machine(base):  # type: ignore[valid-type,misc]
        def after_call(self, response: Any, case: Any) -> None:
            if sum(sent.values()) >= budget:
                return  # over the budget: the round's last requests are not counted
            label = f"{case.operation.method.upper()} {case.operation.path}"
            sent[label] += 1
            success[label] += 200 <= response.status_code < 300

        def validate_response(self, *args: Any, **kwargs: Any) -> None:
            return None

    # Hypothesis' state-machine runner takes no seed: this side differs a little per run.
    machine_settings = settings(
        max_examples=10,
        stateful_step_count=10,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    stops = 0
    try:
        while sum(sent.values()) < budget:
            before = sum(sent.values())
            try:
                run_state_machine_as_test(Machine, settings=machine_settings)
            except HypothesisException:
                # The app's state lives on between scenarios, so Hypothesis may find a
                # scenario's replay drawing otherwise (FlakyStrategyDefinition): the
                # requests sent so far count, the next round goes on.
                stops += 1
            if sum(sent.values()) == before:
                break
    finally:
        shutdown_lifespans()
    if stops:
        print(f"  (Schemathesis: {stops} rounds stopped by Hypothesis' flakiness check)")
    return {label: (sent[label], success[label]) for label in sorted(bound)}


def share(pair: tuple[int, int]) -> str:
    cases, success = pair
    return (
        f"{success:>4}/{cases:<4} {100 * success / cases:5.1f} %" if cases else "   0/0       -  "
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50, help="seamguard's max-examples")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--app", choices=sorted(PROJECTS), action="append")
    args = parser.parse_args()

    from seamguard.config import load_config

    missed = []
    with tempfile.TemporaryDirectory(prefix="seamguard-bench-") as folder:
        for name in args.app or sorted(PROJECTS):
            os.environ["TASKAPP_DB"] = str(Path(folder) / f"{name}-ours.db")
            config = load_config(PROJECTS[name])
            started = time.perf_counter()
            ours = seamguard_side(config, args.examples, args.seed)
            ours_seconds = time.perf_counter() - started
            budget = sum(cases for cases, _ in ours.values())
            os.environ["TASKAPP_DB"] = str(Path(folder) / f"{name}-plain.db")
            started = time.perf_counter()
            plain = schemathesis_side(config, budget)
            plain_seconds = time.perf_counter() - started
            print(f"\n{name}: --max-examples {args.examples}, seed {args.seed}, budget {budget}")
            print(
                f"  {'operation':<40} {'seamguard 2xx/positive':>24} {'Schemathesis stateful':>24}"
            )
            for label in ours:
                print(
                    f"  {label:<40} {share(ours[label]):>24} {share(plain.get(label, (0, 0))):>24}"
                )
                cases, success = ours[label]
                if "{" in label and (not cases or success < GOAL * cases):
                    missed.append(f"{name} {label}")
            total = sum(c for c, _ in plain.values())
            print(
                f"  requests: seamguard {budget} positive ({ours_seconds:.1f} s, whole check), "
                f"Schemathesis {total} ({plain_seconds:.1f} s)"
            )
    goal = "every {id} operation" if not missed else f"missed: {', '.join(missed)}"
    print(f"\ngoal (2xx on at least {GOAL * 100:.0f} % of positive requests): {goal}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
