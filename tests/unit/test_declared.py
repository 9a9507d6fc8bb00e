"""``@seamguard.seam``: bindings written on the logic callable instead of in the config."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import seamguard
from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.errors import ConfigError
from seamguard.seams import with_declared

NOTES = Path(__file__).parent / "services" / "notes"

DECORATORS = {
    "def create_note(": '@seamguard.seam("notes.create", version="1.0", routes=["POST /notes"], '
    "raises=(NotesError,))\n",
    "    def get(self": '    @seamguard.seam("notes.get", version="1.0", '
    'routes=["GET /notes/{note_id}"], raises=(NotesError,), instance="{package}.logic:Notebook")\n',
    "async def search_notes(": '@seamguard.seam("notes.search", routes=["GET /notes"], '
    "raises=[NotesError])\n",
}


def declared_service(tmp_path: Path, package: str) -> Path:
    """The notes service under a new package name, its seams declared in code only."""
    root = tmp_path / "service"
    shutil.copytree(NOTES / "contracts", root / "contracts")
    shutil.copytree(NOTES / "notes_fixture", root / package)
    for path in (root / package).glob("*.py"):
        text = path.read_text().replace("notes_fixture", package)
        if path.name == "logic.py":
            text = text.replace("import os\n", "import os\n\nimport seamguard\n", 1)
            for anchor, decorator in DECORATORS.items():
                text = text.replace(anchor, decorator.replace("{package}", package) + anchor, 1)
        path.write_text(text)
    config = (NOTES / "seamguard.toml").read_text()
    head = config.split("[[seams]]")[0].replace("notes_fixture", package)
    head = re.sub(r"(?m)^#.*\n", "", head)
    (root / "seamguard.toml").write_text(head)
    return root / "seamguard.toml"


def run(config: Path, tmp_path: Path) -> tuple[int, dict[str, Any], str]:
    report = tmp_path / "report.json"
    result = CliRunner().invoke(
        cli,
        [
            *("check", "--config", str(config), "--max-examples", "15", "--seed", "3"),
            *("--report-json", str(report)),
        ],
    )
    data = json.loads(report.read_text()) if report.exists() else {}
    return result.exit_code, data, result.output


def test_declared_seams_are_checked_like_configured_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTES_BUG", raising=False)
    config = declared_service(tmp_path, "declared_clean")
    assert "[[seams]]" not in config.read_text()

    code, report, output = run(config, tmp_path)

    assert code == 0, output
    assert {r["seam"] for r in report["results"]} == {"notes.create", "notes.get", "notes.search"}
    ran = {(r["seam"], r["check"]) for r in report["results"] if r["status"] == "passed"}
    assert ("notes.get", "api-hands-valid-input") in ran
    assert ("notes.search", "logic-output-conforms") in ran


def test_a_planted_bug_in_a_declared_seam_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_BUG", "logic-output-conforms")
    config = declared_service(tmp_path, "declared_buggy")

    code, report, output = run(config, tmp_path)

    assert code == 1, output
    failed = {(r["seam"], r["check"]) for r in report["results"] if r["status"] == "failed"}
    assert any(check == "logic-output-conforms" for _seam, check in failed), failed


def test_the_decorator_returns_the_callable_itself() -> None:
    def create(title: str) -> dict[str, str]:
        return {"title": title}

    with pytest.raises(ConfigError, match="cannot be imported by name"):
        seamguard.seam("things.local")(create)  # defined inside a function: not importable
    assert seamguard.seam("things.create")(json.dumps) is json.dumps


def test_a_bad_argument_names_the_key() -> None:
    with pytest.raises(ConfigError, match="'routes': '/things' is not 'METHOD /path'"):
        seamguard.seam("things.bad", routes=["/things"])(json.loads)


def test_an_entry_in_the_file_wins_over_a_declared_one(tmp_path: Path) -> None:
    config = declared_service(tmp_path, "declared_overridden")
    config.write_text(
        config.read_text()
        + '[[seams]]\ncontract = "notes.search"\nlogic = "declared_overridden.logic:reset"\n'
    )

    loaded = with_declared(load_config(config))

    logic = {b.contract: b.logic for b in loaded.seams}
    assert logic["notes.search"] == "declared_overridden.logic:reset"
    assert logic["notes.create"] == "declared_overridden.logic:create_note"
    assert logic["notes.get"] == "declared_overridden.logic:Notebook.get"
