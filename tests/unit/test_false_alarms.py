"""Three false alarms and a crash met on real services (issue 18, points 4 and 5).

- ``api-rejects-invalid``: a 404 after a logic that returned nothing (``None``, ``False``,
  ``0``: a delete that deleted nothing) is no possible partial write; a 4xx after a writing
  logic returned something still is (an empty list too: a search that found nothing is
  marked ``read-only``, as tests/unit/test_deliberate_4xx.py asks).
- ``logic-accepts-input``: a contract-valid value the logic's annotation refuses only by
  format strictness JSON Schema cannot state (pydantic's ``EmailStr`` refusing the
  special-use domain of ``0@0.test`` where both say ``format: email``) is a note on the
  passing result; a refusal where the formats differ still fails.
- ``model-matches-contract``: a return annotation pydantic cannot read
  (``AsyncIterator[Contact]``, an async generator logic) is judged by its items as the list
  the route collects, and any other one it cannot read is skipped with why, never a crash.

On tests/unit/services/mailbox; ``MAILBOX_BUG`` plants the defects of
``mailbox_app.logic.BUGS``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from seamguard.checks import CheckResult
from seamguard.checks.api._verdicts import Sent, api_rejects_invalid
from seamguard.config import load_config
from seamguard.engine import Run, run_check, seam_context
from seamguard.generation._asgi import AsgiResponse
from seamguard.project import Project, RunSettings
from seamguard.seams import Crossing

MAILBOX = Path(__file__).resolve().parent / "services" / "mailbox"


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [n for n in sys.modules if n.partition(".")[0] == "mailbox_app"]:
        del sys.modules[name]
    monkeypatch.delenv("MAILBOX_BUG", raising=False)
    yield
    for name in [n for n in sys.modules if n.partition(".")[0] == "mailbox_app"]:
        del sys.modules[name]


def check(
    monkeypatch: pytest.MonkeyPatch, bug: str = "", config: str = "seamguard.toml", **options: Any
) -> Run:
    if bug:
        monkeypatch.setenv("MAILBOX_BUG", bug)
    return run_check(load_config(MAILBOX / config), seed=1, example_db="none", **options)


def failed(run: Run) -> dict[tuple[str, str], list[str]]:
    """(seam, check) to its failures' messages."""
    return {(r.seam, r.check): [f.message for f in r.failures] for r in run.results if r.failures}


def result(run: Run, seam: str, check_id: str) -> CheckResult:
    (found,) = [r for r in run.results if r.seam == seam and r.check == check_id]
    return found


def replayed(seam: str, example: Any) -> dict[str, CheckResult]:
    """The logic side's results on exactly ``example``: check id to result."""
    project = Project.open(MAILBOX / "seamguard.toml")
    settings = RunSettings.of(project.config, seed=0, max_examples=1)
    with seam_context(project, settings) as context:
        return {r.check: r for r in context.logic_checks(seam, examples=[example])}


# -- api-rejects-invalid: the verdict on one answer ----------------------------------------


def sent(status: int, output: object, method: str = "DELETE") -> Sent:
    prepared = requests.Request(method, "http://localhost/things/1").prepare()
    answer = AsgiResponse(status, [("content-type", "application/json")], b"{}", 0.0)
    crossing = Crossing("things.remove", {"id": 1}, output=output)
    return Sent(answer, [crossing], ["things.remove"], None, prepared, negative=False)


@pytest.mark.parametrize("output", [None, False, 0])
def test_a_404_after_a_logic_that_returned_nothing_passes(output: object) -> None:
    assert api_rejects_invalid(sent(404, output)) is None


@pytest.mark.parametrize("output", [True, 1, {"id": 1}, [{"id": 1}], "gone", []])
def test_a_404_after_a_logic_that_returned_something_fails(output: object) -> None:
    verdict = api_rejects_invalid(sent(404, output))
    assert verdict is not None
    assert verdict[0] == "api-rejects-invalid"
    assert "after the logic of 'things.remove' returned normally" in verdict[2]


@pytest.mark.parametrize("status", [400, 409, 422])
def test_another_4xx_after_a_logic_that_returned_nothing_still_fails(status: int) -> None:
    assert api_rejects_invalid(sent(status, False)) is not None


