"""A newcomer's first hour on their own service (issue 15, points 1 and 6): what used to be
silently wrong or unhelpful is a usage error that names the file and line, or is done for
them.

- A ``pyproject.toml`` that is not TOML is an error (exit 2) naming its file, line and
  column, not a project with no configuration (``lint`` said "8 passed").
- An empty folder is told that no configuration file was found, and about ``init``.
- An app whose module raises, or does not parse, at import is named with the file:line.
- ``init`` adds ``.seamguard/`` to the project's ``.gitignore``, once.
- ``new-version`` names the new version in the copied schemas' ``title``.
- A failure's pasted pytest snippet works from any working directory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.scaffold._ignore import IGNORED, ignore_run_folder
from tests.unit.helpers import make_tree, write_config

HERE = Path(__file__).parent
SHELF = HERE / "services" / "shelf"
STAMPS = HERE / "services" / "stamps"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def error_line(result: Result) -> str:
    """The one line a usage error prints, without a traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == package]:
        del sys.modules[name]


# -- 1. a pyproject.toml that is not TOML ---------------------------------------------------


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose pyproject.toml has the issue's slip: a trailing comma."""
    make_tree(tmp_path / "contracts")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.seamguard]\nmax-examples = 100,\n\n[[tool.seamguard.seams]]\n"
        'contract = "things.create"\nlogic = "things.logic:create_thing"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", ["lint", "check"])
def test_a_pyproject_that_is_not_toml_is_a_usage_error_naming_line_and_column(
    broken: Path, command: str
) -> None:
    line = error_line(run(command))

    assert f"{broken.resolve() / 'pyproject.toml'}: is not valid TOML: " in line
    assert "(at line 2, column 19)" in line
    assert "passed" not in line
    assert "no seams are bound" not in line


def test_a_pyproject_that_is_not_toml_in_a_parent_folder_is_named_too(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = broken / "src" / "things"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)

    assert "pyproject.toml: is not valid TOML" in error_line(run("lint"))


def test_a_pyproject_of_another_tool_is_still_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path / "contracts")
    write_config(tmp_path, "")
    inner = tmp_path / "package"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n", encoding="utf-8")
    monkeypatch.chdir(inner)

    result = run("lint", "--contracts", str(tmp_path / "contracts"))

    assert result.exit_code == 0, result.output
    assert load_config().source == (tmp_path / "seamguard.toml").resolve()


# -- 6. an empty folder -------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["lint"], ["new-version", "books.get", "--minor"]])
def test_an_empty_folder_is_told_no_config_was_found_and_about_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)

    line = error_line(run(*command))

    assert line == (
        "seamguard: error: no configuration file found (pyproject.toml with "
        f"[tool.seamguard], or seamguard.toml) from {tmp_path.resolve()} upwards; run "
        "`seamguard init --app MODULE:APP` to create one"
    )


def test_a_config_that_binds_nothing_still_says_how_to_bind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path, "max-examples = 5\n")
    monkeypatch.chdir(tmp_path)

    line = error_line(run("check"))

    assert "no seams are bound in" in line
    assert "no configuration file found" not in line


# -- 6. an app that does not import -------------------------------------------------------------


