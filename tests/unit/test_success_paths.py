"""Stateful success paths: operations on ``{id}`` meet ids that exist, made by chains.

A positive request on ``{id}`` mostly takes an id of its parameter's noun that the operation
has not used up, and the unit's creator of that noun makes one first when there is none
(create -> lend -> return). Each ``{id}`` operation of taskapp and bookapp reaches 2xx on at
least half its positive requests; the report splits requests and 2xx by mode and notes an
operation whose positive requests almost never succeed (the vault service: every box is
sealed).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from seamguard.checks.api import OperationStats
from seamguard.checks.api._chain import IdBook, answer_noun, creators_of
from seamguard.checks.api._plan import ApiFindings, merge_api_findings
from seamguard.checks.api._pools import collect_ids, noun_of_parameter, noun_of_path, pool_for
from seamguard.config import load_config
from seamguard.engine import Run, run_check
from seamguard.replay import check_report
from seamguard.report.json import build_report
from seamguard.report.terminal import TerminalReporter

ROOT = Path(__file__).resolve().parents[2]
BOOKAPP = ROOT / "examples" / "bookapp" / "seamguard.toml"
TASKAPP = ROOT / "pyproject.toml"
VAULT = Path(__file__).parent / "services" / "vault" / "seamguard.toml"


@pytest.fixture(autouse=True)
def no_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOOKAPP_BUG", raising=False)


def test_nouns_of_paths_parameters_and_answers() -> None:
    assert noun_of_path("/api/v1/books") == "book"
    assert noun_of_path("/api/v1/books/{book_id}/loans") == "loan"
    assert noun_of_path("/api/v1/books/{book_id}") == ""
    assert noun_of_path("/categories") == "category"
    assert noun_of_parameter("loan_id") == "loan"
    assert noun_of_parameter("taskId") == "task"
    assert noun_of_parameter("id", "/items/{id}/tags") == "item"
    assert noun_of_parameter("slug", "/pages/{slug}") == "page"
    assert answer_noun("/api/v1/books/{book_id}") == "book"
    assert answer_noun("/api/v1/books/{book_id}/loans") == "loan"


def test_an_answer_keeps_its_ids_under_their_nouns() -> None:
    # A loan's answer: its `id` is a loan's, its `book_id` a book's; a `{loan_id}` takes the
    # loan, never the book (the old pools mixed every `id` under `*_id`).
    pools: dict[str, list[str]] = {}
    made = collect_ids(b'{"id": 7, "book_id": 3}', pools, frozenset({"book_id"}), "loan")
    assert made == ["7"]
    assert pool_for("loan_id", pools, "loan") == ["7"]
    assert pool_for("book_id", pools, "book") == ["3"]
    assert pool_for("loan_id", pools) == ["7"]  # no noun: any `id`, as before


def test_creators_are_posts_to_a_collection() -> None:
    labels = [
        "POST /books",
        "GET /books",
        "POST /books/{book_id}/loans",
        "POST /loans/{loan_id}/return",
        "DELETE /books/{book_id}",
    ]
    assert creators_of(labels) == {
        "book": ["POST /books"],
        "loan": ["POST /books/{book_id}/loans"],
        "return": ["POST /loans/{loan_id}/return"],
    }


def test_the_book_prefers_ids_an_operation_has_not_used_up() -> None:
    ids = IdBook(pools={"noun:loan": ["1", "2", "3"]})
    made: list[str] = []

    def make(noun: str) -> bool:
        made.append(noun)
        ids.pools["noun:loan"].append("4")
        return True

    label, path = "POST /loans/{loan_id}/return", "/loans/{loan_id}/return"
    ids.answered(label, ["1"], 200)  # returned once: used up for this operation
    ids.answered(label, ["2"], 409)  # refused
    ids.answered("DELETE /loans/{loan_id}", ["3"], 204)  # gone for everyone
    assert ids.choose(label, "loan_id", path, 0, make) == "4"
    assert made == ["loan"]
    assert ids.choose("GET /loans/{loan_id}", "loan_id", path, 0, make) == "1"


def test_every_fourth_read_sends_an_id_it_already_read_again() -> None:
    # A cache in front of the logic answers a second read of an id without crossing the
    # seam: only a repeated id finds it (bookapp's planted api-accepted-crossed bug).
    ids = IdBook(pools={"noun:book": ["1", "2", "3"]})
    label, path = "GET /books/{book_id}", "/books/{book_id}"
    ids.answered(label, ["2"], 200)

    def make(noun: str) -> bool:
        return False

    assert ids.choose(label, "book_id", path, 3, make) == "2"  # the fourth: again
    assert ids.choose(label, "book_id", path, 0, make) == "1"  # else a fresh one
    writer = "PATCH /books/{book_id}"
    ids.answered(writer, ["2"], 200)
    assert ids.choose(writer, "book_id", path, 3, make) != "2"  # a write is never repeated


def test_stats_are_split_by_mode_and_merged_by_unit() -> None:
    positive, negative = OperationStats(), OperationStats()
    for status in (201, 404, 200):
        positive.count(status, negative=False)
    negative.count(422, negative=True)
    negative.count(200, negative=True)
    _, merged = merge_api_findings(
        [], {}, [ApiFindings(stats={"GET /a": positive}), ApiFindings(stats={"GET /a": negative})]
    )
    total = merged["GET /a"]
    assert (total.cases, total.success) == (5, 3)
    assert (total.positive_cases, total.positive_success) == (3, 2)
    assert (total.negative_cases, total.negative_success) == (2, 1)


def _id_operations(run: Run) -> dict[str, tuple[int, int]]:
    return {label: modes["positive"] for label, modes in run.modes.items() if "{" in label}


@pytest.mark.parametrize(("config", "examples"), [(TASKAPP, 15), (BOOKAPP, 15)])
def test_every_id_operation_mostly_succeeds(config: Path, examples: int) -> None:
    run = run_check(load_config(config), max_examples=examples, seed=5)

    assert run.ok, [f.message for r in run.results for f in r.failures]
    shares = _id_operations(run)
    assert len(shares) == (4 if config == TASKAPP else 3)
    for label, (cases, success) in shares.items():
        assert cases >= examples, (label, cases)
        assert success >= cases / 2, (label, success, cases)
    assert run.low_success() == {}
    # The negative requests are still sent and counted apart.
    assert all(modes["negative"][0] >= examples for modes in run.modes.values())


def test_the_same_seed_makes_the_same_chains() -> None:
    first = run_check(load_config(BOOKAPP), max_examples=8, seed=11)
    again = run_check(load_config(BOOKAPP), max_examples=8, seed=11)
    assert first.modes == again.modes
    assert first.operations == again.operations


def test_an_operation_that_cannot_succeed_gets_a_note_not_a_failure() -> None:
    # Every box of the vault is sealed: GET /boxes/{box_id} answers 404 to every id.
    run = run_check(load_config(VAULT), max_examples=10, seed=1)

    assert run.ok
    label = "GET /boxes/{box_id}"
    assert run.modes[label]["positive"] == (10, 0)
    note = run.low_success()[label]
    assert "0 of 10 positive requests answered 2xx" in note
    report = build_report(run)
    check_report(report, "report.json")  # the schema takes the split and the note
    assert report["operations"][label] == {
        "requests": 20,
        "success": 0,
        "positive": {"requests": 10, "success": 0},
        "negative": {"requests": 10, "success": 0},
        "note": note,
    }
    out = io.StringIO()
    TerminalReporter(Console(file=out, highlight=False, soft_wrap=True, width=200)).finish(run)
    shown = out.getvalue()
    assert "positive; negative" in shown
    assert f"note: {note}" in shown


def test_a_well_exercised_operation_gets_no_note() -> None:
    run = run_check(load_config(BOOKAPP), max_examples=8, seed=2)
    report = build_report(run)
    assert not any("note" in entry for entry in report["operations"].values())
    assert all({"positive", "negative"} <= set(entry) for entry in report["operations"].values())
