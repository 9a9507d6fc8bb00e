"""The business logic of taskapp: tasks, their rules and their lifecycle. No HTTP here.

:class:`TaskManager` is the seam the API layer calls. It validates every argument itself
(the API's validation is a courtesy to clients, not something the logic relies on), enforces
the status rules and persists through a :class:`~taskapp.store.TaskStore`.

Status rules: a new task is ``todo``; ``todo`` and ``in_progress`` move freely between each
other; either becomes ``done`` through :meth:`TaskManager.complete_task` or an update to
``status="done"``, which sets ``completed_at``. A done task is final: completing or
updating it raises :class:`InvalidTransition`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, TypedDict
from uuid import UUID, uuid4

from taskapp.store import TaskRecord, TaskStore

__all__ = [
    "TAG_PATTERN",
    "VISIBLE_CHARACTER",
    "InvalidTask",
    "InvalidTransition",
    "Priority",
    "Status",
    "Task",
    "TaskChanges",
    "TaskError",
    "TaskManager",
    "TaskNotFound",
    "TaskPage",
    "has_visible_character",
    "parse_date",
]

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
TAGS_MAX = 10
#: A tag, matched with ``fullmatch`` (so no trailing newline slips through ``$``).
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,29}$")
ESTIMATE_MIN = 1
ESTIMATE_MAX = 10080
LIMIT_MIN = 1
LIMIT_MAX = 100
#: A character that is white space neither for Python's ``re`` nor for ECMAScript regular
#: expressions (they disagree on U+001C-U+001F, U+0085 and U+FEFF). The same pattern means
#: the same set in both, so JSON Schema tools of either kind agree with the logic.
VISIBLE_CHARACTER = r"[^\s\x1c-\x1f\x85\ufeff]"
_VISIBLE = re.compile(VISIBLE_CHARACTER)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Status(str, Enum):
    """Where a task stands; done is final."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Priority(str, Enum):
    """How urgent a task is."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


@dataclass(frozen=True, slots=True)
class Task:
    """A task as the logic returns it. Timestamps are timezone-aware UTC."""

    id: UUID
    title: str
    description: str
    status: Status
    priority: Priority
    tags: tuple[str, ...]
    due_date: date | None
    estimate_minutes: int | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        """The JSON form: UUID as a string, enums as their values, dates in ISO 8601."""
        return {
            "id": str(self.id),
            "title": self.title,
            "description": self.description,
            "status": self.status.value,
            "priority": self.priority.value,
            "tags": list(self.tags),
            "due_date": None if self.due_date is None else self.due_date.isoformat(),
            "estimate_minutes": self.estimate_minutes,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "completed_at": None if self.completed_at is None else self.completed_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class TaskPage:
    """One page of a task listing; ``total`` counts every match, ignoring limit and offset."""

    items: tuple[Task, ...]
    total: int
    limit: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        """``{"items": [task, ...], "total": n, "limit": l, "offset": o}``."""
        return {
            "items": [task.to_json() for task in self.items],
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
        }


class TaskChanges(TypedDict, total=False):
    """The fields :meth:`TaskManager.update_task` may change; None clears a date or estimate."""

    title: str
    description: str
    priority: Priority
    tags: list[str]
    due_date: date | None
    estimate_minutes: int | None
    status: Status


CHANGEABLE_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "priority",
    "tags",
    "due_date",
    "estimate_minutes",
    "status",
)


class TaskError(Exception):
    """Base of every domain error; ``str(error)`` is a message a person can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TaskNotFound(TaskError):
    """No task has this id (or the id is not a UUID at all)."""

    def __init__(self, task_id: UUID | str) -> None:
        super().__init__(f"No task has the id {task_id}.")
        self.task_id = task_id


class InvalidTransition(TaskError):
    """The task's status does not allow this change (a done task is final)."""

    def __init__(self, task_id: UUID, current: Status, requested: Status | None) -> None:
        if requested is Status.DONE and current is Status.DONE:
            text = f"Task {task_id} is already done."
        else:
            action = "be changed" if requested is None else f"move to {requested.value}"
            text = f"Task {task_id} is {current.value} and cannot {action}: a done task is final."
        super().__init__(text)
        self.task_id = task_id
        self.current = current
        self.requested = requested


