"""Fuzz seamguard itself: generated projects through ``lint``, ``check`` and ``diff``.

Run: ``.venv/bin/python -m benchmarks.fuzz_seamguard [--examples N] [--seed N]
[--time-limit S]`` from the repository (defaults: 1,000 examples, seed 0, 60 s per run).

Hypothesis draws one project folder per example (``benchmarks/fuzz_projects.py``: a contracts
tree with corruptions mixed in, a configuration valid or not, for ``diff`` a second tree,
for ``check`` a module of plain logic functions and ``--max-examples 2``). The real CLI runs
in-process (click's ``CliRunner``) and each run is classified:

- **ok**: exit 0; **failed**: exit 1 (a defect in the contracts is a failed check);
- **usage error**: exit 2 with exactly one ``seamguard: error: ...`` line on stderr;
- **crash**: anything else: an exception escaping the command, ``Traceback`` in the output,
  another exit code, an exit 2 that is not one such line, a run past the time limit, or an
  output line that GitHub's runner would read as a workflow command seamguard did not write
  (``::`` first after whitespace, or ``##[`` anywhere: the names and messages are drawn from
  a hostile alphabet).

Each distinct crash (exception type and innermost seamguard frame) is reduced by dropping
files, folders, arguments, JSON members and TOML lines while it still crashes the same way,
then printed with its files, command and traceback. Exit 1 when anything crashed.

``tests/unit/test_self_fuzz.py`` runs the same property with a small budget.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from benchmarks.fuzz_projects import Case, cases, write_project
from seamguard.cli import cli

__all__ = ["KINDS", "Outcome", "Tally", "forged_commands", "fuzz", "reduce_crash", "run_case"]

KINDS = ("ok", "failed", "usage error", "crash")
COMMANDS = ("lint", "check", "diff")

# -- running one case ---------------------------------------------------------------------


class TimedOut(BaseException):
    """A run went past its time limit (a ``BaseException``, so nothing on the way catches it)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one run ended."""

    kind: str
    """``ok``, ``failed``, ``usage error`` or ``crash``."""
    exit_code: int | None
    """The exit code; ``None`` when the run went past its time limit."""
    seconds: float
    """Wall time of the run."""
    signature: str = ""
    """For a crash: what it is and where (exception type, innermost seamguard frame)."""
    detail: str = ""
    """For a crash: the traceback, or the output that is wrong."""
    output: str = ""
    """Standard output and error, interleaved."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimedOut` in the main thread after ``seconds`` (an interval timer).

    seamguard's own per-call limit sees the pending timer and leaves it alone (it runs the
    logic in a thread instead), so the two do not disturb each other.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise TimedOut(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(error: BaseException) -> str:
    marker = f"{os.sep}seamguard{os.sep}"
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if marker in f.filename]
    if not (ours or frames):
        return type(error).__name__
    frame = (ours or frames)[-1]
    path = frame.filename
    if marker in path:
        path = "seamguard/" + path.rsplit(marker, 1)[1]
    return f"{type(error).__name__} at {path}:{frame.lineno} in {frame.name}"


def _forget_project_modules() -> None:
    # Every example writes its own sgfuzz_* modules; the next one must import its own.
    for name in [n for n in sys.modules if n.startswith("sgfuzz_")]:
        del sys.modules[name]


def forged_commands(output: str) -> list[str]:
    """The lines of ``output`` that GitHub's runner reads as workflow commands (``::`` first
    after leading whitespace, or ``##[`` anywhere; it splits on CR and LF alike), but for
    seamguard's own annotations (``::error`` whose title starts ``seamguard:``)."""
    lines = output.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [
        line
        for line in lines
        if (line.lstrip().startswith("::") or "##[" in line)
        and not re.match(r"::error (file=[^:]*,line=\d+,)?title=seamguard%3A ", line)
    ]


