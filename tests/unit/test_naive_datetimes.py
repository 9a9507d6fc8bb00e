"""Naive date-times in an answer are a note, not a failure (issue 18: no false alarm).

pydantic writes a naive ``datetime`` without an offset and FastAPI documents it as
``format: date-time``, which needs one: every service keeping naive datetimes would fail
``api-response-conforms`` on every route with a timestamp. By default that is a note on the
passing result; ``--http-checks all`` fails it; any other problem of the same answer still
fails. On tests/unit/services/clock (``CLOCK_BUG=title-number`` answers a number for a title).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from seamguard.checks.api._naive import naive_note, with_offsets
from seamguard.config import load_config
from seamguard.engine import Run, run_check

CLOCK = Path(__file__).resolve().parent / "services" / "clock" / "seamguard.toml"
CHECK = "api-response-conforms"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [n for n in sys.modules if n.partition(".")[0] == "clock_app"]:
        del sys.modules[name]
    monkeypatch.delenv("CLOCK_BUG", raising=False)
    yield
    for name in [n for n in sys.modules if n.partition(".")[0] == "clock_app"]:
        del sys.modules[name]


def check(*, http_checks_all: bool = False) -> Run:
    return run_check(load_config(CLOCK), seed=1, http_checks_all=http_checks_all)


def result(run: Run) -> tuple[str, str, list[str]]:
    (found,) = [r for r in run.results if r.seam == "events.create" and r.check == CHECK]
    return found.status, found.reason, [f.message for f in found.failures]


def test_naive_date_times_are_a_note_by_default(clock: None) -> None:
    run = check()

    assert [r.check for r in run.results if r.failures] == []
    status, reason, _ = result(run)
    assert status == "passed"
    assert (
        "POST /events answered date-times without an offset (at /*/created_at) where its "
        "OpenAPI document says format: date-time"
    ) in reason
    assert "--http-checks all fails it" in reason


def test_http_checks_all_fails_them(clock: None) -> None:
    status, _, messages = result(check(http_checks_all=True))

    assert status == "failed"
    assert any("date-time" in m for m in messages), messages


def test_another_problem_of_the_same_answer_still_fails(
    clock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOCK_BUG", "title-number")

    status, _, messages = result(check())

    assert status == "failed"
    assert any("7 is not of type" in m and "string" in m for m in messages), messages
    assert not any("date-time" in m for m in messages), messages


def test_offsets_are_added_to_naive_date_times_only() -> None:
    body = (
        b'{"at": "2026-12-06T23:59:01.250000", "aware": "2026-12-06T23:59:01+01:00",'
        b' "day": "2026-12-06", "items": [{"at": "2026-12-06T08:00"}], "name": "2026-13-40T99:00"}'
    )

    patched = with_offsets(body)

    assert patched is not None
    text, pointers = patched
    assert pointers == ["/at", "/items/*/at"]
    assert b'"2026-12-06T23:59:01.250000Z"' in text
    assert b'"2026-12-06T23:59:01+01:00"' in text
    assert b'"2026-13-40T99:00"' in text  # not a date-time at all: left for the schema
    assert with_offsets(b'{"at": "2026-12-06T23:59:01Z"}') is None
    assert with_offsets(b"not json") is None


def test_the_note_names_at_most_three_places() -> None:
    note = naive_note("GET /a", ["/d", "/c", "/b", "/a", "/a"])

    assert "(at /a, /b, /c and 1 more)" in note
