"""How long `seamguard diff` takes on many contract pairs.

Run: ``.venv/bin/python benchmarks/bench_diff.py [--pairs N]``

Builds two contracts trees of N seams each (copies of taskapp's ``tasks.create``, the new
tree with a MINOR version per seam carrying one change drawn from a fixed list: a narrowed
``maxLength``, an optional property, a new required field, an enum value removed, a relaxed
bound...) and times ``diff_trees`` on them (the decision, the counterexample search where it
is undecided, and the change classification), against the time to load the two trees alone.
The issue's goal: 500 pairs in under 2 s.
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from seamguard import load_contracts
from seamguard.diff import diff_trees

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://bench.example/contracts/"


def _changes() -> list[Any]:
    def narrow(d: dict[str, Any]) -> None:
        d["properties"]["title"] = {"type": "string", "minLength": 1, "maxLength": 50}

    def add_optional(d: dict[str, Any]) -> None:
        d["properties"]["note"] = {"type": "string"}

    def add_required(d: dict[str, Any]) -> None:
        d["properties"]["owner"] = {"type": "string"}
        d["required"] = [*d["required"], "owner"]

    def enum_removed(d: dict[str, Any]) -> None:
        d["properties"]["priority"] = {"enum": ["low", "normal", "high"]}

    def relaxed(d: dict[str, Any]) -> None:
        d["properties"]["title"] = {"type": "string", "minLength": 1, "maxLength": 400}

    return [narrow, add_optional, add_required, enum_removed, relaxed]


def build(folder: Path, pairs: int, *, changed: bool) -> None:
    source = json.loads(
        (ROOT / "contracts" / "tasks.create" / "1.0" / "input.schema.json").read_text()
    )
    inputs = copy.deepcopy(source)
    inputs["properties"] = {
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "priority": {"enum": ["low", "normal", "high", "urgent"]},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
    }
    inputs.pop("examples", None)
    output = {
        "type": "object",
        "properties": {"id": {"type": "string", "format": "uuid"}},
        "required": ["id"],
        "additionalProperties": False,
    }
    kinds = _changes()
    for index in range(pairs):
        seam = f"bench{index}.create"
        versions = [("1.0", inputs)]
        if changed:
            later = copy.deepcopy(inputs)
            kinds[index % len(kinds)](later)
            versions.append(("1.1", later))
        for version, document in versions:
            target = folder / seam / version
            target.mkdir(parents=True)
            schema = {**document, "$id": f"{BASE}{seam}/{version}/input.schema.json"}
            (target / "input.schema.json").write_text(json.dumps(schema))
            (target / "output.schema.json").write_text(
                json.dumps({**output, "$id": f"{BASE}{seam}/{version}/output.schema.json"})
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old_root, new_root = Path(folder) / "old", Path(folder) / "new"
        build(old_root, args.pairs, changed=False)
        build(new_root, args.pairs, changed=True)
        started = time.perf_counter()
        old, new = load_contracts(old_root), load_contracts(new_root)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        result = diff_trees(old, new)
        compared = time.perf_counter() - started
    verdicts: dict[str, int] = {}
    for finding in result.findings:
        verdicts[finding.verdict] = verdicts.get(finding.verdict, 0) + 1
    print(f"pairs: {args.pairs} (a new MINOR per seam, one change each)")
    print(f"load both trees        : {loaded:7.2f} s")
    per_pair = compared / args.pairs * 1000
    print(f"diff_trees             : {compared:7.2f} s  ({per_pair:.2f} ms per pair)")
    print(f"findings by verdict    : {dict(sorted(verdicts.items()))}")
    print(f"goal (500 pairs < 2 s) : {'met' if compared < 2 * args.pairs / 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
