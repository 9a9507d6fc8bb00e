"""The domain: value objects, an entity, a repository port and its adapter, use cases."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum
from uuid import UUID


class Status(Enum):
    OPEN = "open"
    DONE = "done"


@dataclass(frozen=True)
class TaskId:
    value: UUID

    @staticmethod
    def generate() -> TaskId:
        return TaskId(uuid.uuid4())


@dataclass(frozen=True)
class TaskTitle:
    value: str

    def __post_init__(self) -> None:
        if not self.value or len(self.value) > 100:
            raise ValueError("title must be 1 to 100 characters")


class Task:
    """An entity: its state is value objects, read through properties."""

    def __init__(self, id: TaskId, title: TaskTitle, status: Status = Status.OPEN) -> None:
        self._id = id
        self._title = title
        self._status = status

    @property
    def id(self) -> TaskId:
        return self._id

    @property
    def title(self) -> TaskTitle:
        return self._title

    @property
    def status(self) -> Status:
        return self._status


class TaskNotFound(Exception):
    pass


class TaskRepository(ABC):
    @abstractmethod
    def save(self, task: Task) -> None: ...

    @abstractmethod
    def find(self, task_id: TaskId) -> Task | None: ...


class MemoryRepository(TaskRepository):
    def __init__(self) -> None:
        self.tasks: dict[UUID, Task] = {}

    def save(self, task: Task) -> None:
        self.tasks[task.id.value] = task

    def find(self, task_id: TaskId) -> Task | None:
        return self.tasks.get(task_id.value)


REPO = MemoryRepository()


class CreateTaskUseCase(ABC):
    @abstractmethod
    def execute(self, title: TaskTitle) -> Task: ...


class CreateTaskUseCaseImpl(CreateTaskUseCase):
    def __init__(self, repository: TaskRepository) -> None:
        self.repository = repository

    def execute(self, title: TaskTitle) -> Task:
        task = Task(TaskId.generate(), title)
        self.repository.save(task)
        return task


class FindTaskUseCase(ABC):
    @abstractmethod
    def execute(self, task_id: TaskId) -> Task: ...


class FindTaskUseCaseImpl(FindTaskUseCase):
    def __init__(self, repository: TaskRepository) -> None:
        self.repository = repository

    def execute(self, task_id: TaskId) -> Task:
        task = self.repository.find(task_id)
        if task is None:
            raise TaskNotFound()
        return task


class RenameTaskUseCase(ABC):
    @abstractmethod
    def execute(self, task_id: TaskId, title: TaskTitle) -> Task: ...


class RenameTaskUseCaseImpl(RenameTaskUseCase):
    def __init__(self, repository: TaskRepository) -> None:
        self.repository = repository

    def execute(self, task_id: TaskId, title: TaskTitle) -> Task:
        task = self.repository.find(task_id)
        if task is None:
            raise TaskNotFound()
        renamed = Task(task.id, title, task.status)
        self.repository.save(renamed)
        return renamed