# -- api-rejects-invalid on the mailbox: a delete that deleted nothing answers 404 ----------


def test_the_clean_mailbox_fails_nothing(mailbox: None, monkeypatch: pytest.MonkeyPatch) -> None:
    run = check(monkeypatch)

    assert failed(run) == {}
    assert result(run, "contacts.remove", "api-rejects-invalid").examples > 0
    assert result(run, "contacts.remove", "api-rejects-invalid").status == "passed"


def test_a_404_after_a_delete_that_wrote_an_audit_entry_still_fails(
    mailbox: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = failed(check(monkeypatch, "audit", seams=["contacts.remove"]))

    assert list(found) == [("contacts.remove", "api-rejects-invalid")]
    assert (
        "answered 404 after the logic of 'contacts.remove' returned normally"
        in found["contacts.remove", "api-rejects-invalid"][0]
    )


# -- logic-accepts-input: EmailStr against format: email ----------------------------------

SPECIAL = "0@0.test"  # format: email admits it; email-validator refuses the .test domain


@pytest.mark.parametrize(
    ("seam", "example", "where"),
    [
        (
            "contacts.add",
            {"email": SPECIAL, "name": "ann"},
            "parameter 'contact' refuses at /email",
        ),
        ("contacts.invite", {"email": SPECIAL, "note": "hi"}, "parameter 'email' refuses a value"),
    ],
)
def test_a_value_refused_only_by_email_strictness_is_a_note(
    mailbox: None, seam: str, example: dict[str, str], where: str
) -> None:
    accepts = replayed(seam, example)["logic-accepts-input"]

    assert accepts.status == "passed"
    assert where in accepts.reason
    assert f"e.g. \"{SPECIAL}\", though both say format 'email'" in accepts.reason
    assert "special-use or reserved name" in accepts.reason
    assert "\n" not in accepts.reason


def test_a_generated_run_notes_email_strictness_and_fails_nothing(
    mailbox: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = check(monkeypatch, seams=["contacts.add", "contacts.invite"])

    assert failed(run) == {}
    for seam in ("contacts.add", "contacts.invite"):
        note = result(run, seam, "logic-accepts-input").reason
        assert "though both say format 'email'" in note
        assert note.count("format strictness") == 1  # once per parameter and place


def test_a_refusal_where_the_contract_names_no_format_still_fails(
    mailbox: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILBOX_BUG", "name-length")  # Contact.name: 3 characters, not 40

    accepts = replayed("contacts.add", {"email": "ann@mail.example.org", "name": "anne"})

    assert accepts["logic-accepts-input"].status == "failed"
    (failure,) = accepts["logic-accepts-input"].failures
    assert "a contract-valid input cannot be passed to the logic" in failure.message
    assert "at most 3 characters" in failure.message


def test_a_refusal_where_the_formats_differ_still_fails(
    mailbox: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILBOX_BUG", "url")  # invite's address: AnyUrl (format uri)

    accepts = replayed("contacts.invite", {"email": "ann@mail.example.org", "note": "hi"})

    assert accepts["logic-accepts-input"].status == "failed"
    (failure,) = accepts["logic-accepts-input"].failures
    assert "parameter 'email'" in failure.message


def test_a_refusal_at_one_format_and_one_other_place_fails(
    mailbox: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILBOX_BUG", "name-length")

    accepts = replayed("contacts.add", {"email": SPECIAL, "name": "anne"})

    assert accepts["logic-accepts-input"].status == "failed"


# -- model-matches-contract: return annotations pydantic cannot read -----------------------


def test_an_async_generator_logic_is_judged_by_the_list_of_its_items(
    mailbox: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = check(monkeypatch, config="seamguard-shapes.toml", seams=["contacts.feed"])

    model = result(run, "contacts.feed", "model-matches-contract")
    assert model.status == "passed"  # AsyncIterator[Contact] read as list[Contact]
    assert model.examples > 0


def test_an_annotation_pydantic_cannot_read_is_skipped_with_why(
    mailbox: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = check(monkeypatch, config="seamguard-shapes.toml", seams=["contacts.page"])

    model = result(run, "contacts.page", "model-matches-contract")
    assert model.status == "skipped"
    assert model.reason == (
        "pydantic cannot read the output annotation Page (PydanticSchemaGenerationError): "
        "not compared"
    )
