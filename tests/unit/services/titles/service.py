"""A todo service whose route builds a value object: it takes ``title: str`` and hands the
logic ``TodoTitle(value=title)`` (issue 18, point 6). The API's title is a string, the seam's
an object: ``api-within-logic`` answers undecided for it, never failed. The note is the same
form on both sides: ``POST /todos`` keeps it within the seam's 200 characters, and the
planted ``POST /wide-todos`` admits 500 (tests in ``tests/unit/test_within_forms.py``)."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel, Field


class TodoTitle(BaseModel):
    """A value object: the seam takes the title wrapped."""

    value: str = Field(min_length=1, max_length=200)


class NewTodo(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=200)


class WideTodo(BaseModel):
    """Planted: the note admits 500 characters where the seam says 200."""

    title: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=500)


def create_todo(title: TodoTitle, note: str) -> dict[str, str]:
    return {"title": title.value, "note": note}


app = FastAPI()


@app.post("/todos")
def post_todo(new: NewTodo) -> dict[str, str]:
    return create_todo(TodoTitle(value=new.title), new.note)


@app.post("/wide-todos")
def post_wide_todo(new: WideTodo) -> dict[str, str]:
    return create_todo(TodoTitle(value=new.title), new.note)


#: The seam's input schema, as a contract writes it: the title is the value object's form.
INPUT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "title": {
            "type": "object",
            "properties": {"value": {"type": "string", "minLength": 1, "maxLength": 200}},
            "required": ["value"],
            "additionalProperties": False,
        },
        "note": {"type": "string", "maxLength": 200},
    },
    "required": ["title", "note"],
    "additionalProperties": False,
}
