"""API-side throughput on taskapp: seamguard's seam checks against a bare Schemathesis run.

Run: ``.venv/bin/python benchmarks/bench_api.py [--examples N] [--rounds N] [--calls N]``

(a) seamguard: ``ApiSide.run_all`` driven the way ``seamguard.engine.run_check`` drives it
(bound seams, ``installed`` wrappers, ``AsgiDriver``, ``load_openapi``); cases/s is the sum
of the returned per-operation request counts over the wall time of the whole API side.

(b) bare Schemathesis: the same operations, positive then negative data, the same
``max_examples`` and seed, the same four response checks, each case sent with
``case.call_and_validate`` through Schemathesis' own in-process ASGI client
(``schemathesis.openapi.from_asgi``), which runs the app's lifespan itself.

Both start from an empty database (``TASKAPP_DB`` in a temporary folder, a new file per
round) and the same app object; the order alternates between rounds so drift hits both.
Prints every round, the medians over ``--rounds``, and the median of the per-round ratios
seamguard / bare (the headline: both sides of a round run back to back; goal >= 1.0).
seamguard feeds path parameters ids the API returned earlier, so more of its requests reach
the logic (the 2xx counts); a bare run sends random ids and mostly gets 404s.

(c) the cost of recording one crossing: a bound logic callable called directly, with and
without the ``installed`` wrapper (input document, output document, one ``Crossing``), on a
database of 20 tasks. Measured first, before the API rounds have filled the heap.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._bare import run_bare  # noqa: E402

SEED = 20261125

# The first seam's routes fill the database; ids for path parameters come after.
_METHOD_RANK = {"POST": 0, "PUT": 1, "GET": 2, "PATCH": 3, "DELETE": 5}
_ID_RANK = {"GET": 0, "PUT": 1, "PATCH": 1, "POST": 2, "DELETE": 3}


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of one side."""

    cases: int
    success: int
    seconds: float
    failures: int

    @property
    def rate(self) -> float:
        return self.cases / self.seconds


def operation_order(route: Any) -> tuple[int, int, str]:
    """Creators first, readers, changers, deletes last (the order seamguard drives them in)."""
    method = route.method.upper()
    if "{" not in route.path:
        return (0, _METHOD_RANK.get(method, 4), route.path)
    return (1, _ID_RANK.get(method, 2), route.path)


def seamguard_round(config: Any, examples: int) -> Sample:
    """The API side of ``run_check`` on every bound seam."""
    from seamguard.checks.api import ApiSide, load_openapi
    from seamguard.contracts import Validators, load_contracts
    from seamguard.generation._asgi import AsgiDriver
    from seamguard.seams import Recorder, bind, import_object, installed, project_on_path

    registry = load_contracts(config.contracts)
    contracts = {b.contract: registry.get(b.contract, b.version) for b in config.seams}
    validators = Validators(registry)
    with project_on_path(config.root):
        bound = [bind(binding) for binding in config.seams]
        app = import_object(config.app, key="app")
        recorder = Recorder()
        started = time.perf_counter()
        with installed(bound, recorder), AsgiDriver(app) as driver:
            document = load_openapi(config, driver)
            results, stats = ApiSide(
                config,
                bound,
                contracts,
                validators,
                driver=driver,
                recorder=recorder,
                openapi=document,
                max_examples=examples,
                seed=SEED,
            ).run_all()
        seconds = time.perf_counter() - started
    failed = sum(1 for result in results if result.status == "failed")
    return Sample(
        cases=sum(s.cases for s in stats.values()),
        success=sum(s.success for s in stats.values()),
        seconds=seconds,
        failures=failed,
    )


def bare_round(config: Any, examples: int) -> Sample:
    """Schemathesis alone: ``from_asgi``, one ``@given`` test per operation and mode."""
    import schemathesis
    from schemathesis.generation.modes import GenerationMode
    from schemathesis.python.asgi import shutdown_lifespans
    from schemathesis.specs.openapi import checks as openapi_checks

    from seamguard.seams import import_object, project_on_path

    checks = [
        openapi_checks.status_code_conformance,
        openapi_checks.content_type_conformance,
        openapi_checks.response_headers_conformance,
        openapi_checks.response_schema_conformance,
    ]
    routes = sorted(
        {str(route): route for b in config.seams for route in b.routes}.values(),
        key=operation_order,
    )
    counts = {"cases": 0, "success": 0, "failures": 0}
    modes = list(GenerationMode)  # positive, then negative
    with project_on_path(config.root):
        app = import_object(config.app, key="app")
    started = time.perf_counter()
    try:
        schema = schemathesis.openapi.from_asgi(config.openapi, app)
        for route in routes:
            operation = schema[route.path][route.method]
            for mode in modes:
                run_bare(operation, mode, checks, counts, examples=examples, seed=SEED)
    finally:
        shutdown_lifespans()  # the next round starts the lifespan again, on a new database
    seconds = time.perf_counter() - started
    return Sample(counts["cases"], counts["success"], seconds, counts["failures"])


