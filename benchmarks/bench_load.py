"""How long loading and linting a contracts tree takes, against bare metaschema checks.

Run: ``.venv/bin/python benchmarks/bench_load.py [CONTRACTS_DIR] [--rounds N]``

Prints the median time of ``load_contracts`` (layout, JSON, metaschema, every ``$ref``
resolved, every example validated, every seam schema without a valid example shown
satisfiable) and of the same files checked with jsonschema's
``check_schema`` alone, measured in one process, and their ratio. ``seamguard lint`` runs on
every pre-commit, so the ratio says what the extra guarantees cost.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from jsonschema import Draft202012Validator

from seamguard import load_contracts

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(work: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contracts", nargs="?", type=Path, default=ROOT / "contracts")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    files = sorted(args.contracts.rglob("*.json"))

    def bare() -> None:
        for path in files:
            Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))

    def seamguard() -> None:
        registry = load_contracts(args.contracts)
        assert not registry.problems, registry.problems

    seamguard()  # warm caches (imports, compiled metaschema) for both
    bare()
    ours = median_seconds(seamguard, args.rounds)
    base = median_seconds(bare, args.rounds)
    print(f"files: {len(files)}, rounds: {args.rounds}")
    print(f"jsonschema check_schema alone : {base * 1000:8.2f} ms")
    print(f"seamguard load_contracts      : {ours * 1000:8.2f} ms")
    print(f"ratio (seamguard / bare)      : {ours / base:8.2f}x")


if __name__ == "__main__":
    main()
