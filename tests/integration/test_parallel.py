"""``seamguard check --workers N`` and ``--shard I/N``.

Workers give the same report as a serial run (statuses, failure ids, example counts); four
shards together report every seam x check exactly once, with the serial run's verdicts.
Both are run for real, as processes, on examples/bookapp with a planted bug.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.contracts import load_contracts
from seamguard.engine._shard import shard_filter

BOOKAPP = Path(__file__).resolve().parents[2] / "examples" / "bookapp"
SEAMGUARD = str(Path(sys.executable).with_name("seamguard"))
ARGS = ("--seed", "3", "--max-examples", "20", "--example-db", "none")


def check(tmp_path: Path, name: str, *extra: str, bug: str = "") -> tuple[int, dict[str, Any]]:
    report = tmp_path / f"{name}.json"
    # One hash seed for every process: Schemathesis words a response-schema failure from
    # whichever keyword its converted schema lists first, and that order follows string
    # hashing (two serial runs differ in that text under PYTHONHASHSEED 1 and 3; the
    # failure ids do not). Forked workers share their parent's seed.
    env = {**os.environ, "BOOKAPP_BUG": bug, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [SEAMGUARD, "check", *ARGS, "--report-json", str(report), *extra],
        cwd=BOOKAPP,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert report.is_file(), done.stdout + done.stderr
    loaded: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return done.returncode, loaded


def verdicts(report: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    return {
        (r["seam"], r["version"], r["check"]): (
            r["status"],
            r["examples"],
            [f["id"] for f in r["failures"]],
        )
        for r in report["results"]
    }


def _wordless(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results without their failures' wording, every other field kept (ids, examples,
    counts, reproductions). Schemathesis words a response-schema failure after the first
    keyword its validator reports, and jsonschema-rs' order there depends on what the
    process compiled before (a contract with the same keywords in another order): a worker
    that ran other units first may say "is longer than 13 characters" where the serial run
    said "does not match '^97[89]...'" about the same value. The failure id does not
    depend on the wording."""
    return [
        {**r, "failures": [{k: v for k, v in f.items() if k != "message"} for f in r["failures"]]}
        for r in results
    ]


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    code, report = check(tmp_path_factory.mktemp("serial"), "serial", bug="logic-output-conforms")
    assert code == 1
    return report


def test_two_workers_give_the_serial_report(serial: dict[str, Any], tmp_path: Path) -> None:
    code, report = check(tmp_path, "workers", "--workers", "2", bug="logic-output-conforms")

    assert code == 1
    assert _wordless(report["results"]) == _wordless(serial["results"])
    assert report["operations"] == serial["operations"]
    failed = {(r["seam"], r["check"]) for r in report["results"] if r["status"] == "failed"}
    assert ("books.create", "logic-output-conforms") in failed


def test_four_shards_run_every_seam_and_check_exactly_once(
    serial: dict[str, Any], tmp_path: Path
) -> None:
    seen: collections.Counter[tuple[str, str, str]] = collections.Counter()
    union: dict[tuple[str, str, str], Any] = {}
    codes = []
    for index in range(1, 5):
        code, report = check(
            tmp_path, f"shard{index}", "--shard", f"{index}/4", bug="logic-output-conforms"
        )
        codes.append(code)
        found = verdicts(report)
        assert found, f"shard {index}/4 ran nothing"
        seen.update(found.keys())
        union.update(found)

    assert [key for key, count in seen.items() if count > 1] == []
    expected = verdicts(serial)
    assert set(union) == set(expected)
    # The same verdicts and failure ids; example counts differ where a shard's positive
    # run holds fewer operations.
    assert {k: (v[0], v[2]) for k, v in union.items()} == {
        k: (v[0], v[2]) for k, v in expected.items()
    }
    assert sorted(codes) == [0, 0, 0, 1]


def test_the_deal_gives_each_seam_to_exactly_one_shard() -> None:
    config = load_config(BOOKAPP / "seamguard.toml")
    registry = load_contracts(config.contracts)
    for count in (1, 2, 3, 4, 7):
        owners: collections.Counter[str] = collections.Counter()
        for index in range(1, count + 1):
            mine = shard_filter(registry, config, (index, count))
            owners.update(name for name in registry.contracts if mine(name))
        assert owners == dict.fromkeys(registry.contracts, 1)
    # Deterministic: the same inputs deal the same way.
    first = shard_filter(registry, config, (2, 4))
    again = shard_filter(registry, config, (2, 4))
    assert [n for n in registry.contracts if first(n)] == [
        n for n in registry.contracts if again(n)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "'0' is not a number of workers"),
        (["--workers", "many"], "'many' is not a number of workers"),
        (["--shard", "5/4"], "'5/4' is not a shard I/N"),
        (["--shard", "0/4"], "'0/4' is not a shard I/N"),
        (["--shard", "two"], "'two' is not a shard I/N"),
    ],
)
def test_bad_workers_or_shard_is_a_usage_error(args: list[str], message: str) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["check", "--config", str(BOOKAPP / "seamguard.toml"), *args])

    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_binding_error_in_a_worker_is_the_same_usage_error(tmp_path: Path) -> None:
    # The workers import the logic; what they cannot import is one line and exit 2, as in a
    # serial run, not a worker's traceback.
    project = tmp_path / "bookapp"
    shutil.copytree(BOOKAPP, project, ignore=shutil.ignore_patterns(".seamguard", "__pycache__"))
    config = project / "seamguard.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("bookapp.service:", "bookapp.servise:", 1), encoding="utf-8")
    lines = {}
    for workers in ("1", "2"):
        done = subprocess.run(
            [SEAMGUARD, "check", *ARGS, "--workers", workers],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        lines[workers] = done.stderr.strip().splitlines()[-1]
    assert lines["1"] == lines["2"]
    assert "bookapp.servise" in lines["2"]
