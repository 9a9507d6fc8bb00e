"""Hostile text from contracts and from the code under test: no forged CI command, no lying
pull-request comment.

Contracts arrive in pull requests and the code under test says what it likes, so every name,
pointer, value and message is written as an attacker may have chosen it. The commands run as
a GitHub job runs them (``GITHUB_ACTIONS=true``, a step summary file) on a project whose
property names, enum values and exception messages carry forged workflow commands and
Markdown, and what they write is read the way its reader reads it: stdout line by line as
GitHub's runner does, Markdown with a CommonMark parser (markdown-it-py, with GFM tables).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from seamguard.report._escape import (
    example_json,
    markdown_cell,
    markdown_code,
    markdown_fenced,
    terminal,
)
from tests.unit.helpers import DRAFT202012, write_json

# Attack 1: a property name (and a message) that breaks out into workflow commands.
FORGED = (
    "a\n::error file=README.md,line=1,title=INJECTED::fake annotation\n"
    "::add-mask::seamguard\n::stop-commands::tok123\n"
)
# The older command syntax, read anywhere in a line, and one after leading whitespace.
FORGED_OLD = "x ##[add-mask]seamguard"
FORGED_INDENTED = " \u00a0::warning::indented"
# Attack 2: Markdown that would make the comment lie.
LIE = (
    "\n## ✅ seamguard: No breaking change — safe to merge\n"
    '<img src="https://tracker.example/p.gif">'
    " @octocat @github/security #123 "
    "<details><summary>ok</summary>\n\n| x | y |\n</details>"
    " ``` `tick` | pipe https://evil.example/x"
)
HOSTILE_NAMES = [FORGED, FORGED_OLD, FORGED_INDENTED, LIE]

# The hostile alphabet: what a line, a command, a code span or a table could trip on.
HOSTILE_CHARS = [
    "\n", "\r", "\t", "\x00", "\x1b", "\x85", "\u2028", "\u202e", "\ud800", "\udfff",
    ":", "::", "##[", "#", "`", "```", "|", "\\", "<", ">", "&", "@", " ", "\u00a0", "%", ",",
    "a", "é", "\U0001f600",
]  # fmt: skip


def hostile_text() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(HOSTILE_CHARS), max_size=12).map("".join)


def markdown() -> MarkdownIt:
    """CommonMark with GFM tables, as GitHub renders a comment (markdown-it-py)."""
    return MarkdownIt("commonmark").enable("table")


def flat(tokens: list[Token]) -> list[Token]:
    """Every token, the inline ones' children in place."""
    out = []
    for token in tokens:
        out.append(token)
        out.extend(token.children or [])
    return out


# -- the escaping functions, on any hostile text ------------------------------------------


