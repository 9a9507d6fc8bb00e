"""Writes are atomic and safe under concurrency: real faults planted in the real database."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from uuid import UUID

import pytest

from taskapp.logic import InvalidTransition, TaskManager
from taskapp.store import TaskStore
from tests.integration.helpers import TestClient, assert_error, create, execute_script, query

PLANT_TAG_FAULT = """
CREATE TRIGGER planted_fault BEFORE INSERT ON task_tags WHEN NEW.tag = 'boom'
BEGIN SELECT RAISE(ABORT, 'planted fault'); END;
"""


def test_the_database_is_in_wal_mode_with_its_schema(client: TestClient, db_path: Path) -> None:
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]
    tables = {
        name for (name,) in query(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {"tasks", "task_tags"} <= tables
    assert query(db_path, "PRAGMA foreign_key_list(task_tags)")[0][2:5] == (
        "tasks",
        "task_id",
        "id",
    )


def test_a_failed_create_writes_neither_the_task_nor_any_tag(
    client: TestClient, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a fault planted in the database: inserting the tag 'boom' fails
    execute_script(db_path, PLANT_TAG_FAULT)

    # When a task is posted whose first tag is written before the second fails
    with caplog.at_level(logging.ERROR, logger="taskapp.api"):
        response = client.post("/api/tasks", json={"title": "Doomed", "tags": ["ok", "boom"]})

    # Then the API answers 500 internal_error, and the fault is logged
    assert_error(response, 500, "internal_error")
    assert "planted fault" in caplog.text
    # And neither the task row nor the tag written before the fault is in the database
    assert query(db_path, "SELECT count(*) FROM tasks") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM task_tags") == [(0,)]
    # And the application keeps working
    assert create(client, title="Fine", tags=["ok"])["tags"] == ["ok"]


def test_a_failed_tag_replacement_leaves_the_task_as_it_was(
    client: TestClient, db_path: Path
) -> None:
    # Given a task with tags, and the fault planted afterwards
    created = create(client, title="Before", tags=["old", "keep"])
    before = query(db_path, "SELECT * FROM tasks")
    execute_script(db_path, PLANT_TAG_FAULT)

    # When a PATCH changes the title and replaces the tags, failing on the second tag
    response = client.patch(
        f"/api/tasks/{created['id']}", json={"title": "After", "tags": ["ok", "boom"]}
    )

    # Then the answer is 500, and the row keeps its old title and updated_at
    assert_error(response, 500, "internal_error")
    assert query(db_path, "SELECT * FROM tasks") == before
    [(title, updated_at)] = query(db_path, "SELECT title, updated_at FROM tasks")
    assert title == "Before"
    assert datetime.fromisoformat(updated_at) == datetime.fromisoformat(created["updated_at"])
    # And the old tags are all still there, in order
    assert query(db_path, "SELECT tag FROM task_tags ORDER BY position") == [("old",), ("keep",)]
    assert client.get(f"/api/tasks/{created['id']}").json() == created


def test_a_failed_complete_leaves_the_task_open(client: TestClient, db_path: Path) -> None:
    # Given a task, and a fault on marking any task done
    created = create(client)
    execute_script(
        db_path,
        "CREATE TRIGGER planted_fault BEFORE UPDATE ON tasks WHEN NEW.status = 'done' "
        "BEGIN SELECT RAISE(ABORT, 'planted fault'); END;",
    )

    # When it is completed
    response = client.post(f"/api/tasks/{created['id']}/complete")

    # Then the answer is 500 and the task is still todo
    assert_error(response, 500, "internal_error")
    assert client.get(f"/api/tasks/{created['id']}").json() == created


def test_a_failed_delete_keeps_the_task_and_its_tags(client: TestClient, db_path: Path) -> None:
    # Given a task with tags, and a fault on removing any tag (the cascade of a delete)
    created = create(client, tags=["a", "b"])
    execute_script(
        db_path,
        "CREATE TRIGGER planted_fault BEFORE DELETE ON task_tags "
        "BEGIN SELECT RAISE(ABORT, 'planted fault'); END;",
    )

    # When the task is deleted
    response = client.delete(f"/api/tasks/{created['id']}")

    # Then the answer is 500, and the task and both tags remain
    assert_error(response, 500, "internal_error")
    assert client.get(f"/api/tasks/{created['id']}").json() == created
    assert query(db_path, "SELECT count(*) FROM task_tags") == [(2,)]


def test_eight_threads_creating_25_tasks_each_lose_nothing(
    client: TestClient, manager: TaskManager, db_path: Path
) -> None:
    # Given eight threads sharing the application's manager
    errors: list[BaseException] = []
    created: list[UUID] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def work(worker: int) -> None:
        try:
            start.wait()
            for n in range(25):
                task = manager.create_task(title=f"w{worker} #{n}", tags=[f"w{worker}", f"n{n}"])
                with lock:
                    created.append(task.id)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    # When they all create tasks at once
    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then nothing failed, and all 200 tasks and their 400 tags are in the file
    assert errors == []
    assert len(set(created)) == 200
    assert query(db_path, "SELECT count(*) FROM tasks") == [(200,)]
    assert query(db_path, "SELECT count(*) FROM task_tags") == [(400,)]
    page = client.get("/api/tasks", params={"limit": 100}).json()
    assert page["total"] == 200


def test_racing_completions_let_exactly_one_win(
    client: TestClient, manager: TaskManager, db_path: Path
) -> None:
    # Given one task and eight threads that all try to complete it
    task_id = UUID(create(client)["id"])
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        try:
            manager.complete_task(task_id)
            outcomes.append("done")
        except InvalidTransition:
            outcomes.append("conflict")
        except BaseException as exc:
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then one completion won and the seven others saw a done task
    assert sorted(outcomes) == ["conflict"] * 7 + ["done"]


WRITER = """
import sys
from taskapp.logic import TaskManager
from taskapp.store import TaskStore

store = TaskStore(sys.argv[1])
manager = TaskManager(store)
for n in range(30):
    manager.create_task(title=f"{sys.argv[2]} #{n}", tags=["proc"])
store.close()
"""


def test_several_processes_write_to_one_file(client: TestClient, db_path: Path) -> None:
    # Given three other processes writing to the application's database file
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), f"p{n}"]) for n in range(3)
    ]

    # When the application writes too, meanwhile
    for n in range(30):
        create(client, title=f"api #{n}")
    codes = [writer.wait(timeout=60) for writer in writers]

    # Then every process succeeded and every task is there
    assert codes == [0, 0, 0]
    assert client.get("/api/tasks", params={"limit": 1}).json()["total"] == 120
    assert query(db_path, "SELECT count(*) FROM task_tags WHERE tag = 'proc'") == [(90,)]


def test_a_store_nests_transactions_as_savepoints(tmp_path: Path) -> None:
    # Given a store and a task written inside an outer transaction
    with TaskStore(tmp_path / "nested.db") as store:
        manager = TaskManager(store)
        with store.transaction():
            kept = manager.create_task(title="Kept")

            def fail_inside() -> None:
                with store.transaction():
                    manager.create_task(title="Undone")
                    raise RuntimeError("inner failure")

            # When an inner write fails
            with pytest.raises(RuntimeError, match="inner failure"):
                fail_inside()
        # Then only the inner write is undone
        assert [t.title for t in manager.list_tasks().items] == [kept.title]
