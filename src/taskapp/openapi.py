"""The OpenAPI 3.1.0 document of the task API, built from the request models."""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic.json_schema import models_json_schema

from taskapp.logic import (
    DESCRIPTION_MAX,
    ESTIMATE_MAX,
    ESTIMATE_MIN,
    LIMIT_MAX,
    LIMIT_MIN,
    TAGS_MAX,
    TITLE_MAX,
    VISIBLE_CHARACTER,
)
from taskapp.models import MAX_BODY_BYTES, OFFSET_MAX, TAG_PATTERN_TEXT, TaskCreate, TaskUpdate

__all__ = ["openapi_document"]

_EXAMPLE_ID = "3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error_response(code: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "allOf": [_ref("Error"), {"properties": {"error": {"const": code}}}],
                }
            }
        },
    }


def _task_response(description: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        **extra,
        "content": {"application/json": {"schema": _ref("Task")}},
    }


def _responses(*names: str, **ok: dict[str, Any]) -> dict[str, Any]:
    responses: dict[str, Any] = dict(ok)
    for name in names:
        responses[_STATUS_OF[name]] = {"$ref": f"#/components/responses/{name}"}
    responses["500"] = {"$ref": "#/components/responses/InternalError"}
    return responses


_STATUS_OF = {
    "InvalidJson": "400",
    "NotFound": "404",
    "Conflict": "409",
    "PayloadTooLarge": "413",
    "UnsupportedMediaType": "415",
    "ValidationFailed": "422",
}

_TIMESTAMP = {"type": "string", "format": "date-time"}

_TASK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A task.",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "title": {
            "type": "string",
            "minLength": 1,
            "maxLength": TITLE_MAX,
            "pattern": VISIBLE_CHARACTER,
        },
        "description": {"type": "string", "maxLength": DESCRIPTION_MAX},
        "status": _ref("Status"),
        "priority": _ref("Priority"),
        "tags": {
            "type": "array",
            "items": {"type": "string", "pattern": TAG_PATTERN_TEXT},
            "maxItems": TAGS_MAX,
            "uniqueItems": True,
        },
        "due_date": {"type": ["string", "null"], "format": "date"},
        "estimate_minutes": {
            "type": ["integer", "null"],
            "minimum": ESTIMATE_MIN,
            "maximum": ESTIMATE_MAX,
        },
        "created_at": _TIMESTAMP,
        "updated_at": _TIMESTAMP,
        "completed_at": {"anyOf": [_TIMESTAMP, {"type": "null"}]},
    },
    "required": [
        "id",
        "title",
        "description",
        "status",
        "priority",
        "tags",
        "due_date",
        "estimate_minutes",
        "created_at",
        "updated_at",
        "completed_at",
    ],
    "additionalProperties": False,
}

_TASK_PAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "One page of tasks, oldest first, and how many match the filter in all.",
    "properties": {
        "items": {"type": "array", "items": _ref("Task"), "maxItems": LIMIT_MAX},
        "total": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": LIMIT_MIN, "maximum": LIMIT_MAX},
        "offset": {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX},
    },
    "required": ["items", "total", "limit", "offset"],
    "additionalProperties": False,
}

_ERROR_CODES = [
    "invalid_json",
    "unsupported_media_type",
    "payload_too_large",
    "validation_failed",
    "not_found",
    "conflict",
    "method_not_allowed",
    "internal_error",
]

_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error answer: a code, a sentence to act on, and the bad fields.",
    "properties": {
        "error": {"enum": _ERROR_CODES},
        "message": {"type": "string", "minLength": 1},
        "fields": {"type": "array", "items": _ref("FieldError")},
    },
    "required": ["error", "message", "fields"],
    "additionalProperties": False,
}

_FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "One bad field, by its dotted location (tags.2), and what is wrong.",
    "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    "required": ["field", "message"],
    "additionalProperties": False,
}


