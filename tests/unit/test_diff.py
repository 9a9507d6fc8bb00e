"""``seamguard diff``: published versions never change, a MINOR stays compatible, a MAJOR
may break; approvals; Markdown for a pull request; against a git ref without a checkout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli
from tests.unit.helpers import (
    DRAFT202012,
    commit_all,
    make_tree,
    needs_git,
    write_config,
    write_contract,
)


def diff(*args: str) -> Result:
    return CliRunner().invoke(cli, ["diff", *args])


@pytest.fixture
def trees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    old = make_tree(tmp_path / "old")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    return old, new


def edit(path: Path, change: Any) -> None:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository, the working directory, with a contracts tree committed as 'base'."""
    monkeypatch.chdir(tmp_path)
    make_tree(tmp_path / "contracts")
    write_config(tmp_path, 'contracts = "contracts"\n')
    commit_all(tmp_path, "base")
    return tmp_path


def findings(result: Result) -> list[dict[str, Any]]:
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def test_identical_trees_and_annotation_edits_are_no_change(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(
        new / "things.get" / "1.0" / "input.schema.json",
        lambda d: d.update(description="reworded", examples=[{"name": "x"}]),
    )

    result = diff(str(old), str(new))

    assert result.exit_code == 0, result.output
    assert "No contract changes." in result.stdout


def test_a_changed_published_version_is_breaking(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(
        new / "things.get" / "1.0" / "input.schema.json",
        lambda d: d["properties"]["name"].update(maxLength=5),
    )

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 1
    (finding,) = findings(result)
    assert (finding["seam"], finding["version"], finding["kind"], finding["verdict"]) == (
        "things.get",
        "1.0",
        "published-version-changed",
        "breaking",
    )


def test_a_removed_version_is_breaking(trees: tuple[Path, Path]) -> None:
    old, new = trees
    shutil.rmtree(new / "things.create" / "1.1")

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 1
    assert [f["kind"] for f in findings(result)] == ["version-removed"]


def test_a_new_minor_that_narrows_the_input_is_breaking_with_an_example(
    trees: tuple[Path, Path],
) -> None:
    old, new = trees
    write_contract(
        new,
        "things.get",
        "1.1",
        input_schema={
            "type": "object",
            "properties": {"name": {"type": "string", "maxLength": 5}},
            "required": ["name"],
            "additionalProperties": False,
        },
    )

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 1
    (finding,) = [f for f in findings(result) if f["verdict"] == "breaking"]
    assert (finding["version"], finding["file"], finding["kind"]) == (
        "1.1",
        "input",
        "minor-input-changed",
    )
    assert "version 1.0" in finding["message"]
    assert 5 < len(finding["counterexample"]["name"]) <= 20


def test_a_new_minor_that_widens_the_input_lands(trees: tuple[Path, Path]) -> None:
    old, new = trees
    write_contract(
        new,
        "things.get",
        "1.1",
        input_schema={
            "type": "object",
            "properties": {"name": {"type": "string", "maxLength": 20}, "tag": {"type": "string"}},
            "required": ["name"],
            "additionalProperties": False,
        },
    )

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 0, result.output
    assert [(f["kind"], f["verdict"]) for f in findings(result)] == [
        ("minor-input-changed", "compatible")
    ]


def test_a_new_major_may_break(trees: tuple[Path, Path]) -> None:
    old, new = trees
    write_contract(new, "things.get", "2.0", input_schema={"type": "integer"})

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 0
    assert [f["kind"] for f in findings(result)] == ["major-added"]


def test_an_approved_break_is_listed_not_counted(trees: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = trees
    shutil.rmtree(new / "things.create" / "1.1")
    write_config(tmp_path, "")
    (tmp_path / "seamguard-ignore.toml").write_text(
        '[[approve]]\nseam = "things.create"\nversion = "1.1"\n'
        'reason = "never released to clients"\n'
    )

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 0, result.output
    (finding,) = findings(result)
    assert finding["verdict"] == "approved"
    assert "never released to clients" in finding["message"]


def test_an_approval_without_a_reason_is_a_usage_error(
    trees: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = trees
    write_config(tmp_path, "")
    (tmp_path / "seamguard-ignore.toml").write_text(
        '[[approve]]\nseam = "things.create"\nversion = "1.1"\n'
    )

    result = diff(str(old), str(new))

    assert result.exit_code == 2
    assert "'reason' is required" in result.stderr


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (b"\xff\xfe", "is not UTF-8 text"),
        (b"x = 1" + b"0" * 5000, "cannot be read as TOML: a number has too many digits"),
        (b"approve = 5\n", "'approve': expected an array of tables ([[approve]]"),
        (b'approve = "x"\n', "'approve': expected an array of tables ([[approve]]"),
    ],
)
def test_an_ignore_file_that_cannot_be_read_is_one_usage_error_line(
    trees: tuple[Path, Path], tmp_path: Path, text: bytes, words: str
) -> None:
    # These were tracebacks (UnicodeDecodeError, ValueError, TypeError): self-fuzz.
    old, new = trees
    write_config(tmp_path, "")
    (tmp_path / "seamguard-ignore.toml").write_bytes(text)

    result = diff(str(old), str(new))

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.stderr.splitlines()
    assert line.startswith("seamguard: error: ")
    assert words in line


@pytest.mark.parametrize("side", ["old", "new"])
def test_a_published_version_with_a_problem_is_undecided_not_a_traceback(
    trees: tuple[Path, Path], side: str
) -> None:
    # A $ref out of the tree made jsonschema-rs raise while inlining (self-fuzz); lint
    # reports the problem, diff says the version cannot be compared and goes on.
    old, new = trees
    tree = old if side == "old" else new
    edit(
        tree / "things.get" / "1.0" / "input.schema.json",
        lambda d: d["properties"]["name"].update({"$ref": "../../../../../etc/passwd"}),
    )

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 0, result.output
    (finding,) = findings(result)
    assert (finding["seam"], finding["version"], finding["kind"], finding["verdict"]) == (
        "things.get",
        "1.0",
        "invalid-contract",
        "undecided",
    )
    assert f"{side}/things.get/1.0/input.schema.json#/properties/name/$ref" in finding["message"]
    assert "seamguard lint lists every problem" in finding["message"]


def test_a_version_whose_refs_reach_a_broken_schema_is_undecided(
    trees: tuple[Path, Path],
) -> None:
    # things.get 1.1 refers to 1.0, whose example breaks it: 1.0 is left out of the
    # validators, and so is 1.1; inlining 1.1 raised ReferencingError (self-fuzz).
    old, new = trees
    edit(new / "things.get" / "1.0" / "input.schema.json", lambda d: d.update(examples=[{}]))
    by_ref = {"$schema": DRAFT202012, "$ref": "../1.0/input.schema.json"}
    write_contract(new, "things.get", "1.1", input_schema=by_ref)
    write_contract(new, "things.get", "1.2", input_schema=by_ref)

    result = diff(str(old), str(new), "--format", "json")

    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    found = {(f["version"], f["kind"]): f["message"] for f in findings(result)}
    assert (
        "input.schema.json reaches, through $ref, a schema with a problem"
        in (found[("1.2", "invalid-contract")])
    )


def test_a_new_minor_with_a_problem_is_undecided(trees: tuple[Path, Path]) -> None:
    old, new = trees
    write_contract(
        new,
        "things.get",
        "1.1",
        input_schema={"$schema": DRAFT202012, "$ref": "#/$defs/Missing"},
    )

    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 0, result.output
    assert [(f["version"], f["kind"]) for f in findings(result)] == [("1.1", "invalid-contract")]


def test_an_output_file_that_cannot_be_written_is_a_usage_error(
    trees: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = trees
    (tmp_path / "taken").write_text("a file, not a folder")

    result = diff(str(old), str(new), "--output", str(tmp_path / "taken" / "diff.md"))

    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("seamguard: error: --output ")
    assert f"cannot write it (File exists: {tmp_path / 'taken'})" in line


def test_markdown_has_a_summary_and_a_table_per_version(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(
        new / "things.get" / "1.0" / "input.schema.json",
        lambda d: d["properties"]["name"].update(maxLength=5),
    )

    result = diff(str(old), str(new), "--format", "markdown")

    assert result.exit_code == 1
    assert "**1 breaking change without a new MAJOR version (1 changes).**" in result.stdout
    assert "#### `things.get@1.0`" in result.stdout
    assert "| file | pointer | kind | verdict | detail |" in result.stdout


def test_usage_errors_exit_2(trees: tuple[Path, Path]) -> None:
    old, _ = trees
    assert diff(str(old)).exit_code == 2
    assert diff(str(old), str(old), "--base", "HEAD").exit_code == 2


@needs_git
def test_base_ref_compares_with_the_committed_tree_without_a_checkout(repo: Path) -> None:
    # Given a repository whose committed contracts are then changed in the work tree
    edit(
        repo / "contracts" / "things.get" / "1.0" / "input.schema.json",
        lambda d: d["properties"]["name"].update(maxLength=5),
    )
    write_contract(repo / "contracts", "things.get", "2.0")

    # When the work tree is compared with HEAD
    result = diff("--base", "HEAD", "--format", "json")

    # Then the edit of the published 1.0 breaks and the new MAJOR lands; HEAD is untouched
    assert result.exit_code == 1, result.output
    kinds = {(f["version"], f["kind"], f["verdict"]) for f in findings(result)}
    assert kinds == {
        ("1.0", "published-version-changed", "breaking"),
        ("2.0", "major-added", "compatible"),
    }
    assert diff("--base", "no-such-ref").exit_code == 2


def test_the_project_contracts_have_no_breaking_change_against_themselves() -> None:
    root = Path(__file__).resolve().parents[2] / "contracts"

    result = diff(str(root), str(root))

    assert result.exit_code == 0
    assert "No contract changes." in result.stdout


def test_the_configured_mode_applies(trees: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = trees
    write_contract(
        new,
        "things.get",
        "1.1",
        input_schema={
            "type": "object",
            "properties": {"name": {"type": "string", "maxLength": 50}},
            "required": ["name"],
            "additionalProperties": False,
        },
    )

    assert diff(str(old), str(new)).exit_code == 0  # a wider input is BACKWARD compatible

    write_config(tmp_path, 'compatibility = "full"\n')
    result = diff(str(old), str(new), "--format", "json")

    assert result.exit_code == 1
    (finding,) = [f for f in findings(result) if f["verdict"] == "breaking"]
    assert "not FORWARD compatible" in finding["message"]


@needs_git
def test_lint_base_fails_contract_compat_when_a_published_version_changed(repo: Path) -> None:
    assert CliRunner().invoke(cli, ["lint", "--base", "HEAD"]).exit_code == 0

    edit(
        repo / "contracts" / "things.get" / "1.0" / "input.schema.json",
        lambda d: d["properties"]["name"].update(maxLength=5),
    )
    result = CliRunner().invoke(cli, ["lint", "--base", "HEAD", "--report-json", "r.json"])

    assert result.exit_code == 1, result.output
    report = json.loads((repo / "r.json").read_text())
    failed = [
        (r["seam"], r["version"], r["check"]) for r in report["results"] if r["status"] == "failed"
    ]
    assert failed == [("things.get", "1.0", "contract-compat")]
    assert "published" in result.stdout


def test_each_change_gets_its_own_row_with_kind_and_verdict(trees: tuple[Path, Path]) -> None:
    old, new = trees
    write_contract(
        new,
        "things.get",
        "1.1",
        input_schema={
            "type": "object",
            "properties": {"name": {"type": "string", "maxLength": 5}, "tag": {"type": "string"}},
            "required": ["name"],
            "additionalProperties": False,
        },
    )

    markdown = diff(str(old), str(new), "--format", "markdown").stdout
    data = findings(diff(str(old), str(new), "--format", "json"))

    kinds = {(c["pointer"], c["kind"], c["breaking"]) for f in data for c in f["changes"]}
    assert ("/properties/name/maxLength", "max-length-added", True) in kinds or (
        "/properties/name/maxLength",
        "max-length-decreased",
        True,
    ) in kinds
    assert ("/properties/tag", "property-added", False) in kinds
    assert "| input | `/properties/tag` | property-added | ✅ compatible |" in markdown


@needs_git
def test_a_commit_narrowing_an_input_in_a_minor_fails_until_approved(repo: Path) -> None:
    # Given two commits: the second adds things.get 1.1, whose input narrows 1.0's
    write_contract(
        repo / "contracts",
        "things.get",
        "1.1",
        input_schema={
            "type": "object",
            "properties": {"name": {"type": "string", "maxLength": 8}},
            "required": ["name"],
            "additionalProperties": False,
        },
    )
    commit_all(repo, "narrow things.get in a MINOR")

    # When the head is compared with its parent
    result = diff("--base", "HEAD~1", "--format", "markdown")

    # Then it fails, naming the pointer, the kind and a document that shows the break
    assert result.exit_code == 1, result.output
    rows = [line for line in result.stdout.splitlines() if "| max-length-" in line]
    assert len(rows) == 1, result.stdout
    (row,) = rows
    assert "`/properties/name/maxLength`" in row
    assert "❌ breaking" in row
    assert 'e.g. `{"name": "' in row

    # And approving the break with a reason lets it land
    (repo / "seamguard-ignore.toml").write_text(
        '[[approve]]\nseam = "things.get"\nversion = "1.1"\nfile = "input"\n'
        'reason = "no caller sends names over 8 characters"\n'
    )
    assert diff("--base", "HEAD~1").exit_code == 0
