"""Findings that need state come back (issue 18, point 14).

On tests/unit/services/members, ``PATCH /users/{id}`` with ``{"email": null}`` answers 500
only for a user that exists (``MEMBERS_BUG=null-email``), and users exist under uuids the
service makes afresh. The failure keeps the request that made its user (``setup``), the
reproduction sends it first, and ``seamguard replay ID`` in a fresh process (a fresh store,
where the stored id does not exist) makes a user again and sends the PATCH on its new id.
The same seed feeds the same requests the same ids: ``GET /users`` lists the start-up users
by uuid, an order that differs from run to run, and the pools choose the ids the run made
(in the order it made them) before those.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seamguard.checks.api._setup import reproduce_with_setup
from seamguard.config import load_config
from seamguard.engine import Run, run_check
from seamguard.errors import ContractViolation
from seamguard.replay import check_report, reproduce
from seamguard.report.json import build_report

MEMBERS = Path(__file__).resolve().parent / "services" / "members"
CONFIG = MEMBERS / "seamguard.toml"
SEAMGUARD = str(Path(sys.executable).with_name("seamguard"))
UPDATE_CHECKS = {"logic-accepts-input", "api-rejects-invalid", "api-response-conforms"}


def _forget_the_app() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "members_app"]:
        del sys.modules[name]


@pytest.fixture
def members(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _forget_the_app()
    monkeypatch.delenv("MEMBERS_BUG", raising=False)
    yield
    _forget_the_app()


def check(monkeypatch: pytest.MonkeyPatch, bug: str = "", seed: int = 1) -> Run:
    if bug:
        monkeypatch.setenv("MEMBERS_BUG", bug)
    return run_check(load_config(CONFIG), seed=seed, example_db="none")


def failures(run: Run) -> dict[str, Any]:
    """Check id to the failure of users.update."""
    return {r.check: f for r in run.results if r.seam == "users.update" for f in r.failures}


def test_the_clean_service_fails_nothing(members: None, monkeypatch: pytest.MonkeyPatch) -> None:
    run = check(monkeypatch)

    assert [(r.seam, r.check) for r in run.results if r.status in ("failed", "error")] == []


def test_a_failure_on_a_made_id_carries_the_request_that_made_it(
    members: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = check(monkeypatch, "null-email")

    found = failures(run)
    assert set(found) == UPDATE_CHECKS
    for failure in found.values():
        assert failure.example["body"] == {"email": None}
        (made,) = failure.setup
        assert (made["method"], made["url"]) == ("POST", "/users")
        assert isinstance(made["body"]["name"], str)
        assert failure.example["url"] == f"/users/{made['made']}"
        # The pytest snippet sends it first; the curl lines keep its id in a variable.
        assert "setup=[{'method': 'POST', 'url': '/users'" in failure.reproduce
        assert "ID1=$(curl -s -X POST http://127.0.0.1:8000/users " in failure.reproduce
        assert 'curl -X PATCH http://127.0.0.1:8000/users/"${ID1}" ' in failure.reproduce
        assert made["made"] not in failure.reproduce.rpartition("\n")[2]
    # The report carries it, in the report format replay reads.
    report = check_report(json.loads(json.dumps(build_report(run))), "the report")
    (entry,) = [
        f
        for r in report["results"]
        if (r["seam"], r["check"]) == ("users.update", "api-rejects-invalid")
        for f in r["failures"]
    ]
    assert entry["setup"] == list(found["api-rejects-invalid"].setup)
    assert entry["id"] == found["api-rejects-invalid"].id


def test_the_pytest_snippet_makes_the_user_first(
    members: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = failures(check(monkeypatch, "null-email"))["api-rejects-invalid"]
    _forget_the_app()  # a fresh app: the stored id names no user there

    with pytest.raises(ContractViolation) as raised:
        reproduce(
            "users.update", failure.check, failure.example, setup=failure.setup, config=CONFIG
        )
    assert raised.value.failure.id == failure.id
    assert reproduce("users.update", failure.check, failure.example, config=CONFIG) is not None


def _requests_in_order() -> list[str]:
    """Every request the app of the last run answered, each id named by the order the app
    made it in (the uuids differ from run to run, the order must not)."""
    store = sys.modules["members_app.logic"].store()
    place = {made: number for number, made in enumerate(store.made)}
    uuid = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")
    return [
        f"{method} " + uuid.sub(lambda m: f"<user {place.get(m.group(0), '?')}>", path)
        for method, path in store.log
    ]


def test_the_same_seed_feeds_the_same_ids_in_the_same_order(
    members: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check(monkeypatch, "null-email", seed=3)
    first_requests = _requests_in_order()
    second = check(monkeypatch, "null-email", seed=3)
    second_requests = _requests_in_order()

    assert any(path.startswith("PATCH /users/<user ") for path in first_requests)
    assert first_requests == second_requests
    assert {c: f.id for c, f in failures(first).items()} == {
        c: f.id for c, f in failures(second).items()
    }
    assert set(failures(first)) == UPDATE_CHECKS


def test_the_example_database_makes_the_user_again(
    members: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MEMBERS_BUG", "null-email")
    database = str(tmp_path / "examples")
    run_check(load_config(CONFIG), seed=1, example_db=database)

    again = run_check(load_config(CONFIG), seed=1, example_db=database)

    # The PATCH pass starts with the saved failing example; the request that made its user
    # is sent again first, and the PATCH takes the user it made.
    log = sys.modules["members_app.logic"].store().log
    first = next(n for n, (method, _) in enumerate(log) if method == "PATCH")
    assert log[first - 2] == ("POST", "/users")
    assert log[first - 1][0] == "made"
    assert log[first] == ("PATCH", f"/users/{log[first - 1][1]}")
    assert set(failures(again)) == UPDATE_CHECKS


def test_replay_in_a_fresh_process_makes_the_user_first(tmp_path: Path) -> None:
    shutil.copytree(MEMBERS, tmp_path / "members", ignore=shutil.ignore_patterns(".seamguard"))
    config = tmp_path / "members" / "seamguard.toml"
    report = tmp_path / "report.json"
    env = {**os.environ, "MEMBERS_BUG": "null-email"}
    ran = subprocess.run(
        [SEAMGUARD, "check", "--config", str(config), "--seed", "1", "--report-json", str(report)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 1, ran.stdout + ran.stderr
    (failure,) = [
        f
        for r in json.loads(report.read_text(encoding="utf-8"))["results"]
        if (r["seam"], r["check"]) == ("users.update", "api-rejects-invalid")
        for f in r["failures"]
    ]
    stored = failure["setup"][0]["made"]

    replayed = subprocess.run(
        [SEAMGUARD, "replay", failure["id"], "--config", str(config), "--report", str(report)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )

    out = replayed.stdout
    assert replayed.returncode == 1, out + replayed.stderr
    made = re.search(r"setup: POST /users made (\S+)", out)
    assert made is not None, out
    assert made.group(1) != stored
    assert f"request: PATCH /users/{made.group(1)}" in out
    assert "answer: 500" in out
    assert "REPRODUCED by the example (same id)" in out


def test_a_setup_that_makes_nothing_sends_the_request_as_stored(
    members: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = failures(check(monkeypatch, "null-email"))["api-rejects-invalid"]
    refused = [{**failure.setup[0], "body": {"name": "NOT VALID"}}]
    _forget_the_app()

    replayed = reproduce(
        "users.update", failure.check, failure.example, setup=refused, config=CONFIG
    )

    assert replayed.failure is None  # the stored id names no user: a 404
    assert replayed.setup_note == (
        "setup request POST /users answered 422; the request is sent with its stored ids"
    )


def _snippet(example: dict[str, Any]) -> str:
    """A reproduction as the run writes it, for ``example``, behind an auth hook."""
    return (
        "# pytest\nimport seamguard\n\ndef test_reproduce():\n"
        f"    seamguard.reproduce('loans.return', 'api-rejects-invalid', {example!r})\n"
        "# curl (against the app served on 127.0.0.1:8000)\n"
        f"curl -X POST 'http://127.0.0.1:8000{example['url']}'"
        ' -H "Authorization: $SEAMGUARD_AUTH_AUTHORIZATION"'
    )


def test_the_curl_lines_quote_each_id_where_it_stands() -> None:
    made = "0b8e4a52-6c1e-4f5e-9d0a-2f1f7c9e0a11"
    loan = "5f0c2b1e-0000-4000-8000-000000000001"
    setup = (
        {"method": "POST", "url": "/books", "body": {"title": "a"}, "made": made},
        {"method": "POST", "url": f"/books/{made}/loans", "body": {"book": made}, "made": loan},
    )
    example = {"method": "POST", "url": f"/loans/{loan}/return?note=a b"}

    shown = reproduce_with_setup(
        _snippet(example), setup, "loans.return", "api-rejects-invalid", example
    )

    lines = shown.splitlines()
    assert f"'url': '/loans/{loan}/return?note=a b'}}, setup=[{{'method': 'POST'" in lines[4]
    assert lines[6].startswith("ID1=$(curl -s -X POST http://127.0.0.1:8000/books ")
    assert lines[6].endswith(
        ' -H "Authorization: $SEAMGUARD_AUTH_AUTHORIZATION" | python3 -c \'import json, sys; '
        'd = json.load(sys.stdin); print((d if isinstance(d, dict) else d[0])["id"])\')'
    )
    assert 'http://127.0.0.1:8000/books/"${ID1}"/loans' in lines[7]
    assert """--data-binary '{"book": "'"${ID1}"'"}'""" in lines[7]
    assert lines[8] == (
        """curl -X POST http://127.0.0.1:8000/loans/"${ID2}"'/return?note=a b'"""
        ' -H "Authorization: $SEAMGUARD_AUTH_AUTHORIZATION"'
    )