def run_case(case: Case, folder: Path, *, time_limit_s: float = 60.0) -> Outcome:
    """Write ``case`` under ``folder``, run it through the CLI in-process there, classify it."""
    write_project(case, folder)
    before = Path.cwd()
    started = time.perf_counter()
    os.chdir(folder)
    try:
        with time_limit(time_limit_s):
            result = CliRunner().invoke(cli, case.argv(), catch_exceptions=True)
    except TimedOut as hung:
        detail = "".join(traceback.format_exception(hung))
        return Outcome(
            "crash", None, time.perf_counter() - started, f"hang: {_where(hung)}", detail
        )
    finally:
        os.chdir(before)
        _forget_project_modules()
    seconds = time.perf_counter() - started
    output = result.output
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        detail = "".join(traceback.format_exception(error))
        return Outcome("crash", result.exit_code, seconds, _where(error), detail, output)
    if "Traceback (most recent call last)" in output:
        return Outcome(
            "crash", result.exit_code, seconds, "traceback in the output", output, output
        )
    forged = forged_commands(output)
    if forged:
        what = f"a forged workflow command in the output: {forged[0][:60]!r}"
        return Outcome("crash", result.exit_code, seconds, what, output, output)
    if result.exit_code in (0, 1):
        return Outcome(KINDS[result.exit_code], result.exit_code, seconds, output=output)
    if result.exit_code == 2:
        lines = result.stderr.strip("\n").split("\n")
        if len(lines) == 1 and lines[0].startswith("seamguard: error: ") and "\r" not in lines[0]:
            return Outcome("usage error", 2, seconds, output=output)
        first = lines[0].replace(str(folder), "<project>")[:60]
        what = f"exit 2 without one 'seamguard: error:' line: {first!r}"
        return Outcome("crash", 2, seconds, what, result.stderr, output)
    what = f"exit code {result.exit_code}"
    return Outcome("crash", result.exit_code, seconds, what, output, output)


# -- reducing a crash ---------------------------------------------------------------------


def _json_smaller(contents: bytes) -> Iterator[bytes]:
    """The document with one member or item dropped, outermost first."""
    try:
        document = json.loads(contents)
    except (ValueError, RecursionError):
        return
    paths: list[list[Any]] = [[]]
    index = 0
    while index < len(paths) and len(paths) < 200:
        node = _at(document, paths[index])
        keys: Any = (
            node if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else ()
        )
        paths.extend([*paths[index], key] for key in keys)
        index += 1
    for path in paths[1:]:
        copy = json.loads(contents)
        del _at(copy, path[:-1])[path[-1]]
        with contextlib.suppress(ValueError, RecursionError):
            yield json.dumps(copy).encode()


def _at(document: Any, path: list[Any]) -> Any:
    for part in path:
        document = document[part]
    return document


def _smaller(case: Case) -> Iterator[Case]:
    """Cases with one thing less: a file, a folder, a link, an option, a line, a member."""
    files = dict(case.files)
    for path in sorted(files):
        yield replace(case, files=tuple((p, c) for p, c in case.files if p != path))
    for directory in case.dirs:
        yield replace(case, dirs=tuple(d for d in case.dirs if d != directory))
    for link in case.links:
        yield replace(case, links=tuple(x for x in case.links if x != link))
    args = list(case.args)
    for index, arg in enumerate(args):
        if arg.startswith("--") and arg not in ("--max-examples", "--seed", "--format"):
            yield replace(case, args=tuple(args[:index] + args[index + 2 :]))
    for path, contents in case.files:
        if path.endswith(".toml"):
            lines = contents.split(b"\n")
            for index in range(len(lines)):
                smaller = b"\n".join(lines[:index] + lines[index + 1 :])
                yield replace(case, files=tuple(sorted({**files, path: smaller}.items())))
        elif path.endswith(".json"):
            for smaller in _json_smaller(contents):
                yield replace(case, files=tuple(sorted({**files, path: smaller}.items())))


def reduce_crash(
    case: Case, signature: str, workdir: Path, *, time_limit_s: float, budget: float = 120.0
) -> tuple[Case, Outcome | None]:
    """A smaller case that still crashes with ``signature`` (greedy, for ``budget`` seconds),
    and its outcome (``None`` when nothing smaller crashed the same way)."""
    deadline = time.monotonic() + budget
    runs = 0
    last: Outcome | None = None
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for candidate in _smaller(case):
            if time.monotonic() > deadline:
                break
            runs += 1
            folder = workdir / f"reduce-{runs}"
            outcome = run_case(candidate, folder, time_limit_s=time_limit_s)
            shutil.rmtree(folder, ignore_errors=True)
            if outcome.kind == "crash" and outcome.signature == signature:
                case, last, improved = candidate, outcome, True
                break
    return case, last


