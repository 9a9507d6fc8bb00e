"""Whole ``seamguard check`` runs as CI sees them: workers, the example database, the API side.

Run: ``.venv/bin/python benchmarks/bench_ci.py [--rounds N] [--examples N] [--bug ID] [--quick]``

Every ``seamguard check`` here is the real command line in a subprocess (the venv's
``seamguard``, beside this interpreter), timed from start to exit; each command is printed.

1. ``--workers 2`` against serial, on taskapp (the repository root, ``TASKAPP_DB`` a new file
   in a temporary folder per run) and on examples/bookapp (its folder as the working
   directory): ``--seed S --max-examples N --example-db none --report-json R``, serial and
   ``--workers 2`` alternating, ``--rounds`` rounds, medians. Throughput is the work in the
   JSON report (the ``examples`` of every result plus the ``requests`` of every operation)
   over the wall time. Also the CPU seconds of the run (``RUSAGE_CHILDREN``, which takes in
   the worker processes a run joined) and the cores that makes it use (CPU ÷ wall), the
   1-minute load average when the run started (other work on the machine takes cores too),
   whether every run gave the same verdicts (status of each seam x check, and the sorted
   failure ids), and, between the two sides of each round, how much faster two processes
   that each burn 1 s of CPU end side by side than one after the other (2.0 on two idle
   cores: what a loaded machine leaves for ``--workers`` to use). Then the same at each
   project's configured ``max-examples`` (100, 50).
2. Time to the failure of a planted bookapp bug (``BOOKAPP_BUG``, ``--bug``), ``seamguard
   check --seam <its seam>`` until exit: (a) ``--example-db none``, (b) a new directory
   database (the first run finds the failure and saves it), (c) a second run on that
   database (the saved example is tried first), (d) ``--workers 2`` without a database.
   The standard output is read line by line with timestamps: the progress lines give each
   phase's time, and the first ``FAIL`` result line when it came. seamguard prints results
   when the run ends, so that line comes only the grid, the summary, the report files and
   the interpreter's exit before the exit (0.4-0.5 s here); the figure is the wall time to
   exit.
3. The API side against bare Schemathesis on taskapp and the cost of recording one
   crossing: ``bench_api.py``'s own functions, called here as its ``main`` calls them.

Not a test: nothing is asserted; it prints. Compare only the ratios of one run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from benchmarks import bench_api  # python -m benchmarks.bench_ci
except ImportError:  # python benchmarks/bench_ci.py: this folder is first on sys.path
    import bench_api  # type: ignore[no-redef, import-not-found]  # mypy reads the package

ROOT = Path(__file__).resolve().parents[1]
BOOKAPP = ROOT / "examples" / "bookapp"
SEED = 20261125
STARTED = time.perf_counter()

#: bookapp's planted bugs (examples/bookapp/bookapp/bugs.py) and the seam each breaks.
BUG_SEAMS = {
    "api-hands-valid-input": "loans.create",
    "logic-output-conforms": "books.create",
    "api-accepted-crossed": "books.get",
    "logic-accepts-input": "fees.quote",
    "api-rejects-invalid": "loans.return",
    "api-response-conforms": "books.list",
}

#: A process that burns ``seconds`` of CPU time and ends.
_SPIN = (
    "import time\nstart = time.process_time()\n"
    "while time.process_time() - start < {seconds}:\n    sum(range(1000))"
)
_NUMBERS = itertools.count()
_FAIL_LINE = re.compile(r"^\s+FAIL\s")
_PHASES = (("logic", "… logic side:"), ("api", "… API side:"), ("static", "… static:"))


def say(line: str) -> None:
    """A progress line on stderr."""
    print(f"[{time.perf_counter() - STARTED:6.1f} s] {line}", file=sys.stderr, flush=True)


def seamguard_command() -> str:
    """The ``seamguard`` script of the interpreter running this (the project's venv)."""
    beside = Path(sys.executable).with_name("seamguard")
    return str(beside if beside.exists() else ROOT / ".venv" / "bin" / "seamguard")


def shown(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    """A command as one would type it: the folder, variables, a relative ``seamguard``."""
    where = "" if cwd == ROOT else f"cd {cwd.relative_to(ROOT)} && "
    words = [f"{k}={v}" for k, v in env.items()]
    words.append(os.path.relpath(argv[0], cwd))
    words += argv[1:]
    return where + " ".join(words)


@dataclass
class Run:
    """One ``seamguard check`` run."""

    wall: float
    cpu: float
    load: float
    code: int
    report: dict[str, Any]
    first_fail: float | None = None
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def work(self) -> int:
        """Examples of every result plus requests of every operation."""
        examples: int = sum(r["examples"] for r in self.report.get("results", []))
        requests: int = sum(o["requests"] for o in self.report.get("operations", {}).values())
        return examples + requests

    @property
    def throughput(self) -> float:
        return self.work / self.wall

    @property
    def verdicts(self) -> dict[tuple[str, str, str], tuple[str, tuple[str, ...]]]:
        """Status and sorted failure ids per seam version and check."""
        return {
            (r["seam"], r["version"], r["check"]): (
                r["status"],
                tuple(sorted(f["id"] for f in r["failures"])),
            )
            for r in self.report.get("results", [])
        }


def check(
    options: list[str], cwd: Path, report: Path, env: dict[str, str] | None = None
) -> tuple[Run, str]:
    """``seamguard check OPTIONS --report-json REPORT`` in ``cwd``, timed; the run and the
    command as typed."""
    argv = [seamguard_command(), "check", *options, "--report-json", str(report)]
    extra = env or {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    report.unlink(missing_ok=True)
    phases: dict[str, float] = {}
    first_fail = None
    started = time.perf_counter()
    with subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **extra},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None
        output = []
        for line in process.stdout:
            now = time.perf_counter() - started
            output.append(line)
            for phase, marker in _PHASES:
                if marker in line and phase not in phases:
                    phases[phase] = now
            if first_fail is None and _FAIL_LINE.match(line):
                first_fail = now
        code = process.wait()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if code not in (0, 1) or not report.exists():
        sys.stderr.write("".join(output[-30:]))
        raise SystemExit(f"seamguard check exited {code}: {' '.join(argv)}")
    data = json.loads(report.read_text(encoding="utf-8"))
    command = shown(argv, cwd, extra).replace(str(report.parent), "$TMP")
    return Run(wall, cpu, load, code, data, first_fail, phases), command


@dataclass
class Comparison:
    """Serial against ``--workers 2`` on one project and size."""

    label: str
    commands: list[str]
    serial: list[Run]
    workers: list[Run]
    ideal: list[float] = field(default_factory=list)

    def median(self, runs: list[Run], what: str) -> float:
        return float(statistics.median(getattr(r, what) for r in runs))

    @property
    def same_verdicts(self) -> bool:
        first = self.serial[0].verdicts
        return all(r.verdicts == first for r in [*self.serial, *self.workers])

    @property
    def same_work(self) -> bool:
        return len({r.work for r in [*self.serial, *self.workers]}) == 1


def spare_cores(seconds: float) -> float:
    """How much faster two CPU-bound processes end side by side than one after the other,
    right now: 2.0 on two idle cores, less when other work holds a core."""

    def jobs(parallel: bool) -> float:
        started = time.perf_counter()
        argv = [sys.executable, "-c", _SPIN.format(seconds=seconds)]
        if parallel:
            running = [subprocess.Popen(argv) for _ in range(2)]
            for process in running:
                process.wait()
        else:
            for _ in range(2):
                subprocess.run(argv, check=True)
        return time.perf_counter() - started

    return jobs(parallel=False) / jobs(parallel=True)


def compare_workers(
    label: str,
    cwd: Path,
    size: list[str],
    rounds: int,
    folder: Path,
    taskapp: bool,
    spin: float,
) -> Comparison:
    """Serial and ``--workers 2`` runs, alternating, ``rounds`` each."""
    comparison = Comparison(label, [], [], [])
    for index in range(rounds):
        sides = [
            ("serial", comparison.serial, []),
            ("workers", comparison.workers, ["--workers", "2"]),
        ]
        for position, (name, runs, extra) in enumerate(
            sides if index % 2 == 0 else reversed(sides)
        ):
            if position == 1:
                comparison.ideal.append(spare_cores(spin))
                say(f"  two CPU-bound processes: {comparison.ideal[-1]:.2f}x the serial pair")
            say(f"{label}: {name} round {index + 1}/{rounds}")
            database = folder / f"tasks-{next(_NUMBERS)}.db"
            env = {"TASKAPP_DB": str(database)} if taskapp else {}
            options = ["--seed", str(SEED), *size, "--example-db", "none", *extra]
            run, command = check(options, cwd, folder / "report.json", env)
            runs.append(run)
            if index == 0:
                comparison.commands.append(command)
            say(f"  {run.wall:6.2f} s wall, {run.cpu:6.2f} s CPU, load {run.load:.1f}")
    return comparison


@dataclass
class BugRuns:
    """Part 2: the runs of one planted bug."""

    bug: str
    seam: str
    commands: dict[str, str] = field(default_factory=dict)
    runs: dict[str, list[Run]] = field(default_factory=dict)


_BUG_VARIANTS = {
    "a": "--example-db none",
    "b": "new directory database (finds, saves)",
    "c": "second run on that database",
    "d": "--workers 2, --example-db none",
}


def time_to_failure(bug: str, rounds: int, size: list[str], folder: Path) -> BugRuns:
    """(a) no database, (b) a new directory database, (c) a second run on it, (d) workers."""
    result = BugRuns(bug, BUG_SEAMS[bug], {}, {key: [] for key in _BUG_VARIANTS})
    env = {"BOOKAPP_BUG": bug}
    base = ["--seam", result.seam, "--seed", str(SEED), *size]
    for index in range(rounds):
        database = folder / f"examples-{index}"
        plan = [
            ("a", [*base, "--example-db", "none"]),
            ("b", [*base, "--example-db", str(database)]),
            ("c", [*base, "--example-db", str(database)]),
            ("d", [*base, "--example-db", "none", "--workers", "2"]),
        ]
        # (c) must follow (b); the others move around it from round to round.
        if index % 2 == 1:
            plan = [plan[1], plan[2], plan[3], plan[0]]
        for key, options in plan:
            say(f"bug {bug}: ({key}) {_BUG_VARIANTS[key]}, round {index + 1}/{rounds}")
            run, command = check(options, BOOKAPP, folder / "bug-report.json", env)
            result.runs[key].append(run)
            result.commands.setdefault(key, command)
            fail = f"{run.first_fail:.2f} s" if run.first_fail is not None else "none"
            say(f"  exit {run.code} at {run.wall:6.2f} s, first FAIL line at {fail}")
    return result


def api_side(examples: int, rounds: int, calls: int, folder: Path) -> dict[str, Any]:
    """``bench_api.py``'s measurements, in its order: recording first, then alternating rounds."""
    from seamguard.config import load_config

    config = load_config(ROOT / "pyproject.toml")
    saved = os.environ.get("TASKAPP_DB")
    try:
        os.environ["TASKAPP_DB"] = str(folder / "direct.db")
        say(f"API side: recording one crossing, {calls} calls x {rounds} rounds")
        overhead = bench_api.recording_overhead(config, calls, rounds)
        os.environ["TASKAPP_DB"] = str(folder / "warmup.db")
        bench_api.seamguard_round(config, 2)
        bench_api.bare_round(config, 2)
        ours: list[Any] = []
        bare: list[Any] = []
        for index in range(rounds):
            sides = [
                ("seamguard", ours, bench_api.seamguard_round),
                ("bare", bare, bench_api.bare_round),
            ]
            for name, samples, run in sides if index % 2 == 0 else reversed(sides):
                say(f"API side: {name} round {index + 1}/{rounds}, {examples} examples")
                os.environ["TASKAPP_DB"] = str(folder / f"api-{name}-{index}.db")
                samples.append(run(config, examples))
    finally:
        if saved is None:
            os.environ.pop("TASKAPP_DB", None)
        else:
            os.environ["TASKAPP_DB"] = saved
    return {
        "ours": statistics.median(s.rate for s in ours),
        "bare": statistics.median(s.rate for s in bare),
        "paired": statistics.median(o.rate / b.rate for o, b in zip(ours, bare, strict=True)),
        "cases": ours[0].cases,
        "overhead": overhead,
    }


def print_comparison(c: Comparison) -> list[tuple[str, str]]:
    """The detail lines of part 1 for one comparison; its summary rows."""
    print(f"\n{c.label}")
    for command in c.commands:
        print(f"  $ {command}")
    for name, runs in (("serial", c.serial), ("--workers 2", c.workers)):
        for index, r in enumerate(runs):
            print(
                f"  {name:11} round {index + 1}: {r.wall:6.2f} s wall, {r.cpu:6.2f} s CPU "
                f"({r.cpu / r.wall:.2f} cores), load {r.load:.1f}, {r.work} examples+requests, "
                f"{r.throughput:6.1f}/s, exit {r.code}"
            )
    wall_s, wall_w = c.median(c.serial, "wall"), c.median(c.workers, "wall")
    rate_s, rate_w = c.median(c.serial, "throughput"), c.median(c.workers, "throughput")
    cores_w = statistics.median(r.cpu / r.wall for r in c.workers)
    cpu_s, cpu_w = c.median(c.serial, "cpu"), c.median(c.workers, "cpu")
    verdicts = "identical" if c.same_verdicts else "DIFFERENT"
    failures = sum(len(ids) for _, ids in c.serial[0].verdicts.values())
    print(
        f"  medians: serial {wall_s:.2f} s, --workers 2 {wall_w:.2f} s: wall speed-up "
        f"{wall_s / wall_w:.2f}x; throughput {rate_s:.1f}/s -> {rate_w:.1f}/s: "
        f"{rate_w / rate_s:.2f}x (goal >= 1.7x); CPU {cpu_s:.1f} s -> {cpu_w:.1f} s"
    )
    print(
        f"  verdicts of all {len(c.serial) + len(c.workers)} runs: {verdicts} "
        f"({len(c.serial[0].verdicts)} seam x check results, {failures} failure ids); "
        f"work the same in every run: {'yes' if c.same_work else 'NO'}"
    )
    if not c.same_verdicts:
        first = c.serial[0].verdicts
        for r in [*c.serial, *c.workers]:
            for key in sorted(set(first) | set(r.verdicts)):
                if first.get(key) != r.verdicts.get(key):
                    print(f"    differs: {key}: {first.get(key)} vs {r.verdicts.get(key)}")
    ideal = statistics.median(c.ideal)
    print(
        f"  two CPU-bound processes side by side (2.00 on two idle cores), in the same rounds: "
        f"{ideal:.2f}x the pair run one after the other "
        f"({', '.join(f'{x:.2f}' for x in c.ideal)}); seamguard's throughput ratio / that: "
        f"{rate_w / rate_s / ideal:.2f}"
    )
    return [
        (
            f"{c.label}: throughput, serial -> `--workers 2`",
            f"{rate_s:.0f}/s -> {rate_w:.0f}/s: **{rate_w / rate_s:.2f}x** "
            f"(wall {wall_s:.1f} -> {wall_w:.1f} s; CPU {cpu_s:.1f} -> {cpu_w:.1f} s, "
            f"{cores_w:.2f} cores busy; two CPU-bound processes {ideal:.2f}x; "
            f"verdicts {verdicts})",
        ),
    ]


def print_bug(b: BugRuns) -> list[tuple[str, str]]:
    print(f"\n2. Time to the failure: BOOKAPP_BUG={b.bug}, seam {b.seam} (bookapp)")
    for key, text in _BUG_VARIANTS.items():
        print(f"  ({key}) {text}: $ {b.commands[key]}")
    print(
        "  phases from the progress lines (s since start): logic side, API side, "
        "api-within-logic; first FAIL line; exit"
    )
    for key in _BUG_VARIANTS:
        for index, r in enumerate(b.runs[key]):
            marks = " ".join(f"{r.phases.get(p, float('nan')):5.2f}" for p, _ in _PHASES)
            fail = f"{r.first_fail:5.2f}" if r.first_fail is not None else " none"
            failed = sorted({k[2] for k, (status, _) in r.verdicts.items() if status == "failed"})
            print(
                f"  ({key}) round {index + 1}: {marks}; FAIL {fail}; exit {r.code} at "
                f"{r.wall:5.2f} s, load {r.load:.1f}; failed: {', '.join(failed) or 'nothing'}"
            )
    wall = {key: statistics.median(r.wall for r in runs) for key, runs in b.runs.items()}
    first = b.runs["a"][0].verdicts
    same = all(r.verdicts == first for runs in b.runs.values() for r in runs)
    statuses = all(
        {k: v[0] for k, v in r.verdicts.items()} == {k: v[0] for k, v in first.items()}
        for runs in b.runs.values()
        for r in runs
    )
    found = all(r.code == 1 for runs in b.runs.values() for r in runs)
    print(
        "  medians to exit: "
        + ", ".join(f"({key}) {wall[key]:.2f} s" for key in _BUG_VARIANTS)
        + f"; (c)/(a) {wall['c'] / wall['a']:.2f}, (b)/(a) {wall['b'] / wall['a']:.2f}, "
        f"(d)/(a) {wall['d'] / wall['a']:.2f}"
    )
    print(
        f"  every run exit 1: {'yes' if found else 'NO'}; statuses identical: "
        f"{'yes' if statuses else 'NO'}; statuses and failure ids identical: "
        f"{'yes' if same else 'NO'}"
    )
    if not same:
        for key, runs in b.runs.items():
            for r in runs:
                for k in sorted(set(first) | set(r.verdicts)):
                    if first.get(k) != r.verdicts.get(k):
                        print(f"    ({key}) differs: {k}: {first.get(k)} vs {r.verdicts.get(k)}")
    return [
        (
            f"`BOOKAPP_BUG={b.bug}`, `--seam {b.seam}`: wall to exit, (a) no database / "
            "(b) new database / (c) second run on it / (d) `--workers 2`",
            f"{wall['a']:.1f} / {wall['b']:.1f} / {wall['c']:.1f} / {wall['d']:.1f} s; "
            f"(c)/(a) **{wall['c'] / wall['a']:.2f}** "
            f"(verdicts {'identical' if same else 'differ'})",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side (default 3)")
    parser.add_argument(
        "--examples", type=int, default=200, help="--max-examples of part 1 (default 200)"
    )
    parser.add_argument("--bug", choices=sorted(BUG_SEAMS), default="logic-accepts-input")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    examples = 10 if args.quick else args.examples
    api = (10, 1, 500) if args.quick else (100, rounds, 5000)
    spin = 0.3 if args.quick else 1.0

    summary: list[tuple[str, str]] = []
    say(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="seamguard-bench-ci-") as name:
        folder = Path(name)
        size = ["--max-examples", str(examples)]
        plan = [
            (f"taskapp, --max-examples {examples}", ROOT, size, True),
            (f"bookapp, --max-examples {examples}", BOOKAPP, size, False),
        ]
        if not args.quick:
            plan += [
                ("taskapp, configured max-examples (100)", ROOT, [], True),
                ("bookapp, configured max-examples (50)", BOOKAPP, [], False),
            ]
        comparisons = [
            compare_workers(label, cwd, options, rounds, folder, taskapp, spin)
            for label, cwd, options, taskapp in plan
        ]
        bug = time_to_failure(args.bug, rounds, size if args.quick else [], folder)
        figures = api_side(*api, folder)

    print(
        f"{os.cpu_count()} cores; seed {SEED}; rounds {rounds}; medians. seamguard: "
        f"{seamguard_command()}; R.json: a report file in a temporary folder"
    )
    print("\n1. --workers 2 against serial (wall to exit; work = examples + requests)")
    for comparison in comparisons:
        summary += print_comparison(comparison)
    summary += print_bug(bug)
    examples_api, rounds_api, calls = api
    print(
        f"\n3. API side on taskapp, bench_api.py's functions: "
        f"{examples_api} examples per operation and mode, {rounds_api} rounds, {calls} calls"
    )
    print(
        f"  (the same as: .venv/bin/python benchmarks/bench_api.py --examples {examples_api} "
        f"--rounds {rounds_api} --calls {calls})"
    )
    print(f"  (a) seamguard API side, {figures['cases']} cases: {figures['ours']:.1f} cases/s")
    print(f"  (b) bare Schemathesis, same checks : {figures['bare']:.1f} cases/s")
    print(f"  median per-round ratio (goal >= 1.0): {figures['paired']:.2f}x")
    summary.append(
        (
            "taskapp API side: seamguard / bare Schemathesis (median per-round ratio)",
            f"{figures['ours']:.0f} / {figures['bare']:.0f} cases/s: **{figures['paired']:.2f}x**",
        )
    )
    for label, plain, recorded in figures["overhead"]:
        print(
            f"  recording, {label}: {plain:.1f} -> {recorded:.1f} µs, "
            f"+{recorded - plain:.1f} µs per crossing"
        )
        summary.append(
            (
                f"taskapp, recording one crossing, {label}",
                f"{plain:.1f} -> {recorded:.1f} µs: +{recorded - plain:.1f} µs",
            )
        )

    print("\nSummary\n\n| what | figure |\n| --- | --- |")
    for label, value in summary:
        print(f"| {label} | {value} |")
    print(f"\ntotal: {time.perf_counter() - STARTED:.0f} s")


if __name__ == "__main__":
    main()
