"""The seam itself: what the API hands the TaskManager, and what reaches the database file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from taskapp.api import create_app
from taskapp.logic import Priority, Status, Task, TaskManager
from taskapp.store import TaskStore
from tests.integration.helpers import TestClient, create, query


class TickingClock:
    """A clock that starts at a fixed instant and moves one second per reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        current = self.now
        self.now += timedelta(seconds=1)
        return current


def test_a_posted_task_is_returned_by_the_logic_and_stored_with_its_tags(
    client: TestClient, manager: TaskManager, db_path: Path
) -> None:
    # Given an empty database
    assert query(db_path, "SELECT count(*) FROM tasks") == [(0,)]

    # When a client posts a task
    response = client.post(
        "/api/tasks",
        json={
            "title": "Write the release notes",
            "description": "Cover the new estimate field.",
            "priority": "high",
            "tags": ["docs", "release"],
            "due_date": "2026-12-01",
            "estimate_minutes": 90,
        },
    )

    # Then the API answers 201 with the new task and where to find it
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/api/tasks/{body['id']}"
    assert body["status"] == "todo"
    assert body["completed_at"] is None
    assert body["created_at"] == body["updated_at"]

    # And the TaskManager returns that same task, typed
    task = manager.get_task(UUID(body["id"]))
    assert task.to_json() == body
    assert task.priority is Priority.HIGH
    assert task.due_date == date(2026, 12, 1)
    assert task.tags == ("docs", "release")
    assert task.created_at.tzinfo is not None
    assert task.created_at.utcoffset() == timedelta(0)

    # And a raw query on the database file finds the row and its tags, in order
    assert query(
        db_path,
        "SELECT title, description, status, priority, due_date, estimate_minutes, completed_at "
        "FROM tasks WHERE id = ?",
        (body["id"],),
    ) == [
        (
            "Write the release notes",
            "Cover the new estimate field.",
            "todo",
            "high",
            "2026-12-01",
            90,
            None,
        )
    ]
    assert query(
        db_path,
        "SELECT position, tag FROM task_tags WHERE task_id = ? ORDER BY position",
        (body["id"],),
    ) == [(0, "docs"), (1, "release")]


def test_a_title_alone_gets_the_logic_defaults(
    client: TestClient, manager: TaskManager, db_path: Path
) -> None:
    body = create(client, title="Water the plants")

    assert body["description"] == ""
    assert body["priority"] == "normal"
    assert body["tags"] == []
    assert body["due_date"] is None
    assert body["estimate_minutes"] is None
    assert manager.get_task(body["id"]).title == "Water the plants"
    assert query(db_path, "SELECT count(*) FROM task_tags") == [(0,)]


