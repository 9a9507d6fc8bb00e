"""The pages' runnable blocks: every shell block of README.md and docs/*.md marked runnable runs
as written, in a fresh copy of the repository, and prints what the page shows.

The marker and the rules (``$ `` commands, ``…`` wildcards, ``cwd=``, ``exit=``) are those of
docs/README.md, "Runnable blocks". Blocks that need a network, a fresh machine or minutes stay
unmarked; the marked ones take under a minute together (about 45 s on 2 busy cores).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
MARKER = re.compile(r"^<!-- runnable(?P<options>(?: [a-z]+=\S+)*) -->$")
SHELLS = {"sh", "console", "bash", "shell"}
# What a block's copy of the repository holds: what the marked blocks read (the configs, the
# contracts, the examples); the code runs from the installed seamguard and taskapp.
COPIED = ("README.md", "pyproject.toml", "contracts", "examples", "docs")
IGNORED = shutil.ignore_patterns(".seamguard", "__pycache__", "*.db", "*.db-*")
TIMEOUT = 120


@dataclass(frozen=True)
class Step:
    """One command of a block and the output the page shows for it (``None``: not shown)."""

    command: str
    expected: tuple[str, ...] | None


@dataclass(frozen=True)
class Block:
    """A runnable block: where it is, its options and its steps."""

    page: str
    line: int
    cwd: str
    exit: int
    steps: tuple[Step, ...]


def parse_steps(body: list[str]) -> tuple[Step, ...]:
    """The steps of a block: ``$ `` lines each with the lines up to the next one, or, with no
    ``$ `` line, every line but blanks and comments as a command whose output is not shown."""
    if not any(line.startswith("$ ") for line in body):
        commands = [line for line in body if line.strip() and not line.startswith("#")]
        return tuple(Step(command, None) for command in commands)
    steps: list[tuple[str, list[str]]] = []
    for line in body:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
        else:
            raise ValueError(f"output before the first command: {line!r}")
    return tuple(Step(command, tuple(out) if out else None) for command, out in steps)


def runnable_blocks(text: str, page: str) -> list[Block]:
    """Every block of ``text`` marked runnable, with its options (``cwd=``, ``exit=``)."""
    lines = text.splitlines()
    blocks = []
    for number, line in enumerate(lines):
        marker = MARKER.match(line)
        if marker is None:
            continue
        fence = lines[number + 1] if number + 1 < len(lines) else ""
        if not fence.startswith("```") or fence[3:].split(" ")[0] not in SHELLS:
            raise ValueError(f"{page}:{number + 1}: a runnable marker not before a shell block")
        end = lines.index("```", number + 2)
        options = dict(item.split("=", 1) for item in marker["options"].split())
        unknown = set(options) - {"cwd", "exit"}
        if unknown:
            raise ValueError(f"{page}:{number + 1}: unknown option {sorted(unknown)}")
        blocks.append(
            Block(
                page=page,
                line=number + 1,
                cwd=options.get("cwd", "."),
                exit=int(options.get("exit", "0")),
                steps=parse_steps(lines[number + 2 : end]),
            )
        )
    return blocks


def pattern(expected: tuple[str, ...]) -> re.Pattern[str]:
    """The regular expression of a shown output: ``…`` alone on a line is any number of lines,
    ``…`` inside a line any text on it; everything else is literal, trailing spaces aside."""
    parts = []
    for line in expected:
        if line.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*".join(re.escape(piece) for piece in line.rstrip().split("…")) + r"\n")
    return re.compile("".join(parts))


def normalised(output: str) -> str:
    """The output with trailing spaces and trailing blank lines dropped, ending in a newline."""
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


def shows(expected: tuple[str, ...], output: str) -> bool:
    """Whether ``output`` is what the page shows."""
    return pattern(expected).fullmatch(normalised(output)) is not None


def environment(root: Path) -> dict[str, str]:
    """A plain environment: this virtualenv's ``bin`` first, no CI or planted-bug variables,
    an 80-column terminal, the example database in the copy."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "BOOKAPP_", "NOTES_", "TASKAPP_", "SEAMGUARD"))
        and key not in {"CI", "COLUMNS", "LINES", "PYTEST_ADDOPTS"}
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "80"
    env["TASKAPP_DB"] = str(root / "taskapp.db")
    return env


