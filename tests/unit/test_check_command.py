"""``seamguard check`` on a service it was not written for: every planted bug is caught with
its check id, the clean service passes over several seeds, the same seed repeats itself."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli

NOTES = Path(__file__).parent / "services" / "notes"
CONFIG = NOTES / "seamguard.toml"
EXAMPLES = "25"


def check(tmp_path: Path, *args: str, config: Path = CONFIG) -> tuple[Result, dict[str, Any]]:
    report = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.json"
    result = CliRunner().invoke(
        cli,
        [
            "check",
            "--config",
            str(config),
            "--max-examples",
            EXAMPLES,
            "--report-json",
            str(report),
            *args,
        ],
    )
    data = json.loads(report.read_text()) if report.exists() else {}
    return result, data


def failed(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["seam"], r["check"]) for r in report["results"] if r["status"] == "failed"}


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTES_BUG", raising=False)


@pytest.mark.parametrize(
    ("bug", "seam"),
    [
        ("logic-accepts-input", "notes.create"),
        ("logic-output-conforms", "notes.create"),
        ("api-hands-valid-input", "notes.search"),
        ("api-accepted-crossed", "notes.create"),
        ("api-rejects-invalid", "notes.create"),
        ("api-response-conforms", "notes.get"),
    ],
)
def test_each_planted_bug_fails_its_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bug: str, seam: str
) -> None:
    # Given the notes service with one bug planted
    monkeypatch.setenv("NOTES_BUG", bug)

    # When seamguard checks it
    result, report = check(tmp_path, "--seed", "7")

    # Then the run fails on that check of that seam (a logic that crashes also makes the
    # API answer 500, which api-rejects-invalid reports too), with a minimal example and a
    # reproduction; the other seams pass
    assert result.exit_code == 1, result.output
    assert (seam, bug) in failed(report)
    assert {s for s, _ in failed(report)} == {seam}
    (entry,) = [r for r in report["results"] if (r["seam"], r["check"]) == (seam, bug)]
    (failure,) = entry["failures"]
    assert failure["example"] is not None
    assert failure["seed"] == 7
    assert failure["reproduce"]
    assert len(failure["id"]) == 12
    assert f"FAIL   {seam}@1.0" in result.stdout


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_clean_service_passes_every_check(tmp_path: Path, seed: int) -> None:
    result, report = check(tmp_path, "--seed", str(seed))

    assert result.exit_code == 0, result.output
    assert report["summary"]["failed"] == 0
    assert report["summary"]["error"] == 0
    checks = {(r["seam"], r["check"]) for r in report["results"] if r["status"] == "passed"}
    for seam in ("notes.create", "notes.get", "notes.search"):
        for check_id in (
            "contract-valid",
            "api-within-logic",
            "logic-accepts-input",
            "logic-output-conforms",
            "api-hands-valid-input",
            "api-accepted-crossed",
            "api-rejects-invalid",
            "api-response-conforms",
        ):
            assert (seam, check_id) in checks
    assert all(stats["success"] > 0 for stats in report["operations"].values())


def test_the_same_seed_gives_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_BUG", "api-hands-valid-input")

    # Without an example database a seed is the whole story: the same examples, in order.
    _, first = check(tmp_path, "--seed", "11", "--example-db", "none")
    _, second = check(tmp_path, "--seed", "11", "--example-db", "none")

    assert first["results"] == second["results"]
    assert first["seed"] == second["seed"] == 11


def test_with_the_example_database_a_second_run_names_the_same_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default database replays the saved failing example first, so the second run
    # draws fewer examples, but it must find the same failures, under the same ids.
    monkeypatch.setenv("NOTES_BUG", "api-hands-valid-input")

    _, first = check(tmp_path, "--seed", "11")
    _, second = check(tmp_path, "--seed", "11")

    def failures(report: dict[str, Any]) -> list[tuple[str, str, str, list[str]]]:
        return [
            (r["seam"], r["check"], r["status"], [f["id"] for f in r["failures"]])
            for r in report["results"]
        ]

    assert failures(first) == failures(second)
    assert any(r["failures"] for r in first["results"])


def test_an_invalid_contract_fails_contract_valid_and_skips_its_seam(tmp_path: Path) -> None:
    # Given a copy of the service whose notes.get input schema is broken
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    schema = service / "contracts" / "notes.get" / "1.0" / "input.schema.json"
    document = json.loads(schema.read_text())
    document["properties"]["note_id"]["maxLength"] = -1
    schema.write_text(json.dumps(document))

    result, report = check(tmp_path, config=service / "seamguard.toml")

    assert result.exit_code == 1
    assert failed(report) == {("notes.get", "contract-valid")}
    skipped = {r["check"] for r in report["results"] if r["seam"] == "notes.get"} - {
        "contract-valid"
    }
    assert skipped
    assert all(
        r["status"] == "skipped"
        for r in report["results"]
        if r["seam"] == "notes.get" and r["check"] != "contract-valid"
    )


def test_broken_shared_definitions_skip_every_seam_and_replay_refuses_them(
    tmp_path: Path,
) -> None:
    # Given a copy of the service with a shared definition file that is not a valid schema
    # (any contract may $ref it, so no seam can be trusted to run)
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    shared = service / "contracts" / "_shared" / "defs.json"
    shared.parent.mkdir()
    shared.write_text(json.dumps({"$defs": {"Id": {"type": "uuid"}}}))

    # When seamguard checks it, every seam's checks are skipped and the shared file fails
    result, report = check(tmp_path, config=service / "seamguard.toml")

    assert result.exit_code == 1, result.output
    assert failed(report) == {("_shared", "contract-valid")}
    for seam in ("notes.create", "notes.get", "notes.search"):
        statuses = {r["status"] for r in report["results"] if r["seam"] == seam}
        assert statuses == {"passed", "skipped"}, (seam, statuses)

    # And a replay of an example of such a seam is refused with one clear error
    from seamguard.errors import ConfigError
    from seamguard.replay import reproduce

    with pytest.raises(
        ConfigError, match=re.escape("no bound seam 'notes.get' with a valid contract")
    ):
        reproduce(
            "notes.get",
            "logic-accepts-input",
            {"note_id": "7d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"},
            config=service / "seamguard.toml",
        )


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (
            (
                'logic = "notes_fixture.logic:create_note"',
                'logic = "notes_fixture.logic:creat_note"',
            ),
            "did you mean 'create_note'",
        ),
        (
            ('routes = ["POST /notes"]', 'routes = ["POST /note"]'),
            "route 'POST /note' is not an operation of the app's OpenAPI document",
        ),
        (
            ('app = "notes_fixture.api:app"', 'app = "notes_fixture.nope:app"'),
            "no module named 'notes_fixture.nope'",
        ),
    ],
)
def test_a_bad_binding_exits_2_with_one_line(
    tmp_path: Path, edit: tuple[str, str], words: str
) -> None:
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    config = service / "seamguard.toml"
    text = config.read_text()
    assert edit[0] in text
    config.write_text(text.replace(edit[0], edit[1]))

    result, _ = check(tmp_path, config=config)

    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert "Traceback" not in result.output


def test_a_route_wider_than_its_seam_fails_api_within_logic(tmp_path: Path) -> None:
    # Given a copy of the service whose notes.create contract allows shorter titles (20)
    # than the API accepts (80)
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    schema = service / "contracts" / "notes.create" / "1.0" / "input.schema.json"
    document = json.loads(schema.read_text())
    document["properties"]["title"]["maxLength"] = 20
    document["examples"] = [{"title": "short"}]
    schema.write_text(json.dumps(document))

    # When seamguard checks it
    result, report = check(tmp_path, "--seed", "3", config=service / "seamguard.toml")

    # Then the static check names the property, the bound, and a title that shows it
    assert result.exit_code == 1, result.output
    assert ("notes.create", "api-within-logic") in failed(report)
    (entry,) = [
        r
        for r in report["results"]
        if (r["seam"], r["check"]) == ("notes.create", "api-within-logic")
    ]
    (failure,) = entry["failures"]
    assert "body property 'title'" in failure["message"]
    assert "at most 20" in failure["message"]
    assert len(failure["example"]["title"]) > 20
    assert failure["pointer"] == "/properties/title"


def _undocument_400(tmp_path: Path) -> Path:
    """A copy of the service reading its OpenAPI from a file where POST /notes lacks its 400."""
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    import sys

    sys.path.insert(0, str(NOTES))
    try:
        from notes_fixture.api import openapi_document
    finally:
        sys.path.remove(str(NOTES))
    document = openapi_document()
    del document["paths"]["/notes"]["post"]["responses"]["400"]
    (service / "openapi.json").write_text(json.dumps(document))
    config = service / "seamguard.toml"
    config.write_text(
        config.read_text().replace('openapi = "/openapi.json"', 'openapi = "openapi.json"')
    )
    return config


def test_an_undocumented_400_to_a_body_that_is_not_json_is_left_alone(tmp_path: Path) -> None:
    # Given a service whose OpenAPI file (read from disk) does not document the 400 its
    # framework layer gives a body that is not JSON at all
    config = _undocument_400(tmp_path)

    # When seamguard checks it, and again with --http-checks all
    result, report = check(tmp_path, "--seed", "5", config=config)
    strict, strict_report = check(tmp_path, "--seed", "5", "--http-checks", "all", config=config)

    # Then the seam checks raise no alarm; the strict HTTP checks report the undocumented 400
    assert result.exit_code == 0, result.output
    assert report["summary"]["failed"] == 0
    assert strict.exit_code == 1
    assert ("notes.create", "api-response-conforms") in failed(strict_report)
    (entry,) = [
        r
        for r in strict_report["results"]
        if (r["seam"], r["check"]) == ("notes.create", "api-response-conforms")
    ]
    assert "Received: 400" in entry["failures"][0]["message"]


def test_without_an_app_the_logic_side_still_runs(tmp_path: Path) -> None:
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    config = service / "seamguard.toml"
    config.write_text(config.read_text().replace('app = "notes_fixture.api:app"\n', ""))

    result, report = check(tmp_path, "--seed", "2", config=config)

    assert result.exit_code == 0, result.output
    statuses = {(r["seam"], r["check"]): r["status"] for r in report["results"]}
    assert statuses[("notes.create", "logic-accepts-input")] == "passed"
    assert statuses[("notes.create", "api-hands-valid-input")] == "skipped"
    assert statuses[("notes.create", "api-within-logic")] == "skipped"
    # notes' logic takes no pydantic model either: model-matches-contract is skipped too
    assert statuses[("notes.create", "model-matches-contract")] == "skipped"
    assert report["summary"]["skipped"] == 3 * (4 + 1 + 1)


def test_a_bound_version_whose_files_do_not_load_fails_contract_valid(tmp_path: Path) -> None:
    # It was exit 2, "seam 'notes.get' has no loadable version" (self-fuzz): a defect in
    # the contracts is a failed check.
    service = tmp_path / "notes"
    shutil.copytree(NOTES, service, ignore=shutil.ignore_patterns("__pycache__"))
    (service / "contracts" / "notes.get" / "1.0" / "output.schema.json").write_text("{")

    result, report = check(tmp_path, "--seam", "notes.get", config=service / "seamguard.toml")

    assert result.exit_code == 1, result.output
    statuses = {(r["seam"], r["version"], r["check"]): r["status"] for r in report["results"]}
    assert statuses[("notes.get", "1.0", "contract-valid")] == "failed"
    assert statuses[("notes.get", "1.0", "logic-accepts-input")] == "skipped"


def test_a_logic_that_calls_sys_exit_fails_logic_accepts_input(tmp_path: Path) -> None:
    # SystemExit went through the logic side and ended seamguard check with the logic's exit
    # code, mid-report (self-fuzz).
    contract = tmp_path / "contracts" / "leaving" / "1.0"
    contract.mkdir(parents=True)
    (contract / "input.schema.json").write_text('{"type": "object"}')
    (contract / "output.schema.json").write_text("{}")
    (tmp_path / "leaving_logic_fixture.py").write_text(
        "def leave(document: dict) -> dict:\n    raise SystemExit(3)\n"
    )
    config = tmp_path / "seamguard.toml"
    config.write_text('[[seams]]\ncontract = "leaving"\nlogic = "leaving_logic_fixture:leave"\n')

    result, report = check(tmp_path, "--seed", "1", config=config)

    assert result.exit_code == 1, result.output
    statuses = {r["check"]: r["status"] for r in report["results"]}
    assert statuses["logic-accepts-input"] == "failed"
    assert "the logic raised SystemExit: 3" in result.output


def test_a_logic_output_holding_a_lone_surrogate_is_printed_escaped(tmp_path: Path) -> None:
    # The failure showed the returned document as it was: printing it on stdout raised
    # UnicodeEncodeError (self-fuzz).
    contract = tmp_path / "contracts" / "odd" / "1.0"
    contract.mkdir(parents=True)
    (contract / "input.schema.json").write_text('{"type": "object"}')
    (contract / "output.schema.json").write_text('{"type": "array"}')
    (tmp_path / "odd_logic_fixture.py").write_text(
        'def answer(document: dict) -> dict:\n    return {"s": "\\ud800"}\n'
    )
    config = tmp_path / "seamguard.toml"
    config.write_text('[[seams]]\ncontract = "odd"\nlogic = "odd_logic_fixture:answer"\n')

    result, report = check(tmp_path, "--seed", "1", config=config)

    assert result.exit_code == 1, result.output
    assert 'it returned {"s": "\\ud800"}' in result.output
    assert report["summary"]["failed"] == 1
