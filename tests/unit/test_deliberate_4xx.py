"""Deliberate 4xx answers are no false alarm (issue 18, points 5 and 13).

``api-rejects-invalid``: a 4xx after a read (GET/HEAD, a seam marked ``read-only = true``)
or a 404 after a logic that returned ``None`` is no possible partial write; a 4xx after a
writing logic returned still is. ``api-response-conforms``: a 4xx the OpenAPI document does
not list is a note on the passing result, a failure with ``--http-checks all``; a 5xx never
is a note, and a documented 4xx's body is still judged.

On tests/unit/services/stock, whose routes answer an undocumented 409 for a name already
taken, 404 for an unknown name and 404 for an empty search; ``STOCK_BUG`` plants the
defects of ``stock_app.logic.BUGS``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests

from seamguard.checks.api._verdicts import Sent, api_rejects_invalid
from seamguard.config import load_config
from seamguard.engine import Run, run_check
from seamguard.errors import ConfigError
from seamguard.generation._asgi import AsgiResponse
from seamguard.seams import Crossing

STOCK = Path(__file__).resolve().parent / "services" / "stock"


@pytest.fixture
def stock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [n for n in sys.modules if n.partition(".")[0] == "stock_app"]:
        del sys.modules[name]
    monkeypatch.delenv("STOCK_BUG", raising=False)
    yield
    for name in [n for n in sys.modules if n.partition(".")[0] == "stock_app"]:
        del sys.modules[name]


def check(monkeypatch: pytest.MonkeyPatch, bug: str = "", **options: Any) -> Run:
    if bug:
        monkeypatch.setenv("STOCK_BUG", bug)
    config = options.pop("config", None) or load_config(STOCK / "seamguard.toml")
    return run_check(config, seed=1, example_db="none", **options)


def failed(run: Run) -> dict[tuple[str, str], list[str]]:
    """(seam, check) to its failures' messages."""
    return {(r.seam, r.check): [f.message for f in r.failures] for r in run.results if r.failures}


def reason(run: Run, seam: str, check_id: str) -> str:
    (result,) = [r for r in run.results if r.seam == seam and r.check == check_id]
    assert result.status == "passed"
    return result.reason


def test_the_clean_service_fails_nothing_and_notes_its_undocumented_4xx(
    stock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = check(monkeypatch)

    assert failed(run) == {}
    # A lookup that found nothing (GET, and a DELETE whose logic returned None), a read-only
    # search that found nothing, a declared "already exists": each answered 4xx, none failed.
    assert "POST /items answered 409, a status its OpenAPI document does not list" in reason(
        run, "items.create", "api-response-conforms"
    )
    for seam, label in [
        ("items.get", "GET /items/{name}"),
        ("items.delete", "DELETE /items/{name}"),
        ("items.search", "POST /items/search"),
    ]:
        note = reason(run, seam, "api-response-conforms")
        assert f"{label} answered 404, a status its OpenAPI document does not list" in note
        assert "--http-checks all fails it" in note
        assert note.count("answered 404") == 1  # one note per operation and status


def test_a_4xx_after_a_seam_not_marked_read_only_is_a_possible_partial_write(
    stock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(STOCK / "seamguard.toml")
    writing = replace(config, seams=tuple(replace(b, read_only=False) for b in config.seams))

    found = failed(check(monkeypatch, config=writing))

    assert list(found) == [("items.search", "api-rejects-invalid")]
    assert (
        "answered 404 after the logic of 'items.search' returned normally"
        in (found["items.search", "api-rejects-invalid"][0])
    )


def test_a_4xx_after_a_writing_logic_returned_still_fails(
    stock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = failed(check(monkeypatch, "partial"))

    assert list(found) == [("items.create", "api-rejects-invalid")]
    assert (
        "answered 409 after the logic of 'items.create' returned normally"
        in (found["items.create", "api-rejects-invalid"][0])
    )


def test_http_checks_all_fails_an_undocumented_4xx(
    stock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = failed(check(monkeypatch, http_checks_all=True))

    assert "Received: 409" in found["items.create", "api-response-conforms"][0]
    assert "Received: 404" in found["items.get", "api-response-conforms"][0]
    assert not any(check_id == "api-rejects-invalid" for _, check_id in found)


def test_an_undocumented_5xx_is_never_a_note(stock: None, monkeypatch: pytest.MonkeyPatch) -> None:
    found = failed(check(monkeypatch, "server-error"))

    assert "Received: 500" in found["items.create", "api-response-conforms"][0]
    assert found["items.create", "api-rejects-invalid"] == ["POST /items: answered 500"]


def test_a_documented_4xx_whose_body_breaks_its_schema_still_fails(
    stock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = failed(check(monkeypatch, "bad-body"))

    assert list(found) == [("items.create", "api-response-conforms")]
    assert '"name" is a required property' in found["items.create", "api-response-conforms"][0]


def test_read_only_must_be_true_or_false(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    (tmp_path / "seamguard.toml").write_text(
        '[[seams]]\ncontract = "a.b"\nlogic = "m:f"\nread-only = "yes"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / "seamguard.toml")
    assert "'read-only': expected true or false" in str(raised.value)
    assert "got 'yes'" in str(raised.value)


# -- the verdict on one answer ------------------------------------------------------------


def sent(status: int, *crossings: Crossing, method: str = "POST") -> Sent:
    prepared = requests.Request(method, "http://localhost/things", json={}).prepare()
    answer = AsgiResponse(status, [("content-type", "application/json")], b"{}", 0.0)
    return Sent(answer, list(crossings), ["things.find"], None, prepared, negative=False)


FOUND = Crossing("things.find", {}, output={"id": 1})
NOTHING = Crossing("things.find", {}, output=None)


@pytest.mark.parametrize(
    "answer",
    [
        sent(404, FOUND, method="GET"),
        sent(409, FOUND, method="HEAD"),
        sent(404, NOTHING),
        sent(404, NOTHING, method="DELETE"),
    ],
)
def test_a_4xx_after_a_read_or_a_lookup_that_found_nothing_passes(answer: Sent) -> None:
    assert api_rejects_invalid(answer) is None


def test_a_read_only_seam_never_writes() -> None:
    assert api_rejects_invalid(sent(400, FOUND), read_only=frozenset({"things.find"})) is None
    assert api_rejects_invalid(sent(400, FOUND), read_only=frozenset({"other"})) is not None


@pytest.mark.parametrize("answer", [sent(409, NOTHING), sent(404, FOUND), sent(422, FOUND)])
def test_a_4xx_after_a_writing_logic_returned_fails(answer: Sent) -> None:
    verdict = api_rejects_invalid(answer)
    assert verdict is not None
    assert verdict[0] == "api-rejects-invalid"
    assert verdict[3] == "4xx after the logic returned"
