"""The routes: each wraps the request's values in value objects, hands them to its use case
and answers ``TaskRead.from_entity(task)``.

``TASKBOOK_BUG=loose-title`` plants a route that stops bounding the title
(``title: str``): an empty title reaches ``TaskTitle``, which refuses it, and the route
answers 500. Unset, it is clean.
"""

from __future__ import annotations

import os
from uuid import UUID

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field

from .domain import (
    REPO,
    CreateTaskUseCase,
    CreateTaskUseCaseImpl,
    FindTaskUseCase,
    FindTaskUseCaseImpl,
    RenameTaskUseCase,
    RenameTaskUseCaseImpl,
    Task,
    TaskId,
    TaskNotFound,
    TaskTitle,
)

app = FastAPI()


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=100)


if os.environ.get("TASKBOOK_BUG") == "loose-title":

    class TaskCreate(BaseModel):  # type: ignore[no-redef]
        title: str


class TaskRead(BaseModel):
    id: UUID
    title: str
    status: str

    @staticmethod
    def from_entity(task: Task) -> TaskRead:
        return TaskRead(id=task.id.value, title=task.title.value, status=task.status.value)


def create_usecase() -> CreateTaskUseCase:
    return CreateTaskUseCaseImpl(REPO)


def find_usecase() -> FindTaskUseCase:
    return FindTaskUseCaseImpl(REPO)


def rename_usecase() -> RenameTaskUseCase:
    return RenameTaskUseCaseImpl(REPO)


@app.post("/tasks", response_model=TaskRead, status_code=201)
def create_task(data: TaskCreate, usecase: CreateTaskUseCase = Depends(create_usecase)) -> TaskRead:
    task = usecase.execute(TaskTitle(value=data.title))
    return TaskRead.from_entity(task)


@app.get("/tasks/{task_id}", response_model=TaskRead)
def get_task(task_id: UUID, usecase: FindTaskUseCase = Depends(find_usecase)) -> TaskRead:
    try:
        task = usecase.execute(TaskId(task_id))
    except TaskNotFound:
        raise HTTPException(status_code=404, detail="not found") from None
    return TaskRead.from_entity(task)


@app.put("/tasks/{task_id}", response_model=TaskRead)
def rename_task(
    task_id: UUID, data: TaskCreate, usecase: RenameTaskUseCase = Depends(rename_usecase)
) -> TaskRead:
    try:
        task = usecase.execute(TaskId(task_id), TaskTitle(value=data.title))
    except TaskNotFound:
        raise HTTPException(status_code=404, detail="not found") from None
    return TaskRead.from_entity(task)
