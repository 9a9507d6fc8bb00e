"""The HTTP API of taskapp: Starlette routes in front of :class:`~taskapp.logic.TaskManager`.

The API parses and validates requests (pydantic v2 for bodies), hands the logic typed
arguments by their parameter names, and turns results and domain errors into JSON. Bad input
of any kind gets a 4xx with an error body; only a real fault gets a 500::

    {"error": "<code>", "message": "<what to do>",
     "fields": [{"field": "tags.2", "message": "..."}]}

Importing this module opens no database: :func:`create_app` builds the
:class:`~taskapp.logic.TaskManager` in the application's lifespan (from ``db_path``, else
``$TASKAPP_DB``) and keeps it at ``app.state.manager``. Routes look the manager's methods up
on every call, so a wrapper placed on the ``TaskManager`` class is seen.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from taskapp.logic import (
    LIMIT_MAX,
    LIMIT_MIN,
    InvalidTask,
    InvalidTransition,
    Status,
    TaskChanges,
    TaskError,
    TaskManager,
    TaskNotFound,
)
from taskapp.models import MAX_BODY_BYTES, OFFSET_MAX, TaskCreate, TaskUpdate, given
from taskapp.openapi import openapi_document
from taskapp.store import TaskStore

if TYPE_CHECKING:
    import os

__all__ = ["MAX_BODY_BYTES", "TaskCreate", "TaskUpdate", "app", "create_app", "openapi_document"]

logger = logging.getLogger(__name__)

_TAG_MESSAGE = (
    "Input should be a tag: a lower-case letter or digit, then up to 29 lower-case letters, "
    "digits, '_' or '-'"
)
_UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_DIGITS = re.compile(r"[0-9]{1,19}")
_EXAMPLE_ID = "3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f"

# -- errors ------------------------------------------------------------------------------


class _JSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            # A name the client sent may hold a lone surrogate: escape rather than fail.
            return json.dumps(content, ensure_ascii=True, allow_nan=False).encode("ascii")


class _Reject(Exception):
    """Bad input found by the API layer; becomes an error response."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or []
        self.headers = headers

    def response(self) -> Response:
        return _error(self.status, self.code, self.message, self.fields, self.headers)


