"""The report formats of ``seamguard check``: JUnit XML, Markdown, GitHub Actions, terminal.

Each is a consumer of one finished run. Unit tests build runs by hand (results and failures
as the engine makes them, over a real contracts tree); the last tests run ``seamguard check``
on bookapp with a planted bug and follow one failure id through every format.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from seamguard.checks import CheckResult
from seamguard.contracts import load_contracts
from seamguard.engine import Run
from seamguard.errors import Failure, SeamguardError
from seamguard.report import (
    GitHubReporter,
    JsonReporter,
    JUnitReporter,
    MarkdownReporter,
    TerminalReporter,
    render_markdown,
    reporters_for,
    write_junit,
    write_markdown,
)
from seamguard.report._lines import pointer_line
from seamguard.report.github import error_commands, escape_data, escape_property
from tests.unit.helpers import make_tree

INPUT = "contracts/things.create/1.0/input.schema.json"
HOSTILE = "nul\x00 esc\x1b[31m c1\x9b lone\ud800 pipe| cr\r lf\n colons:: comma, pct% <&>\"'"


def failure(check: str = "logic-output-conforms", **fields: Any) -> Failure:
    values: dict[str, Any] = {
        "seam": "things.create",
        "version": "1.0",
        "message": "'x' is not an 'integer'",
        "file": INPUT,
        "pointer": "/properties/name",
        "example": {"name": "x"},
        "seed": 7,
        "reproduce": "import seamguard\nseamguard.call_seam('things.create', {'name': 'x'})",
        **fields,
    }
    return Failure(check=check, **values)


def make_run(root: Path, results: list[CheckResult], *, seed: int | None = 7) -> Run:
    registry = load_contracts(make_tree(root / "contracts"))
    return Run(registry=registry, results=tuple(results), bound={}, seed=seed)


def mixed_results() -> list[CheckResult]:
    """One of each status; the failed one has two failures."""
    second = failure(message="'y' is too long", example={"name": "y" * 30})
    return [
        CheckResult("things.create", "1.0", "contract-valid", "passed"),
        CheckResult(
            "things.create",
            "1.0",
            "logic-output-conforms",
            "failed",
            examples=25,
            failures=(failure(), second),
        ),
        CheckResult("things.get", "1.0", "logic-accepts-input", "error", reason="import failed"),
        CheckResult("things.get", "1.0", "api-accepted-crossed", "skipped", reason="no app"),
    ]


def hostile_run(root: Path) -> Run:
    bad = failure(
        message=HOSTILE,
        example={"s": HOSTILE, HOSTILE: [1, "```"]},
        reproduce=f"print({HOSTILE!r})\n```\nstill inside",
    )
    return make_run(
        root,
        [
            CheckResult("a|b\nc", "1.0", "logic-output-conforms", "failed", failures=(bad,)),
            CheckResult("a|b\nc", "1.0", "api-rejects-invalid", "error", reason=HOSTILE),
            CheckResult("a|b\nc", "1.0", "api-accepted-crossed", "skipped", reason=HOSTILE),
        ],
    )


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of ``path`` that holds ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


# JUnit XML


def test_junit_has_one_testcase_per_result_with_its_status_element(tmp_path: Path) -> None:
    run = make_run(tmp_path, mixed_results())
    first, second = run.results[1].failures

    write_junit(run, tmp_path / "out" / "deep" / "junit.xml")

    root = ET.parse(tmp_path / "out" / "deep" / "junit.xml").getroot()
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.tag == "testsuite"
    assert suite.get("name") == "seamguard"
    for element in (root, suite):
        assert [element.get(k) for k in ("tests", "failures", "errors", "skipped")] == [
            "4",
            "1",
            "1",
            "1",
        ]
    seed = suite.find("properties/property[@name='seed']")
    assert seed is not None
    assert seed.get("value") == "7"
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        (r.label, r.check) for r in run.results
    ]
    assert [[child.tag for child in case] for case in cases] == [
        [],
        ["failure"],
        ["error"],
        ["skipped"],
    ]
    fail = cases[1].find("failure")
    assert fail is not None
    assert fail.get("message") == f"[{first.id}] {first.message} (and 1 more)"
    assert fail.get("type") == "logic-output-conforms"
    text = fail.text or ""
    for f in (first, second):
        assert f"[{f.id}]" in text
        assert f"at {INPUT}#/properties/name" in text
        assert json.dumps(f.example, indent=2) in text
    assert "seed: 7" in text
    assert "    seamguard.call_seam('things.create', {'name': 'x'})" in text
    error = cases[2].find("error")
    assert error is not None
    assert error.get("message") == "import failed"
    skipped = cases[3].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "no app"


def test_junit_of_a_clean_run_counts_no_failure(tmp_path: Path) -> None:
    run = make_run(tmp_path, [CheckResult("things.create", "1.0", "contract-valid", "passed")])

    reporter = JUnitReporter(tmp_path / "junit.xml")
    reporter.start("title")
    reporter.finish(run)

    root = ET.parse(tmp_path / "junit.xml").getroot()
    assert root.get("failures") == "0"
    assert root.get("errors") == "0"
    assert float(root.get("time") or "-1") >= 0
    assert len(root.findall("testsuite/testcase")) == 1


def test_junit_keeps_hostile_text_parseable_and_visible(tmp_path: Path) -> None:
    # A logic may return a NUL or a lone surrogate: XML 1.0 cannot hold the one, UTF-8 the
    # other. Each is written as an escape, and the rest of the text comes back as it was.
    write_junit(hostile_run(tmp_path), tmp_path / "junit.xml")

    root = ET.parse(tmp_path / "junit.xml").getroot()
    fail, error, skipped = (case[0] for case in root.iter("testcase"))
    message = fail.get("message") or ""
    assert "nul\\x00 esc\\x1b[31m c1\\x9b lone\\ud800 pipe|" in message
    assert " lf\n colons:: comma, pct% <&>\"'" in message
    assert "\\ud800" in (fail.text or "")
    assert "still inside" in (fail.text or "")
    assert (error.get("message") or "").startswith("nul\\x00")
    assert (skipped.get("message") or "").startswith("nul\\x00")
    assert {case.get("classname") for case in root.iter("testcase")} == {"a|b\nc@1.0"}


def test_junit_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    run = make_run(tmp_path, mixed_results())

    with pytest.raises(SeamguardError, match=r"^cannot write the JUnit report to .*file/j\.xml"):
        JUnitReporter(tmp_path / "file" / "j.xml").finish(run)


def test_a_report_that_cannot_be_written_costs_only_itself(tmp_path: Path) -> None:
    # The JSON path's folder is a file: the JUnit and Markdown files are still written,
    # then the one error is raised (one usage line at the CLI).
    (tmp_path / "file").write_text("")
    run = make_run(tmp_path, mixed_results())
    reporters = reporters_for(
        report_json=tmp_path / "file" / "r.json",
        junit=tmp_path / "out" / "j.xml",
        markdown=tmp_path / "out" / "m.md",
        environ={},
        console=Console(file=io.StringIO()),
    )

    with pytest.raises(SeamguardError, match=r"^cannot write the JSON report to .*file/r\.json"):
        reporters.finish(run)
    assert ET.parse(tmp_path / "out" / "j.xml").getroot().tag == "testsuites"
    assert (tmp_path / "out" / "m.md").read_text(encoding="utf-8").startswith("#")


# Markdown


def test_markdown_has_the_verdict_a_grid_and_each_failure(tmp_path: Path) -> None:
    run = make_run(tmp_path, mixed_results())
    first, second = run.results[1].failures

    text = render_markdown(run)

    lines = text.splitlines()
    assert lines[0] == "### seamguard: ❌ 1 failed, 1 error"
    assert "**1 passed, 1 failed, 1 error, 1 skipped** · seed 7" in lines
    header = (
        "| seam | contract\\-valid | logic\\-output\\-conforms | logic\\-accepts\\-input"
        " | api\\-accepted\\-crossed |"
    )
    assert header.replace("\\-", "-") in lines
    # a seam label is foreign text: a code span, where GitHub links and mentions nothing
    assert "| `things.create@1.0` | ✅ pass | ❌ **fail** |  |  |" in lines
    assert "| `things.get@1.0` |  |  | ⚠️ error | ⏭️ skip |" in lines
    for f in (first, second):
        assert f"##### `{f.id}` logic-output-conforms · `things.create@1.0`" in lines
        assert f"```json\n{json.dumps(f.example, indent=2)}\n```" in text
    assert f"- file: `{INPUT}#/properties/name`" in lines
    assert "- seed: 7" in lines
    assert "```\nimport seamguard\nseamguard.call_seam('things.create', {'name': 'x'})\n```" in text
    assert "- `logic-accepts-input` on `things.get@1.0`: `import failed`" in lines


def test_markdown_is_short_when_every_check_holds(tmp_path: Path) -> None:
    results = [
        CheckResult(seam, "1.0", check, "passed")
        for seam in ("things.create", "things.get")
        for check in ("contract-valid", "logic-accepts-input", "api-response-conforms")
    ]
    write_markdown(make_run(tmp_path, results), tmp_path / "md" / "summary.md")

    text = (tmp_path / "md" / "summary.md").read_text(encoding="utf-8")
    assert text.startswith("### seamguard: ✅ every check holds\n\n**6 passed** · seed 7\n")
    assert "<details><summary>6 results on 2 seam versions</summary>" in text
    assert "Failures" not in text
    assert len(text.splitlines()) < 15


def test_markdown_keeps_hostile_text_inside_its_cell_and_its_block(tmp_path: Path) -> None:
    text = render_markdown(hostile_run(tmp_path))

    text.encode("utf-8")  # no lone surrogate left: the file can be written
    assert "\x00" not in text
    assert "\x1b" not in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    # a `|` or a line break in a name neither adds a cell nor ends the row
    assert len(table) == 3  # the header, the rule, one seam version
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in table)
    assert table[2].startswith("| `a\\|b\\nc@1.0` | ❌ **fail** |")
    # the example and the reproduction stay in their blocks: the reproduction holds ```
    # so its fence is longer, and the JSON block is valid JSON with escapes
    ((fence, example),) = re.findall(r"^(`{3,})json\n(.*?)\n\1$", text, flags=re.S | re.M)
    assert fence == "````"  # the example holds ``` itself
    assert json.loads(example)["s"] == HOSTILE
    assert "\\ud800" in example
    assert re.search(r"^````\n.*\n```\nstill inside\n````$", text, flags=re.M | re.S)
    # a reason is a code span that keeps the words, its line breaks shown as escapes
    assert "pipe| cr\\r lf\\n colons:: comma, pct% <&>" in text


def test_markdown_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    run = make_run(tmp_path, mixed_results())

    with pytest.raises(SeamguardError, match=r"^cannot write the Markdown report to "):
        MarkdownReporter(tmp_path / "file" / "m.md").finish(run)


# GitHub Actions


def unescape(value: str) -> str:
    """What GitHub's runner makes of an escaped workflow command value."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def parse_command(line: str) -> tuple[dict[str, str], str]:
    """The properties and the message of one ``::error`` command, as the runner reads it."""
    assert line.startswith("::error ")
    head, _, message = line[len("::error ") :].partition("::")
    properties = dict(part.split("=", 1) for part in head.split(","))
    return {k: unescape(v) for k, v in properties.items()}, unescape(message)