def test_the_api_hands_the_logic_typed_keyword_arguments(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a recorder wrapped around every TaskManager method, on the class
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def record(name: str) -> None:
        original = getattr(TaskManager, name)

        def wrapper(self: TaskManager, *args: Any, **kwargs: Any) -> Any:
            calls.append((name, args, kwargs))
            return original(self, *args, **kwargs)

        monkeypatch.setattr(TaskManager, name, wrapper)

    for name in (
        "create_task",
        "get_task",
        "list_tasks",
        "update_task",
        "complete_task",
        "delete_task",
    ):
        record(name)

    # When every route is called once with valid input
    body = create(
        client,
        title="Typed",
        priority="urgent",
        tags=["a"],
        due_date="2026-12-01",
        estimate_minutes=30.0,
    )
    create(client, title="Only a title")
    task_id = UUID(body["id"])
    client.get(f"/api/tasks/{task_id}")
    client.get("/api/tasks?status=todo&limit=5")
    client.get("/api/tasks")
    client.patch(f"/api/tasks/{task_id}", json={"status": "in_progress", "due_date": None})
    client.post(f"/api/tasks/{task_id}/complete")
    client.delete(f"/api/tasks/{task_id}")

    # Then the logic got keyword arguments by its parameter names, converted to its types,
    # and only the fields the client sent (so the logic's defaults apply to the rest)
    assert calls == [
        (
            "create_task",
            (),
            {
                "title": "Typed",
                "priority": Priority.URGENT,
                "tags": ["a"],
                "due_date": date(2026, 12, 1),
                "estimate_minutes": 30,
            },
        ),
        ("create_task", (), {"title": "Only a title"}),
        ("get_task", (), {"task_id": task_id}),
        ("list_tasks", (), {"status": Status.TODO, "limit": 5}),
        ("list_tasks", (), {}),
        (
            "update_task",
            (),
            {"task_id": task_id, "changes": {"due_date": None, "status": Status.IN_PROGRESS}},
        ),
        ("complete_task", (), {"task_id": task_id}),
        ("delete_task", (), {"task_id": task_id}),
    ]
    first = calls[0][2]
    assert type(first["priority"]) is Priority
    assert type(first["estimate_minutes"]) is int
    assert type(calls[2][2]["task_id"]) is UUID
    assert type(calls[5][2]["changes"]["status"]) is Status


def test_rejected_input_never_reaches_the_logic(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a TaskManager whose writes are watched
    crossed: list[str] = []
    original = TaskManager.create_task

    def watched(self: TaskManager, *args: Any, **kwargs: Any) -> Task:
        crossed.append("create_task")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TaskManager, "create_task", watched)

    # When the API rejects a request
    client.post("/api/tasks", json={"title": ""})
    client.post("/api/tasks", content=b"{", headers={"content-type": "application/json"})
    client.post("/api/tasks", content=b'{"title": "x"}', headers={"content-type": "text/plain"})

    # Then the seam was never crossed
    assert crossed == []


def test_every_write_records_the_clock_time(tmp_path: Path) -> None:
    # Given an application over a manager with a clock that ticks one second per reading
    clock = TickingClock()
    manager = TaskManager(TaskStore(tmp_path / "clocked.db"), clock=clock)
    try:
        with TestClient(create_app(manager=manager)) as client:
            # When a task is created, changed, then completed
            created = create(client, title="Clocked")
            changed = client.patch(f"/api/tasks/{created['id']}", json={"priority": "low"}).json()
            done = client.post(f"/api/tasks/{created['id']}/complete").json()

        # Then each write recorded the clock's reading, in UTC
        assert created["created_at"] == "2026-11-25T09:30:00+00:00"
        assert created["updated_at"] == created["created_at"]
        assert changed["updated_at"] == "2026-11-25T09:30:01+00:00"
        assert changed["created_at"] == created["created_at"]
        assert done["updated_at"] == done["completed_at"] == "2026-11-25T09:30:02+00:00"
        # And the manager given to create_app is left open for its owner
        assert manager.get_task(created["id"]).status is Status.DONE
    finally:
        manager.close()


def test_the_lifespan_builds_the_manager_from_taskapp_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given TASKAPP_DB naming a file that does not exist yet
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("TASKAPP_DB", str(path))

    # When the application is built, nothing is opened yet
    app = create_app()
    assert not path.exists()

    # Then starting it creates the database there, and tasks land in it
    with TestClient(app) as client:
        assert path.exists()
        body = create(client, title="In the env database")
        assert query(path, "SELECT title FROM tasks WHERE id = ?", (body["id"],)) == [
            ("In the env database",)
        ]

    # And shutting down closed every connection (SQLite removes the WAL file with the last one)
    assert not Path(f"{path}-wal").exists()


def test_importing_the_api_module_creates_no_database(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "TASKAPP_DB"}
    subprocess.run(
        [sys.executable, "-c", "import taskapp.api; assert taskapp.api.app is not None"],
        cwd=tmp_path,
        env=env,
        check=True,
        timeout=60,
    )
    assert list(tmp_path.iterdir()) == []


def test_create_app_takes_a_path_or_a_manager_not_both(tmp_path: Path) -> None:
    manager = TaskManager(TaskStore(tmp_path / "unused.db"))
    with pytest.raises(ValueError, match="not both"):
        create_app(db_path=tmp_path / "other.db", manager=manager)
    manager.close()
