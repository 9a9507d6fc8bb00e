"""``--http-checks all``: the methods a bound path does not serve get 405 and an ``Allow``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from seamguard.checks._ids import API_RESPONSE_CONFORMS
from seamguard.checks.api._pools import pool_for
from seamguard.checks.api._reproduce import curl_line
from seamguard.checks.api._state import BASE_URL
from seamguard.errors import Failure

if TYPE_CHECKING:
    from seamguard.checks.api._state import ApiState
    from seamguard.generation._asgi import AsgiDriver, AsgiResponse
    from seamguard.seams import Recorder

__all__ = ["method_problem", "probe_methods"]

_PROBED_METHODS = ("GET", "PUT", "POST", "PATCH", "DELETE")
_IMPLICIT_METHODS = frozenset({"HEAD", "OPTIONS"})
_HTTP_METHODS = frozenset({*_PROBED_METHODS, *_IMPLICIT_METHODS, "TRACE"})
_NOT_ROUTED = frozenset({401, 403, 404, 429})
"""Answers to an undocumented method that are not judged: authentication and rate limits
run before routing in most apps, and a 404 means the path parameter routed nowhere."""


def probe_methods(
    openapi: dict[str, Any],
    operations: dict[str, tuple[Any, list[str]]],
    state: ApiState,
    *,
    driver: AsgiDriver,
    recorder: Recorder,
    pools: dict[str, list[str]],
    seed: int,
) -> None:
    """``--http-checks all``: every bound route's path answers a method its OpenAPI
    document does not list with 405 and an ``Allow`` header (RFC 9110), judged as
    ``api-response-conforms`` of the path's first bound seam.

    ``Allow`` may name fewer methods than the document lists for the path, never others
    (nor the refused one): Starlette's router (so FastAPI's) stops at the first route whose
    path matches, and that route names only its own methods. ``/books`` served by one
    ``GET`` and one ``POST`` route answers ``DELETE`` with ``Allow: POST``. The header is
    incomplete but says nothing false, and the app cannot fix it short of replacing the
    router, so it is no finding here. ``HEAD`` and ``OPTIONS`` are not probed: frameworks
    and middleware answer them (FastAPI gives ``OPTIONS`` the same partial 405 unless a CORS
    middleware answers it), and no OpenAPI document is expected to list them.
    """
    paths = openapi.get("paths", {})
    seen: set[str] = set()
    for operation, seam_names in operations.values():
        path = operation.path
        if path in seen:
            continue
        seen.add(path)
        documented = {str(key).upper() for key in paths.get(path, {})} & _HTTP_METHODS
        url = path
        for parameter in operation.path_parameters:
            pool = pool_for(parameter.name, pools)
            value = quote(pool[0], safe="") if pool else "1"
            url = url.replace(f"{{{parameter.name}}}", value)
        for method in _PROBED_METHODS:
            if method in documented:
                continue
            request_id = f"probe {method} {path}"
            answer = driver.request(method, BASE_URL + url, [], b"", request_id=request_id)
            recorder.take(request_id)
            problem = method_problem(method, answer, documented)
            home = seam_names[0]
            if problem is None or (home, API_RESPONSE_CONFORMS) in state.failures:
                continue
            state.failures[(home, API_RESPONSE_CONFORMS)] = _failure(
                state, home, method, path, url, problem, seed
            )


def _failure(
    state: ApiState, home: str, method: str, path: str, url: str, problem: str, seed: int
) -> Failure:
    """The ``api-response-conforms`` failure of an undocumented method's answer."""
    curl = curl_line(
        ["curl", "-i", "-X", method, f"http://127.0.0.1:8000{url}"], state.auth_headers
    )
    return Failure(
        check=API_RESPONSE_CONFORMS,
        seam=home,
        version=str(state.contracts[home].version),
        message=f"{method} {path} (not in the OpenAPI document): {problem}",
        file=state.openapi_source,
        example={"method": method, "url": url},
        seed=seed,
        reproduce="# curl (against the app served on 127.0.0.1:8000)\n" + curl,
        key=f"{method} {path} undocumented method",
    )


def method_problem(method: str, answer: AsgiResponse, documented: set[str]) -> str | None:
    """What is wrong with the answer to an undocumented method, or ``None``."""
    if answer.status in _NOT_ROUTED:
        return None
    if answer.status != 405:
        return f"answered {answer.status}; a method the path does not serve gets 405"
    allow = [value for key, value in answer.headers if key.lower() == "allow"]
    if not allow:
        return "answered 405 without an Allow header (RFC 9110 requires one)"
    named = {m.strip().upper() for value in allow for m in value.split(",") if m.strip()}
    wrong = sorted(named - documented - _IMPLICIT_METHODS)
    if method in named or wrong:
        listed = ", ".join(sorted(documented))
        return (
            f"answered 405 with Allow: {', '.join(allow)}, which names methods the path does "
            f"not serve ({', '.join(wrong or [method])}); the OpenAPI document lists {listed}"
        )
    return None