def test_workflow_command_values_are_escaped_as_github_reads_them() -> None:
    assert escape_data("50% done\r\nnext:: a,b") == "50%25 done%0D%0Anext:: a,b"
    assert escape_property("a: b, c%\n") == "a%3A b%2C c%25%0A"
    assert escape_data("nul\x00 lone\ud800") == "nul\\x00 lone\\ud800"


def test_an_annotation_points_at_the_line_of_the_failure_pointer(tmp_path: Path) -> None:
    run = make_run(tmp_path, mixed_results())
    first, second = run.results[1].failures
    schema = tmp_path / INPUT

    commands = error_commands(run, {"GITHUB_WORKSPACE": str(tmp_path.parent)})

    assert len(commands) == 3  # two failures, one check that could not run
    properties, message = parse_command(commands[0])
    assert properties == {
        "file": f"{tmp_path.name}/{INPUT}",
        "line": str(line_of(schema, '"name": {')),
        "title": f"seamguard: logic-output-conforms things.create@1.0 [{first.id}]",
    }
    assert message.splitlines() == [
        first.message,
        f"at {INPUT}#/properties/name",
        'example: {"name": "x"}',
        f"seed: 7, id: {first.id}",
    ]
    assert f"[{second.id}]" in parse_command(commands[1])[0]["title"]
    properties, message = parse_command(commands[2])
    assert properties == {"title": "seamguard: logic-accepts-input things.get@1.0 (could not run)"}
    assert message == "import failed"


