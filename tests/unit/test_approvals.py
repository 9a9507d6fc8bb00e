"""Approved breaks are one rule: ``diff`` (text, Markdown, JSON), ``lint``, ``lint --base`` and
``check`` all list a break ``seamguard-ignore.toml`` approves as approved, with its reason, and
count it nowhere (exit 0); a break no approval names still fails every one of them; an approval
that approves nothing is a note, never a failure."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt

from seamguard.cli import cli
from seamguard.diff import Approval, Approvals
from tests.unit.helpers import commit_all, needs_git, write_contract, write_json
from tests.unit.test_diff import repo  # noqa: F401 (a fixture)

REASON = "no caller sends names over 8 characters"
APPROVE_GET = f'[[approve]]\nseam = "things.get"\nversion = "1.1"\nreason = "{REASON}"\n'
NOTES = Path(__file__).parent / "services" / "notes"
SCHEMA = Path(__file__).parents[2] / "src" / "seamguard" / "report" / "report.schema.json"


def valid_report(report: dict[str, Any]) -> bool:
    """Whether ``report`` is what report.schema.json (which replay reads by) describes."""
    return Draft202012Validator(json.loads(SCHEMA.read_text())).is_valid(report)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def narrowed(maximum: int) -> dict[str, Any]:
    """things.get's input with a name of at most ``maximum`` characters (1.0 allows 20)."""
    return {
        "type": "object",
        "properties": {"name": {"type": "string", "maxLength": maximum}},
        "required": ["name"],
        "additionalProperties": False,
    }


@pytest.fixture
def approved(repo: Path) -> Path:  # noqa: F811 (the fixture of test_diff)
    """The work tree adds things.get 1.1, which narrows 1.0's input, and approves it."""
    write_contract(repo / "contracts", "things.get", "1.1", input_schema=narrowed(8))
    (repo / "seamguard-ignore.toml").write_text(APPROVE_GET)
    return repo


def unapproved(root: Path) -> None:
    """things.get 1.2 narrows 1.1's input again; no approval names it."""
    write_contract(root / "contracts", "things.get", "1.2", input_schema=narrowed(4))


def lint(*args: str) -> tuple[Result, dict[str, Any]]:
    result = run("lint", "--report-json", "lint.json", *args)
    return result, json.loads(Path("lint.json").read_text())


def compat(report: dict[str, Any], version: str) -> dict[str, Any]:
    (entry,) = [
        r
        for r in report["results"]
        if (r["seam"], r["version"], r["check"]) == ("things.get", version, "contract-compat")
    ]
    return entry  # type: ignore[no-any-return]