def run_block(block: Block, root: Path) -> list[str]:
    """Run ``block`` in ``root`` (a copy of the repository); the problems found, if any."""
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=IGNORED)
        else:
            shutil.copy2(source, root / name)
    cwd = root / block.cwd
    env = environment(root)
    problems = []
    for step in block.steps:
        if step.command.startswith("cd "):
            cwd = (cwd / step.command[3:].split("#")[0].strip()).resolve()
            continue
        done = subprocess.run(
            ["bash", "-c", step.command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        output = done.stdout + done.stderr
        if done.returncode != block.exit:
            problems.append(f"$ {step.command}: exit {done.returncode}, not {block.exit}\n{output}")
        elif step.expected is not None and not shows(step.expected, output):
            shown = "\n".join(step.expected)
            problems.append(f"$ {step.command}: printed\n{output}\nwhere the page shows\n{shown}")
    return problems


BLOCKS = [
    block
    for page in PAGES
    for block in runnable_blocks(page.read_text(encoding="utf-8"), str(page.relative_to(REPO)))
]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: f"{block.page}:{block.line}")
def test_each_runnable_block_prints_what_its_page_shows(block: Block, tmp_path: Path) -> None:
    problems = run_block(block, tmp_path)
    assert not problems, f"{block.page}:{block.line}\n" + "\n\n".join(problems)


def test_the_readme_and_the_command_pages_have_runnable_blocks() -> None:
    pages = {block.page for block in BLOCKS}
    assert {"README.md", "docs/README.md", "docs/lint.md", "docs/diff.md"} <= pages
    assert "docs/replay.md" in pages


def test_the_readme_is_at_most_200_lines() -> None:
    assert len((REPO / "README.md").read_text(encoding="utf-8").splitlines()) <= 200


# The test's own rules, on blocks written here: each would pass if the rule broke.


def test_a_wildcard_line_stands_for_any_lines_and_a_wildcard_in_a_line_for_any_text() -> None:
    assert shows(("seamguard lint: …", "…", "6 passed"), "seamguard lint: x\na\nb\n6 passed\n")
    assert shows(("…", "6 passed"), "6 passed  \n\n")
    assert not shows(("…", "6 passed"), "5 passed\n")
    assert not shows(("6 passed",), "6 passed\n1 failed\n")
    assert not shows(("seed: …",), "seed: 3\nmore\n")


def test_a_page_that_shows_other_output_fails(tmp_path: Path) -> None:
    text = "<!-- runnable -->\n```console\n$ echo 54 passed\n53 passed\n```\n"
    (block,) = runnable_blocks(text, "page.md")
    assert run_block(block, tmp_path)


def test_an_unexpected_exit_code_fails_even_with_no_output_shown(tmp_path: Path) -> None:
    # The bookapp replay that said "passed": the bug's variable missing from the replay line.
    text = "<!-- runnable cwd=examples exit=1 -->\n```sh\ncd bookapp\ntrue   # exits 0\n```\n"
    (block,) = runnable_blocks(text, "page.md")
    assert block.steps == (Step("cd bookapp", None), Step("true   # exits 0", None))
    problems = run_block(block, tmp_path)
    assert len(problems) == 1
    assert "exit 0, not 1" in problems[0]


def test_a_marker_must_precede_a_shell_block() -> None:
    with pytest.raises(ValueError, match=r"page\.md:1"):
        runnable_blocks("<!-- runnable -->\n```python\nprint()\n```\n", "page.md")
    with pytest.raises(ValueError, match="unknown option"):
        runnable_blocks("<!-- runnable cwdd=x -->\n```sh\ntrue\n```\n", "page.md")
