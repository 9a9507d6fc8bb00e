"""``POST /todos``: the route over :func:`todos_app.logic.create_todo`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from .logic import create_todo, planted

app = FastAPI()


class NewTodo(BaseModel):
    """A todo to make."""

    title: str = Field(min_length=1, max_length=40)
    due: str | None = Field(default=None, max_length=10)


@app.post("/todos", status_code=201)
def post_todo(new: NewTodo) -> dict[str, Any]:
    """Make a todo."""
    call: Any = create_todo  # the planted calls do not type-check, as in the issue
    made: dict[str, Any]
    if planted("renamed"):
        made = call(title=new.title, due=new.due)
        return made
    if planted("missing"):
        made = call(due_date=new.due)
        return made
    return create_todo(new.title, due_date=new.due)
