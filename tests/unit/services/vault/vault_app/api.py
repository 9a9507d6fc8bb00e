"""A vault whose boxes are all sealed: ``GET /boxes/{box_id}`` answers 404 to every id, so
no request reaches its success path (and nothing makes a box to open)."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_BOX = {
    "type": "object",
    "properties": {"box_id": {"type": "integer"}, "content": {"type": "string"}},
}
_ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}}
OPENAPI: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "vault", "version": "1.0.0"},
    "paths": {
        "/boxes/{box_id}": {
            "get": {
                "parameters": [
                    {
                        "name": "box_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The box.",
                        "content": {"application/json": {"schema": _BOX}},
                    },
                    "404": {
                        "description": "Sealed.",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                    "422": {
                        "description": "Not an id.",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                },
            }
        }
    },
}


class Sealed(Exception):
    """The box cannot be opened."""


def open_box(box_id: int) -> dict[str, Any]:
    """Never opens: every box is sealed."""
    raise Sealed(f"box {box_id} is sealed")


async def _get_box(request: Request) -> Response:
    text = request.path_params["box_id"]
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        return JSONResponse({"detail": "box_id is an integer from 1 to 1000"}, status_code=422)
    try:
        return JSONResponse(open_box(box_id=int(text)))
    except Sealed as exc:
        return JSONResponse({"detail": str(exc)}, status_code=404)


async def _openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


app = Starlette(
    routes=[
        Route("/boxes/{box_id}", _get_box, methods=["GET"]),
        Route("/openapi.json", _openapi, methods=["GET"]),
    ]
)