def test_a_short_numeric_id_is_replaced_only_where_it_is_the_id() -> None:
    setup = ({"method": "POST", "url": "/books", "body": {"title": "7"}, "made": "7"},)
    example = {"method": "POST", "url": "/books/7/loans", "body": {"member": "17"}}

    shown = reproduce_with_setup(
        _snippet(example), setup, "loans.return", "api-rejects-invalid", example
    )

    assert shown.splitlines()[-1] == (
        'curl -X POST http://127.0.0.1:8000/books/"${ID1}"/loans --data-binary '
        """'{"member": "17"}' """
        '-H "Authorization: $SEAMGUARD_AUTH_AUTHORIZATION"'
    )


def _prepared(method: str, url: str, body: dict[str, Any]) -> Any:
    import requests

    return requests.Request(method, "http://localhost" + url, json=body).prepare()


def test_an_id_made_on_another_made_id_keeps_the_whole_chain() -> None:
    from seamguard.checks.api._chain import IdBook
    from seamguard.checks.api._reproduce import payload_of

    book = IdBook()
    made_book = _prepared("POST", "/books", {"title": "a"})
    book.made_by(["b1"], made_book, payload_of(made_book), [])
    lent = _prepared("POST", "/books/b1/loans", {"member": "m"})
    book.made_by(["l1"], lent, payload_of(lent), ["b1"])
    listed = _prepared("GET", "/loans", {})
    book.made_by(["l2"], listed, payload_of(listed), [])  # a listing makes nothing

    assert [(r["method"], r["url"], r["made"]) for r in book.setup_for(["l1", "b1"])] == [
        ("POST", "/books", "b1"),
        ("POST", "/books/b1/loans", "l1"),
    ]
    assert book.setup_for(["l2"]) == ()
    # An id seen only in a listing is chosen after the made ones, whatever its place.
    book.pools = {"noun:loan": ["l2", "l1"]}
    assert book.choose("POST /loans/{loan_id}/return", "loan_id", "", 0, lambda _: False) == "l1"
