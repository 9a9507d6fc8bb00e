"""seamguard on hostile contracts trees: every command within 10 s and 500 MB, or one line.

Run: ``.venv/bin/python benchmarks/bench_hostile.py [--only NAME] [--time-budget S]
[--memory-budget MB]``

Generates a corpus of hostile trees in a temporary folder, each an ``old`` and a ``new``
project (``seamguard.toml``, ``contracts/x.create/``; ``new`` adds a version 1.1 that carries
the hostile change, and binds the seam to a logic function that returns ``{}``, with no app),
and runs on each, as subprocesses of the venv's ``seamguard``:

- ``lint``: in ``new`` (``contract-valid``, ``contract-compat``);
- ``diff``: ``seamguard diff old/contracts new/contracts``;
- ``check``: ``seamguard check --max-examples 1 --example-db none`` in ``new``: the static
  checks, then the logic side with one example (no app: the API side is skipped).

Each run gets an address-space limit (``RLIMIT_AS``, 2.5 GB, set in ``preexec_fn``) so a
memory bomb fails the run instead of the machine, and is killed at three times the time
budget. The table gives its wall time, its peak RSS (``ru_maxrss`` from ``os.wait4``), its
exit code, the last line it wrote to standard error (a budget refusal is one
``seamguard: error:`` line) and whether it stayed within budget. The trees:

==================  =================================================================
laughs-40           issue 13, attack 3: 40 ``$defs``, each an object with two properties
                    that ``$ref`` the one before ("billion laughs", 4 KB)
wide-20000          attack 4: 20,000 properties, each ``maxLength`` lowered by one (0.9 MB)
wide-200000         attack 4: the same with 200,000 properties (10 MB)
enum-100000         an enum of 100,000 members, one removed
deep-64             properties nested 64 deep, the innermost ``maxLength`` lowered
defs-10000          10,000 ``$defs``, each used by one property, each narrowed
multiple-of-tiny    ``multipleOf: 1e-300`` made ``3e-300``, on a number with bounds
redos               ``pattern: ^(a+)+$`` on both sides and in an example of 30 ``a`` s and
                    a ``!`` (catastrophic for a backtracking regex engine)
injection           attacks 1 and 2: property names holding workflow commands, Markdown
                    headings, HTML and mentions (timed here; what is printed is tested in
                    tests/unit/test_hostile_text.py)
==================  =================================================================

Exit 1 when a run is over budget or was killed, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEAMGUARD = Path(sys.executable).with_name("seamguard")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
ADDRESS_SPACE = 2_500_000_000
LOGIC = "def create(**kwargs):\n    return {}\n"
OUTPUT = {"$schema": DRAFT, "type": "object"}


def _doc(**keywords: Any) -> dict[str, Any]:
    return {"$schema": DRAFT, **keywords}


def laughs(n: int = 40) -> tuple[Any, Any]:
    """A billion laughs: ``$defs`` d0..d(n-1), each using the one before twice."""
    defs: dict[str, Any] = {"d0": {"type": "string", "maxLength": 5}}
    for i in range(1, n):
        before = {"$ref": f"#/$defs/d{i - 1}"}
        defs[f"d{i}"] = {"type": "object", "properties": {"a": before, "b": dict(before)}}
    old = _doc(type="object", properties={"a": {"type": "object"}})
    return old, _doc(**{"$defs": defs, "$ref": f"#/$defs/d{n - 1}"})


def wide(n: int) -> tuple[Any, Any]:
    """``n`` string properties, each ``maxLength`` lowered by one in the new version."""

    def version(limit: int) -> Any:
        props = {f"p{i}": {"type": "string", "maxLength": limit} for i in range(n)}
        return _doc(type="object", properties=props)

    return version(100), version(99)


def enum(n: int) -> tuple[Any, Any]:
    members = [f"member-{i}" for i in range(n)]
    return (
        _doc(type="object", properties={"kind": {"enum": members}}),
        _doc(type="object", properties={"kind": {"enum": members[1:]}}),
    )


def deep(n: int = 64) -> tuple[Any, Any]:
    """Objects nested so that the file is ``n`` JSON levels deep."""

    def version(limit: int) -> Any:
        node: Any = {"type": "string", "maxLength": limit}
        for _ in range((n - 2) // 2):
            node = {"type": "object", "properties": {"p": node}}
        return _doc(**node)

    return version(10), version(9)


def defs(n: int) -> tuple[Any, Any]:
    def version(limit: int) -> Any:
        shared = {f"d{i}": {"type": "string", "maxLength": limit} for i in range(n)}
        props = {f"p{i}": {"$ref": f"#/$defs/d{i}"} for i in range(n)}
        return _doc(**{"$defs": shared}, type="object", properties=props)

    return version(10), version(9)


def multiple_of() -> tuple[Any, Any]:
    def version(step: float) -> Any:
        number = {"type": "number", "multipleOf": step, "minimum": -1e308, "maximum": 1e308}
        return _doc(type="object", properties={"x": number})

    return version(1e-300), version(3e-300)


def redos() -> tuple[Any, Any]:
    evil = "a" * 30 + "!"
    return (
        _doc(type="object", properties={"s": {"type": "string", "pattern": "^(a+)+$"}}),
        _doc(
            type="object",
            properties={"s": {"type": "string", "pattern": "^(a+)+$", "maxLength": 40}},
            examples=[{"s": "a" * 30}],
            **{"not": {"properties": {"s": {"const": evil}}}},
        ),
    )


def injection() -> tuple[Any, Any]:
    names = [
        "a\n::error file=README.md,line=1,title=INJECTED::fake annotation\n"
        "::add-mask::seamguard\n::stop-commands::tok123\n",
        "b | x |\n## ✅ seamguard: No breaking change — safe to merge\n",
        'c <img src="https://tracker.example/p.gif"> @octocat @github/security #123',
        "d\n<details><summary>ok</summary>\n",
    ]

    def version(limit: int) -> Any:
        props = {name: {"type": "string", "maxLength": limit} for name in names}
        return _doc(type="object", properties=props, required=names[:1])

    return version(10), version(9)


TREES: dict[str, Callable[[], tuple[Any, Any]]] = {
    "laughs-40": laughs,
    "wide-20000": lambda: wide(20_000),
    "wide-200000": lambda: wide(200_000),
    "enum-100000": lambda: enum(100_000),
    "deep-64": deep,
    "defs-10000": lambda: defs(10_000),
    "multiple-of-tiny": multiple_of,
    "redos": redos,
    "injection": injection,
}


def write_tree(folder: Path, old: Any, new: Any) -> None:
    """``folder/old`` and ``folder/new``: two projects; only ``new`` binds the seam."""
    for name, versions in (("old", {"1.0": old}), ("new", {"1.0": old, "1.1": new})):
        project = folder / name
        for version, document in versions.items():
            target = project / "contracts" / "x.create" / version
            target.mkdir(parents=True)
            (target / "input.schema.json").write_text(json.dumps(document), encoding="utf-8")
            (target / "output.schema.json").write_text(json.dumps(OUTPUT), encoding="utf-8")
        config = 'contracts = "contracts"\n'
        if name == "new":
            (project / "hostile_logic.py").write_text(LOGIC, encoding="utf-8")
            config += '\n[[seams]]\ncontract = "x.create"\nlogic = "hostile_logic:create"\n'
        (project / "seamguard.toml").write_text(config, encoding="utf-8")


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def measure(args: list[str], cwd: Path, kill_after: float) -> dict[str, Any]:
    """Run ``args``; wall time, peak RSS (MB), exit code, last stderr line, killed?"""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(cwd), "NO_COLOR": "1"}
        env.pop("GITHUB_ACTIONS", None)
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            preexec_fn=_limit,
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > kill_after and not killed:
                proc.kill()
                killed = True
            time.sleep(0.02)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return {
        "wall": wall,
        "rss": usage.ru_maxrss / 1024,
        "code": proc.returncode,
        "killed": killed,
        "said": lines[-1] if lines else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(TREES), help="these trees")
    parser.add_argument("--time-budget", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--memory-budget", type=float, default=500.0, help="MB peak RSS")
    args = parser.parse_args()
    over = 0
    print(f"budget: {args.time_budget:g} s and {args.memory_budget:g} MB per run")
    print(f"{'tree':<18}{'command':<7}{'wall s':>8}{'peak MB':>9}{'exit':>6}  verdict / stderr")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or list(TREES):
            folder = Path(tmp) / name
            write_tree(folder, *TREES[name]())
            new = folder / "new"
            commands = {
                "lint": ([str(SEAMGUARD), "lint"], new),
                "diff": ([str(SEAMGUARD), "diff", "old/contracts", "new/contracts"], folder),
                "check": (
                    [str(SEAMGUARD), "check", "--max-examples", "1", "--example-db", "none"],
                    new,
                ),
            }
            for command, (argv, cwd) in commands.items():
                got = measure(argv, cwd, kill_after=3 * args.time_budget)
                within = (
                    not got["killed"]
                    and got["wall"] <= args.time_budget
                    and got["rss"] <= args.memory_budget
                    and got["code"] in (0, 1, 2)
                )
                over += not within
                verdict = "ok" if within else ("KILLED" if got["killed"] else "OVER BUDGET")
                said = got["said"] if got["code"] == 2 else ""
                print(
                    f"{name:<18}{command:<7}{got['wall']:>8.2f}{got['rss']:>9.0f}"
                    f"{got['code']:>6}  {verdict}{'  ' + said[:110] if said else ''}",
                    flush=True,
                )
    print(f"over budget: {over}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
