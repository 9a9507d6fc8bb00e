"""The pytest plugin under pytest-xdist: per-seam runs on the workers, one seed, serial ids.

Each test runs pytest in a subprocess on a copy of examples/bookapp (nothing is written into
the repository), with a ``conftest.py`` that wraps ``seamguard.engine.run_check`` to log, per
call, the worker, the seams asked for and the seed: that log is how the tests see which
worker ran which seam's run. The three runs are shared by the tests of this module.
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

# pytest-xdist is a dev dependency: without it these tests fail (no silent skip).
import xdist  # noqa: F401

BOOKAPP = Path(__file__).resolve().parents[2] / "examples" / "bookapp"
SEAMS = ("books.create", "books.get", "books.list", "loans.create", "loans.return", "fees.quote")
MAX_EXAMPLES = "5"
BUG = "logic-output-conforms"  # Library.add_book returns the ISBN with hyphens

TEST_FILE = """\
from pathlib import Path

from seamguard.pytest_plugin import check_seams

test_seams = check_seams(Path(__file__).parent / "bookapp" / "seamguard.toml")
"""

# Logs every run_check call: the plugin imports it from seamguard.engine when an item runs.
CONFTEST = """\
import os

import seamguard.engine

_run_check = seamguard.engine.run_check


def _logged(config, **options):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "serial")
    seams = ",".join(options.get("seams") or ["*"])
    with open(os.environ["SEAMGUARD_RUN_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{worker} {seams} {options.get('seed')}\\n")
    return _run_check(config, **options)


seamguard.engine.run_check = _logged
"""


@dataclass(frozen=True)
class Outcome:
    """One pytest subprocess: its output, exit code and the run_check calls it made."""

    output: str
    code: int
    runs: list[tuple[str, str, int]]  # (worker, seams, seed)

    def items(self, word: str) -> set[str]:
        """The ``seam@version::check`` of every item the -rA summary reports as ``word``."""
        return set(re.findall(rf"^{word} \S*test_seams\[([^\]]+)\]", self.output, re.M))

    @property
    def header_seed(self) -> int:
        found = re.search(r"^seamguard: seed (\d+) ", self.output, re.M)
        assert found, self.output
        return int(found.group(1))

    def failure_ids(self) -> dict[str, str]:
        """Each failed item's failure id, from the ``id:`` line of its failure text."""
        ids = {}
        sections = re.split(r"^_{3,} test_seams\[([^\]]+)\] _{3,}$", self.output, flags=re.M)
        for name, text in zip(sections[1::2], sections[2::2], strict=True):
            found = re.search(r"^E\s+id: ([0-9a-f]{12})$", text, re.M)
            assert found, text
            ids[name] = found.group(1)
        return ids


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xdist")
    shutil.copytree(BOOKAPP, root / "bookapp", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "test_bookapp_seams.py").write_text(TEST_FILE, encoding="utf-8")
    (root / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    # --strict-markers: the xdist_group marks must be accepted with xdist off too.
    (root / "pytest.ini").write_text("[pytest]\naddopts = --strict-markers\n", encoding="utf-8")
    return root


def run_pytest(project: Path, name: str, *args: str, bug: str = "") -> Outcome:
    log = project / f"{name}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "BOOKAPP_"))}
    env.update(SEAMGUARD_RUN_LOG=str(log), BOOKAPP_BUG=bug)
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA"),
            *("--seamguard-max-examples", MAX_EXAMPLES, *args, "test_bookapp_seams.py"),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    runs = [(w, s, int(seed)) for w, s, seed in (line.split() for line in lines)]
    return Outcome(completed.stdout + completed.stderr, completed.returncode, runs)


XDIST = ("-p", "xdist", "-n", "2", "--dist", "loadgroup")


@pytest.fixture(scope="module")
def clean(project: Path) -> Outcome:
    return run_pytest(project, "clean", *XDIST, "--seamguard-seed", "7")


@pytest.fixture(scope="module")
def buggy(project: Path) -> Outcome:
    # No --seamguard-seed: the controller chooses one and hands it to both workers.
    return run_pytest(project, "buggy", *XDIST, bug=BUG)


@pytest.fixture(scope="module")
def buggy_serial(project: Path, buggy: Outcome) -> Outcome:
    seed = str(buggy.header_seed)
    return run_pytest(project, "serial", "-p", "no:xdist", "--seamguard-seed", seed, bug=BUG)


def assert_one_run_per_seam_on_one_worker(outcome: Outcome) -> None:
    ran = [(worker, seams) for worker, seams, _seed in outcome.runs]
    assert sorted(seams for _worker, seams in ran) == sorted(SEAMS), ran
    assert {worker for worker, _seams in ran} == {"gw0", "gw1"}, ran  # both workers had work


def test_every_item_passes_under_xdist_on_the_clean_app(clean: Outcome) -> None:
    assert clean.code == 0, clean.output
    assert len(clean.items("PASSED")) == 54
    assert not clean.items("FAILED") | clean.items("ERROR") | clean.items("SKIPPED")
    assert "seamguard: seed 7 (" in clean.output
    assert_one_run_per_seam_on_one_worker(clean)
    assert {seed for _worker, _seams, seed in clean.runs} == {7}


def test_a_planted_bug_fails_its_items_only_with_the_ids_of_a_serial_run(
    buggy: Outcome, buggy_serial: Outcome
) -> None:
    expected = {f"books.create@1.0::{BUG}", "books.create@1.0::api-response-conforms"}
    assert buggy.code == 1, buggy.output
    assert buggy.items("FAILED") == expected
    assert len(buggy.items("PASSED")) == 52
    assert_one_run_per_seam_on_one_worker(buggy)

    # Every worker used the controller's seed, the one the header names.
    seed = buggy.header_seed
    assert {s for _worker, _seams, s in buggy.runs} == {seed}
    assert re.findall(r"^E\s+seed: (\d+)$", buggy.output, re.M) == [str(seed)] * 2

    # The serial run (one run of every seam, at the first item) under that seed agrees.
    assert buggy_serial.runs == [("serial", "*", seed)]
    assert buggy_serial.items("FAILED") == expected
    assert buggy_serial.failure_ids() == buggy.failure_ids()
    assert set(buggy.failure_ids()) == expected
