"""The domain rules the TaskManager enforces itself, on the application's manager and file.

The API validates first as a courtesy; these calls go straight to the logic the way a caller
that skips the API would, and check the logic holds its own line.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from taskapp.logic import (
    InvalidTask,
    InvalidTransition,
    Priority,
    Status,
    TaskError,
    TaskManager,
    TaskNotFound,
)


def test_strings_are_accepted_for_enums_ids_and_dates(manager: TaskManager) -> None:
    loose: Any = manager  # called with JSON strings where the annotations say enums and dates
    task = loose.create_task(title="Strings", priority="high", due_date="2026-12-01")

    assert task.priority is Priority.HIGH
    assert task.due_date == date(2026, 12, 1)
    assert loose.get_task(str(task.id)) == task
    changed = loose.update_task(str(task.id), {"status": "in_progress"})
    assert changed.status is Status.IN_PROGRESS
    assert loose.list_tasks(status="in_progress").items == (changed,)


def test_the_title_is_kept_exactly_as_given(manager: TaskManager) -> None:
    assert manager.create_task(title="  padded  ").title == "  padded  "


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": " \u3000\ufeff"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": 5}, "title"),
        ({"title": "ok", "description": "x" * 2001}, "description"),
        ({"title": "ok", "priority": "asap"}, "priority"),
        ({"title": "ok", "tags": "docs"}, "tags"),
        ({"title": "ok", "tags": ["a", "B"]}, "tags.1"),
        ({"title": "ok", "tags": ["a", "a"]}, "tags.1"),
        ({"title": "ok", "tags": [f"t{n}" for n in range(11)]}, "tags"),
        ({"title": "ok", "due_date": "2026-02-30"}, "due_date"),
        ({"title": "ok", "estimate_minutes": True}, "estimate_minutes"),
        ({"title": "ok", "estimate_minutes": 0}, "estimate_minutes"),
        ({"title": "ok", "estimate_minutes": 10081}, "estimate_minutes"),
        ({"title": "a\ud800"}, "title"),
    ],
)
def test_create_refuses_what_breaks_a_rule_naming_the_field(
    manager: TaskManager, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidTask) as caught:
        manager.create_task(**kwargs)
    assert caught.value.field == field
    assert caught.value.message
    assert manager.list_tasks().total == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [({}, "changes"), ({"owner": "me"}, "owner"), ({"title": None}, "title")],
)
def test_update_refuses_empty_unknown_or_invalid_changes(
    manager: TaskManager, changes: Any, field: str
) -> None:
    task = manager.create_task(title="Target")
    with pytest.raises(InvalidTask) as caught:
        manager.update_task(task.id, changes)
    assert caught.value.field == field
    assert manager.get_task(task.id) == task


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": True}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "archived"}, "status"),
    ],
)
def test_list_refuses_a_bad_window_or_status(
    manager: TaskManager, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidTask) as caught:
        manager.list_tasks(**kwargs)
    assert caught.value.field == field


def test_a_huge_offset_is_an_empty_page(manager: TaskManager) -> None:
    manager.create_task(title="One")
    page = manager.list_tasks(offset=10**30)
    assert (page.items, page.total, page.offset) == ((), 1, 10**30)


@pytest.mark.parametrize("task_id", ["not-a-uuid", "", 42, None])
def test_a_malformed_id_is_not_found(manager: TaskManager, task_id: Any) -> None:
    for call in (manager.get_task, manager.complete_task, manager.delete_task):
        with pytest.raises(TaskNotFound):
            call(task_id)


def test_a_done_task_refuses_every_change(manager: TaskManager) -> None:
    task = manager.complete_task(manager.create_task(title="Final").id)

    with pytest.raises(InvalidTransition) as again:
        manager.complete_task(task.id)
    assert (again.value.current, again.value.requested) == (Status.DONE, Status.DONE)
    with pytest.raises(InvalidTransition) as edit:
        manager.update_task(task.id, {"description": "late"})
    assert (edit.value.current, edit.value.requested) == (Status.DONE, None)
    assert edit.value.task_id == task.id
    assert manager.get_task(task.id) == task


def test_every_domain_error_is_a_task_error_with_a_message() -> None:
    errors = [
        TaskNotFound(UUID(int=1)),
        InvalidTransition(UUID(int=1), Status.DONE, Status.TODO),
        InvalidTask("title", "must not be empty"),
    ]
    for error in errors:
        assert isinstance(error, TaskError)
        assert str(error).strip()
