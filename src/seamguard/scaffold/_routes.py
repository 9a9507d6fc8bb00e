"""The routes of an ASGI app: Starlette ``Route`` s, FastAPI ``APIRoute`` s, ``Mount`` s.

Each route is flattened to one entry per HTTP method (``HEAD`` beside ``GET`` left out), with
the path as the OpenAPI document writes it (``/items/{item_id}``, converters dropped) and the
function that handles that method: the endpoint itself, the method of an ``HTTPEndpoint``
class, or the handler a dispatching closure holds for that method.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Any

from seamguard.config._model import HTTP_METHODS
from seamguard.errors import ConfigError
from seamguard.seams import import_object

__all__ = ["AppRoute", "app_kind", "list_routes", "load_app", "openapi_path"]

_CONVERTER = re.compile(r"\{([^}:]+):[^}]*\}")


@dataclass(frozen=True, slots=True)
class AppRoute:
    """One operation the app serves."""

    method: str
    """Upper-case HTTP method."""
    path: str
    """The path template, ``/api/books/{book_id}``."""
    handler: Any
    """The function (or method) that handles the request."""
    route: Any
    """The framework's route object (a FastAPI ``APIRoute`` carries its dependencies)."""

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def load_app(path: str) -> Any:
    """Import the ASGI app ``module:attribute`` (or call ``module:factory()``).

    Raises:
        ConfigError: it does not import (the error in one line), or is not an ASGI app.
    """
    try:
        app = import_object(path, key="--app")
    except ConfigError as exc:
        raise ConfigError(" ".join(str(exc).split())) from None
    if inspect.isfunction(app) and not path.endswith("()"):
        # A factory named without its call: call it when it takes no arguments.
        try:
            app = app()
        except TypeError as exc:
            raise ConfigError(f"--app {path!r}: a function that needs arguments: {exc}") from None
        except Exception as exc:
            message = " ".join(str(exc).split())
            raise ConfigError(
                f"--app {path!r}: calling it failed: {type(exc).__name__}: {message}"
            ) from None
    if not callable(app) or not hasattr(app, "routes"):
        raise ConfigError(
            f"--app {path!r}: is a {type(app).__name__}, not a Starlette or FastAPI app "
            "(an ASGI app with routes)"
        )
    return app


def app_kind(app: Any) -> str:
    """``FastAPI`` or ``Starlette`` (or the app's class name)."""
    for klass in type(app).__mro__:
        if klass.__name__ in ("FastAPI", "Starlette"):
            return klass.__name__
    return type(app).__name__


def openapi_path(app: Any) -> str | None:
    """The path the app serves its OpenAPI document at, if it serves one."""
    url = getattr(app, "openapi_url", None)
    if isinstance(url, str) and url:
        root = getattr(app, "root_path", "") or ""
        return f"{root}{url}"
    for route in getattr(app, "routes", []):
        path = getattr(route, "path", "")
        if isinstance(path, str) and re.search(r"openapi\.(json|ya?ml)$", path):
            return path
    return None


def list_routes(app: Any) -> list[AppRoute]:
    """Every documented HTTP operation of ``app``, in the order the app lists them."""
    found: list[AppRoute] = []
    _walk(getattr(app, "routes", []), "", found)
    return found


def _walk(routes: list[Any], prefix: str, found: list[AppRoute]) -> None:
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if callable(contexts):
            # FastAPI (0.120 and later) keeps an included router as one entry whose route
            # contexts carry the full path, the endpoint and the dependencies of each route.
            for context in contexts():
                _add(context, getattr(context, "original_route", context), prefix, found)
            continue
        children = getattr(route, "routes", None)
        if getattr(route, "endpoint", None) is None and isinstance(children, list):
            # A Mount (or a Host/Router with routes): its routes sit under its path.
            _walk(children, prefix + (getattr(route, "path", "") or "").rstrip("/"), found)
            continue
        _add(route, route, prefix, found)


def _add(route: Any, original: Any, prefix: str, found: list[AppRoute]) -> None:
    """One route (or FastAPI route context) as its operations."""
    path = getattr(route, "path", None) or getattr(original, "path", None)
    endpoint = getattr(route, "endpoint", None) or getattr(original, "endpoint", None)
    if endpoint is None or not isinstance(path, str):
        return  # a websocket route, or something without an endpoint
    if not getattr(route, "include_in_schema", True):
        return  # FastAPI's own /openapi.json and /docs, or routes hidden on purpose
    methods = getattr(route, "methods", None) or getattr(original, "methods", None)
    full = _CONVERTER.sub(r"{\1}", prefix + path) or "/"
    for method, handler in _handlers(endpoint, methods):
        found.append(AppRoute(method=method, path=full, handler=handler, route=route))


def _handlers(endpoint: Any, methods: Any) -> list[tuple[str, Any]]:
    if inspect.isclass(endpoint):
        # An HTTPEndpoint: one method per HTTP verb (get, post, ...).
        return [
            (verb, getattr(endpoint, verb.lower()))
            for verb in HTTP_METHODS
            if verb not in ("HEAD", "OPTIONS") and callable(getattr(endpoint, verb.lower(), None))
        ]
    verbs = sorted(methods or ["GET"], key=_method_order)
    listed = [m for m in verbs if m != "HEAD" or "GET" not in verbs]
    return [(m, _dispatched(endpoint, m)) for m in listed]


def _method_order(method: str) -> int:
    return HTTP_METHODS.index(method) if method in HTTP_METHODS else len(HTTP_METHODS)


def _dispatched(endpoint: Any, method: str) -> Any:
    """The handler for ``method`` when ``endpoint`` dispatches on the method through a closure.

    An endpoint such as ``by_method(GET=list_items, POST=create_item)`` closes over a mapping
    of HTTP methods to handlers; the handler of each method is what reaches the logic.
    """
    function = inspect.unwrap(endpoint)
    for cell in getattr(function, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
            upper = {k.upper(): v for k, v in value.items()}
            if set(upper) <= set(HTTP_METHODS) and callable(upper.get(method)):
                return upper[method]
    return endpoint