class InvalidTask(TaskError):
    """An argument breaks a domain rule; ``field`` names it (``tags.2`` for an item)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


# -- argument checks (each returns the normalized value or raises InvalidTask) -----------


def _check_text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTask(field, "must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidTask(field, "must be valid Unicode text (no lone surrogates)") from None
    return value


def _check_title(value: object) -> str:
    title = _check_text("title", value)
    if not 1 <= len(title) <= TITLE_MAX:
        raise InvalidTask("title", f"must be 1 to {TITLE_MAX} characters long")
    if not has_visible_character(title):
        raise InvalidTask("title", "must contain a character that is not white space")
    return title


def _check_description(value: object) -> str:
    description = _check_text("description", value)
    if len(description) > DESCRIPTION_MAX:
        raise InvalidTask("description", f"must be at most {DESCRIPTION_MAX} characters long")
    return description


def _check_priority(value: object) -> Priority:
    try:
        return Priority(value)
    except (ValueError, TypeError):
        allowed = ", ".join(p.value for p in Priority)
        raise InvalidTask("priority", f"must be one of {allowed}") from None


def _check_status(value: object, field: str = "status") -> Status:
    try:
        return Status(value)
    except (ValueError, TypeError):
        allowed = ", ".join(s.value for s in Status)
        raise InvalidTask(field, f"must be one of {allowed}") from None


def _check_tags(value: object) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidTask("tags", "must be a list of tags")
    if len(value) > TAGS_MAX:
        raise InvalidTask("tags", f"must hold at most {TAGS_MAX} tags")
    seen: set[str] = set()
    for index, tag in enumerate(value):
        field = f"tags.{index}"
        if not isinstance(tag, str) or TAG_PATTERN.fullmatch(tag) is None:
            raise InvalidTask(
                field,
                "must be 1 to 30 characters: a lower-case letter or digit, "
                "then lower-case letters, digits, '_' or '-'",
            )
        if tag in seen:
            raise InvalidTask(field, f"repeats the tag {tag!r}; each tag may appear once")
        seen.add(tag)
    return tuple(value)


def _check_due_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        raise InvalidTask("due_date", "must be a date without a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            pass
    raise InvalidTask("due_date", "must be a date (YYYY-MM-DD) or null")


def _check_int(field: str, value: object, low: int, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTask(field, "must be an integer")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise InvalidTask(field, f"must be {bound}")
    return value


def _check_estimate(value: object) -> int | None:
    if value is None:
        return None
    return _check_int("estimate_minutes", value, ESTIMATE_MIN, ESTIMATE_MAX)


def _parse_id(task_id: object) -> UUID:
    if isinstance(task_id, UUID):
        return task_id
    if isinstance(task_id, str):
        try:
            return UUID(task_id)
        except ValueError:
            pass
    raise TaskNotFound(task_id if isinstance(task_id, str) else repr(task_id))


def parse_date(text: str) -> date:
    """The date written ``YYYY-MM-DD`` (ISO 8601 / RFC 3339 full-date); ValueError otherwise."""
    if _ISO_DATE.fullmatch(text) is None:
        raise ValueError(f"not a date written YYYY-MM-DD: {text!r}")
    return date.fromisoformat(text)


def has_visible_character(text: str) -> bool:
    """Whether ``text`` holds a character that is not white space (the title rule).

    White space here is the union of what Python and ECMAScript call white space, so a
    title one engine finds blank is blank for the logic too.
    """
    return _VISIBLE.search(text) is not None


def _task(record: TaskRecord) -> Task:
    return Task(
        id=record.id,
        title=record.title,
        description=record.description,
        status=Status(record.status),
        priority=Priority(record.priority),
        tags=record.tags,
        due_date=record.due_date,
        estimate_minutes=record.estimate_minutes,
        created_at=record.created_at,
        updated_at=record.updated_at,
        completed_at=record.completed_at,
    )


class TaskManager:
    """Creates, reads, changes and removes tasks, enforcing the domain rules.

    ``store`` defaults to :meth:`TaskStore.from_env`; ``clock`` (default: now in UTC) gives
    the time every write records and must return timezone-aware datetimes.
    """

    def __init__(
        self, store: TaskStore | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self._store = store if store is not None else TaskStore.from_env()
        self._clock = clock if clock is not None else _utc_now

    @property
    def store(self) -> TaskStore:
        """The store this manager persists through."""
        return self._store

    def close(self) -> None:
        """Close the store's database connections."""
        self._store.close()

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("the clock must return timezone-aware datetimes")
        return now.astimezone(timezone.utc)

    def create_task(
        self,
        title: str,
        description: str = "",
        priority: Priority = Priority.NORMAL,
        tags: Sequence[str] = (),
        due_date: date | None = None,
        estimate_minutes: int | None = None,
    ) -> Task:
        """Create a ``todo`` task and return it."""
        checked_title = _check_title(title)
        checked_description = _check_description(description)
        checked_priority = _check_priority(priority)
        checked_tags = _check_tags(tags)
        checked_due_date = _check_due_date(due_date)
        checked_estimate = _check_estimate(estimate_minutes)
        now = self._now()
        record = TaskRecord(
            id=uuid4(),
            title=checked_title,
            description=checked_description,
            status=Status.TODO.value,
            priority=checked_priority.value,
            tags=checked_tags,
            due_date=checked_due_date,
            estimate_minutes=checked_estimate,
            created_at=now,
            updated_at=now,
            completed_at=None,
        )
        self._store.insert(record)
        return _task(record)

    def get_task(self, task_id: UUID) -> Task:
        """The task with this id; :class:`TaskNotFound` if there is none."""
        uid = _parse_id(task_id)
        record = self._store.get(uid)
        if record is None:
            raise TaskNotFound(uid)
        return _task(record)

    def list_tasks(
        self, status: Status | None = None, limit: int = 50, offset: int = 0
    ) -> TaskPage:
        """Tasks oldest first (then by id), optionally only those with ``status``."""
        wanted = None if status is None else _check_status(status)
        limit = _check_int("limit", limit, LIMIT_MIN, LIMIT_MAX)
        offset = _check_int("offset", offset, 0, None)
        records, total = self._store.list_page(
            None if wanted is None else wanted.value, limit, offset
        )
        return TaskPage(
            items=tuple(_task(r) for r in records), total=total, limit=limit, offset=offset
        )

    def update_task(self, task_id: UUID, changes: TaskChanges) -> Task:
        """Apply ``changes`` (at least one field) to a task that is not done; return it."""
        uid = _parse_id(task_id)
        checked = _check_changes(changes)
        with self._store.transaction():
            record = self._store.get(uid)
            if record is None:
                raise TaskNotFound(uid)
            current = Status(record.status)
            requested: Status | None = checked.get("status")
            if current is Status.DONE:
                raise InvalidTransition(uid, current, requested)
            now = self._now()
            updated = replace(record, **_record_fields(checked), updated_at=now)
            if requested is Status.DONE:
                updated = replace(updated, completed_at=now)
            self._store.update(updated, replace_tags="tags" in checked)
        return _task(updated)

    def complete_task(self, task_id: UUID) -> Task:
        """Mark a task done (sets ``completed_at``); :class:`InvalidTransition` if it is."""
        uid = _parse_id(task_id)
        with self._store.transaction():
            record = self._store.get(uid)
            if record is None:
                raise TaskNotFound(uid)
            current = Status(record.status)
            if current is Status.DONE:
                raise InvalidTransition(uid, current, Status.DONE)
            now = self._now()
            updated = replace(record, status=Status.DONE.value, updated_at=now, completed_at=now)
            self._store.update(updated, replace_tags=False)
        return _task(updated)

    def delete_task(self, task_id: UUID) -> None:
        """Remove a task and its tags; :class:`TaskNotFound` if there is none."""
        uid = _parse_id(task_id)
        if not self._store.delete(uid):
            raise TaskNotFound(uid)


def _check_changes(changes: object) -> dict[str, Any]:
    if not isinstance(changes, Mapping):
        raise InvalidTask("changes", "must be a mapping of field names to new values")
    if not changes:
        allowed = ", ".join(CHANGEABLE_FIELDS)
        raise InvalidTask("changes", f"must change at least one field ({allowed})")
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "title":
            checked[key] = _check_title(value)
        elif key == "description":
            checked[key] = _check_description(value)
        elif key == "priority":
            checked[key] = _check_priority(value)
        elif key == "tags":
            checked[key] = _check_tags(value)
        elif key == "due_date":
            checked[key] = _check_due_date(value)
        elif key == "estimate_minutes":
            checked[key] = _check_estimate(value)
        elif key == "status":
            checked[key] = _check_status(value)
        else:
            allowed = ", ".join(CHANGEABLE_FIELDS)
            raise InvalidTask(str(key), f"is not a field that can be changed ({allowed})")
    return checked


def _record_fields(checked: Mapping[str, Any]) -> dict[str, Any]:
    # Enums are stored by their values; everything else as checked.
    return {
        key: value.value if isinstance(value, Enum) else value for key, value in checked.items()
    }
