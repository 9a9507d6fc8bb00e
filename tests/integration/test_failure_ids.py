"""A failure's id is a digest of what makes it the same failure (DESIGN.md), on every side.

On tests/unit/services/stamps, a one-route service whose logic stamps every record with a
fresh uuid and the time: one failure keeps its id from run to run though its message quotes
those fresh values; three different bugs of one operation (a 422 after the write, a
KeyError 500, a RuntimeError 500) get three ids; a serial run and two workers agree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seamguard.config import load_config
from seamguard.engine import run_check

STAMPS = Path(__file__).resolve().parents[1] / "unit" / "services" / "stamps"
CONFIG = STAMPS / "seamguard.toml"
SEAMGUARD = str(Path(sys.executable).with_name("seamguard"))
RUN = ("check", "--seed", "4", "--max-examples", "15", "--example-db", "none")

Ids = dict[tuple[str, str], list[str]]


def ids(monkeypatch: pytest.MonkeyPatch, bug: str, seed: int = 1) -> Ids:
    """``(seam, check)`` to the ids of its failures, from a serial run in this process."""
    monkeypatch.setenv("STAMPS_BUG", bug)
    run = run_check(load_config(CONFIG), seed=seed, max_examples=15, example_db="none")
    return {(r.seam, r.check): [f.id for f in r.failures] for r in run.results if r.failures}


@pytest.mark.parametrize(
    ("bug", "check"),
    [
        # The message quotes the output: {"id": "<uuid4>", "at": "<now>", "title": null}.
        ("output", "logic-output-conforms"),
        # The message quotes the error, which names a fresh uuid and the time; the API side's
        # 500 quotes it too.
        ("raise", "logic-accepts-input"),
    ],
)
def test_one_failure_has_one_id_in_every_run(
    monkeypatch: pytest.MonkeyPatch, bug: str, check: str
) -> None:
    first = ids(monkeypatch, bug)
    second = ids(monkeypatch, bug)

    assert first[("stamps.create", check)]
    assert second == first


def test_different_bugs_on_one_operation_have_different_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = {
        bug: ids(monkeypatch, bug)[("stamps.create", "api-rejects-invalid")]
        for bug in ("422-after-write", "key-error", "runtime-error")
    }

    assert all(len(one) == 1 for one in found.values()), found
    assert len({one[0] for one in found.values()}) == 3, found


def test_a_clean_run_has_no_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ids(monkeypatch, "") == {}


def test_two_workers_give_the_serial_ids(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    serial = ids(monkeypatch, "raise", seed=4)
    report = tmp_path / "workers.json"
    done = subprocess.run(
        [SEAMGUARD, *RUN, "--workers", "2", "--report-json", str(report)],
        cwd=STAMPS,
        env={**os.environ, "STAMPS_BUG": "raise"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    workers = {
        (r["seam"], r["check"]): [f["id"] for f in r["failures"]] for r in results if r["failures"]
    }

    assert ("stamps.create", "api-rejects-invalid") in serial
    assert workers == serial
