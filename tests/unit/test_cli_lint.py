"""``seamguard lint``: exit 0 valid, 1 a contract is invalid, 2 a usage or config error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli
from tests.unit.helpers import make_tree, write_config, write_contract, write_json

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a valid contracts tree and a config binding one seam."""
    make_tree(tmp_path / "contracts")
    write_config(
        tmp_path,
        '[[seams]]\ncontract = "things.create"\nversion = "1.1"\n'
        'logic = "things.logic:create_thing"\n',
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args: str) -> Result:
    return CliRunner().invoke(cli, ["lint", *args])


def test_a_valid_tree_exits_0_and_lists_every_version(project: Path) -> None:
    result = lint()

    assert result.exit_code == 0, result.output
    for label in ("things.create@1.0", "things.create@1.1", "things.get@1.0"):
        assert label in result.stdout
    assert "things.create@1.1            contract-compat" in result.stdout
    assert "4 passed" in result.stdout


def plant_invalid_keyword(project: Path) -> str:
    write_contract(
        project / "contracts",
        "things.get",
        "1.0",
        input_schema={"properties": {"name": {"type": "string", "maxLength": -1}}},
    )
    return "things.get/1.0/input.schema.json#/properties/name/maxLength"


def plant_unresolvable_ref(project: Path) -> str:
    write_contract(
        project / "contracts",
        "things.get",
        "1.0",
        input_schema={"properties": {"name": {"$ref": "#/$defs/Name"}}},
    )
    return "things.get/1.0/input.schema.json#/properties/name/$ref"


def plant_remote_ref(project: Path) -> str:
    write_contract(
        project / "contracts",
        "things.get",
        "1.0",
        input_schema={"properties": {"name": {"$ref": "https://schemas.example.com/n.json"}}},
    )
    return "remote $refs are refused, never fetched"


def plant_escaping_ref(project: Path) -> str:
    write_json(project / "secret.schema.json", {"type": "string"})
    write_contract(
        project / "contracts",
        "things.get",
        "1.0",
        input_schema={"properties": {"name": {"$ref": "../../../secret.schema.json"}}},
    )
    return "outside the contracts root"


def plant_malformed_json(project: Path) -> str:
    (project / "contracts" / "things.get" / "1.0" / "output.schema.json").write_text(
        '{"type": "object"', encoding="utf-8"
    )
    return "things.get/1.0/output.schema.json"


def plant_bad_version_folder(project: Path) -> str:
    write_contract(project / "contracts", "things.get", "v2")
    return "version folder name 'v2' is not MAJOR.MINOR"


def plant_ref_cycle(project: Path) -> str:
    write_contract(
        project / "contracts",
        "things.get",
        "1.0",
        input_schema={
            "$defs": {"a": {"$ref": "#/$defs/a"}},
            "properties": {"n": {"$ref": "#/$defs/a"}},
        },
    )
    return "$ref cycle with no base case: /$defs/a -> /$defs/a"


def plant_unknown_dialect(project: Path) -> str:
    write_contract(
        project / "contracts",
        "things.get",
        "1.0",
        input_schema={"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"},
    )
    return "Draft 4"


@pytest.mark.parametrize(
    "plant",
    [
        plant_ref_cycle,
        plant_unknown_dialect,
        plant_invalid_keyword,
        plant_unresolvable_ref,
        plant_remote_ref,
        plant_escaping_ref,
        plant_malformed_json,
        plant_bad_version_folder,
    ],
)
def test_each_planted_defect_exits_1_naming_where(project: Path, plant: object) -> None:
    words = plant(project)  # type: ignore[operator]

    result = lint()

    assert result.exit_code == 1, result.output
    assert words in result.stdout
    assert "FAIL" in result.stdout
    assert "contract-valid" in result.stdout
    assert "Traceback" not in result.output


def test_a_bad_config_key_exits_2_with_one_line(project: Path) -> None:
    write_config(project, "max_examples = 10\n")

    result = lint()

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "unknown key 'max_examples'; did you mean 'max-examples'?" in result.stderr
    assert "Traceback" not in result.output


SEAM = '[[seams]]\ncontract = "things.create"\nlogic = "things.logic:create_thing"\n'


