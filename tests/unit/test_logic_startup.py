"""The logic side runs inside the app's start-up (issue 18, "trusted on real code").

The burrow service makes its async engine and its tables only in its lifespan, and its
logic takes the session the app's own dependency makes. With an ``app`` configured, each
logic unit imports the app, calls ``app-setup``, runs the lifespan and shuts it down after
its examples; async logic and async factories run on the app's event loop, so the engine
made at start-up is usable: no hand-written factory repeating the start-up is needed.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.errors import SeamguardError

BURROW = Path(__file__).parent / "services" / "burrow"
SEAM = "burrows.dig"


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "burrow_app"]:
        del sys.modules[name]


@pytest.fixture
def burrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "burrow"
    shutil.copytree(BURROW, root, ignore=shutil.ignore_patterns("__pycache__", ".seamguard"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("BURROW_BUG", raising=False)
    _forget()
    yield root
    _forget()


def statuses(run: Any) -> dict[tuple[str, str], str]:
    return {(r.seam, r.check): r.status for r in run.results}


def failed(run: Any) -> set[tuple[str, str]]:
    return {key for key, status in statuses(run).items() if status in ("failed", "error")}


def test_tables_made_only_at_start_up_are_there_for_the_logic_side(burrow: Path) -> None:
    run = run_check(load_config(), seed=1, max_examples=15)
    assert failed(run) == set()
    for check in ("logic-accepts-input", "logic-output-conforms", "api-hands-valid-input"):
        assert statuses(run)[SEAM, check] == "passed"
    assert sys.modules["burrow_app.db"].engine is None  # every start-up was shut down


def test_a_planted_logic_bug_still_fails_with_its_id(
    burrow: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BURROW_BUG", "raise")
    run = run_check(load_config(), seed=1, max_examples=15)
    assert (SEAM, "logic-accepts-input") in failed(run)
    result = next(r for r in run.results if (r.seam, r.check) == (SEAM, "logic-accepts-input"))
    failure = result.failures[0]
    assert "LookupError: no room for a long name" in failure.message
    assert "not initialised" not in failure.message
    # The id is a digest of the seam, the check, the minimal example and the kind: the
    # same from run to run, and the one a CI report names for `seamguard replay`.
    assert failure.id == "7a7f7fd83c55"


def test_a_start_up_that_fails_is_reported_as_on_the_api_side(
    burrow: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BURROW_BUG", "startup")
    with pytest.raises(SeamguardError, match="the app failed to start: RuntimeError: the burrow"):
        run_check(load_config(), seed=1, max_examples=5)
    result = CliRunner().invoke(cli, ["check", "--seed", "1"])
    assert result.exit_code == 2
    assert "the app failed to start: RuntimeError: the burrow store is unreachable" in (
        result.output
    )


def test_without_an_app_the_logic_side_runs_as_before(burrow: Path) -> None:
    """No ``app`` key: no start-up, a fresh event loop per example (the failure the issue
    met, which a provide factory repeating the start-up used to be needed for)."""
    path = burrow / "seamguard.toml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [x for x in lines if not x.startswith(("app = ", "openapi = ", "routes = "))]
    path.write_text("".join(kept), encoding="utf-8")
    run = run_check(load_config(), seed=1, max_examples=5)
    assert (SEAM, "logic-accepts-input") in failed(run)
    result = next(r for r in run.results if (r.seam, r.check) == (SEAM, "logic-accepts-input"))
    assert "not initialised" in result.failures[0].message