def _error(
    status: int,
    code: str,
    message: str,
    fields: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {"error": code, "message": message, "fields": fields or []}
    return _JSONResponse(body, status_code=status, headers=headers)


def _invalid(fields: list[dict[str, str]], what: str = "request") -> _Reject:
    names = ", ".join(f["field"] for f in fields)
    return _Reject(
        422,
        "validation_failed",
        f"The {what} has invalid fields ({names}); correct them as each message says.",
        fields,
    )


def _field_errors(exc: ValidationError, known: tuple[str, ...]) -> list[dict[str, str]]:
    fields = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        name = ".".join(str(part) for part in err["loc"]) or "body"
        if err["type"] == "extra_forbidden":
            message = f"Unknown field; the known fields are {', '.join(known)}"
        elif err["type"] == "missing":
            message = "Field required"
        elif err["type"] == "string_pattern_mismatch":
            message = _TAG_MESSAGE  # the tag pattern is the only one pydantic checks
        else:
            message = err["msg"]
        fields.append({"field": name, "message": message})
    return fields


_INTERNAL_MESSAGE = "The server failed to handle the request; the fault is logged. Try again later."

Handler = Callable[[Request], Awaitable[Response]]


def _guarded(handler: Handler) -> Handler:
    """Turn domain errors, rejected input and faults into JSON error responses."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except _Reject as exc:
            return exc.response()
        except TaskNotFound as exc:
            return _error(404, "not_found", f"{exc} Check the id; GET /api/tasks lists them.")
        except InvalidTransition as exc:
            return _error(409, "conflict", str(exc))
        except InvalidTask as exc:
            fields = [{"field": exc.field, "message": exc.message}]
            return _error(422, "validation_failed", f"The task is not valid: {exc}", fields)
        except TaskError as exc:
            return _error(422, "validation_failed", str(exc))
        except ClientDisconnect:
            return _error(400, "invalid_json", "The client went away before sending the body.")
        except Exception:
            logger.exception("unhandled error in %s %s", request.method, request.url.path)
            return _error(500, "internal_error", _INTERNAL_MESSAGE)

    return endpoint


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    """The router's own 404 and 405 (and any other HTTPException), as JSON."""
    if not isinstance(exc, HTTPException):  # registered for HTTPException only
        return await _on_server_error(request, exc)
    if exc.status_code == 405:
        allow = ", ".join(sorted((exc.headers or {}).get("Allow", "").replace(" ", "").split(",")))
        return _error(
            405,
            "method_not_allowed",
            f"{request.method} is not allowed on this path; use one of: {allow}.",
            headers={"Allow": allow},
        )
    if exc.status_code == 404:
        return _error(
            404, "not_found", "Nothing is served at this path; /openapi.json lists the routes."
        )
    code = _CODES.get(exc.status_code, "internal_error" if exc.status_code >= 500 else "")
    return _error(
        exc.status_code,
        code or "validation_failed",
        str(exc.detail) or "The request cannot be handled.",
        headers=dict(exc.headers or {}),
    )


_CODES = {
    400: "invalid_json",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


async def _on_server_error(request: Request, exc: Exception) -> Response:
    """Anything that escaped the routes: still a JSON body."""
    return _error(500, "internal_error", _INTERNAL_MESSAGE)


# -- request parsing ---------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_int(text: str) -> int | float:
    # Beyond this many digits int() refuses to parse; the value is out of every range anyway.
    return int(text) if len(text) <= 1000 else float(text)


async def _json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, or a _Reject (413, 415, 400, 422)."""
    too_large = _Reject(
        413,
        "payload_too_large",
        f"The request body is larger than {MAX_BODY_BYTES} bytes; send a smaller one.",
    )
    declared = request.headers.get("content-length")
    if (
        declared is not None
        and declared.isascii()
        and declared.isdigit()
        and int(declared) > MAX_BODY_BYTES
    ):
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise too_large
    if not body:
        raise _Reject(400, "invalid_json", "The request body is empty; send a JSON object.")
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise _Reject(
            415,
            "unsupported_media_type",
            "The request body must be JSON: send it with Content-Type: application/json.",
        )
    try:
        value = json.loads(bytes(body), parse_constant=_reject_constant, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise _Reject(
            400,
            "invalid_json",
            f"The request body is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}); send a JSON object.",
        ) from None
    except (ValueError, RecursionError):
        raise _Reject(
            400,
            "invalid_json",
            "The request body is not valid JSON (bad encoding, NaN/Infinity or too deeply "
            "nested); send a UTF-8 JSON object.",
        ) from None
    if not isinstance(value, dict):
        raise _Reject(
            422,
            "validation_failed",
            f"The request body must be a JSON object, not {_json_type(value)}.",
        )
    return value


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _body_model(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _invalid(_field_errors(exc, tuple(model.model_fields)), "request body") from None


def _no_query(request: Request) -> None:
    unknown = sorted({key for key, _ in request.query_params.multi_items()})
    if unknown:
        raise _invalid(
            [
                {"field": k, "message": "Unknown query parameter; this route takes none"}
                for k in unknown
            ],
            "query",
        )


def _task_id(request: Request) -> UUID:
    _no_query(request)
    text = str(request.path_params["task_id"])
    if _UUID_TEXT.fullmatch(text) is None:
        raise _invalid(
            [{"field": "task_id", "message": f"Input should be a UUID such as {_EXAMPLE_ID}"}],
            "path",
        )
    return UUID(text)


def _query_int(text: str, low: int, high: int) -> tuple[int | None, str | None]:
    if _DIGITS.fullmatch(text) is None:
        if text.startswith("-") and _DIGITS.fullmatch(text[1:]):
            return None, f"Input should be between {low} and {high}"
        return None, f"Input should be an integer between {low} and {high}"
    value = int(text)
    if not low <= value <= high:
        return None, f"Input should be between {low} and {high}"
    return value, None


def _list_arguments(request: Request) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    problems: list[dict[str, str]] = []
    seen: set[str] = set()
    for key, text in request.query_params.multi_items():
        if key in seen:
            if key in ("status", "limit", "offset"):
                problems.append({"field": key, "message": "Give this query parameter only once"})
            continue
        seen.add(key)
        if key == "status":
            try:
                arguments["status"] = Status(text)
            except ValueError:
                allowed = ", ".join(s.value for s in Status)
                problems.append({"field": key, "message": f"Input should be one of {allowed}"})
        elif key in ("limit", "offset"):
            low, high = (LIMIT_MIN, LIMIT_MAX) if key == "limit" else (0, OFFSET_MAX)
            value, message = _query_int(text, low, high)
            if message is not None:
                problems.append({"field": key, "message": message})
            else:
                arguments[key] = value
        else:
            problems.append(
                {"field": key, "message": "Unknown query parameter; use status, limit or offset"}
            )
    if problems:
        raise _invalid(problems, "query")
    return arguments


# -- routes ------------------------------------------------------------------------------


@_guarded
async def create_task(request: Request) -> Response:
    _no_query(request)
    body = _body_model(TaskCreate, await _json_object(request))
    task = request.app.state.manager.create_task(**given(body))
    return _JSONResponse(
        task.to_json(), status_code=201, headers={"Location": f"/api/tasks/{task.id}"}
    )


@_guarded
async def list_tasks(request: Request) -> Response:
    page = request.app.state.manager.list_tasks(**_list_arguments(request))
    return _JSONResponse(page.to_json())


@_guarded
async def get_task(request: Request) -> Response:
    task = request.app.state.manager.get_task(task_id=_task_id(request))
    return _JSONResponse(task.to_json())


@_guarded
async def update_task(request: Request) -> Response:
    task_id = _task_id(request)
    body = _body_model(TaskUpdate, await _json_object(request))
    changes = given(body)
    if not changes:
        allowed = ", ".join(TaskUpdate.model_fields)
        raise _Reject(
            422,
            "validation_failed",
            f"The request body changes nothing; send at least one of {allowed}.",
        )
    task = request.app.state.manager.update_task(
        task_id=task_id, changes=cast("TaskChanges", changes)
    )
    return _JSONResponse(task.to_json())


@_guarded
async def complete_task(request: Request) -> Response:
    task = request.app.state.manager.complete_task(task_id=_task_id(request))
    return _JSONResponse(task.to_json())


@_guarded
async def delete_task(request: Request) -> Response:
    request.app.state.manager.delete_task(task_id=_task_id(request))
    return Response(status_code=204)


async def openapi(request: Request) -> Response:
    """The OpenAPI 3.1 document of this API."""
    return _JSONResponse(request.app.state.openapi)


def _by_method(**handlers: Handler) -> Handler:
    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)

    return endpoint


# -- application -------------------------------------------------------------------------


def create_app(
    *,
    db_path: str | os.PathLike[str] | None = None,
    manager: TaskManager | None = None,
) -> Starlette:
    """The taskapp ASGI application.

    The lifespan builds a :class:`TaskManager` over ``db_path`` (else ``$TASKAPP_DB``, else
    ``taskapp.db``) and closes it at shutdown, unless ``manager`` is given: that one is used
    as it is and left open. Nothing touches the database before the lifespan starts.
    """
    if db_path is not None and manager is not None:
        raise ValueError("create_app takes db_path or manager, not both")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manager is not None:
            app.state.manager = manager
            yield
            return
        store = TaskStore(db_path) if db_path is not None else TaskStore.from_env()
        built = TaskManager(store)
        try:
            store.initialize()
            app.state.manager = built
            yield
        finally:
            built.close()

    routes = [
        Route("/api/tasks", _by_method(GET=list_tasks, POST=create_task), methods=["GET", "POST"]),
        Route(
            "/api/tasks/{task_id}",
            _by_method(GET=get_task, PATCH=update_task, DELETE=delete_task),
            methods=["GET", "PATCH", "DELETE"],
        ),
        Route("/api/tasks/{task_id}/complete", complete_task, methods=["POST"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]
    application = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _on_http_exception, Exception: _on_server_error},
        lifespan=lifespan,
    )
    application.router.redirect_slashes = False  # /api/tasks/ is not a route: 404, not 307
    application.state.openapi = openapi_document()
    if manager is not None:
        application.state.manager = manager
    return application


#: The application ``uvicorn taskapp.api:app`` serves.
app = create_app()
