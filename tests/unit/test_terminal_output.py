"""The terminal report of ``seamguard check`` is readable at any width (issue 15, point 5):
no name cut, headers on the operations table, each result shown once, multi-line messages
kept in their block, the title counting the seams the run checks, and the app's own output
(its logs and tracebacks on standard error) kept off the report: counted, shown with -v."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from seamguard._progress import tick
from seamguard.checks import CheckResult
from seamguard.cli import cli
from seamguard.cli._capture import captured_stderr
from seamguard.engine import Run
from seamguard.report import TerminalReporter
from seamguard.report._live import LiveLine
from tests.unit.test_reports import failure, make_run

CHECKS = (
    "contract-valid",
    "contract-compat",
    "api-within-logic",
    "model-matches-contract",
    "logic-accepts-input",
    "logic-output-conforms",
    "api-hands-valid-input",
    "api-accepted-crossed",
    "api-rejects-invalid",
    "api-response-conforms",
)
SEAMS = ("tasks.complete", "tasks.create", "tasks.delete", "tasks.get", "tasks.list")
NOTES = Path(__file__).parent / "services" / "notes" / "seamguard.toml"


def console(width: int, *, tty: bool = True) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    made = Console(
        file=out,
        width=width,
        force_terminal=tty,
        color_system=None,
        highlight=False,
        soft_wrap=True,
    )
    return made, out


def wide_run(tmp_path: Path, *, fail: bool = False) -> Run:
    """Every check on five seams, as taskapp's run: too wide a grid for 80 columns."""
    results = [
        CheckResult(seam, "1.0", check, "failed" if fail and check == CHECKS[-1] else "passed")
        for seam in SEAMS
        for check in CHECKS
    ]
    if fail:
        results[-1] = CheckResult(
            SEAMS[-1], "1.0", CHECKS[-1], "failed", failures=(failure(CHECKS[-1]),)
        )
    return make_run(tmp_path, results)


def shown(reporter: TerminalReporter, run: Run) -> None:
    for result in run.results:
        reporter.result(result)
    reporter.finish(run)


@pytest.mark.parametrize("width", [80, 200])
def test_no_seam_name_nor_check_id_is_cut_at_any_width(tmp_path: Path, width: int) -> None:
    made, out = console(width)
    TerminalReporter(made, lines=False).finish(wide_run(tmp_path))  # the grid, not the result lines

    text = out.getvalue()
    assert "…" not in text
    words = set(re.split(r"[\s,]+", text))
    assert {f"{seam}@1.0" for seam in SEAMS} <= words
    assert set(CHECKS) <= words
    assert all(len(line) <= width for line in text.splitlines()), text


def test_a_narrow_terminal_gets_a_block_per_seam(tmp_path: Path) -> None:
    made, out = console(80)
    shown(TerminalReporter(made, lines=False), wide_run(tmp_path, fail=True))

    text = out.getvalue()
    block = text[text.index("tasks.list@1.0\n") :]
    assert re.search(r"^  FAIL   api-response-conforms$", block, re.MULTILINE), text
    assert re.search(r"^  PASS   contract-valid, contract-compat,", block, re.MULTILINE)


def test_the_operations_table_has_column_headers(tmp_path: Path) -> None:
    run = make_run(tmp_path, [CheckResult("things.create", "1.0", "contract-valid", "passed")])
    label = "POST /api/v1/books/{book_id}/loans"
    run = Run(
        registry=run.registry,
        results=run.results,
        bound={},
        seed=7,
        operations={label: (20, 9)},
        modes={label: {"positive": (10, 9), "negative": (10, 0)}},
    )
    made, out = console(80)
    TerminalReporter(made, lines=False).finish(run)

    lines = out.getvalue().splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("operation"))
    assert lines[header].split() == ["operation", "all", "positive", "negative"]
    assert lines[header + 2].split() == [*label.split(), "9/20", "9/10", "0/10"]