def test_an_annotation_without_a_workspace_names_the_file_as_the_failure_does(
    tmp_path: Path,
) -> None:
    unresolved = failure(pointer="/properties/missing")
    run = make_run(
        tmp_path,
        [CheckResult("things.create", "1.0", "api-within-logic", "failed", failures=(unresolved,))],
    )

    (command,) = error_commands(run, {})

    # the pointer resolves nowhere in the file: the annotation goes on its first line
    assert parse_command(command)[0]["file"] == INPUT
    assert parse_command(command)[0]["line"] == "1"


def test_an_annotation_for_a_file_not_on_disk_names_no_file(tmp_path: Path) -> None:
    served = failure(check="api-response-conforms", file="/openapi.json", pointer="")
    run = make_run(
        tmp_path,
        [
            CheckResult(
                "things.create", "1.0", "api-response-conforms", "failed", failures=(served,)
            )
        ],
    )

    (command,) = error_commands(run, {"GITHUB_WORKSPACE": str(tmp_path)})

    properties, message = parse_command(command)
    assert set(properties) == {"title"}
    assert "at /openapi.json" in message


def test_an_annotation_of_hostile_text_is_one_command_that_reads_back(tmp_path: Path) -> None:
    run = hostile_run(tmp_path)
    stream = io.StringIO()

    GitHubReporter({"GITHUB_ACTIONS": "true"}, stream=stream).finish(run)

    lines = stream.getvalue().splitlines()
    assert len(lines) == 2  # one failure, one error: each a single line
    properties, message = parse_command(lines[0])
    assert properties["title"].startswith("seamguard: logic-output-conforms a|b\nc@1.0 [")
    assert message.startswith(
        "nul\\x00 esc\\x1b[31m c1\\x9b lone\\ud800 pipe| cr\r lf\n colons:: comma, pct% <&>"
    )
    properties, message = parse_command(lines[1])
    assert message.startswith("nul\\x00")