def timed_calls(
    seam: Any, manager: Any, kwargs: dict[str, Any], recorder: Any, calls: int
) -> float:
    """µs per call of ``seam``'s logic on ``manager``, looked up on every call as a route does."""
    gc.collect()
    started = time.perf_counter()
    for _ in range(calls):
        seam.target(manager)(**kwargs)
        recorder.take()  # as the API side does after every request: nothing piles up
    return (time.perf_counter() - started) / calls * 1e6


def recording_overhead(config: Any, calls: int, rounds: int) -> list[tuple[str, float, float]]:
    """µs per direct call of a bound logic callable, without and with the recording wrapper."""
    from seamguard.seams import Recorder, bind, installed, project_on_path

    with project_on_path(config.root):
        seams = {name: bind(config.binding(name)) for name in ("tasks.get", "tasks.list")}
    manager = seams["tasks.get"].make_instance()
    manager.store.initialize()
    created = [manager.create_task(title=f"task {i}", tags=["bench", f"t{i}"]) for i in range(20)]
    workloads = {
        "tasks.get (one task)": (seams["tasks.get"], {"task_id": created[0].id}),
        "tasks.list (page of 20)": (seams["tasks.list"], {"limit": 20}),
    }
    figures = []
    for label, (seam, kwargs) in workloads.items():
        recorder = Recorder()
        plain: list[float] = []
        recorded: list[float] = []
        timed_calls(seam, manager, kwargs, recorder, calls)  # warm caches
        for _ in range(rounds):
            plain.append(timed_calls(seam, manager, kwargs, recorder, calls))
            with installed([seam], recorder):
                recorded.append(timed_calls(seam, manager, kwargs, recorder, calls))
        figures.append((label, statistics.median(plain), statistics.median(recorded)))
    manager.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="per operation and mode")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=5000, help="direct calls per round in (c)")
    args = parser.parse_args()

    from seamguard.config import load_config

    config = load_config(ROOT / "pyproject.toml")
    with tempfile.TemporaryDirectory(prefix="seamguard-bench-") as folder:
        os.environ["TASKAPP_DB"] = str(Path(folder) / "direct.db")
        overhead = recording_overhead(config, args.calls, args.rounds)
        os.environ["TASKAPP_DB"] = str(Path(folder) / "warmup.db")
        seamguard_round(config, 2)  # imports and compiled validators, for both sides
        bare_round(config, 2)
        ours: list[Sample] = []
        bare: list[Sample] = []
        for index in range(args.rounds):
            sides = [("seamguard", ours, seamguard_round), ("bare", bare, bare_round)]
            for name, samples, run in sides if index % 2 == 0 else reversed(sides):
                os.environ["TASKAPP_DB"] = str(Path(folder) / f"{name}-{index}.db")
                samples.append(run(config, args.examples))

    routes = {str(route) for b in config.seams for route in b.routes}
    print(
        f"operations: {len(routes)}, examples per operation and mode: {args.examples}, "
        f"rounds: {args.rounds}, seed: {SEED}"
    )
    for name, samples in (("seamguard", ours), ("bare", bare)):
        for index, s in enumerate(samples):
            print(
                f"  {name:9} round {index + 1}: {s.cases:5} cases ({s.success} 2xx, "
                f"{s.failures} failed) in {s.seconds:6.2f} s = {s.rate:7.1f} cases/s"
            )
    ours_rate = statistics.median(s.rate for s in ours)
    bare_rate = statistics.median(s.rate for s in bare)
    print(f"(a) seamguard API side (checks + recording) : {ours_rate:8.1f} cases/s")
    print(f"(b) bare Schemathesis, same response checks : {bare_rate:8.1f} cases/s")
    print(f"ratio of the medians (seamguard / bare)     : {ours_rate / bare_rate:8.2f}x")
    # Each round runs both sides back to back, so its ratio is the one drift disturbs least.
    paired = statistics.median(o.rate / b.rate for o, b in zip(ours, bare, strict=True))
    print(f"median per-round ratio (goal >= 1.0)        : {paired:8.2f}x")
    print(
        f"(c) recording one crossing ({args.calls} direct calls per round, medians; "
        "crossings taken after each call, as the API side does):"
    )
    for label, plain, recorded in overhead:
        print(
            f"  {label:24}: {plain:7.1f} µs plain, {recorded:7.1f} µs recorded, "
            f"+{recorded - plain:6.1f} µs per crossing ({recorded / plain:.2f}x)"
        )


if __name__ == "__main__":
    main()
