"""The app's log handlers on standard output write on standard error during a check (issue
18, point 10, met on a service whose engine is made with SQLAlchemy's ``echo=True``).

``echo=True`` adds a ``StreamHandler(sys.stdout)`` to the engine's logger: every statement
came between the report's lines (4,000 lines on a small CRUD service). While a unit runs
such a handler writes on standard error, which ``seamguard check`` keeps off the report
(counted, shown with ``-v``); its stream is given back afterwards.

On tests/unit/services/echoes (a real SQLAlchemy engine, ``echo=True``).
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from seamguard.cli import cli
from seamguard.generation._applog import captured_app_log

ECHOES = Path(__file__).resolve().parent / "services" / "echoes"


@pytest.fixture
def echoes() -> Iterator[None]:
    yield
    for name in [n for n in sys.modules if n.partition(".")[0] == "echoes_app"]:
        del sys.modules[name]
    for handler in list(logging.getLogger("sqlalchemy.engine.Engine").handlers):
        logging.getLogger("sqlalchemy.engine.Engine").removeHandler(handler)


def test_a_handler_on_stdout_writes_on_stderr_during_the_unit_and_gets_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    logger = logging.getLogger("echoes.test.sql")
    logger.setLevel(logging.INFO)
    before = logging.StreamHandler(sys.stdout)  # made before the unit
    logger.addHandler(before)
    later = logging.getLogger("echoes.test.later")
    later.setLevel(logging.INFO)
    try:
        with captured_app_log() as log:
            logger.info("SELECT 1")
            made = logging.StreamHandler(sys.stdout)  # made during the unit (an import)
            later.addHandler(made)
            later.info("SELECT 2")  # its first record: on stdout already
            later.info("SELECT 3")
        logger.info("SELECT 4")  # after the unit: the app's own stream again
    finally:
        logger.removeHandler(before)
        later.removeHandler(made)

    assert out.getvalue().splitlines() == ["SELECT 2", "SELECT 4"]
    assert err.getvalue().splitlines() == ["SELECT 1", "SELECT 3"]
    assert before.stream is out
    assert made.stream is out
    assert log.tally.count == 3


def test_sqlalchemy_echo_stays_off_the_report(echoes: None) -> None:
    args = ["check", "--config", str(ECHOES / "seamguard.toml"), "--seed", "1"]
    result = CliRunner().invoke(cli, [*args, "--example-db", "none"])

    assert result.exit_code == 0, result.output
    assert "INSERT INTO notes" not in result.stdout
    assert "notes.create@1.0 API checks" in result.stdout  # counted instead