def test_the_step_summary_is_appended_to(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# an earlier step\n", encoding="utf-8")
    run = make_run(tmp_path, mixed_results())
    reporter = GitHubReporter({"GITHUB_STEP_SUMMARY": str(summary)}, stream=io.StringIO())

    reporter.finish(run)
    reporter.finish(run)

    text = summary.read_text(encoding="utf-8")
    assert text == "# an earlier step\n\n" + render_markdown(run) + "\n" + render_markdown(run)


def test_a_step_summary_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    run = make_run(tmp_path, mixed_results())
    environ = {"GITHUB_STEP_SUMMARY": str(tmp_path / "missing" / "summary.md")}
    stream = io.StringIO()

    with pytest.raises(SeamguardError, match=r"^cannot append the step summary to "):
        GitHubReporter(environ, stream=stream).finish(run)
    assert stream.getvalue().startswith("::error ")  # the annotations went out first


@pytest.mark.parametrize(
    ("environ", "github"),
    [
        (None, False),
        ({}, False),
        ({"GITHUB_ACTIONS": "false", "CI": "true"}, False),
        ({"GITHUB_STEP_SUMMARY": ""}, False),
        ({"GITHUB_ACTIONS": "true"}, True),
        ({"GITHUB_STEP_SUMMARY": "/tmp/summary.md"}, True),
    ],
)
def test_reporters_for_adds_github_only_on_github(
    tmp_path: Path, environ: dict[str, str] | None, github: bool
) -> None:
    reporters = reporters_for(
        report_json=tmp_path / "r.json",
        junit=tmp_path / "j.xml",
        markdown=tmp_path / "m.md",
        environ=environ,
    )

    kinds = [type(r) for r in reporters.reporters]
    expected = [TerminalReporter, JsonReporter, JUnitReporter, MarkdownReporter]
    assert kinds == ([*expected, GitHubReporter] if github else expected)


def test_without_github_variables_a_failing_run_prints_no_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reporters = reporters_for(environ={"PATH": "/usr/bin"}, console=Console(file=io.StringIO()))

    reporters.finish(make_run(tmp_path, mixed_results()))

    assert "::error" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("pointer", "needle"),
    [
        ("", "{"),
        ("/properties", '"properties"'),
        ("/properties/a~1b", '"a/b"'),
        ("/properties/a~1b/type", '"a/b"'),
        ("/properties/é", '"\\u00e9"'),
        ("/properties/t~0x", '"t~x"'),
        ("/properties/t~0x/0", "10,"),
        ("/properties/t~0x/1/k", '{"k": 2}'),
        ("/dup", '"dup": 2'),
    ],
)
def test_pointer_line_finds_the_line_of_a_member_or_item(
    tmp_path: Path, pointer: str, needle: str
) -> None:
    source = tmp_path / "doc.json"
    source.write_text(
        '{\n  "properties": {\n    "a/b": {"type": "string"},\n    "\\u00e9": 1,\n'
        '    "t~x": [\n    10,\n      {"k": 2}\n    ]\n  },\n  "dup": 1,\n  "dup": 2\n}\n',
        encoding="utf-8",
    )

    assert pointer_line(source.read_text(encoding="utf-8"), pointer) == line_of(source, needle)


