"""The HTTP API of the notes service: Starlette class-based endpoints over the logic.

========================  =======================================  ==================
route                     logic it calls (the seam)                answers
========================  =======================================  ==================
``POST /notes``           ``create_note(title, **given)``          201, 400, 415, 422
``GET /notes/{note_id}``  ``notebook.get(note_id)``                200, 404, 422
``GET /notes``            ``await logic.search_notes(text, ...)``  200, 422
========================  =======================================  ==================

The API validates every request by hand, against the same limits as the seam contracts, so
the logic only ever gets contract-valid arguments; omitted optional fields are not passed, so
the logic's defaults apply. Successes are ``application/json``; every error is an RFC 9457
problem, ``application/problem+json``::

    {"type": "https://notes.example/problems/invalid-input", "title": "Invalid input",
     "status": 422, "detail": "...", "errors": [{"in": "body", "name": "title",
     "message": "..."}]}

A fault in the server would answer 500 (documented, never reached by the clean service).
The logic is reached three different ways on purpose: ``create_note`` through the name this
module imported, ``search_notes`` as an attribute of the logic module, ``get`` as a method of
the module-level :data:`notebook`. The OpenAPI 3.1 document (:func:`openapi_document`) is
served at ``/openapi.json``.

``NOTES_BUG`` (read on every request) plants the API-side defects; see
:data:`notes_fixture.logic.BUGS`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from functools import wraps
from typing import Any
from uuid import UUID, uuid4

from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from notes_fixture import logic
from notes_fixture.logic import (
    BODY_MAX,
    LIMIT_DEFAULT,
    LIMIT_MAX,
    LIMIT_MIN,
    TEXT_MAX,
    TITLE_MAX,
    WELCOME_ID,
    Note,
    Notebook,
    NoteMissing,
    NotesError,
    create_note,
    planted,
)

__all__ = ["PROBLEM_TYPES", "app", "notebook", "openapi_document"]

#: The prefix of every problem ``type``.
PROBLEM_TYPES = "https://notes.example/problems/"

_UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_LIMIT_TEXT = re.compile(r"[1-9][0-9]{0,2}")  # canonical decimal only: no sign, no zeros first
_CREATE_FIELDS = ("title", "body", "pinned")
_SEARCH_PARAMETERS = ("text", "limit")

#: The Notebook every GET /notes/{note_id} reads through.
notebook = Notebook()


# -- responses ---------------------------------------------------------------------------


class _JSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        # ASCII escapes: a lone surrogate is a valid JSON string but cannot be UTF-8 encoded.
        text = json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
        return text.encode("ascii")


class _ProblemJSON(_JSON):
    media_type = "application/problem+json"


def _problem(
    status: int,
    kind: str,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {
        "type": PROBLEM_TYPES + kind,
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return _ProblemJSON(body, status_code=status, headers=headers)


class _Rejected(Exception):
    """A request the API refuses; becomes a problem response."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors or []

    def response(self) -> Response:
        return _problem(self.status, self.kind, self.title, self.detail, self.errors)


def _invalid(errors: list[dict[str, str]]) -> _Rejected:
    names = ", ".join(error["name"] or error["in"] for error in errors)
    return _Rejected(
        422, "invalid-input", "Invalid input", f"The request has invalid values: {names}.", errors
    )


def _error(where: str, name: str, message: str) -> dict[str, str]:
    return {"in": where, "name": name, "message": message}


Method = Callable[[Any, Request], Awaitable[Response]]


def _answers(method: Method) -> Method:
    """Turn rejected input, domain errors and faults of one endpoint method into problems."""

    @wraps(method)
    async def endpoint(self: Any, request: Request) -> Response:
        try:
            return await method(self, request)
        except _Rejected as exc:
            return exc.response()
        except NoteMissing as exc:
            return _problem(404, "not-found", "Note not found", str(exc))
        except NotesError as exc:
            return _problem(422, "invalid-input", "Invalid input", str(exc))
        except Exception as exc:
            detail = f"The server failed ({type(exc).__name__}); the request was not the cause."
            return _problem(500, "internal-error", "Internal error", detail)

    return endpoint


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    """The router's own 404 (no such path) and 405 (no such method), as problems."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else None
    if status == 404:
        return _problem(404, "not-found", "Not found", "Nothing is served at this path.")
    if status == 405:
        allow = (headers or {}).get("Allow", "")
        detail = f"{request.method} is not allowed here; allowed: {allow}."
        return _problem(405, "method-not-allowed", "Method not allowed", detail, headers=headers)
    return _problem(status, "error", "Error", "The request cannot be handled.", headers=headers)


# -- request parsing ---------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def _json_body(request: Request) -> object:
    """The request body as JSON: 415 unless sent as application/json, 400 if malformed."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json":
        raise _Rejected(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "Send the body as JSON, with Content-Type: application/json.",
        )
    raw = await request.body()
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Rejected(
            400, "malformed-json", "Malformed JSON", "The body is not a UTF-8 JSON document."
        ) from None


