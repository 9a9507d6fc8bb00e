"""What seamguard's logic side costs per example, against a bare Hypothesis loop.

Run: ``.venv/bin/python benchmarks/bench_examples.py [--examples N] [--rounds N]`` (taskapp's
database goes to a temporary folder).

For each of taskapp's seams (and a trivial function seam, where seamguard's own work is the
whole cost), one process measures, as medians over ``--rounds``:

- bare: a seeded ``@given`` test over the same input strategy that converts each document to
  the logic's arguments and calls the logic once on one shared instance, nothing else;
- seamguard: ``run_logic_checks`` on the same seam (a fresh instance per example, the call
  under the time limit, the input compared after the call when it holds mutable values, the
  output converted and validated).

- in start-up: the same inside the app's start-up, as ``seamguard check`` runs the logic
  side when the configuration names an ``app``: per seam, the app's lifespan started, the
  examples run (async work on the app's loop) and the app shut down; the start-up's cost is
  spread over the seam's examples.

and prints µs per example for each and the ratios to bare. Both draw the same examples (same
strategy, same seed, no database); shrinking does not happen (the logic is correct).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from seamguard import load_config, load_contracts
from seamguard.checks.logic import fresh_loop, run_logic_checks
from seamguard.config import Binding
from seamguard.contracts import Validators
from seamguard.generation import document_strategy
from seamguard.generation._asgi import AsgiDriver
from seamguard.seams import bind, import_object, project_on_path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261125


def bare(seam: Any, strategy: Any, examples: int) -> tuple[int, float]:
    instance = seam.make_instance()
    calls = 0

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(SEED)
    @given(strategy)
    def test(document: Any) -> None:
        nonlocal calls
        calls += 1
        args, kwargs = seam.shape.arguments(document)
        try:
            result = seam.target(instance)(*args, **kwargs)
            if seam.is_async:
                asyncio.run(result)
        except seam.declared:
            pass

    started = time.perf_counter()
    test()
    return calls, time.perf_counter() - started


def checked(
    seam: Any, contract: Any, validators: Validators, examples: int, app: Any = None
) -> tuple[int, float]:
    started = time.perf_counter()
    with AsgiDriver(app) if app is not None else contextlib.nullcontext() as driver:
        results = run_logic_checks(
            seam,
            contract,
            validators,
            max_examples=examples,
            seed=SEED,
            relative_to=ROOT,
            run_async=driver.run if driver is not None else fresh_loop,
        )
    elapsed = time.perf_counter() - started
    assert all(r.status == "passed" for r in results), results
    return results[0].examples, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    config = load_config(ROOT / "pyproject.toml")
    registry = load_contracts(config.contracts)
    validators = Validators(registry)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TASKAPP_DB"] = str(Path(folder) / "tasks.db")
        # A function that returns a constant valid task: seamguard's own work is all there is.
        task = registry.get("tasks.get").output.contents["examples"][0]
        trivial = Path(folder) / "bench_trivial_seam.py"
        trivial.write_text(f"def get(task_id):\n    return {task!r}\n", encoding="utf-8")
        rows: list[tuple[str, Binding]] = [(b.contract, b) for b in config.seams]
        get = config.binding("tasks.get")
        rows.append(
            (
                "trivial (tasks.get contract)",
                replace(get, logic="bench_trivial_seam:get", instance=None, raises=()),
            )
        )
        print(
            f"{'seam':30} {'bare µs/ex':>11} {'seamguard µs/ex':>16} {'ratio':>6}"
            f" {'in start-up µs/ex':>18} {'ratio':>6}"
        )
        with project_on_path(ROOT / "src"), project_on_path(Path(folder)):
            app = import_object(config.app or "", key="app")
            for label, binding in rows:
                seam = bind(binding)
                contract = registry.get(binding.contract, binding.version)
                strategy = document_strategy(contract.input, validators)
                plain: list[float] = []
                ours: list[float] = []
                started: list[float] = []
                for round_ in range(options.rounds):
                    calls, seconds = bare(seam, strategy, options.examples)
                    plain.append(seconds / calls * 1e6)
                    # Alternate which goes first: the database grows from one to the next.
                    for inside in (False, True) if round_ % 2 == 0 else (True, False):
                        calls, seconds = checked(
                            seam, contract, validators, options.examples, app if inside else None
                        )
                        (started if inside else ours).append(seconds / calls * 1e6)
                a, b = statistics.median(plain), statistics.median(ours)
                c = statistics.median(started)
                print(f"{label:30} {a:11.0f} {b:16.0f} {b / a:6.2f} {c:18.0f} {c / a:6.2f}")


if __name__ == "__main__":
    main()