@pytest.mark.parametrize(
    ("source", "pointer"),
    [
        ('{"a": [1, 2]}', "/a/2"),  # past the end
        ('{"a": [1, 2]}', "/a/01"),  # not an index
        ('{"a": [1, 2]}', "/a/-"),  # the item after the last
        ('{"a": 1}', "/a/b"),  # into a number
        ('{"a": 1}', "/b"),
        ('{"a": 1}', "a"),  # not a pointer
        ('{"a": ', "/a"),  # not JSON
        ("{'a': 1}", "/a"),
        ("", ""),
    ],
)
def test_pointer_line_is_none_where_the_pointer_does_not_resolve(source: str, pointer: str) -> None:
    assert pointer_line(source, pointer) is None


# Terminal


def test_the_terminal_shows_a_grid_and_each_failure_id(tmp_path: Path) -> None:
    out = io.StringIO()
    reporter = TerminalReporter(Console(file=out, highlight=False, soft_wrap=True, width=60))
    run = make_run(tmp_path, mixed_results())

    for result in run.results:
        reporter.result(result)
    reporter.finish(run)

    text = out.getvalue()
    first, second = run.results[1].failures
    assert f"  FAIL   {'things.create@1.0':<28} logic-output-conforms\n" in text
    assert f"           id: {first.id}\n" in text
    assert f"           id: {second.id}\n" in text
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if "@1.0 " in line}
    # a log is not folded to the console's width: one whole line per seam version
    assert rows["things.create@1.0"][:2] == ["PASS", "FAIL"]
    assert rows["things.get@1.0"][-4:] == ["·", "·", "ERR", "SKIP"]
    assert text.rstrip().endswith("1 passed, 1 failed, 1 error, 1 skipped")