def _create_arguments(document: object) -> dict[str, Any]:
    """The fields of a POST /notes body that were given, checked against notes.create."""
    if not isinstance(document, dict):
        raise _invalid([_error("body", "", "The body must be a JSON object.")])
    errors = [
        _error("body", key, f"Unknown field; the fields are {', '.join(_CREATE_FIELDS)}.")
        for key in document
        if key not in _CREATE_FIELDS
    ]
    if "title" not in document:
        errors.append(_error("body", "title", "Required."))
    else:
        title = document["title"]
        if not isinstance(title, str) or not 1 <= len(title) <= TITLE_MAX:
            errors.append(_error("body", "title", f"A string of 1 to {TITLE_MAX} characters."))
    if "body" in document:
        body = document["body"]
        if not isinstance(body, str) or len(body) > BODY_MAX:
            errors.append(_error("body", "body", f"A string of at most {BODY_MAX} characters."))
    if "pinned" in document and not isinstance(document["pinned"], bool):
        errors.append(_error("body", "pinned", "true or false."))
    if errors:
        raise _invalid(errors)
    return {key: document[key] for key in _CREATE_FIELDS if key in document}


def _search_parameters(request: Request) -> tuple[str, str | None]:
    """``text`` and the text of ``limit`` (None if not given), checked; others are ignored."""
    given: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if key in _SEARCH_PARAMETERS:
            given.setdefault(key, []).append(value)
    errors = [_error("query", key, "Give it once.") for key, v in given.items() if len(v) > 1]
    texts = given.get("text", [])
    if not texts:
        errors.append(_error("query", "text", "Required."))
    elif len(texts) == 1 and not 1 <= len(texts[0]) <= TEXT_MAX:
        errors.append(_error("query", "text", f"1 to {TEXT_MAX} characters."))
    limits = given.get("limit", [])
    if len(limits) == 1:
        matched = _LIMIT_TEXT.fullmatch(limits[0])
        if matched is None or not LIMIT_MIN <= int(limits[0]) <= LIMIT_MAX:
            errors.append(_error("query", "limit", f"An integer from {LIMIT_MIN} to {LIMIT_MAX}."))
    if errors:
        raise _invalid(errors)
    return texts[0], limits[0] if limits else None


def _note_id(request: Request) -> UUID:
    text = str(request.path_params["note_id"])
    if _UUID_TEXT.fullmatch(text) is None:
        raise _invalid([_error("path", "note_id", f"A UUID such as {WELCOME_ID}.")])
    return UUID(text)


# -- endpoints ---------------------------------------------------------------------------


class NotesCollection(HTTPEndpoint):
    """``/notes``: create (POST) and search (GET)."""

    @_answers
    async def post(self, request: Request) -> Response:
        arguments = _create_arguments(await _json_body(request))
        title = arguments.pop("title")
        if planted("api-accepted-crossed"):
            # Planted: a made-up note, and the logic is never called.
            note = Note(
                id=uuid4(),
                title=title,
                body=arguments.get("body", ""),
                pinned=arguments.get("pinned", False),
                created_at=datetime.now(timezone.utc),
            )
        else:
            note = create_note(title, **arguments)
        if planted("api-rejects-invalid") and len(title) > 3:
            # Planted: the note is stored already, yet the client is told it was refused.
            raise _Rejected(
                400, "bad-request", "Bad request", "The title is longer than 3 characters."
            )
        return _JSON(note.to_json(), status_code=201)

    @_answers
    async def get(self, request: Request) -> Response:
        text, limit = _search_parameters(request)
        if limit is None:
            notes = await logic.search_notes(text)
        else:
            # Planted (api-hands-valid-input): the query text "5" instead of the integer 5.
            count: Any = limit if planted("api-hands-valid-input") else int(limit)
            notes = await logic.search_notes(text, limit=count)
        return _JSON([note.to_json() for note in notes])


class NoteItem(HTTPEndpoint):
    """``/notes/{note_id}``: read one note (GET)."""

    @_answers
    async def get(self, request: Request) -> Response:
        note = notebook.get(_note_id(request))
        document = note.to_json()
        if planted("api-response-conforms"):
            # Planted: a required field of the documented response is left out.
            del document["created_at"]
        return _JSON(document)


async def _serve_openapi(request: Request) -> Response:
    return _JSON(_OPENAPI)


# -- the OpenAPI document ----------------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _problem_answer(status: int, description: str) -> dict[str, Any]:
    schema = {"allOf": [_ref("Problem"), {"properties": {"status": {"const": status}}}]}
    return {"description": description, "content": {"application/problem+json": {"schema": schema}}}


def _json_answer(description: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
        **extra,
    }


_EXAMPLE_NOTE = {
    "id": str(WELCOME_ID),
    "title": "Welcome",
    "body": "Notes live in memory; pinned notes come first in a search.",
    "pinned": True,
    "created_at": "2026-01-01T09:00:00+00:00",
}

