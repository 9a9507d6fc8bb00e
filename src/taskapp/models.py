"""Request bodies of the task API as pydantic models, and the limits of a request."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
)
from pydantic_core import PydanticCustomError

from taskapp.logic import (
    DESCRIPTION_MAX,
    ESTIMATE_MAX,
    ESTIMATE_MIN,
    TAG_PATTERN,
    TAGS_MAX,
    TITLE_MAX,
    VISIBLE_CHARACTER,
    Priority,
    Status,
    has_visible_character,
    parse_date,
)

__all__ = ["MAX_BODY_BYTES", "OFFSET_MAX", "TaskCreate", "TaskUpdate", "given"]

#: Request bodies larger than this are refused with 413.
MAX_BODY_BYTES = 64 * 1024
#: The largest ``offset`` the API accepts (SQLite's largest integer).
OFFSET_MAX = 2**63 - 1

TAG_PATTERN_TEXT = TAG_PATTERN.pattern


def _visible(value: str) -> str:
    if not has_visible_character(value):
        raise PydanticCustomError(
            "blank", "Input should contain a character that is not white space"
        )
    return value


def _iso_date(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_format", "Input should be a real date written YYYY-MM-DD")


def _integral(value: object) -> object:
    # JSON does not distinguish 60 from 60.0; a number with a fraction is still refused.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _distinct(tags: list[str]) -> list[str]:
    seen: set[str] = set()
    for tag in tags:
        if tag in seen:
            raise PydanticCustomError(
                "duplicate_tag", "Tags should be distinct; {tag} appears twice", {"tag": tag}
            )
        seen.add(tag)
    return tags


Title = Annotated[
    StrictStr,
    Field(min_length=1, max_length=TITLE_MAX, json_schema_extra={"pattern": VISIBLE_CHARACTER}),
    AfterValidator(_visible),
]
Description = Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX)]
Tag = Annotated[StrictStr, Field(pattern=TAG_PATTERN_TEXT)]
Tags = Annotated[
    list[Tag],
    Field(max_length=TAGS_MAX, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_distinct),
]
DueDate = Annotated[date, BeforeValidator(_iso_date)]
EstimateMinutes = Annotated[
    StrictInt, Field(ge=ESTIMATE_MIN, le=ESTIMATE_MAX), BeforeValidator(_integral)
]


class TaskCreate(BaseModel):
    """The body of POST /api/tasks: only the title is required."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    description: Description = ""
    priority: Priority = Priority.NORMAL
    tags: Tags = []
    due_date: DueDate | None = None
    estimate_minutes: EstimateMinutes | None = None


def _update_schema(schema: dict[str, Any]) -> None:
    # A PATCH field that is left out keeps its value: no defaults to document.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)
    schema["minProperties"] = 1


#: The default of every TaskUpdate field: never sent on (a left-out field keeps its value).
_LEFT_OUT: Any = None


class TaskUpdate(BaseModel):
    """The body of PATCH /api/tasks/{task_id}: at least one field; the others stay as they are.

    A null due_date or estimate_minutes clears it; the other fields may not be null.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=_update_schema)

    title: Title = _LEFT_OUT
    description: Description = _LEFT_OUT
    priority: Priority = _LEFT_OUT
    tags: Tags = _LEFT_OUT
    due_date: DueDate | None = _LEFT_OUT
    estimate_minutes: EstimateMinutes | None = _LEFT_OUT
    status: Status = _LEFT_OUT


def given(model: BaseModel) -> dict[str, Any]:
    """The fields the client sent, in declaration order, with their parsed values."""
    return {
        name: getattr(model, name)
        for name in type(model).model_fields
        if name in model.model_fields_set
    }
