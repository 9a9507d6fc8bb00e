"""``seamguard check`` writes the same JSON reports as before the restructure of issue 14.

``tests/golden/*.json`` holds the reports the code of commit 36ea937 (main before the
restructure) wrote for taskapp, examples/bookapp and the notes fixture, clean and with a
planted bug, under fixed seeds and few examples. This test runs the same commands on the
current tree and compares the reports after :func:`normalise`: the same seams, results,
statuses, check ids, messages, examples and counts.

Each run is a subprocess in a copy of its project under ``tmp_path`` (no report or database
lands in the tree, and no module state is shared between runs). To write the golden reports
again, on purpose, from a given tree::

    PYTHONPATH=<tree>/src .venv/bin/python tests/integration/test_golden_reports.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = "5"

#: Variables that plant bugs or move taskapp's database; every run sets its own.
CLEARED_VARIABLES = ("BOOKAPP_BUG", "NOTES_BUG", "TASKAPP_DB")


@dataclass(frozen=True)
class Case:
    """One ``seamguard check`` run: which project, what is planted, which seed."""

    name: str
    #: The project's files, relative to the repository root, copied to the run's folder.
    files: tuple[str, ...]
    seed: int
    env: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    #: A copied schema file (path in the project) and the top-level keys set in it.
    edit: tuple[str, dict[str, Any]] | None = None
    exit_code: int = 0


TASKAPP = ("pyproject.toml", "contracts")
BOOKAPP = ("examples/bookapp",)
NOTES = ("tests/unit/services/notes",)
GET_OUTPUT = "contracts/tasks.get/1.0/output.schema.json"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

CASES = (
    Case("taskapp", TASKAPP, seed=1),
    # A planted contract bug: tasks.get's output demands a field its Task forbids.
    Case(
        "taskapp-unsatisfiable",
        TASKAPP,
        seed=2,
        args=("--seam", "tasks.get"),
        edit=(GET_OUTPUT, {"required": ["owner"]}),
        exit_code=1,
    ),
    # A planted drift: tasks.get's output wants titles of 20 characters at least, the logic
    # and the API return shorter ones.
    Case(
        "taskapp-long-titles",
        TASKAPP,
        seed=3,
        args=("--seam", "tasks.get"),
        edit=(GET_OUTPUT, {"properties": {"title": {"minLength": 20}}}),
        exit_code=1,
    ),
    Case("bookapp", BOOKAPP, seed=1),
    Case(
        "bookapp-logic-output-conforms",
        BOOKAPP,
        seed=3,
        env={"BOOKAPP_BUG": "logic-output-conforms"},
        exit_code=1,
    ),
    Case(
        "bookapp-api-rejects-invalid",
        BOOKAPP,
        seed=4,
        env={"BOOKAPP_BUG": "api-rejects-invalid"},
        exit_code=1,
    ),
    Case("notes", NOTES, seed=7),
    Case(
        "notes-api-hands-valid-input",
        NOTES,
        seed=7,
        env={"NOTES_BUG": "api-hands-valid-input"},
        exit_code=1,
    ),
)


def copy_project(case: Case, folder: Path) -> Path:
    """Copy the case's project files into ``folder`` and apply its edit; the project root."""
    for name in case.files:
        source = ROOT / name
        target = folder / source.name
        if source.is_dir():
            shutil.copytree(
                source,
                target,
                ignore=shutil.ignore_patterns(".seamguard", ".hypothesis", "__pycache__"),
            )
        else:
            shutil.copy2(source, target)
    project = folder / Path(case.files[0]).name if len(case.files) == 1 else folder
    if case.edit is not None:
        path, keys = case.edit
        edited = project / path
        document = json.loads(edited.read_text("utf-8"))
        document.update(keys)
        edited.write_text(json.dumps(document, indent=2), "utf-8")
    return project


def run_case(case: Case, folder: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Run the case's ``seamguard check`` in a copy of its project; the process and report."""
    project = copy_project(case, folder)
    report = folder / "report.json"
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_VARIABLES}
    env.update(case.env, TASKAPP_DB=str(folder / "taskapp.db"), NO_COLOR="1", COLUMNS="200")
    command = [
        sys.executable,
        "-m",
        "seamguard",
        "check",
        "--report-json",
        str(report),
        "--seed",
        str(case.seed),
        "--max-examples",
        EXAMPLES,
        "--example-db",
        "none",
        *case.args,
    ]
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    data = json.loads(report.read_text("utf-8")) if report.exists() else {}
    return done, normalise(data)


def normalise(report: Any) -> Any:
    """The report without what varies between runs: UUIDs and the order of a message's parts.

    taskapp gives each task a random UUID (``uuid4``), which shows in the URLs of failures:
    each distinct UUID becomes ``<uuid-N>``, numbered in order of appearance, so a report
    that names one task twice still does. A failure's message joins the failures
    Schemathesis found in one response with ``"; "``, and Schemathesis gathers them in a
    set, so their order changes with the hash seed: the parts are compared sorted.
    """
    uuids: dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        return uuids.setdefault(match.group(0), f"<uuid-{len(uuids) + 1}>")

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, str):
            value = UUID.sub(number, value)
            return sorted_parts(value) if key == "message" else value
        return value

    return walk(report)


def sorted_parts(message: str) -> str:
    """A message with its ``"; "``-joined parts in sorted order, after any leading
    ``"METHOD /path: "`` of the operation."""
    operation, body = re.fullmatch(r"([A-Z]+ /\S*: )?(.*)", message, re.DOTALL).groups("")  # type: ignore[union-attr]
    return operation + "; ".join(sorted(body.split("; ")))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_report_is_the_golden_one(case: Case, tmp_path: Path) -> None:
    # Given the report the code before the restructure wrote for this project and seed
    golden = json.loads((GOLDEN / f"{case.name}.json").read_text("utf-8"))

    # When the current tree runs the same command
    done, report = run_case(case, tmp_path)

    # Then it exits the same way and writes the same report
    assert done.returncode == case.exit_code, done.stdout + done.stderr
    assert report["results"] == golden["results"]
    assert report == golden


def write_golden() -> None:
    """Write every case's normalised report to ``tests/golden`` (from the importable tree)."""
    GOLDEN.mkdir(exist_ok=True)
    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            done, report = run_case(case, Path(folder))
        if done.returncode != case.exit_code:
            raise SystemExit(f"{case.name}: exit {done.returncode}\n{done.stdout}{done.stderr}")
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        (GOLDEN / f"{case.name}.json").write_text(text, "utf-8")
        print(f"{case.name}: exit {done.returncode}, {len(report['results'])} results")


if __name__ == "__main__":
    write_golden()
