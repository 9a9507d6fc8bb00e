"""Every route, and every status each route can answer, through the real app and database."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from uuid import UUID

import pytest

from taskapp.api import create_app
from taskapp.logic import Status, TaskManager
from taskapp.store import TaskStore
from tests.integration.helpers import TestClient, assert_error, create, query

MISSING = "3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f"


# -- GET /api/tasks/{task_id} --------------------------------------------------------------


def test_get_answers_200_with_the_task(client: TestClient) -> None:
    created = create(client, title="Read me", tags=["x"])

    response = client.get(f"/api/tasks/{created['id']}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == created


def test_get_answers_404_for_an_unknown_id(client: TestClient) -> None:
    body = assert_error(client.get(f"/api/tasks/{MISSING}"), 404, "not_found")
    assert MISSING in body["message"]


def test_an_upper_case_id_finds_the_task(client: TestClient) -> None:
    created = create(client)
    assert client.get(f"/api/tasks/{created['id'].upper()}").json() == created


# -- GET /api/tasks ------------------------------------------------------------------------


def test_list_answers_200_with_a_page_and_the_total(
    client: TestClient, manager: TaskManager
) -> None:
    # Given 55 tasks
    ids = [str(manager.create_task(title=f"Task {n}").id) for n in range(55)]

    # When the list is asked for with the defaults
    first = client.get("/api/tasks")

    # Then it holds the first 50, oldest first, and counts all 55
    assert first.status_code == 200
    page = first.json()
    assert (page["total"], page["limit"], page["offset"]) == (55, 50, 0)
    assert [item["id"] for item in page["items"]] == ids[:50]

    # And limit/offset page through the rest
    rest = client.get("/api/tasks", params={"limit": 10, "offset": 50}).json()
    assert (rest["total"], rest["limit"], rest["offset"]) == (55, 10, 50)
    assert [item["id"] for item in rest["items"]] == ids[50:]

    # And an offset past the end is an empty page, not an error
    beyond = client.get("/api/tasks", params={"offset": 1000}).json()
    assert beyond == {"items": [], "total": 55, "limit": 50, "offset": 1000}


def test_list_filters_by_status_and_counts_only_the_matches(client: TestClient) -> None:
    # Given tasks in each status
    todo = create(client, title="todo")
    started = create(client, title="started")
    client.patch(f"/api/tasks/{started['id']}", json={"status": "in_progress"})
    finished = create(client, title="finished")
    client.post(f"/api/tasks/{finished['id']}/complete")
    create(client, title="todo too")

    # When the list is filtered
    def listed(status: str, **params: int) -> tuple[int, list[str]]:
        page = client.get("/api/tasks", params={"status": status, **params}).json()
        return page["total"], [item["title"] for item in page["items"]]

    # Then each status finds its own tasks, and total ignores limit and offset
    assert listed("todo") == (2, ["todo", "todo too"])
    assert listed("in_progress") == (1, ["started"])
    assert listed("done") == (1, ["finished"])
    assert listed("todo", limit=1, offset=1) == (2, ["todo too"])
    assert todo["status"] == "todo"


def test_list_orders_by_creation_time_then_by_id(tmp_path: Path) -> None:
    # Given tasks created at one and the same instant, and one created earlier
    instants = iter(
        [datetime(2026, 1, 2, tzinfo=timezone.utc)] * 5
        + [datetime(2026, 1, 1, tzinfo=timezone.utc)]
    )
    manager = TaskManager(TaskStore(tmp_path / "order.db"), clock=lambda: next(instants))
    try:
        with TestClient(create_app(manager=manager)) as client:
            same = [create(client, title=f"same {n}")["id"] for n in range(5)]
            earlier = create(client, title="earlier")["id"]

            # When they are listed
            listed = [item["id"] for item in client.get("/api/tasks").json()["items"]]

        # Then the earlier one comes first, the rest by id
        assert listed == [earlier, *sorted(same)]
    finally:
        manager.close()


# -- PATCH /api/tasks/{task_id} ------------------------------------------------------------


def test_patch_changes_only_the_fields_given(client: TestClient, db_path: Path) -> None:
    # Given a task with every field set
    created = create(
        client,
        title="Original",
        description="Keep me",
        priority="high",
        tags=["keep"],
        due_date="2026-12-01",
        estimate_minutes=45,
    )

    # When only the title changes
    response = client.patch(f"/api/tasks/{created['id']}", json={"title": "Renamed"})

    # Then the title changed, updated_at moved, and everything else is as it was
    assert response.status_code == 200
    changed = response.json()
    assert changed["title"] == "Renamed"
    assert changed["updated_at"] > created["updated_at"]
    untouched = {k: v for k, v in created.items() if k not in ("title", "updated_at")}
    assert {k: v for k, v in changed.items() if k not in ("title", "updated_at")} == untouched
    assert query(db_path, "SELECT tag FROM task_tags WHERE task_id = ?", (created["id"],)) == [
        ("keep",)
    ]


def test_patch_with_null_clears_the_due_date_and_the_estimate(
    client: TestClient, db_path: Path
) -> None:
    created = create(client, due_date="2026-12-01", estimate_minutes=45)

    cleared = client.patch(f"/api/tasks/{created['id']}", json={"due_date": None}).json()
    assert cleared["due_date"] is None
    assert cleared["estimate_minutes"] == 45

    cleared = client.patch(f"/api/tasks/{created['id']}", json={"estimate_minutes": None}).json()
    assert cleared["estimate_minutes"] is None
    assert query(
        db_path, "SELECT due_date, estimate_minutes FROM tasks WHERE id = ?", (created["id"],)
    ) == [(None, None)]


def test_patch_replaces_the_tags_in_the_order_given(client: TestClient, db_path: Path) -> None:
    created = create(client, tags=["old", "stale"])

    changed = client.patch(f"/api/tasks/{created['id']}", json={"tags": ["new", "alpha"]}).json()

    assert changed["tags"] == ["new", "alpha"]
    assert query(
        db_path,
        "SELECT tag FROM task_tags WHERE task_id = ? ORDER BY position",
        (created["id"],),
    ) == [("new",), ("alpha",)]
    emptied = client.patch(f"/api/tasks/{created['id']}", json={"tags": []}).json()
    assert emptied["tags"] == []


def test_patch_answers_404_for_an_unknown_id(client: TestClient) -> None:
    assert_error(client.patch(f"/api/tasks/{MISSING}", json={"title": "x"}), 404, "not_found")


# -- status transitions --------------------------------------------------------------------


def test_todo_and_in_progress_move_freely_then_done_via_patch(client: TestClient) -> None:
    # Given a new task
    task_id = create(client)["id"]

    # When it moves todo -> in_progress -> todo -> in_progress
    for status in ("in_progress", "todo", "in_progress"):
        moved = client.patch(f"/api/tasks/{task_id}", json={"status": status})
        # Then each move is accepted and leaves completed_at empty
        assert moved.status_code == 200
        assert moved.json()["status"] == status
        assert moved.json()["completed_at"] is None

    # And an update to done completes it, at the time of that write
    done = client.patch(f"/api/tasks/{task_id}", json={"status": "done"}).json()
    assert done["status"] == "done"
    assert done["completed_at"] == done["updated_at"]


def test_setting_the_status_a_task_already_has_is_fine(client: TestClient) -> None:
    created = create(client)

    same = client.patch(f"/api/tasks/{created['id']}", json={"status": "todo"})

    assert same.status_code == 200
    assert same.json()["status"] == "todo"
    assert same.json()["updated_at"] > created["updated_at"]


def test_complete_answers_200_from_todo_and_from_in_progress(client: TestClient) -> None:
    fresh = create(client)
    started = create(client)
    client.patch(f"/api/tasks/{started['id']}", json={"status": "in_progress"})

    for task in (fresh, started):
        response = client.post(f"/api/tasks/{task['id']}/complete")
        assert response.status_code == 200
        done = response.json()
        assert done["status"] == "done"
        assert done["completed_at"] is not None
        assert done["completed_at"] == done["updated_at"]


@pytest.mark.parametrize(
    "changes",
    [{"title": "Too late"}, {"status": "todo"}, {"status": "in_progress"}, {"status": "done"}],
    ids=["title", "back-to-todo", "back-to-in-progress", "done-again"],
)
def test_a_done_task_is_final_patch_answers_409(
    client: TestClient, db_path: Path, changes: dict[str, str]
) -> None:
    # Given a completed task
    task_id = create(client, title="Finished")["id"]
    client.post(f"/api/tasks/{task_id}/complete")
    before = query(db_path, "SELECT * FROM tasks WHERE id = ?", (task_id,))

    # When it is updated
    response = client.patch(f"/api/tasks/{task_id}", json=changes)

    # Then the API answers 409 and the row is untouched
    assert_error(response, 409, "conflict")
    assert query(db_path, "SELECT * FROM tasks WHERE id = ?", (task_id,)) == before


def test_complete_answers_409_when_already_done(client: TestClient) -> None:
    task_id = create(client)["id"]
    first = client.post(f"/api/tasks/{task_id}/complete").json()

    body = assert_error(client.post(f"/api/tasks/{task_id}/complete"), 409, "conflict")

    assert "already done" in body["message"]
    assert client.get(f"/api/tasks/{task_id}").json() == first


def test_complete_answers_404_for_an_unknown_id(client: TestClient) -> None:
    assert_error(client.post(f"/api/tasks/{MISSING}/complete"), 404, "not_found")


def test_complete_ignores_a_body(client: TestClient) -> None:
    task_id = create(client)["id"]
    response = client.post(f"/api/tasks/{task_id}/complete", content=b"not json at all")
    assert response.status_code == 200


# -- DELETE /api/tasks/{task_id} -----------------------------------------------------------


def test_delete_answers_204_and_removes_the_task_and_its_tags(
    client: TestClient, db_path: Path
) -> None:
    # Given a done task with tags, and another task
    doomed = create(client, tags=["a", "b"])["id"]
    client.post(f"/api/tasks/{doomed}/complete")
    kept = create(client, tags=["a"])["id"]

    # When the first is deleted
    response = client.delete(f"/api/tasks/{doomed}")

    # Then the answer is an empty 204 and the task and its tags are gone
    assert response.status_code == 204
    assert response.content == b""
    assert_error(client.get(f"/api/tasks/{doomed}"), 404, "not_found")
    assert query(db_path, "SELECT task_id, tag FROM task_tags") == [(kept, "a")]
    # And deleting it again is 404
    assert_error(client.delete(f"/api/tasks/{doomed}"), 404, "not_found")


# -- routing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/api", "/api/tasks/", "/api/task", f"/api/tasks/{MISSING}/start", "/docs"]
)
def test_an_unknown_path_answers_404_json(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/api/tasks", {"GET", "HEAD", "POST"}),
        ("DELETE", "/api/tasks", {"GET", "HEAD", "POST"}),
        ("POST", f"/api/tasks/{MISSING}", {"GET", "HEAD", "PATCH", "DELETE"}),
        ("PUT", f"/api/tasks/{MISSING}", {"GET", "HEAD", "PATCH", "DELETE"}),
        ("GET", f"/api/tasks/{MISSING}/complete", {"POST"}),
        ("POST", "/openapi.json", {"GET", "HEAD"}),
    ],
)
def test_a_wrong_method_answers_405_with_allow(
    client: TestClient, method: str, path: str, allowed: set[str]
) -> None:
    response = client.request(method, path)

    assert_error(response, 405, "method_not_allowed")
    assert {m.strip() for m in response.headers["allow"].split(",")} == allowed


def test_a_new_task_id_is_a_uuid_and_status_todo(client: TestClient) -> None:
    body = create(client)
    assert UUID(body["id"]).version == 4
    assert Status(body["status"]) is Status.TODO