def test_a_passing_run_shows_each_result_once_and_its_notes(tmp_path: Path) -> None:
    skipped = "the logic takes and returns no pydantic model"
    run = make_run(
        tmp_path,
        [
            CheckResult("things.create", "1.0", "contract-valid", "passed"),
            CheckResult(
                "things.create", "1.0", "model-matches-contract", "skipped", reason=skipped
            ),
            CheckResult("things.get", "1.0", "model-matches-contract", "skipped", reason=skipped),
        ],
    )
    made, out = console(80)
    shown(TerminalReporter(made, lines=False), run)

    text = out.getvalue()
    assert not re.search(r"^ +PASS +things", text, re.MULTILINE)  # no line per result
    assert re.search(r"^things\.create@1\.0 +PASS +SKIP *$", text, re.MULTILINE), text
    assert text.count(skipped) == 1  # one note for both seams
    assert (
        f"skipped: model-matches-contract on things.create@1.0, things.get@1.0: {skipped}\n" in text
    )
    assert text.rstrip().endswith("1 passed, 2 skipped")


def test_verbose_and_an_interrupted_run_show_each_result_line(tmp_path: Path) -> None:
    run = make_run(tmp_path, [CheckResult("things.create", "1.0", "contract-valid", "passed")])
    for verbose in (True, False):
        made, out = console(80)
        reporter = TerminalReporter(made, lines=verbose)
        reporter.result(run.results[0])
        if not verbose:
            reporter.interrupted()  # Ctrl-C: what the run had found is printed
        assert f"  PASS   {'things.create@1.0':<28} contract-valid\n" in out.getvalue()


def test_a_message_of_several_lines_keeps_its_indent(tmp_path: Path) -> None:
    message = "Undocumented status code: Received: 500\nDocumented: 200, 404\n::error::x"
    bad = failure("api-response-conforms", message=message)
    run = make_run(
        tmp_path,
        [CheckResult("things.create", "1.0", "api-response-conforms", "failed", failures=(bad,))],
    )
    made, out = console(80)
    shown(TerminalReporter(made, lines=False), run)

    text = out.getvalue()
    indent = " " * 11
    expected = f"{indent}Undocumented status code: Received: 500\n{indent}Documented: 200, 404\n"
    assert expected in text
    assert f"{indent}\\x3a:error::x\n" in text  # each line is still escaped


def test_the_title_counts_the_seams_the_run_checks(tmp_path: Path) -> None:
    args = ["check", "--config", str(NOTES), "--max-examples", "3", "--seed", "1"]
    args += ["--report-json", str(tmp_path / "r.json")]
    one = CliRunner().invoke(cli, [*args, "--seam", "notes.get"])
    every = CliRunner().invoke(cli, args)

    assert one.exit_code == 0, one.output
    assert one.stdout.splitlines()[0] == "seamguard check: 1 of 3 bound seams"
    assert every.stdout.splitlines()[0] == "seamguard check: 3 bound seams"


def test_the_app_output_is_counted_and_shown_with_verbose(tmp_path: Path) -> None:
    lines = ["ERROR:app:boom", "Traceback (most recent call last):", '  File "x.py"', "E: x"]
    run = make_run(tmp_path, [CheckResult("things.create", "1.0", "contract-valid", "passed")])
    quiet, quiet_out = console(80)
    loud, loud_out = console(80)
    for made, verbose in ((quiet, False), (loud, True)):
        reporter = TerminalReporter(made, lines=False, verbose=verbose)
        reporter.app_output(lines)
        shown(reporter, run)

    assert "the app logged 4 lines, 1 tracebacks; run with -v to see them" in quiet_out.getvalue()
    assert "boom" not in quiet_out.getvalue()
    assert "  ERROR:app:boom\n  Traceback (most recent call last):\n" in loud_out.getvalue()


