"""The JSON report file: written where ``--report-json`` says, or one usage error line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from seamguard.cli import cli
from tests.unit.helpers import make_tree, write_config


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_tree(tmp_path / "contracts")
    write_config(tmp_path, "")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_report_is_written_with_its_folders(project: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", "--report-json", "out/deep/report.json"])

    assert result.exit_code == 0, result.output
    assert json.loads((project / "out" / "deep" / "report.json").read_text())["version"] == 1


@pytest.mark.usefixtures("project")
def test_a_report_path_that_cannot_be_written_is_one_usage_error_line() -> None:
    # Its folder is a file: mkdir raised FileExistsError through the CLI (self-fuzz).
    result = CliRunner().invoke(cli, ["lint", "--report-json", "seamguard.toml/report.json"])

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.stderr.splitlines()
    assert line.startswith("seamguard: error: cannot write the JSON report to ")
    assert line.endswith("seamguard.toml/report.json (File exists: seamguard.toml)")