_TITLE = {"type": "string", "minLength": 1, "maxLength": TITLE_MAX}
_BODY = {"type": "string", "maxLength": BODY_MAX}

_INVALID = _problem_answer(422, "A body, query or path value is invalid; `errors` names it.")
_FAULT = _problem_answer(500, "A fault in the server, never caused by the request.")

_OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "notes",
        "version": "1.0.0",
        "description": "Notes kept in memory. Every error answer is an RFC 9457 problem.",
    },
    "paths": {
        "/notes": {
            "post": {
                "operationId": "createNote",
                "summary": "Create a note",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("NoteCreate")}},
                },
                "responses": {
                    "201": _json_answer(
                        "The new note.",
                        _ref("Note"),
                        links={
                            "GetNote": {
                                "operationId": "getNote",
                                "parameters": {"note_id": "$response.body#/id"},
                                "description": "The note just created.",
                            }
                        },
                    ),
                    "400": _problem_answer(400, "The body is not a UTF-8 JSON document."),
                    "415": _problem_answer(415, "The body is not sent as application/json."),
                    "422": _INVALID,
                    "500": _FAULT,
                },
            },
            "get": {
                "operationId": "searchNotes",
                "summary": "Search notes: pinned first, then oldest first",
                "parameters": [
                    {
                        "name": "text",
                        "in": "query",
                        "required": True,
                        "description": "Find notes whose title or body contains this.",
                        "schema": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX},
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "required": False,
                        "description": "At most this many notes.",
                        "schema": {
                            "type": "integer",
                            "minimum": LIMIT_MIN,
                            "maximum": LIMIT_MAX,
                            "default": LIMIT_DEFAULT,
                        },
                    },
                ],
                "responses": {
                    "200": _json_answer(
                        "The notes found.",
                        {"type": "array", "items": _ref("Note"), "maxItems": LIMIT_MAX},
                    ),
                    "422": _INVALID,
                    "500": _FAULT,
                },
            },
        },
        "/notes/{note_id}": {
            "get": {
                "operationId": "getNote",
                "summary": "Get one note",
                "parameters": [
                    {
                        "name": "note_id",
                        "in": "path",
                        "required": True,
                        "description": "The note's id.",
                        "schema": {"type": "string", "format": "uuid"},
                        "example": str(WELCOME_ID),
                    }
                ],
                "responses": {
                    "200": _json_answer("The note.", _ref("Note")),
                    "404": _problem_answer(404, "No note has this id."),
                    "422": _INVALID,
                    "500": _FAULT,
                },
            },
        },
    },
    "components": {
        "schemas": {
            "Note": {
                "type": "object",
                "description": "A note.",
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "title": _TITLE,
                    "body": _BODY,
                    "pinned": {"type": "boolean"},
                    "created_at": {"type": "string", "format": "date-time"},
                },
                "required": ["id", "title", "body", "pinned", "created_at"],
                "additionalProperties": False,
                "examples": [_EXAMPLE_NOTE],
            },
            "NoteCreate": {
                "type": "object",
                "description": "A new note: a title, and optionally a body and a pin.",
                "properties": {
                    "title": _TITLE,
                    "body": {**_BODY, "default": ""},
                    "pinned": {"type": "boolean", "default": False},
                },
                "required": ["title"],
                "additionalProperties": False,
                "examples": [{"title": "Groceries", "body": "Milk, eggs", "pinned": False}],
            },
            "Problem": {
                "type": "object",
                "description": "An RFC 9457 problem, with the invalid values in `errors`.",
                "properties": {
                    "type": {"type": "string", "minLength": 1},
                    "title": {"type": "string", "minLength": 1},
                    "status": {"type": "integer", "minimum": 400, "maximum": 599},
                    "detail": {"type": "string", "minLength": 1},
                    "errors": {"type": "array", "items": _ref("ProblemError")},
                },
                "required": ["type", "title", "status", "detail", "errors"],
                "additionalProperties": False,
            },
            "ProblemError": {
                "type": "object",
                "description": "One invalid value: where, its name ('' for the whole body), why.",
                "properties": {
                    "in": {"enum": ["body", "query", "path"]},
                    "name": {"type": "string"},
                    "message": {"type": "string", "minLength": 1},
                },
                "required": ["in", "name", "message"],
                "additionalProperties": False,
            },
        }
    },
}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1.0 document the app serves (a copy)."""
    return copy.deepcopy(_OPENAPI)


# -- the application ---------------------------------------------------------------------

app = Starlette(
    routes=[
        Route("/notes", NotesCollection),
        Route("/notes/{note_id}", NoteItem),
        Route("/openapi.json", _serve_openapi, methods=["GET"]),
    ],
    exception_handlers={HTTPException: _on_http_exception},
)
app.router.redirect_slashes = False  # /notes/ is no route: 404, not a redirect to /notes
