"""``model-matches-contract`` on examples/bookapp: wall time per seam.

Run: ``.venv/bin/python benchmarks/bench_model.py [--examples N] [--seed N]``

Binds each of bookapp's seams as ``seamguard check`` does and runs the check alone on it
(static comparison, the contract's examples, the generated runs), printing each seam's
status, the examples drawn and the seconds taken, then the total. Issue 18, point 4 judges an
output model by generation from the contract's output schema instead of a subschema question
on the model's serialization schema plus draws from it: measure before and after on a
checkout of each commit (``PYTHONPATH=<tree>/src``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from seamguard.checks.model import check_model_matches_contract
from seamguard.config import load_config
from seamguard.contracts import Validators, load_contracts
from seamguard.seams import bind, project_on_path

BOOKAPP = Path(__file__).resolve().parents[1] / "examples" / "bookapp"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    config = load_config(BOOKAPP / "seamguard.toml")
    registry = load_contracts(config.root / config.contracts)
    validators = Validators(registry)
    total = 0.0
    with project_on_path(config.root):
        for binding in config.seams:
            seam = bind(binding)
            contract = registry.get(binding.contract, binding.version)
            start = time.perf_counter()
            result = check_model_matches_contract(
                seam,
                contract,
                validators,
                max_examples=options.examples,
                seed=options.seed,
                relative_to=config.root,
            )
            took = time.perf_counter() - start
            total += took
            print(
                f"{binding.contract:14} {result.status:8} {result.examples:5} examples "
                f"{took:6.2f} s"
            )
    print(f"total {total:.2f} s")


if __name__ == "__main__":
    main()