@functools.cache
def _openapi() -> dict[str, Any]:
    _, generated = models_json_schema(
        [(TaskCreate, "validation"), (TaskUpdate, "validation")],
        ref_template="#/components/schemas/{model}",
    )
    schemas: dict[str, Any] = dict(generated["$defs"])
    schemas.update(
        Task=_TASK_SCHEMA,
        TaskPage=_TASK_PAGE_SCHEMA,
        Error=_ERROR_SCHEMA,
        FieldError=_FIELD_ERROR_SCHEMA,
    )
    task_id = {
        "name": "task_id",
        "in": "path",
        "required": True,
        "description": "The task's id.",
        "schema": {"type": "string", "format": "uuid"},
    }
    location = {
        "Location": {
            "description": "The path of the new task.",
            "required": True,
            "schema": {"type": "string", "pattern": "^/api/tasks/[0-9a-f-]{36}$"},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "taskapp",
            "version": "1.0.0",
            "description": (
                "A small task API. Every error answer is an Error object; a done task is final."
            ),
        },
        "paths": {
            "/api/tasks": {
                "post": {
                    "operationId": "createTask",
                    "summary": "Create a task",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("TaskCreate")}},
                    },
                    "responses": _responses(
                        "InvalidJson",
                        "PayloadTooLarge",
                        "UnsupportedMediaType",
                        "ValidationFailed",
                        **{"201": _task_response("The new task.", headers=location)},
                    ),
                },
                "get": {
                    "operationId": "listTasks",
                    "summary": "List tasks, oldest first",
                    "parameters": [
                        {
                            "name": "status",
                            "in": "query",
                            "required": False,
                            "description": "Only tasks with this status.",
                            "schema": _ref("Status"),
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "description": "At most this many tasks.",
                            "schema": {
                                "type": "integer",
                                "minimum": LIMIT_MIN,
                                "maximum": LIMIT_MAX,
                                "default": 50,
                            },
                        },
                        {
                            "name": "offset",
                            "in": "query",
                            "required": False,
                            "description": "Skip this many tasks first.",
                            "schema": {
                                "type": "integer",
                                "minimum": 0,
                                "maximum": OFFSET_MAX,
                                "default": 0,
                            },
                        },
                    ],
                    "responses": _responses(
                        "ValidationFailed",
                        **{
                            "200": {
                                "description": "One page of tasks.",
                                "content": {"application/json": {"schema": _ref("TaskPage")}},
                            }
                        },
                    ),
                },
            },
            "/api/tasks/{task_id}": {
                "parameters": [task_id],
                "get": {
                    "operationId": "getTask",
                    "summary": "Get one task",
                    "responses": _responses(
                        "NotFound", "ValidationFailed", **{"200": _task_response("The task.")}
                    ),
                },
                "patch": {
                    "operationId": "updateTask",
                    "summary": "Change some fields of a task that is not done",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("TaskUpdate")}},
                    },
                    "responses": _responses(
                        "InvalidJson",
                        "NotFound",
                        "Conflict",
                        "PayloadTooLarge",
                        "UnsupportedMediaType",
                        "ValidationFailed",
                        **{"200": _task_response("The task after the change.")},
                    ),
                },
                "delete": {
                    "operationId": "deleteTask",
                    "summary": "Delete a task",
                    "responses": _responses(
                        "NotFound",
                        "ValidationFailed",
                        **{"204": {"description": "The task is deleted; no body."}},
                    ),
                },
            },
            "/api/tasks/{task_id}/complete": {
                "parameters": [task_id],
                "post": {
                    "operationId": "completeTask",
                    "summary": "Mark a task done",
                    "responses": _responses(
                        "NotFound",
                        "Conflict",
                        "ValidationFailed",
                        **{"200": _task_response("The completed task.")},
                    ),
                },
            },
        },
        "components": {
            "schemas": schemas,
            "responses": {
                "InvalidJson": _error_response(
                    "invalid_json", "The body is empty or not valid JSON."
                ),
                "NotFound": _error_response("not_found", "No task has this id."),
                "Conflict": _error_response("conflict", "The task is done, and done is final."),
                "PayloadTooLarge": _error_response(
                    "payload_too_large", f"The body is larger than {MAX_BODY_BYTES} bytes."
                ),
                "UnsupportedMediaType": _error_response(
                    "unsupported_media_type", "The body is not sent as application/json."
                ),
                "ValidationFailed": _error_response(
                    "validation_failed",
                    "A path, query or body value is invalid; `fields` names each one.",
                ),
                "InternalError": _error_response(
                    "internal_error", "A fault in the server (never caused by bad input)."
                ),
            },
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1.0 document of the API (a fresh copy)."""
    return copy.deepcopy(_openapi())
