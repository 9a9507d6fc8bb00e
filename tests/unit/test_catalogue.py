"""The check catalogue: one record per id, in report order, each naming what decides it."""

from __future__ import annotations

import inspect
from importlib import import_module
from pathlib import Path

import pytest

from seamguard.checks import _ids
from seamguard.checks.catalogue import CATALOGUE, Check, check, checks_for, ids_on

CATALOGUE_PAGE = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_every_id_has_exactly_one_record_in_report_order() -> None:
    ids = [getattr(_ids, name) for name in _ids.__all__ if not name.endswith("_CHECKS")]
    assert sorted(entry.id for entry in CATALOGUE) == sorted(ids)
    assert [entry.order for entry in CATALOGUE] == list(range(len(CATALOGUE)))


def test_the_sides_match_the_id_families() -> None:
    assert ids_on("logic") == _ids.LOGIC_CHECKS
    assert ids_on("api") == _ids.API_CHECKS
    assert check("model-matches-contract").side == "static+logic"


def test_a_seam_gets_the_tree_checks_then_its_own() -> None:
    assert checks_for() == tuple(entry.id for entry in CATALOGUE)
    assert checks_for(predecessor=False)[:2] == ("contract-valid", "api-within-logic")
    assert checks_for(tree=False) == (
        "api-within-logic",
        "model-matches-contract",
        "logic-accepts-input",
        "logic-output-conforms",
        "api-hands-valid-input",
        "api-accepted-crossed",
        "api-rejects-invalid",
        "api-response-conforms",
    )


def test_an_unknown_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        check("logic-accepts-inputs")


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.id)
def test_what_decides_each_check_exists(entry: Check) -> None:
    assert callable(entry.decider())
    if entry.verdict is not None:
        module, _, name = entry.verdict.partition(":")
        verdict = getattr(import_module(module), name)
        assert inspect.isfunction(verdict)
        assert name == entry.id.replace("-", "_")  # one function per id, named after it


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.id)
def test_each_summary_is_the_docs_table(entry: Check) -> None:
    row = next(
        line
        for line in CATALOGUE_PAGE.read_text().splitlines()
        if line.startswith(f"| `{entry.id}` |")
    )
    fails_when = row.split(" | ")[2]
    assert fails_when == entry.summary
