"""The crossings behind the routes, seen through seamguard's ``seams`` fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamguard.pytest_plugin import SeamLog
from tests.integration.helpers import TestClient, create


def test_a_post_crosses_tasks_create_once_and_returns_what_the_logic_made(
    client: TestClient, seams: SeamLog
) -> None:
    # When a client posts a task
    response = client.post("/api/tasks", json={"title": "Write", "tags": ["docs"]})

    # Then the logic was called once, with the defaults applied, and the API answered its output
    crossing = seams.only("tasks.create")
    assert crossing.input == {
        "title": "Write",
        "description": "",
        "priority": "normal",
        "tags": ["docs"],
        "due_date": None,
        "estimate_minutes": None,
    }
    assert crossing.output["id"] == response.json()["id"]
    seams.assert_valid()


def test_a_rejected_request_never_crosses(client: TestClient, seams: SeamLog) -> None:
    response = client.post("/api/tasks", json={"title": ""})

    assert response.status_code == 422
    assert seams.of("tasks.create") == []


def test_a_domain_error_is_recorded_as_declared(client: TestClient, seams: SeamLog) -> None:
    # Given a done task
    task = create(client)
    client.post(f"/api/tasks/{task['id']}/complete")

    # When it is completed again
    response = client.post(f"/api/tasks/{task['id']}/complete")

    # Then the API answered 409 and the second crossing raised a declared domain error
    assert response.status_code == 409
    first, second = seams.of("tasks.complete")
    assert first.returned
    assert first.output["status"] == "done"
    assert second.error is not None
    assert second.declared
    seams.assert_valid()


def test_update_hands_the_changes_as_one_document(client: TestClient, seams: SeamLog) -> None:
    task = create(client, due_date="2026-12-01")

    client.patch(f"/api/tasks/{task['id']}", json={"due_date": None, "priority": "high"})

    crossing = seams.only("tasks.update")
    assert crossing.input == {
        "task_id": task["id"],
        "changes": {"due_date": None, "priority": "high"},
    }
    seams.assert_valid()


def test_a_crossing_that_breaks_its_contract_is_worded_as_seamguard_check_words_it() -> None:
    from seamguard.project import Project
    from seamguard.seams import Crossing, Recorder

    # Given a log with one crossing whose input and output the contract forbids, one whose
    # logic raised an undeclared error, and one that holds
    recorder = Recorder()
    recorder.record(Crossing("tasks.create", {"title": ""}, output={"id": "x"}))
    recorder.record(Crossing("tasks.create", {"title": "Ok"}, error=RuntimeError("boom")))
    log = SeamLog(recorder, Project.open(Path(__file__).resolve().parents[2] / "pyproject.toml"))

    # When it is judged
    problems = log.problems()

    # Then each broken document is one problem, worded as the API side's failures are; an
    # exception the logic raised is the test's to judge
    assert len(problems) == 2
    assert problems[0].startswith(
        "tasks.create: the API handed the logic an input the contract forbids, at /title: "
    )
    assert problems[0].endswith('; it handed {"title": ""}')
    assert problems[1].startswith(
        "tasks.create: the logic returned a document its output schema forbids, at /"
    )
    with pytest.raises(AssertionError, match=r"tasks\.create: the API handed"):
        log.assert_valid()