@pytest.fixture
def importing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project whose app module is chosen by each test (``sgimport_app.<module>:app``)."""
    make_tree(tmp_path / "contracts")
    package = tmp_path / "sgimport_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "logic.py").write_text("def create_thing(name: str) -> dict:\n    return {}\n")
    (package / "raising.py").write_text(
        'import os\n\nraise RuntimeError("no database\\nconfigured")\n'
    )
    (package / "unreadable.py").write_text("def broken(:\n    pass\n")
    monkeypatch.chdir(tmp_path)
    _forget("sgimport_app")
    yield tmp_path
    _forget("sgimport_app")


@pytest.mark.parametrize(
    ("module", "words", "at"),
    [
        ("raising", "RuntimeError: no database", ":3, in <module>)"),
        ("unreadable", "SyntaxError: invalid syntax", ":1)"),
    ],
)
def test_an_app_that_fails_at_import_is_named_with_its_file_and_line(
    importing: Path, module: str, words: str, at: str
) -> None:
    write_config(
        importing,
        f'app = "sgimport_app.{module}:app"\n[[seams]]\ncontract = "things.create"\n'
        'version = "1.1"\nlogic = "sgimport_app.logic:create_thing"\n',
    )

    line = error_line(run("check", "--max-examples", "1"))

    source = importing.resolve() / "sgimport_app" / f"{module}.py"
    assert f"'app' = 'sgimport_app.{module}:app': importing sgimport_app.{module} failed" in line
    assert words in line
    assert f"(at {source}{at}" in line


# -- 6. init and .gitignore ---------------------------------------------------------------------


@pytest.fixture
def shelf(tmp_path: Path) -> Iterator[Path]:
    """A copy of the shelf service with no contracts and no configuration."""
    root = tmp_path / "shelf"
    shutil.copytree(SHELF, root, ignore=shutil.ignore_patterns("__pycache__"))
    _forget("shelf_app")
    yield root
    _forget("shelf_app")


def _init(root: Path, *args: str) -> Result:
    return run("init", "--app", "shelf_app.api:app", "--dir", str(root), "--yes", *args)


def test_init_makes_a_gitignore_with_the_run_folder(shelf: Path) -> None:
    result = _init(shelf)

    assert result.exit_code == 0, result.output
    lines = (shelf / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines.count(IGNORED) == 1
    assert "wrote .gitignore" in result.output


def test_init_appends_to_a_gitignore_once_and_never_twice(shelf: Path) -> None:
    (shelf / ".gitignore").write_text("__pycache__/\n*.db", encoding="utf-8")

    first = _init(shelf)
    second = _init(shelf, "--force")

    assert first.exit_code == second.exit_code == 0, first.output + second.output
    text = (shelf / ".gitignore").read_text(encoding="utf-8")
    assert text.startswith("__pycache__/\n*.db\n")
    assert text.splitlines().count(IGNORED) == 1
    assert "wrote .gitignore" not in second.output


@pytest.mark.parametrize("line", [".seamguard", "/.seamguard/", "  .seamguard/  "])
def test_a_gitignore_that_ignores_the_folder_already_is_left_alone(
    tmp_path: Path, line: str
) -> None:
    (tmp_path / ".gitignore").write_text(f"dist/\n{line}\n", encoding="utf-8")

    assert ignore_run_folder(tmp_path) is None
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == f"dist/\n{line}\n"


# -- 6. new-version and the title ---------------------------------------------------------------


def _schema(version: str, side: str, title: str) -> dict[str, object]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://shelf.example/contracts/books.get/{version}/{side}.schema.json",
        "title": title,
        "type": "object",
        "properties": {"edition": {"title": f"Edition {version}", "type": "string"}},
    }


@pytest.mark.parametrize(
    ("flag", "old_title", "new_title"),
    [
        ("--minor", "books.get 1.1 input", "books.get 1.2 input"),
        ("--major", "books.get 1.1 input", "books.get 2.0 input"),
        ("--minor", "Book lookup, v1.1 (was 11.1.3 in the old API)", None),
        ("--minor", "Book lookup", None),
    ],
)
def test_new_version_names_the_new_version_in_the_title(
    tmp_path: Path, flag: str, old_title: str, new_title: str | None
) -> None:
    folder = tmp_path / "contracts" / "books.get" / "1.1"
    folder.mkdir(parents=True)
    for side in ("input", "output"):
        path = folder / f"{side}.schema.json"
        path.write_text(json.dumps(_schema("1.1", side, old_title), indent=2) + "\n")
    config = tmp_path / "seamguard.toml"
    config.write_text('[[seams]]\ncontract = "books.get"\nlogic = "shelf_app.service:get"\n')

    result = run("new-version", "books.get", flag, "--config", str(config))

    assert result.exit_code == 0, result.output
    made = "1.2" if flag == "--minor" else "2.0"
    copied = json.loads(
        (tmp_path / "contracts" / "books.get" / made / "input.schema.json").read_text()
    )
    expected = new_title
    if expected is None:  # a version as a word is moved; 11.1.3 and titles without one are not
        expected = old_title.replace("v1.1 ", f"v{made} ")
    assert copied["title"] == expected
    assert copied["$id"].endswith(f"/books.get/{made}/input.schema.json")
    assert copied["properties"]["edition"]["title"] == "Edition 1.1"  # only the top level


# -- 6. the pasted pytest snippet, from any working directory -----------------------------------


@pytest.fixture
def stamps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "stamps"
    shutil.copytree(STAMPS, root, ignore=shutil.ignore_patterns("__pycache__", ".seamguard"))
    monkeypatch.chdir(root)
    _forget("stamps_app")
    yield root
    _forget("stamps_app")


def test_the_pasted_snippet_finds_its_config_from_any_working_directory(
    stamps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAMPS_BUG", "output")
    found = run_check(load_config(), seed=1, max_examples=5, example_db="none")
    failure = next(
        f for r in found.results if r.check == "logic-output-conforms" for f in r.failures
    )
    snippet = failure.reproduce
    assert "config='seamguard.toml'" in snippet  # as the run named it, from the project root
    tests = stamps / "tests"
    tests.mkdir()
    (tests / "test_pasted.py").write_text(snippet, encoding="utf-8")

    # Neither folder holds seamguard.toml: the snippet's config is found upwards from the
    # test file. With the bug, the test fails with the failure; without it, it passes.
    runs = ((tests, "test_pasted.py", "output"), (stamps.parent, "stamps/tests", ""))
    for cwd, target, bug in runs:
        done = subprocess.run(
            (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target),
            cwd=cwd,
            env={**os.environ, "STAMPS_BUG": bug},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        output = done.stdout + done.stderr
        assert "does not exist" not in output, output
        if bug:
            assert done.returncode == 1, output
            assert re.search(
                r"ContractViolation: \[logic-output-conforms\] stamps\.create@", output
            )
        else:
            assert done.returncode == 0, output
