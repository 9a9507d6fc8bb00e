"""``--http-checks all`` sends each bound path a method its OpenAPI document does not list;
the answer must be 405 with an ``Allow`` header that names no method the path does not
serve. A partial ``Allow`` (Starlette's router, so FastAPI's, names the methods of the first
route whose path matches) is no finding."""

from __future__ import annotations

import pytest

from seamguard.checks.api._probe import method_problem
from seamguard.generation._asgi import AsgiResponse

DOCUMENTED = {"GET", "POST"}


def answer(status: int, allow: str | None = None) -> AsgiResponse:
    headers = [("allow", allow)] if allow is not None else []
    return AsgiResponse(status, [*headers, ("content-type", "application/json")], b"{}", 0.0)


@pytest.mark.parametrize(
    "response",
    [
        answer(405, "GET, POST"),
        answer(405, "POST"),  # FastAPI: GET and POST are two routes; the first one answers
        answer(405, "GET, HEAD, OPTIONS"),  # implicit methods are not counted
        answer(404),  # the path parameter routed nowhere
        answer(401),
        answer(429),
    ],
)
def test_answers_that_hold(response: AsgiResponse) -> None:
    assert method_problem("DELETE", response, DOCUMENTED) is None


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (answer(200), "answered 200; a method the path does not serve gets 405"),
        (answer(500), "answered 500"),
        (answer(405), "without an Allow header"),
        (answer(405, "GET, DELETE"), "names methods the path does not serve (DELETE)"),
        (answer(405, "GET, PUT"), "names methods the path does not serve (PUT)"),
    ],
)
def test_answers_that_fail(response: AsgiResponse, words: str) -> None:
    problem = method_problem("DELETE", response, DOCUMENTED)

    assert problem is not None
    assert words in problem
