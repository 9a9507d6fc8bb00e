"""The app's log records and warnings, per check and per failing request (issue 18,
point 10).

On tests/unit/services/pantry: ``PANTRY_BUG=noisy`` makes every request log at INFO (a
logger set to INFO, as SQLAlchemy's ``echo=True`` does) and warn, and the logic log a
warning; ``root`` makes ``POST /items`` answer 500.
"""

from __future__ import annotations

import logging
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from seamguard.checks.api._verdicts import LOGGED, with_logs
from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import Run, run_check
from seamguard.generation._applog import captured_app_log, request_records
from seamguard.seams import current_request

PANTRY = Path(__file__).resolve().parent / "services" / "pantry"
CONFIG = PANTRY / "seamguard.toml"
# The project's pytest turns warnings into errors; the app's warning must stay a warning.
pytestmark = pytest.mark.filterwarnings("default::UserWarning")


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "pantry_app"]:
        del sys.modules[name]


@pytest.fixture(autouse=True)
def pantry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _forget()
    monkeypatch.delenv("PANTRY_BUG", raising=False)
    yield
    _forget()


def check(monkeypatch: pytest.MonkeyPatch, bug: str = "") -> Run:
    if bug:
        monkeypatch.setenv("PANTRY_BUG", bug)
    return run_check(load_config(CONFIG), seed=1, example_db="none")


def test_a_quiet_app_has_no_log_tally(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(monkeypatch).app_logs == {}


def test_records_and_warnings_are_counted_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    run = check(monkeypatch, "noisy")

    assert run.ok
    assert set(run.app_logs) == {"items.add@1.0 logic checks", "items.add@1.0 API checks"}
    logic = run.app_logs["items.add@1.0 logic checks"]
    assert set(logic.levels) == {"WARNING"}
    assert logic.lines[0] == "WARNING pantry.logic: adding an item"
    api = run.app_logs["items.add@1.0 API checks"]
    # Each request the route served: one INFO record, and a logic warning when the name
    # was new (a name taken is answered 409 before the logic); the app's own warning is
    # shown as Python's filters say ("default": once per place and unit).
    logic_warnings = [line for line in api.lines if line.startswith("WARNING pantry.logic")]
    assert 0 < len(logic_warnings) < api.levels["INFO"]
    assert api.levels["WARNING"] > len(logic_warnings)
    assert "INFO pantry.sql: INSERT INTO items (name) VALUES ('a')" in api.lines
    assert "WARNING UserWarning: the signing key is shorter than 32 bytes" in api.lines


def test_workers_send_their_tallies_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTRY_BUG", "noisy")

    run = run_check(load_config(CONFIG), seed=1, example_db="none", workers=2)

    assert set(run.app_logs) == {"items.add@1.0 logic checks", "items.add@1.0 API checks"}
    assert run.app_logs["items.add@1.0 API checks"].levels["INFO"] > 0


def test_a_failure_carries_the_records_of_its_request(monkeypatch: pytest.MonkeyPatch) -> None:
    run = check(monkeypatch, "noisy,root")

    (failure,) = [f for r in run.results if r.check == "api-rejects-invalid" for f in r.failures]
    assert failure.message.splitlines() == [
        "POST /items: answered 500 (ValueError: root)",
        "the app logged during this request:",
        "  INFO pantry.sql: INSERT INTO items (name) VALUES ('a')",
        "  WARNING UserWarning: the signing key is shorter than 32 bytes",
        "  WARNING pantry.logic: adding an item",
    ]


def test_a_failure_shows_a_few_records_and_counts_the_rest() -> None:
    logs = [f"INFO sql: SELECT {n}" for n in range(12)]

    shown = with_logs("answered 500", logs).splitlines()

    assert shown[1] == f"the app logged during this request ({LOGGED} of 12 shown):"
    assert shown[2:] == [f"  INFO sql: SELECT {n}" for n in range(LOGGED)]


def test_the_terminal_counts_them_and_lists_them_with_verbose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PANTRY_BUG", "noisy")
    args = ["check", "--config", str(CONFIG), "--seed", "1", "--max-examples", "10"]

    quiet = CliRunner().invoke(cli, args)
    _forget()
    verbose = CliRunner().invoke(cli, [*args, "-v"])

    assert quiet.exit_code == verbose.exit_code == 0, quiet.output
    heading = "the app's log records and warnings, per check (run with -v to see them):"
    assert heading in quiet.output
    assert re.search(r"items\.add@1\.0 API checks +\d+ \(INFO \d+, WARNING \d+\)", quiet.output)
    assert re.search(r"items\.add@1\.0 logic checks +\d+ \(WARNING \d+\)", quiet.output)
    assert "INSERT INTO items" not in quiet.output
    assert "the app's log records and warnings, per check:" in verbose.output
    assert "INFO pantry.sql: INSERT INTO items" in verbose.output


def test_the_capture_changes_nothing_the_app_sees(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])  # an app that configured no logging
    logger = logging.getLogger("pantry.test.unhandled")
    token = current_request.set("r1")
    try:
        with warnings.catch_warnings(record=True) as shown, captured_app_log() as log:
            logger.warning("kept and still shown")
            warnings.warn("still shown", UserWarning, stacklevel=1)
            taken = request_records("r1")
    finally:
        current_request.reset(token)

    assert taken == (
        "WARNING pantry.test.unhandled: kept and still shown",
        "WARNING UserWarning: still shown",
    )
    assert log.tally.count == 2
    # A record no handler of the app takes still reaches Python's last resort (stderr),
    # and the warning is still shown; the capture's handler is gone afterwards.
    assert "kept and still shown" in capsys.readouterr().err
    assert [str(w.message) for w in shown] == ["still shown"]
    assert root.handlers == []