def markdown_verdicts(text: str) -> tuple[str, list[str]]:
    """The summary line of a diff's Markdown and the verdict cell of every table row, read
    by markdown-it-py (CommonMark with GitHub's tables)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    summary = next(t.content for t in tokens if t.type == "inline" and t.content.startswith("**"))
    rows: list[str] = []
    row: list[str] = []
    cell = False
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "td_open":
            cell = True
        elif token.type == "inline" and cell:
            row.append(token.content)
            cell = False
        elif token.type == "tr_close" and row:
            rows.append(row[3])  # | file | pointer | kind | verdict | detail |
    return summary, rows


@needs_git
@pytest.mark.parametrize("base", [False, True])
def test_lint_lists_an_approved_break_and_passes(approved: Path, base: bool) -> None:
    result, report = lint(*(["--base", "HEAD"] if base else []))

    assert result.exit_code == 0, result.output
    entry = compat(report, "1.1")
    assert (entry["status"], entry["failures"]) == ("passed", [])
    (listed,) = entry["approved"]
    assert listed["approval"] == REASON
    assert listed["pointer"] == "/properties/name/maxLength"
    assert report["summary"]["failed"] == 0
    assert "approved break" in result.stdout
    assert REASON in result.stdout
    assert "APPR" in result.stdout  # the grid's cell
    assert "notes" not in report


@needs_git
@pytest.mark.parametrize("base", [False, True])
def test_lint_still_fails_a_break_no_approval_names(approved: Path, base: bool) -> None:
    unapproved(approved)

    result, report = lint(*(["--base", "HEAD"] if base else []))

    assert result.exit_code == 1, result.output
    assert compat(report, "1.1")["status"] == "passed"
    assert compat(report, "1.1")["approved"]
    assert compat(report, "1.2")["status"] == "failed"
    assert "approved" not in compat(report, "1.2")


@needs_git
def test_lint_base_approves_a_changed_published_version(repo: Path) -> None:  # noqa: F811
    path = repo / "contracts" / "things.get" / "1.0" / "input.schema.json"
    write_json(path, narrowed(5))
    assert lint("--base", "HEAD")[0].exit_code == 1

    (repo / "seamguard-ignore.toml").write_text(
        '[[approve]]\nseam = "things.get"\nversion = "1.0"\nfile = "input"\nreason = "typo"\n'
    )
    result, report = lint("--base", "HEAD")

    assert result.exit_code == 0, result.output
    (entry,) = [r for r in report["results"] if r.get("approved")]
    assert (entry["version"], entry["status"], entry["approved"][0]["approval"]) == (
        "1.0",
        "passed",
        "typo",
    )


@needs_git
def test_diff_agrees_in_every_format(approved: Path) -> None:
    text = run("diff", "--base", "HEAD")
    markdown = run("diff", "--base", "HEAD", "--format", "markdown")
    data = run("diff", "--base", "HEAD", "--format", "json")

    assert [r.exit_code for r in (text, markdown, data)] == [0, 0, 0], text.output
    report = json.loads(data.stdout)
    assert (report["breaking"], report["approved"], report["notes"]) == (0, 1, [])
    (finding,) = report["findings"]
    assert (finding["verdict"], finding["approval"]) == ("approved", REASON)
    verdicts = {c["kind"]: c["verdict"] for c in finding["changes"]}
    assert verdicts["max-length-decreased"] == "approved"
    assert "APPROVED" in text.stdout
    assert REASON in text.stdout
    assert "  breaking " not in text.stdout  # the change's line says approved
    summary, rows = markdown_verdicts(markdown.stdout)
    assert summary.startswith("**No breaking change")
    assert rows
    assert all("breaking" not in v or v == "☑️ approved break" for v in rows), rows
    assert rows.count("☑️ approved break") == 2  # the finding and its change


@needs_git
def test_diff_still_fails_a_break_no_approval_names(approved: Path) -> None:
    unapproved(approved)

    markdown = run("diff", "--base", "HEAD", "--format", "markdown")
    data = run("diff", "--base", "HEAD", "--format", "json")

    assert (markdown.exit_code, data.exit_code) == (1, 1)
    report = json.loads(data.stdout)
    assert (report["breaking"], report["approved"]) == (1, 1)
    summary, rows = markdown_verdicts(markdown.stdout)
    assert summary.startswith("**1 breaking change without a new MAJOR")
    assert "❌ breaking" in rows
    assert "☑️ approved break" in rows


@needs_git
def test_an_approval_of_nothing_is_a_note_not_a_failure(approved: Path) -> None:
    (approved / "seamguard-ignore.toml").write_text(
        APPROVE_GET + '\n[[approve]]\nseam = "things.create"\nversion = "1.0"\nreason = "old"\n'
    )
    stale = "the approval of things.create@1.0 matches no break (stale approval)"

    data = run("diff", "--base", "HEAD", "--format", "json")
    markdown = run("diff", "--base", "HEAD", "--format", "markdown")
    result, report = lint("--base", "HEAD")

    assert (data.exit_code, markdown.exit_code, result.exit_code) == (0, 0, 0)
    (note,) = json.loads(data.stdout)["notes"]
    assert stale in note
    assert "#### Notes" in markdown.stdout
    assert stale in markdown.stdout
    (note,) = report["notes"]
    assert stale in note
    assert valid_report(report)
    assert not valid_report({**report, "notes": [5]})
    assert stale in result.stdout
    # Without a base nothing is called stale: an approval of a change to a published
    # version matches nothing there, and is still needed.
    assert "notes" not in lint()[1]


@needs_git
def test_an_approval_still_needed_on_disk_is_not_stale_once_published(approved: Path) -> None:
    # Given the approved MINOR merged: against the new base it is no change at all
    commit_all(approved, "things.get 1.1, approved")

    data = run("diff", "--base", "HEAD", "--format", "json")
    result, report = lint("--base", "HEAD")

    # Then lint still needs the approval (1.1 still breaks 1.0 on disk), so it is no note
    assert data.exit_code == 0
    assert json.loads(data.stdout)["notes"] == []
    assert result.exit_code == 0, result.output
    assert "notes" not in report
    assert compat(report, "1.1")["approved"]


def test_the_rule_prefers_the_approval_naming_the_file() -> None:
    rule = Approvals(
        (
            Approval("s", "1.1", "any file"),
            Approval("s", "1.1", "the input", "input"),
            Approval("s", "1.1", "the output", "output"),
        )
    )

    assert rule.reason("s", "1.1", "input") == "the input"
    assert rule.reason("s", "1.1", "version") == "any file"  # a removed version
    assert rule.reason("s", "1.0", "input") is None
    assert [a.reason for a in rule.unused()] == ["the output"]
    assert [a.reason for a in rule.unused(seams={"other"})] == []


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the notes service whose notes.create 1.1 narrows 1.0's title (approved)."""
    monkeypatch.delenv("NOTES_BUG", raising=False)
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "notes"
    shutil.copytree(NOTES, root, ignore=shutil.ignore_patterns("__pycache__"))
    narrow_title(root, "1.1", 40)
    (root / "seamguard-ignore.toml").write_text(
        '[[approve]]\nseam = "notes.create"\nversion = "1.1"\n'
        'reason = "titles over 40 characters were never stored"\n'
    )
    return root