# End to end: seamguard check on bookapp with a planted bug

BOOKAPP = Path(__file__).resolve().parents[2] / "examples" / "bookapp"


def check_bookapp(tmp_path: Path, bug: str | None) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``seamguard check`` on one bookapp seam in a process of its own (the cases a seed
    draws depend on what the process imported before), as a GitHub job runs it."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.md").write_text("# earlier step\n", encoding="utf-8")
    # A copy laid out as in the repository: the run writes .seamguard/ into its project.
    workspace = tmp_path / "workspace"
    project = workspace / "examples" / "bookapp"
    shutil.copytree(BOOKAPP, project, ignore=shutil.ignore_patterns(".seamguard", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "BOOKAPP_"))}
    env |= {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(out / "summary.md"),
        "GITHUB_WORKSPACE": str(workspace),
    }
    if bug is not None:
        env["BOOKAPP_BUG"] = bug
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "seamguard",
            "check",
            "--seam",
            "books.create",
            "--max-examples",
            "10",
            "--seed",
            "7",
            "--example-db",
            "none",
            "--report-json",
            str(out / "r.json"),
            "--junit",
            str(out / "j.xml"),
            "--markdown",
            str(out / "m.md"),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done, out


def test_one_failure_id_runs_through_every_report(tmp_path: Path) -> None:
    # Given bookapp whose Library.add_book returns the ISBN with hyphens
    # When seamguard checks books.create as a GitHub job with every report
    done, out = check_bookapp(tmp_path, "logic-output-conforms")

    # Then it fails, and every report names the same failure by the same id
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    (result,) = [r for r in report["results"] if r["check"] == "logic-output-conforms"]
    (entry,) = result["failures"]
    failure_id = entry["id"]
    assert len(failure_id) == 12
    assert f"           id: {failure_id}" in done.stdout

    cases = ET.parse(out / "j.xml").getroot().findall("testsuite/testcase")
    assert len(cases) == len(report["results"])
    (case,) = [c for c in cases if c.get("name") == "logic-output-conforms"]
    assert case.get("classname") == "books.create@1.0"
    element = case.find("failure")
    assert element is not None
    assert (element.get("message") or "").startswith(f"[{failure_id}] ")

    assert f"##### `{failure_id}` logic-output-conforms · `books.create@1.0`" in (
        out / "m.md"
    ).read_text(encoding="utf-8")
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# earlier step\n\n### seamguard: ❌")
    assert f"`{failure_id}`" in summary

    commands = [parse_command(line) for line in done.stdout.splitlines() if line.startswith("::")]
    (properties, message) = next(c for c in commands if failure_id in c[0]["title"])
    assert (
        properties["title"] == f"seamguard: logic-output-conforms books.create@1.0 [{failure_id}]"
    )
    assert properties["file"] == "examples/bookapp/contracts/books.create/1.0/output.schema.json"
    assert properties["line"] == "1"  # the failure has no pointer: the file's first line
    assert message.endswith(f"id: {failure_id}")
    # every failure of the run is annotated, each with its own id
    ids = {f["id"] for r in report["results"] for f in r["failures"]}
    titled = {m.group(1) for p, _ in commands if (m := re.search(r"\[(\w{12})\]$", p["title"]))}
    assert titled == ids


def test_a_clean_run_writes_a_junit_file_without_failures(tmp_path: Path) -> None:
    done, out = check_bookapp(tmp_path, None)

    assert done.returncode == 0, done.stdout + done.stderr
    root = ET.parse(out / "j.xml").getroot()
    assert (root.get("failures"), root.get("errors")) == ("0", "0")
    assert int(root.get("tests") or 0) >= 9
    assert "::error" not in done.stdout
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "### seamguard: ✅ every check holds" in summary
