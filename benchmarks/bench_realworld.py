"""``seamguard check`` wall time on each real-world service, against a bare Schemathesis run.

Run: ``.venv/bin/python benchmarks/bench_realworld.py [--rounds N] [--only NAME] [--examples N]``

Each service of ``tests/realworld`` (``tests.realworld.services.SERVICES``) is copied to a
temporary folder per round and run two ways, each as a fresh subprocess timed from outside
(interpreter start, imports and the app's start-up included for both):

(a) seamguard: ``python -m seamguard check`` as the suite runs it (seed 1, no example
database, the service's own ``--max-examples`` unless ``--examples``): the logic side and
the API side of every bound seam.

(b) bare Schemathesis: this script with ``--bare``, in the same kind of folder: it imports
the app the configuration names, calls its ``app-setup`` hook (a database, a dependency
override), then ``schemathesis.openapi.from_asgi`` and, per operation the seams bind,
positive then negative cases (same ``max_examples`` and seed) sent with
``case.call_and_validate`` and Schemathesis' four response checks; failures are counted,
not raised (no shrinking). No logic side, no auth.

Prints each round, the medians, and the median ratio seamguard / bare per service: what a
user pays for the seam checks over plain API fuzzing of the same operations.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.realworld.services import (  # noqa: E402
    SEED,
    SERVICES,
    Service,
    copy_service,
    run_check,
)

from benchmarks._bare import run_bare  # noqa: E402


def bare_run(folder: Path, examples: int) -> dict[str, int]:
    """Schemathesis alone on the service in ``folder`` (the current directory)."""
    from schemathesis.generation.modes import GenerationMode
    from schemathesis.openapi import from_asgi
    from schemathesis.specs.openapi import checks as openapi_checks

    from seamguard.config import load_config
    from seamguard.seams import import_object, project_on_path

    config = load_config(folder / "seamguard.toml")
    checks = [
        openapi_checks.status_code_conformance,
        openapi_checks.content_type_conformance,
        openapi_checks.response_headers_conformance,
        openapi_checks.response_schema_conformance,
    ]
    routes = {str(route): route for b in config.seams for route in b.routes}
    counts = {"cases": 0, "success": 0, "failures": 0}
    with project_on_path(config.root):
        app = import_object(str(config.app), key="app")
        if config.app_setup:
            import_object(config.app_setup, key="app-setup")(app)
    schema = from_asgi(config.openapi, app)
    for name in sorted(routes):
        operation = schema[routes[name].path][routes[name].method]
        for mode in list(GenerationMode):
            # an exception the app raised through the ASGI client: a 500 of a real bug
            run_bare(
                operation, mode, checks, counts, examples=examples, seed=SEED, count_raised=True
            )
    return counts


def timed_bare(name: str, folder: Path, examples: int, env: dict[str, str]) -> tuple[float, str]:
    """(b) as a subprocess in ``folder``: its wall time and its one-line summary."""
    command = [sys.executable, str(Path(__file__).resolve()), "--bare", name, "--examples"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, str(examples)],
        cwd=folder,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    seconds = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"bare run of {name} failed:\n{done.stdout}{done.stderr}")
    return seconds, lines[-1]


def one_round(svc: Service, examples: int, *, bare_first: bool) -> tuple[float, float]:
    """One round of (a) and (b) on fresh copies of the service; their wall seconds."""
    with tempfile.TemporaryDirectory(prefix="seamguard-bench-") as tmp:
        first = copy_service(svc, Path(tmp) / "a")
        second = copy_service(svc, Path(tmp) / "b")
        times: dict[str, float] = {}
        for side in ["bare", "seamguard"] if bare_first else ["seamguard", "bare"]:
            if side == "seamguard":
                outcome = run_check(svc, first, "--max-examples", str(examples))
                times[side], line = outcome.seconds, str(outcome.report.get("summary"))
            else:
                times[side], line = timed_bare(svc.name, second, examples, svc.env)
            print(f"  {svc.name:10} {side:9} {times[side]:6.1f} s  {line}")
    return times["seamguard"], times["bare"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", action="append", help="a service's name (repeatable)")
    parser.add_argument("--examples", type=int, help="--max-examples (default: the suite's)")
    parser.add_argument("--bare", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.bare:  # the child of (b), in the service's folder
        counts = bare_run(Path.cwd(), args.examples)
        print(json.dumps(counts))
        return

    chosen = [s for s in SERVICES if not args.only or s.name in args.only]
    print(f"seed {SEED}, {args.rounds} rounds, wall seconds of fresh subprocesses")
    table: list[tuple[str, int, float, float, float]] = []
    for svc in chosen:
        examples = args.examples or svc.max_examples
        ours: list[float] = []
        bare: list[float] = []
        ratios: list[float] = []
        for index in range(args.rounds):
            pair = one_round(svc, examples, bare_first=index % 2 == 1)
            ours.append(pair[0])
            bare.append(pair[1])
            ratios.append(ours[-1] / bare[-1])
        table.append(
            (
                svc.name,
                examples,
                statistics.median(ours),
                statistics.median(bare),
                statistics.median(ratios),
            )
        )
    print("\nservice     examples  seamguard (s)  bare (s)  seamguard / bare (median of rounds)")
    for name, examples, o, b, r in table:
        print(f"{name:11} {examples:8}  {o:13.1f}  {b:8.1f}  {r:5.2f}x")
    print(f"all         {'':8}  {sum(t[2] for t in table):13.1f}  {sum(t[3] for t in table):8.1f}")


if __name__ == "__main__":
    main()
