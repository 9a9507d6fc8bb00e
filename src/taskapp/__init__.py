"""taskapp: the example service seamguard guards.

A small task API in three layers: a Starlette API (:mod:`taskapp.api`) over the business
logic (:mod:`taskapp.logic`, :class:`TaskManager`) over SQLite (:mod:`taskapp.store`).
Importing the package opens no database; ``uvicorn taskapp.api:app`` serves it.
"""

from __future__ import annotations

from taskapp.logic import (
    InvalidTask,
    InvalidTransition,
    Priority,
    Status,
    Task,
    TaskChanges,
    TaskError,
    TaskManager,
    TaskNotFound,
    TaskPage,
)
from taskapp.store import TaskStore

__all__ = [
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
    "TaskStore",
]
