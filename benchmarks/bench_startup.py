"""seamguard's start-up: what installing it costs a pytest run, and its own commands.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--rounds N]``

Each figure is the median wall time of ``--rounds`` runs (default 7) of a fresh subprocess,
after one warm-up run (the operating system's file cache and ``__pycache__`` filled), against
the goals of issue 14:

==============================================  ==================================================
``pytest --collect-only``, installed vs without  a project in a temporary folder with one trivial
                                                test, collected with the seamguard plugin (its
                                                entry point) and with ``-p no:seamguard``, the
                                                rounds alternating; the goal is the ratio of the
                                                medians, at most 1.05x
``python -c "import seamguard"``                 under 150 ms
``seamguard --help``                             under 300 ms
``seamguard lint`` on taskapp                    under 1.5 s (in the repository root)
==============================================  ==================================================

Each line also gives how many ``seamguard`` modules the process had imported at its end
(for pytest: when the session finished, written by the trivial project's ``conftest.py``), and
whether jsonschema's format checkers' heaviest dependency (``rfc3987_syntax``, whose grammar
takes about 1.7 s to build) was loaded. ``python -c pass`` is printed as the floor.

Processes inherit the environment, so ``PYTHONPATH=<tree>/src`` measures another tree (the
"before" figures of ``benchmarks/README.md`` were measured so, on commit 36ea937).
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEAMGUARD = Path(sys.executable).with_name("seamguard")

#: Prints, at its end, which modules the process imported (a JSON line on stderr).
PROBE = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
)
CONFTEST = (
    "import json, os, sys\n\n\n"
    "def pytest_sessionfinish(session):\n"
    "    with open(os.environ['BENCH_MODULES'], 'w') as file:\n"
    "        json.dump(sorted(sys.modules), file)\n"
)
TRIVIAL_TEST = "def test_trivial():\n    assert 1 + 1 == 2\n"


@dataclass(frozen=True)
class Figure:
    """One measured command: median seconds and what its last run imported."""

    what: str
    seconds: float
    modules: list[str]
    goal: str = ""
    met: bool | None = None

    def row(self) -> str:
        """The figure as one line of the printed table."""
        ours = [m for m in self.modules if m.partition(".")[0] == "seamguard"]
        heavy = "yes" if "rfc3987_syntax" in self.modules else "no"
        verdict = "" if self.met is None else ("met" if self.met else "MISSED")
        return (
            f"{self.what:<44} {self.seconds * 1000:7.0f} ms {len(ours):9d}  {heavy:<8}"
            f" {self.goal:<13} {verdict}"
        )


def timed(command: Sequence[str], *, cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds of one run of ``command`` and its standard error (it must exit 0)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stdout}{done.stderr}")
    return seconds, done.stderr


def probed(stderr: str) -> list[str]:
    """The module names the probe printed last on standard error."""
    lines = [line for line in stderr.splitlines() if line.startswith('["')]
    return list(json.loads(lines[-1])) if lines else []


def measure(
    what: str, command: Sequence[str], rounds: int, *, cwd: Path = ROOT, goal: float = 0.0
) -> Figure:
    """The median of ``rounds`` runs of a Python ``command`` started with the probe."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder, "sitecustomize.py")
        probe.write_text(PROBE, "utf-8")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), folder]))
        env["TASKAPP_DB"] = str(Path(folder, "taskapp.db"))
        timed(command, cwd=cwd, env=env)
        runs = [timed(command, cwd=cwd, env=env) for _ in range(rounds)]
    seconds = statistics.median(s for s, _ in runs)
    met = seconds < goal if goal else None
    label = (f"under {goal:g} s" if goal >= 1 else f"under {goal * 1000:.0f} ms") if goal else ""
    return Figure(what, seconds, probed(runs[-1][1]), label, met)


def collect_only(rounds: int) -> tuple[Figure, Figure]:
    """``pytest --collect-only`` on a one-test project, with and without the plugin."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "test_trivial.py").write_text(TRIVIAL_TEST, "utf-8")
        (project / "conftest.py").write_text(CONFTEST, "utf-8")
        (project / "pytest.ini").write_text("[pytest]\n", "utf-8")
        modules = project / "modules.json"
        env = {**os.environ, "BENCH_MODULES": str(modules)}
        base = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        arms = {"with": base, "without": [*base, "-p", "no:seamguard"]}
        seconds: dict[str, list[float]] = {"with": [], "without": []}
        imported: dict[str, list[str]] = {}
        for command in arms.values():  # warm-up
            timed(command, cwd=project, env=env)
        for index in range(rounds):
            order = ("with", "without") if index % 2 == 0 else ("without", "with")
            for arm in order:
                seconds[arm].append(timed(arms[arm], cwd=project, env=env)[0])
                imported[arm] = json.loads(modules.read_text("utf-8"))
    with_plugin, without = (statistics.median(seconds[arm]) for arm in ("with", "without"))
    ratio = with_plugin / without
    installed = "pytest --collect-only, seamguard installed"
    ours = Figure(installed, with_plugin, imported["with"], f"ratio {ratio:.2f}x", ratio <= 1.05)
    bare = Figure("pytest --collect-only, -p no:seamguard", without, imported["without"])
    return ours, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    importing = "import seamguard"
    figures = [
        measure('python -c "pass"', [python, "-c", "pass"], args.rounds),
        measure('python -c "import seamguard"', [python, "-c", importing], args.rounds, goal=0.15),
        measure("seamguard --help", [str(SEAMGUARD), "--help"], args.rounds, goal=0.3),
        measure("seamguard lint (taskapp)", [str(SEAMGUARD), "lint"], args.rounds, goal=1.5),
        *collect_only(args.rounds),
    ]
    print(f"rounds: {args.rounds} (median wall time of fresh processes)")
    print(f"{'what':<44} {'median':>10} {'seamguard':>9}  {'rfc3987':<8} goal")
    for figure in figures:
        print(figure.row())


if __name__ == "__main__":
    main()