@pytest.mark.parametrize(
    ("config", "words"),
    [
        (
            'contracts = "contracts\nmax-examples = 5\n',
            "seamguard.toml: is not valid TOML: Illegal character '\\n' (at line 1",
        ),
        (SEAM + SEAM, "seam 'things.create' is already bound by entry 1"),
        ('timeout = "soon"\n', "'timeout': expected seconds"),
        (
            SEAM + 'rest = "a:b"\n',
            "did you mean 'reset'",
        ),
    ],
)
def test_a_bad_config_exits_2_with_one_line_naming_the_key(
    project: Path, config: str, words: str
) -> None:
    write_config(project, config)

    result = lint()

    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.output


def test_an_empty_contracts_root_exits_2(project: Path) -> None:
    (project / "empty").mkdir()
    write_config(project, 'contracts = "empty"\n')

    result = lint()

    assert result.exit_code == 2
    assert "empty" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_missing_contracts_root_exits_2(project: Path) -> None:
    write_config(project, 'contracts = "schemas"\n')

    result = lint()

    assert result.exit_code == 2
    assert "contracts root" in result.stderr
    assert "does not exist" in result.stderr


def test_a_binding_to_an_unknown_seam_or_version_exits_2(project: Path) -> None:
    write_config(project, '[[seams]]\ncontract = "things.craete"\nlogic = "a:b"\n')
    result = lint()
    assert result.exit_code == 2
    assert "did you mean 'things.create'" in result.stderr

    write_config(project, '[[seams]]\ncontract = "things.get"\nversion = "2.0"\nlogic = "a:b"\n')
    result = lint()
    assert result.exit_code == 2
    assert "version 2.0, which has no folder (versions: 1.0)" in result.stderr


def test_seam_option_limits_the_run_and_rejects_unknown_names(project: Path) -> None:
    result = lint("--seam", "things.get")
    assert result.exit_code == 0
    assert "things.get@1.0" in result.stdout
    assert "things.create" not in result.stdout

    result = lint("--seam", "things.gte")
    assert result.exit_code == 2
    assert "did you mean 'things.get'" in result.stderr


def test_report_json_has_the_documented_shape(project: Path) -> None:
    plant_invalid_keyword(project)

    result = lint("--report-json", "out/report.json")

    assert result.exit_code == 1
    report = json.loads((project / "out" / "report.json").read_text())
    assert report["version"] == 1
    assert report["summary"] == {"passed": 3, "failed": 1, "error": 0, "skipped": 0}
    assert [s["name"] for s in report["seams"]] == ["things.create", "things.get"]
    assert report["seams"][0]["bound_version"] == "1.1"
    failed = [r for r in report["results"] if r["status"] == "failed"]
    assert len(failed) == 1
    assert (failed[0]["seam"], failed[0]["version"], failed[0]["check"]) == (
        "things.get",
        "1.0",
        "contract-valid",
    )
    (failure,) = failed[0]["failures"]
    assert failure["pointer"] == "/properties/name/maxLength"
    assert failure["file"] == "contracts/things.get/1.0/input.schema.json"
    assert len(failure["id"]) == 12
    assert set(failure) >= {"id", "message", "example", "seed", "reproduce"}


def test_report_ids_are_the_same_across_runs(project: Path) -> None:
    plant_invalid_keyword(project)
    lint("--report-json", "a.json")
    lint("--report-json", "b.json")

    assert (project / "a.json").read_text() == (project / "b.json").read_text()


def test_contracts_option_lints_another_tree(project: Path, tmp_path: Path) -> None:
    other = make_tree(tmp_path / "other")
    write_contract(other, "things.get", "bad")
    write_config(project, "")

    result = lint("--contracts", str(other))

    assert result.exit_code == 1
    assert "things.get@bad" in result.stdout


def test_the_installed_script_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    write_config(tmp_path, "rotues = []\n")
    env = {**os.environ, "NO_COLOR": "1"}

    done = subprocess.run(
        [sys.executable, "-m", "seamguard", "lint"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "seamguard: error: seamguard.toml: unknown key 'rotues'; did you mean 'routes', "
        "a key of a [[seams]] entry? "
        "(known keys: contracts, app, openapi, max-examples, compatibility, policy, timeout, "
        "provide, auth, app-setup, seams)"
    ]


def test_the_project_contracts_are_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "seamguard", "lint"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "tasks.create@1.1" in done.stdout