@settings(max_examples=300, deadline=None)
@given(hostile_text())
def test_terminal_text_is_one_printable_line_no_runner_reads_as_a_command(text: str) -> None:
    line = terminal(text)

    assert not set(line) & {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"}
    assert "\u2028" not in line
    assert "\u202e" not in line
    assert line.splitlines() in ([line], [])  # nothing Python (or a log viewer) splits on
    line.encode("utf-8")  # no lone surrogate: printing cannot raise UnicodeEncodeError
    assert not line.lstrip().startswith(":")  # the runner trims, then looks for '::'
    assert "##[" not in line  # the older syntax, found anywhere in a line
    assert not re.search("[\x00-\x1f\x7f-\x9f]", line)


def test_terminal_text_shows_what_was_there() -> None:
    assert terminal("a\nb\x1b[31m\ud800\t") == "a\\nb\\x1b[31m\\ud800\\t"
    assert terminal("::add-mask::x") == "\\x3a:add-mask::x"
    assert terminal("  ::x") == "  \\x3a:x"
    assert terminal("a ##[error]b") == "a #\\x23[error]b"
    assert terminal("ünï 😀 a::b") == "ünï 😀 a::b"  # nothing else changes


@settings(max_examples=300, deadline=None)
@given(hostile_text())
def test_a_table_cell_is_one_code_span_holding_the_text(text: str) -> None:
    source = f"| h | k |\n| --- | --- |\n| {markdown_cell(text)} | end |\n"

    tokens = markdown().parse(source)

    assert [t.type for t in tokens].count("tr_open") == 2  # the header and one row
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert len(cells) == 2
    assert [c.type for c in cells[0].children or []] == ["code_inline"]
    assert (cells[0].children or [])[0].content == (terminal(text) or " ")  # '` `': empty
    assert cells[1].content == "end"


@settings(max_examples=300, deadline=None)
@given(hostile_text())
def test_a_code_span_holds_the_text_and_nothing_else(text: str) -> None:
    tokens = markdown().parse(f"said {markdown_code(text)} here\n")

    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert [c.type for c in children] == ["text", "code_inline", "text"]
    assert children[1].content == (terminal(text) or " ")


@settings(max_examples=300, deadline=None)
@given(st.lists(hostile_text(), max_size=4).map("\n".join))
def test_a_fenced_block_holds_the_text_and_nothing_closes_it(text: str) -> None:
    tokens = markdown().parse("\n".join(markdown_fenced(text, "text")) + "\n\nafter\n")

    assert [t.type for t in tokens][:1] == ["fence"]
    assert [t.type for t in tokens][1:] == ["paragraph_open", "inline", "paragraph_close"]
    assert tokens[2].content == "after"
    for line in tokens[0].content.splitlines():
        assert not line.lstrip().startswith(":")
        assert "##[" not in line


def test_example_json_reads_back_as_the_same_document() -> None:
    document = {FORGED: [FORGED_OLD, "\ud800", "\x1b"]}

    text = example_json(document, indent=2)

    assert json.loads(text) == document
    assert "##[" not in text
    assert all(not line.lstrip().startswith("::") for line in text.splitlines())


# -- attack 1: workflow commands in a GitHub job ------------------------------------------

LOGIC = f'''"""A service whose errors and answers quote what a pull request put in its contracts."""

FORGED = {FORGED!r} + {FORGED_OLD!r} + "\\n" + {FORGED_INDENTED!r} + "\\n"


def refuse(document: dict) -> dict:
    raise ValueError(FORGED + repr(document))


def answer(document: dict) -> dict:
    return {{FORGED: "not an integer", **document}}
'''


def object_schema(name: str, node: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"$schema": DRAFT202012, "type": "object", "properties": {name: node}, **extra}


def hostile_project(root: Path) -> Path:
    """A project whose contracts and logic carry every hostile name: ``hostile.refuse``
    (the logic raises), ``hostile.answer`` (the output breaks its schema), ``hostile.broken``
    (an invalid keyword under a hostile name), and ``old``/``new`` trees to diff."""
    contracts = root / "contracts"
    for name in HOSTILE_NAMES:
        enum = {"type": "string", "enum": [name], "description": name, "title": name}
        for seam in ("hostile.refuse", "hostile.answer"):
            folder = contracts / seam / "1.0"
            write_json(folder / "input.schema.json", object_schema(name, enum, required=[name]))
            write_json(
                folder / "output.schema.json",
                object_schema(FORGED, {"type": "integer"}, required=[FORGED]),
            )
    broken = contracts / "hostile.broken" / "1.0"
    write_json(
        broken / "input.schema.json",
        {
            "$schema": DRAFT202012,
            "type": "object",
            "properties": {n: {"type": "string", "maxLength": -1} for n in HOSTILE_NAMES},
        },
    )
    write_json(broken / "output.schema.json", {"$schema": DRAFT202012, "type": "object"})
    (root / "hostile_logic.py").write_text(LOGIC, encoding="utf-8")
    (root / "seamguard.toml").write_text(
        '[[seams]]\ncontract = "hostile.refuse"\nlogic = "hostile_logic:refuse"\n'
        '[[seams]]\ncontract = "hostile.answer"\nlogic = "hostile_logic:answer"\n',
        encoding="utf-8",
    )
    diff_trees(root)
    return root


def diff_trees(root: Path) -> None:
    """``old`` and ``new``: version 1.0 published, changed in place (breaking), and a new
    MINOR 1.1 whose property names, descriptions and enum values carry the hostile text."""
    old_input = object_schema("name", {"type": "string", "maxLength": 20})
    for tree in ("old", "new"):
        write_json(root / tree / "things.create" / "1.0" / "output.schema.json", {"type": "object"})
    write_json(root / "old" / "things.create" / "1.0" / "input.schema.json", old_input)
    hostile_input: dict[str, Any] = {
        "$schema": DRAFT202012,
        "type": "object",
        "properties": {
            "name": {"type": "string", "maxLength": 5, "description": LIE},
            **{n: {"type": "string", "enum": HOSTILE_NAMES, "title": n} for n in HOSTILE_NAMES},
        },
        "required": [FORGED],
    }
    write_json(root / "new" / "things.create" / "1.0" / "input.schema.json", hostile_input)
    minor = {**hostile_input, "properties": {**hostile_input["properties"], LIE: {"enum": [LIE]}}}
    write_json(root / "new" / "things.create" / "1.1" / "input.schema.json", minor)
    write_json(root / "new" / "things.create" / "1.1" / "output.schema.json", {"type": "object"})


def run_seamguard(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``seamguard ARGS`` in its own process, as a step of a GitHub job runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env |= {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(project / "summary.md"),
        "GITHUB_WORKSPACE": str(project),
    }
    return subprocess.run(
        [sys.executable, "-m", "seamguard", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_project(tmp_path_factory.mktemp("hostile"))


def commands(output: str) -> list[str]:
    """The lines GitHub's runner reads as workflow commands (``ActionCommand.TryParseV2``:
    ``::`` after leading whitespace; ``TryParse``: ``##[`` anywhere). The runner splits the
    stream on CR and LF alike."""
    return [
        line
        for line in re.split(r"\r\n|\r|\n", output)
        if line.lstrip().startswith("::") or "##[" in line
    ]


def assert_only_seamguards_commands(done: subprocess.CompletedProcess[str]) -> list[str]:
    """Every command line is one of seamguard's own ``::error`` annotations (its title
    starts ``seamguard: ``); the forged ones never start a line. Returns seamguard's."""
    ours = []
    for stream in (done.stdout, done.stderr):
        for line in commands(stream):
            assert line.startswith("::error title=seamguard%3A ") or re.match(
                r"::error file=[^:]*,line=\d+,title=seamguard%3A ", line
            ), line
            ours.append(line)
        for line in re.split(r"\r\n|\r|\n", stream):
            stripped = line.lstrip()
            for forged in ("error file=README.md", "add-mask", "stop-commands", "warning"):
                assert not stripped.startswith(f"::{forged}"), line
    return ours


def test_lint_prints_no_forged_command(project: Path) -> None:
    done = run_seamguard(project, "lint")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "contract-valid" in done.stdout
    assert_only_seamguards_commands(done)
    # the pointer is still there to read, its line breaks shown as escapes
    assert "add-mask::seamguard\\n::stop-commands::tok123" in done.stdout


def test_check_prints_no_forged_command_and_annotates_each_failure(project: Path) -> None:
    done = run_seamguard(
        project, "check", "--max-examples", "5", "--seed", "1", "--example-db", "none"
    )

    assert done.returncode == 1, done.stdout + done.stderr
    ours = assert_only_seamguards_commands(done)
    titles = " ".join(ours)
    assert "logic-accepts-input" in titles  # the refusal, quoting the forged text
    assert "logic-output-conforms" in titles  # the answer, its pointer the forged name
    assert "contract-valid" in titles
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_prints_no_forged_command(project: Path, fmt: str) -> None:
    done = run_seamguard(project, "diff", "old", "new", "--format", fmt)

    assert done.returncode == 1, done.stdout + done.stderr
    assert not assert_only_seamguards_commands(done)  # diff writes no command of its own
    if fmt == "json":
        report = json.loads(done.stdout)  # the escapes read back as the same text
        pointers = {c["pointer"] for f in report["findings"] for c in f["changes"]}
        assert any(FORGED_OLD in p for p in pointers)


# -- attack 2: a pull-request comment that lies -------------------------------------------


def assert_no_foreign_markup(
    tokens: list[Token], allowed_html: frozenset[str] = frozenset()
) -> None:
    """No HTML but seamguard's own, no link, and no mention, reference or URL in text that
    GitHub would act on (it leaves code alone)."""
    for token in flat(tokens):
        if token.type in ("html_block", "html_inline"):
            assert token.content.strip() in allowed_html, token.content
        assert token.type not in ("link_open", "image"), token
        if token.type == "text":
            assert "@" not in token.content, token.content
            assert not re.search(r"#\d", token.content), token.content
            assert "http" not in token.content, token.content
            assert "<" not in token.content, token.content


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [
        (token.tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def tables(tokens: list[Token]) -> list[int]:
    """The number of body rows of each table."""
    counts: list[int] = []
    inside = False
    for token in tokens:
        if token.type == "tbody_open":
            counts.append(0)
            inside = True
        elif token.type == "tbody_close":
            inside = False
        elif inside and token.type == "tr_open":
            counts[-1] += 1
    return counts


def test_the_diff_comment_has_seamguards_structure_and_nothing_else(project: Path) -> None:
    text = run_seamguard(project, "diff", "old", "new", "--format", "markdown").stdout
    report = json.loads(run_seamguard(project, "diff", "old", "new", "--format", "json").stdout)

    tokens = markdown().parse(text)

    groups: dict[str, int] = {}
    for finding in report["findings"]:
        label = f"{finding['seam']}@{finding['version']}"
        shown = [
            c
            for c in finding["changes"]
            if not (
                c["kind"] == "annotation-changed" and c["pointer"].endswith(("/$id", "/$schema"))
            )
        ]
        groups[label] = groups.get(label, 0) + 1 + len(shown)
    assert headings(tokens) == [
        ("h3", "seamguard: contract changes"),
        *[("h4", f"`{label}`") for label in groups],
    ]
    assert tables(tokens) == list(groups.values())  # one table per version, a row per change
    assert len(groups) == 2  # the published 1.0 changed, and the new 1.1
    assert sum(groups.values()) > 5  # the hostile names made changes of their own
    assert_no_foreign_markup(tokens)
    # every hostile value is still there, as code
    codes = " ".join(t.content for t in flat(tokens) if t.type == "code_inline")
    assert "@octocat @github/security #123" in codes
    assert "## ✅ seamguard: No breaking change" in codes


def test_the_check_summary_and_markdown_have_seamguards_structure(
    project: Path, tmp_path: Path
) -> None:
    summary = project / "summary.md"
    summary.unlink(missing_ok=True)
    done = run_seamguard(
        project,
        "check",
        "--max-examples",
        "5",
        "--seed",
        "1",
        "--example-db",
        "none",
        "--markdown",
        str(tmp_path / "check.md"),
    )
    assert done.returncode == 1, done.stdout + done.stderr

    for text in ((tmp_path / "check.md").read_text("utf-8"), summary.read_text("utf-8")):
        tokens = markdown().parse(text)
        found = headings(tokens)
        assert found[0][0] == "h3"
        assert found[0][1].startswith("seamguard: ❌ ")
        assert ("h4", "Failures") in found
        failures = [h for h in found if h[0] == "h5"]
        assert failures
        assert all(
            re.fullmatch(r"`[0-9a-f]{12}` [a-z-]+ · `hostile\.[a-z]+@1\.0`", content)
            for _, content in failures
        ), failures
        assert set(found) <= {found[0], ("h4", "Failures"), ("h4", "Errors"), *failures}
        assert tables(tokens) == [3]  # the grid: one row per seam version
        assert_no_foreign_markup(tokens)