def narrow_title(root: Path, version: str, maximum: int) -> None:
    folder = root / "contracts" / "notes.create"
    for name in ("input.schema.json", "output.schema.json"):
        document = json.loads((folder / "1.0" / name).read_text())
        document["$id"] = document["$id"].replace("/1.0/", f"/{version}/")
        if name.startswith("input"):
            document["properties"]["title"]["maxLength"] = maximum
        write_json(folder / version / name, document)


def check(root: Path) -> tuple[Result, dict[str, Any], ET.Element]:
    # Fast: one seam, three examples; the static checks run whole.
    result = run(
        "check",
        "--config",
        str(root / "seamguard.toml"),
        "--seam",
        "notes.create",
        "--max-examples",
        "3",
        "--seed",
        "1",
        "--report-json",
        "check.json",
        "--junit",
        "junit.xml",
        "--markdown",
        "check.md",
    )
    report = json.loads(Path("check.json").read_text())
    return result, report, ET.parse("junit.xml").getroot()


def test_check_lists_an_approved_break_and_passes(notes: Path) -> None:
    result, report, junit = check(notes)

    assert result.exit_code == 0, result.output
    (entry,) = [r for r in report["results"] if r["check"] == "contract-compat"]
    assert (entry["version"], entry["status"]) == ("1.1", "passed")
    assert entry["approved"][0]["approval"] == "titles over 40 characters were never stored"
    assert report["summary"]["failed"] == 0
    assert valid_report(report)
    del entry["approved"][0]["approval"]
    assert not valid_report(report)
    assert "approved break" in result.stdout
    markdown = Path("check.md").read_text()
    assert markdown.startswith("### seamguard: ✅ every check holds")
    assert "#### Approved breaks" in markdown
    assert "titles over 40 characters were never stored" in markdown
    (case,) = [c for c in junit.iter("testcase") if c.get("name") == "contract-compat"]
    assert case.find("failure") is None
    assert "titles over 40 characters" in (case.findtext("system-out") or "")


def test_check_still_fails_a_break_no_approval_names(notes: Path) -> None:
    narrow_title(notes, "1.2", 20)

    result, report, _ = check(notes)

    assert result.exit_code == 1, result.output
    statuses = {
        r["version"]: (r["status"], bool(r.get("approved")))
        for r in report["results"]
        if r["check"] == "contract-compat"
    }
    assert statuses == {"1.1": ("passed", True), "1.2": ("failed", False)}