def test_stderr_is_captured_from_this_process_and_forked_workers(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with captured_stderr() as captured:
        print("printed on sys.stderr", file=sys.stderr)
        os.write(2, b"written on fd 2\n")
        child = os.fork()
        if child == 0:  # a worker, as --workers forks them
            os.write(2, b"from a worker\n")
            os._exit(0)
        os.waitpid(child, 0)

    assert captured.lines == ["printed on sys.stderr", "written on fd 2", "from a worker"]
    assert capfd.readouterr().err == ""


def test_a_run_ended_by_an_exception_gives_its_stderr_back(
    capfd: pytest.CaptureFixture[str],
) -> None:
    def interrupted_run() -> None:
        with captured_stderr():
            os.write(2, b"Exception ignored in: <function __del__>\n")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted_run()

    assert capfd.readouterr().err == "Exception ignored in: <function __del__>\n"


def test_the_live_line_shows_after_five_seconds_the_step_and_its_counts() -> None:
    made, _ = console(80)
    now = [100.0]
    line = LiveLine(made, clock=lambda: now[0])
    tick("examples")  # done before the step: not counted in it
    line.step("logic side: tasks.create (100 examples, seed 1)")
    for _ in range(3):
        tick("examples")
    now[0] += 4.9
    assert line.text() == ""  # a short run shows nothing extra

    now[0] += 7
    line.failures = 2
    assert line.text() == (
        "  … 12 s · logic side: tasks.create (100 examples, seed 1) · 3 examples · 2 failed so far"
    )
    line.step("API side: starting app:app")
    tick("requests")
    assert line.text().endswith("· API side: starting app:app · 1 requests · 2 failed so far")


def test_a_terminal_gets_the_live_line_and_a_log_its_progress_lines(tmp_path: Path) -> None:
    run = make_run(tmp_path, [CheckResult("things.create", "1.0", "contract-valid", "passed")])
    for tty in (True, False):
        made, out = console(80, tty=tty)
        reporter = TerminalReporter(made, lines=False, live=True)
        reporter.start("seamguard check: 1 bound seams")
        reporter.progress("logic side: things.create")
        reporter.finish(run)

        assert ("  … logic side: things.create\n" in out.getvalue()) is not tty, out.getvalue()


NOISY = """

import logging as _logging

_quiet_app = app


async def app(scope, receive, send):  # every request logs a traceback, as a careless app does
    if scope["type"] == "http":
        try:
            raise ValueError("boom")
        except ValueError:
            _logging.getLogger("noisy").exception("request to %s", scope["path"])
    await _quiet_app(scope, receive, send)
"""


def test_the_app_log_of_a_real_run_is_kept_off_the_report(tmp_path: Path) -> None:
    # Given the notes service, made to log a traceback on every request
    project = tmp_path / "notes"
    shutil.copytree(NOTES.parent, project, ignore=shutil.ignore_patterns(".seamguard", "__py*"))
    with (project / "notes_fixture" / "api.py").open("a", encoding="utf-8") as api:
        api.write(NOISY)
    args = ["check", "--seam", "notes.create", "--max-examples", "5", "--seed", "1"]

    def run(*more: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "seamguard", *args, "--example-db", "none", *more]
        return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)

    # When seamguard checks it, then with -v and two workers
    quiet = run()
    kept = (project / ".seamguard" / "app-output.txt").read_text(encoding="utf-8")
    loud = run("-v", "--workers", "2")

    # Then the tracebacks are neither between the results nor on stderr: a count, a file,
    # and with -v (workers' too) the lines themselves, after the results
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "boom" not in quiet.stdout + quiet.stderr
    tracebacks = kept.count("Traceback (most recent call last):")
    assert tracebacks >= 5
    count = f"the app logged {len(kept.splitlines())} lines, {tracebacks} tracebacks"
    assert f"{count} (all in .seamguard/app-output.txt); run with -v to see them" in quiet.stdout
    assert loud.returncode == 0, loud.stdout + loud.stderr
    assert "boom" not in loud.stderr
    shown = loud.stdout[loud.stdout.index("the app's own output") :]
    assert "  ValueError: boom\n" in shown
    assert "request to /notes" in shown


def test_a_long_example_is_shown_as_its_start_and_its_length(tmp_path: Path) -> None:
    # A shrunk example can still hold a 20,000-character string (a title past maxLength):
    # the terminal shows its start and how long it is, the JSON report the whole of it.
    long = failure("logic-output-conforms", example={"title": "a" * 20_001})
    run = make_run(
        tmp_path,
        [CheckResult("things.create", "1.0", "logic-output-conforms", "failed", failures=(long,))],
    )
    made, out = console(200)
    shown(TerminalReporter(made, lines=False), run)
    (line,) = [x for x in out.getvalue().splitlines() if "example: " in x]
    assert len(line) < 520, len(line)
    assert line.strip().startswith('example: {"title": "aaaa')
    assert line.endswith("(20,014 characters: the JSON report holds it whole)")
