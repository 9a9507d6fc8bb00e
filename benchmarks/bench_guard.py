"""The runtime guard's cost per call: a bound logic callable bare, guarded unsampled, sampled.

Run: ``.venv/bin/python benchmarks/bench_guard.py [--calls N] [--rounds N]``

Two workloads, each called ``--calls`` times per round (default 20,000) in one process:

- ``pure``: a trivial module-level function (``double``, defined here) bound through a tiny
  configuration built in memory (a ``Config`` over a two-file contract in a temporary folder);
  it is called by its module-level name, as a module that imported it would call it;
- ``tasks.get``: taskapp's ``TaskManager.get_task`` on one task of a 20-task SQLite database
  (``TASKAPP_DB`` in a temporary folder), bound by the repository's ``pyproject.toml``,
  looked up on the manager on every call, as a route does.

Each round times, in a rotating order, the callable bare, under ``seamguard.guard`` with
``sample=0.0`` (every call unsampled: one draw and one count), ``sample=0.01`` (the default)
and ``sample=1.0`` (every call judged: input and output documents built and validated by the
compiled validators). Time per call is ``time.perf_counter_ns`` over the whole loop divided
by the calls; the figures printed are medians over ``--rounds``, the overheads the medians
of the per-round differences from bare (with their range). The headline is the unsampled
overhead, guarded(0.0) minus bare (goal < 2 µs). Also printed: how long
``seamguard.guard`` takes to start (configuration, contracts, binding, compiled validators).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOAL_NS = 2_000
SAMPLES = (None, 0.0, 0.01, 1.0)  # None: bare


def double(x: int) -> int:
    """The trivial logic callable of the ``pure`` workload."""
    return 2 * x


def call_double(calls: int) -> int:
    """ns for ``calls`` calls of ``double`` by its module-level name (the guard replaces it)."""
    started = time.perf_counter_ns()
    for index in range(calls):
        double(index)
    return time.perf_counter_ns() - started


def pure_config(folder: Path) -> Any:
    from seamguard import Binding, Config

    version = folder / "contracts" / "math.double" / "1.0"
    version.mkdir(parents=True)
    dialect = "https://json-schema.org/draft/2020-12/schema"
    (version / "input.schema.json").write_text(
        json.dumps(
            {
                "$schema": dialect,
                "type": "object",
                "properties": {"x": {"type": "integer"}},
                "required": ["x"],
                "additionalProperties": False,
            }
        )
    )
    (version / "output.schema.json").write_text(json.dumps({"$schema": dialect, "type": "integer"}))
    # __main__: this script, as it runs (importing it by file name would load a second copy).
    binding = Binding(contract="math.double", logic="__main__:double")
    return Config(root=folder, contracts=folder / "contracts", seams=(binding,))


def measure(
    timed: Callable[[int], int],
    start: Callable[[float], Any],
    calls: int,
    rounds: int,
) -> tuple[dict[float | None, list[float]], float]:
    """ns per call in each round for each sample setting (None: bare), and the median guard
    start-up in ms."""
    per_call: dict[float | None, list[float]] = {sample: [] for sample in SAMPLES}
    startups: list[float] = []
    timed(calls // 10)  # warm caches
    for index in range(rounds):
        order = SAMPLES[index % len(SAMPLES) :] + SAMPLES[: index % len(SAMPLES)]
        for sample in order:
            gc.collect()
            if sample is None:
                per_call[sample].append(timed(calls) / calls)
                continue
            began = time.perf_counter_ns()
            running = start(sample)
            startups.append((time.perf_counter_ns() - began) / 1e6)
            try:
                timed(calls // 10)  # the first sampled calls warm the validators
                per_call[sample].append(timed(calls) / calls)
            finally:
                running.stop()
            assert running.mismatches == 0, running
    return per_call, statistics.median(startups)


def report(label: str, rounds: dict[float | None, list[float]], startup_ms: float) -> bool:
    """Print the medians; the overhead is the median of the per-round differences (each
    round times every setting back to back, so its difference is the one drift disturbs
    least)."""
    bare = statistics.median(rounds[None])
    print(f"{label}: guard start-up {startup_ms:.1f} ms (median)")
    print(f"  bare                  : {bare / 1000:8.3f} µs per call")
    overheads: dict[float, float] = {}
    for sample in SAMPLES[1:]:
        assert sample is not None
        value = statistics.median(rounds[sample])
        paired = [g - b for g, b in zip(rounds[sample], rounds[None], strict=True)]
        overheads[sample] = statistics.median(paired)
        print(
            f"  guarded, sample={sample:<5}: {value / 1000:8.3f} µs per call, overhead "
            f"{overheads[sample] / 1000:+8.3f} µs per call (rounds: "
            f"{min(paired) / 1000:+.3f} to {max(paired) / 1000:+.3f})"
        )
    met = overheads[0.0] < GOAL_NS
    print(
        f"  unsampled overhead {overheads[0.0] / 1000:.3f} µs per call: goal < "
        f"{GOAL_NS / 1000:.0f} µs {'met' if met else 'NOT met'}"
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="calls per round and setting")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import seamguard

    with tempfile.TemporaryDirectory(prefix="seamguard-bench-") as folder:
        config = pure_config(Path(folder) / "pure")

        def start_pure(sample: float) -> Any:
            return seamguard.guard(None, config=config, sample=sample, seed=1)

        pure = measure(call_double, start_pure, args.calls, args.rounds)

        db = Path(folder) / "tasks.db"
        os.environ["TASKAPP_DB"] = str(db)
        from taskapp.api import create_app
        from taskapp.logic import TaskManager

        app = create_app(db_path=db)  # not started: the guard only keeps it
        manager = TaskManager()  # over $TASKAPP_DB
        manager.store.initialize()
        tasks = [manager.create_task(title=f"task {i}", tags=["bench"]) for i in range(20)]
        task_id = tasks[0].id

        def call_get(calls: int) -> int:
            started = time.perf_counter_ns()
            for _ in range(calls):
                manager.get_task(task_id)
            return time.perf_counter_ns() - started

        def start_tasks(sample: float) -> Any:
            return seamguard.guard(
                app, config=ROOT / "pyproject.toml", sample=sample, seed=1, seams=["tasks.get"]
            )

        try:
            tasks_get = measure(call_get, start_tasks, args.calls, args.rounds)
        finally:
            manager.close()

    print(f"calls per round and setting: {args.calls}, rounds: {args.rounds} (medians)")
    met = [
        report("pure (double, in-memory config)", *pure),
        report("tasks.get (TaskManager.get_task, one task)", *tasks_get),
    ]
    print(f"unsampled overhead goal (< 2 µs) met on every workload: {'yes' if all(met) else 'NO'}")


if __name__ == "__main__":
    main()
