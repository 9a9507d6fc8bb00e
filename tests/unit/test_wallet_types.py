"""Latent bugs the JSON form cannot see (issue 18, point 3): the seam judged as a Python call.

On tests/unit/services/wallet, whose logic takes ``account_id: UUID`` and ``kind: Kind``
(and compares ``kind is Kind.DEBIT``), ``WALLET_BUG`` plants two defects that hand the logic
the contract's JSON as the wrong Python value: the raw path id as a ``str`` (the storage,
keyed by ``str(account_id)``, happens to accept it) and the raw ``"debit"`` as a ``str`` (the
logic silently credits). Each fails ``api-hands-valid-input`` naming the parameter, the
annotated type and the handed type, with the same id from run to run; the clean service
passes with nothing flagged.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.engine import Run, run_check

WALLET = Path(__file__).resolve().parent / "services" / "wallet"

BUGS = {
    "str-id": (
        "wallet.balance",
        "GET /accounts/{account_id}: the API handed the logic a value its annotation refuses: "
        "parameter 'account_id' is annotated UUID, handed str",
    ),
    "raw-kind": (
        "wallet.post",
        "POST /accounts/{account_id}/entries: the API handed the logic a value its annotation "
        "refuses: parameter 'kind' is annotated Kind, handed str",
    ),
}


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "wallet_app"]:
        del sys.modules[name]


@pytest.fixture
def wallet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "wallet"
    shutil.copytree(WALLET, root, ignore=shutil.ignore_patterns("__pycache__", ".seamguard"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("WALLET_BUG", raising=False)
    _forget()
    yield root
    _forget()


def check(root: Path) -> Run:
    return run_check(load_config(root / "seamguard.toml"), seed=1, example_db="none")


def failed(run: Run) -> dict[tuple[str, str], list[str]]:
    """(seam, check) to its failures' messages, for every check that did not pass."""
    return {
        (r.seam, r.check): [f.message for f in r.failures]
        for r in run.results
        if r.status in ("failed", "error")
    }


def test_the_clean_wallet_passes_with_nothing_flagged(wallet: Path) -> None:
    run = check(wallet)

    assert failed(run) == {}
    handed = [r for r in run.results if r.check == "api-hands-valid-input"]
    assert [(r.seam, r.status) for r in handed] == [
        ("wallet.balance", "passed"),
        ("wallet.post", "passed"),
    ]
    assert all(r.examples > 0 for r in handed)


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_a_latent_wrong_python_value_fails_api_hands_valid_input(
    wallet: Path, monkeypatch: pytest.MonkeyPatch, bug: str
) -> None:
    monkeypatch.setenv("WALLET_BUG", bug)
    seam, message = BUGS[bug]
    report = wallet / "report.json"

    result = CliRunner().invoke(
        cli, ["check", "--seed", "1", "--example-db", "none", "--report-json", str(report)]
    )

    assert result.exit_code == 1, result.output
    document = json.loads(report.read_text(encoding="utf-8"))
    not_passed = {
        (r["seam"], r["check"]): [f["message"] for f in r["failures"]]
        for r in document["results"]
        if r["status"] in ("failed", "error")
    }
    assert not_passed == {(seam, "api-hands-valid-input"): [message]}
    assert "api-hands-valid-input" in result.output


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_the_failure_id_is_the_same_from_run_to_run(
    wallet: Path, monkeypatch: pytest.MonkeyPatch, bug: str
) -> None:
    monkeypatch.setenv("WALLET_BUG", bug)

    def ids() -> list[Any]:
        _forget()  # a fresh import: fresh uuids, fresh balances, fresh memory addresses
        return [(r.seam, r.check, [f.id for f in r.failures]) for r in check(wallet).results]

    first = ids()

    assert first == ids()
    assert any(failures for _, _, failures in first)