# -- the benchmark ------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """Counts per command and outcome, and the first case of each distinct crash."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(COMMANDS, 0.0))
    crashes: dict[str, tuple[Case, Outcome, int]] = field(default_factory=dict)
    """Crash signature to (first case, its outcome, how many cases crashed so)."""

    def add(self, case: Case, outcome: Outcome) -> None:
        self.counts[(case.command, outcome.kind)] += 1
        self.seconds[case.command] += outcome.seconds
        if outcome.kind == "crash":
            first, seen, count = self.crashes.get(outcome.signature, (case, outcome, 0))
            self.crashes[outcome.signature] = (first, seen, count + 1)

    def table(self) -> str:
        """Counts per command and outcome, and the time spent in each command."""
        rows = [f"{'command':8s}" + "".join(f"{k:>13s}" for k in KINDS) + f"{'time':>10s}"]
        for command in COMMANDS:
            cells = "".join(f"{self.counts[(command, k)]:13d}" for k in KINDS)
            rows.append(f"{command:8s}{cells}{self.seconds[command]:9.0f}s")
        totals = "".join(f"{sum(self.counts[(c, k)] for c in COMMANDS):13d}" for k in KINDS)
        rows.append(f"{'all':8s}{totals}{sum(self.seconds.values()):9.0f}s")
        return "\n".join(rows)


def fuzz(
    examples: int,
    seed: int,
    workdir: Path,
    *,
    time_limit_s: float,
    commands: tuple[str, ...] = COMMANDS,
    on_case: Callable[[int, Case, Outcome], None] | None = None,
) -> Tally:
    """Run ``examples`` generated cases (seeded: the same seed, the same cases)."""
    tally = Tally()
    number = 0

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(cases(commands=commands))
    def one(case: Case) -> None:
        nonlocal number
        number += 1
        folder = workdir / f"case-{number}"
        outcome = run_case(case, folder, time_limit_s=time_limit_s)
        shutil.rmtree(folder, ignore_errors=True)
        tally.add(case, outcome)
        if on_case is not None:
            on_case(number, case, outcome)

    one()
    return tally


def _tail(text: str, frames: int = 8) -> str:
    """The last frames of a traceback and its exception line (messages can be long), or the
    end of an output."""
    lines = text.strip().splitlines()
    if not text.startswith("Traceback"):
        return "\n".join("    " + line[:300] for line in lines[-12:])
    files = [i for i, line in enumerate(lines) if line.startswith('  File "')]
    last = files[-1] if files else 0
    error = next((i for i in range(last + 1, len(lines)) if not lines[i].startswith(" ")), None)
    shown = [lines[i] for i in files[-frames:]]
    if error is not None:
        shown.append(lines[error][:300])
    return "\n".join("    " + line for line in shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz seamguard's lint, check and diff.")
    parser.add_argument("--examples", type=int, default=1000, help="cases to run (1000)")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed (0)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run (60)")
    parser.add_argument(
        "--reduce-budget", type=float, default=120.0, help="seconds to reduce each crash (120)"
    )
    parser.add_argument(
        "--command", action="append", choices=COMMANDS, help="only this command (repeatable)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per case")
    options = parser.parse_args(argv)

    def progress(number: int, case: Case, outcome: Outcome) -> None:
        if options.verbose or outcome.kind == "crash":
            note = f"  {outcome.signature}" if outcome.kind == "crash" else ""
            line = f"{number:5d} {case.command:5s} {outcome.kind:11s} {outcome.seconds:6.2f} s"
            print(line + note, flush=True)
            if options.verbose and outcome.kind != "crash":
                shown = [line for line in outcome.output.splitlines() if "FAIL" in line]
                for line in shown[:3] or outcome.output.strip().splitlines()[-1:]:
                    print("      " + line.strip()[:160], flush=True)
        elif number % 100 == 0:
            print(f"{number:5d} cases", flush=True)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sgfuzz-") as temp:
        workdir = Path(temp)
        tally = fuzz(
            options.examples,
            options.seed,
            workdir,
            time_limit_s=options.time_limit,
            commands=tuple(options.command or COMMANDS),
            on_case=progress,
        )
        elapsed = time.perf_counter() - started
        total = sum(tally.counts.values())
        print(f"\nseamguard self-fuzz: {total} examples, seed {options.seed}, {elapsed:.0f} s")
        print(tally.table())
        for signature, (case, outcome, count) in tally.crashes.items():
            print(f"\nCRASH in {count} case(s): {signature}")
            small, again = reduce_crash(
                case,
                signature,
                workdir,
                time_limit_s=options.time_limit,
                budget=options.reduce_budget,
            )
            print(small.describe())
            print(_tail((again or outcome).detail))
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
