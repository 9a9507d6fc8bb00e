"""Drive an ASGI app in-process: its lifespan, then one raw ASGI call per request.

A raw call costs about 50 µs where Schemathesis' own ASGI client costs about 950 µs and
Starlette's TestClient 1,700 µs (``../shared/BASELINES.md``), so recording and judging every
crossing still leaves a run cheaper than a bare Schemathesis run. The app runs on an event
loop in a worker thread (anyio's blocking portal), as it would under a server.

The configuration's hooks run here: ``app-setup`` with the app before its start-up (on the
app's event loop, so what an ``async def`` hook makes belongs to that loop), ``auth`` once
after it with a client of the app; the headers ``auth`` returns go on every request the
driver sends, replacing a header of the same name (Schemathesis draws a random
``Authorization`` for an operation with a security scheme).
"""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal

from seamguard._progress import tick
from seamguard.errors import SeamguardError, raised_at
from seamguard.generation._applog import request_records
from seamguard.generation._client import Hook, auth_headers, call_hook
from seamguard.seams import current_request

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterator
    from concurrent.futures import Future

__all__ = ["AsgiDriver", "AsgiResponse"]


@dataclass(frozen=True, slots=True)
class AsgiResponse:
    """What the app answered."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    elapsed: float
    error: BaseException | None = None
    """An exception the app let escape (after or instead of answering)."""
    logs: tuple[str, ...] = ()
    """The app's log records and warnings emitted while it served the request, one line
    each (``generation._applog``; none when no capture runs)."""


class AsgiDriver:
    """Runs the app's lifespan on enter and shutdown on exit; ``request`` calls it once."""

    def __init__(self, app: Any, *, setup: Hook | None = None, auth: Hook | None = None) -> None:
        self.app = app
        self.setup = setup
        """``app-setup``: called with the app before its start-up."""
        self.auth = auth
        """``auth``: called with a client once the app started; returns headers."""
        self.auth_headers: list[tuple[str, str]] = []
        """What ``auth`` returned: sent with every request."""
        self._auth_names: frozenset[str] = frozenset()
        self._stack = ExitStack()
        self._portal: BlockingPortal | None = None
        self._state: dict[str, Any] = {}
        self._shutdown: anyio.Event | None = None
        self._started = threading.Event()
        self._outcome: dict[str, Any] = {}
        self._lifespan: Future[None] | None = None

    def __enter__(self) -> AsgiDriver:
        self._portal = self._stack.enter_context(start_blocking_portal())
        try:
            if self.setup is not None:
                self._portal.call(call_hook, self.setup, self.app)
            self._shutdown = self._portal.call(anyio.Event)
            self._lifespan = self._portal.start_task_soon(self._run_lifespan)
            self._started.wait()
            self._check_startup()
            if self.auth is not None:
                self.auth_headers = auth_headers(self.auth, self)
                self._auth_names = frozenset(k.lower() for k, _ in self.auth_headers)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._portal is not None and self._shutdown is not None:
                self._portal.call(self._shutdown.set)
                if self._lifespan is not None:
                    self._lifespan.result(timeout=30)
        finally:
            self._stack.close()

    async def _run_lifespan(self) -> None:
        messages = [{"type": "lifespan.startup"}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            assert self._shutdown is not None
            await self._shutdown.wait()
            return {"type": "lifespan.shutdown"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] in ("lifespan.startup.complete", "lifespan.startup.failed"):
                self._outcome["startup"] = message
                if message["type"] == "lifespan.startup.complete":
                    # On "failed" the app raises or returns next: the finally below wakes
                    # the caller once the error, if any, is kept.
                    self._started.set()

        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self._state}
        try:
            await self.app(scope, receive, send)
        except BaseException as exc:  # an app without lifespan may raise: judged in _check_startup
            self._outcome.setdefault("error", exc)
        finally:
            self._started.set()

    def _check_startup(self) -> None:
        startup = self._outcome.get("startup")
        error = self._outcome.get("error")
        if startup is not None and startup["type"] == "lifespan.startup.failed":
            # Starlette sends the whole traceback as the message, then raises the error
            # itself: one line from the error, with where in the app it was raised.
            if isinstance(error, BaseException):
                raise SeamguardError(f"the app failed to start: {_one_line(error)}") from error
            message = str(startup.get("message", "")).strip().splitlines()
            raise SeamguardError(
                f"the app failed to start: {message[-1] if message else 'no reason given'}"
            )
        # Per the ASGI spec an app may refuse lifespan; a crash in startup code is an error.
        if (
            startup is None
            and error is not None
            and not isinstance(error, (KeyError, NotImplementedError, AssertionError))
        ):
            raise SeamguardError(f"the app failed to start: {_one_line(error)}") from error

    def run(self, function: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """``await function(*args)`` on the app's event loop, from this thread: the logic side
        runs async logic there, so what the start-up made (an engine, a pool) is usable. A
        :class:`BaseException` while waiting (a time limit's ``Hung``) cancels the task."""
        assert self._portal is not None, "use the driver as a context manager"
        future = self._portal.start_task_soon(function, *args)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    def request(
        self,
        method: str,
        url: str,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        request_id: str,
    ) -> AsgiResponse:
        """Send one request; the crossings it causes are attributed to ``request_id``."""
        assert self._portal is not None, "use the driver as a context manager"
        tick("requests")
        if self.auth_headers:
            names = self._auth_names
            headers = [(k, v) for k, v in headers if k.lower() not in names]
            headers += self.auth_headers
        return self._portal.call(self._request, method, url, headers, body, request_id)

    async def _request(
        self, method: str, url: str, headers: list[tuple[str, str]], body: bytes, request_id: str
    ) -> AsgiResponse:
        parts = urlsplit(url)
        raw_path = parts.path or "/"
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method.upper(),
            "scheme": parts.scheme or "http",
            "path": unquote(raw_path),
            "raw_path": raw_path.encode("latin-1", "replace"),
            "query_string": parts.query.encode("latin-1", "replace"),
            "root_path": "",
            "headers": [
                (k.lower().encode("latin-1", "replace"), v.encode("latin-1", "replace"))
                for k, v in headers
            ]
            + [(b"host", (parts.netloc or "localhost").encode("latin-1", "replace"))],
            "client": ("127.0.0.1", 50000),
            "server": ("localhost", 80),
            "state": dict(self._state),
        }
        sent = False
        finished = anyio.Event()
        status = 0
        response_headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await finished.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers.extend(
                    (k.decode("latin-1"), v.decode("latin-1"))
                    for k, v in message.get("headers", [])
                )
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    finished.set()

        token = current_request.set(request_id)
        started = time.perf_counter()
        error: BaseException | None = None
        try:
            await self.app(scope, receive, send)
        except Exception as exc:  # an escaped error is a 500 to judge, not a crash
            error = exc
        finally:
            current_request.reset(token)
            finished.set()
        elapsed = time.perf_counter() - started
        if status == 0:
            status = 500
            chunks = [f"{type(error).__name__}: {error}".encode()] if error else []
        logs = request_records(request_id)
        return AsgiResponse(status, response_headers, b"".join(chunks), elapsed, error, logs)


@contextmanager
def driven(app: Any) -> Iterator[AsgiDriver]:
    """An :class:`AsgiDriver` with the app started."""
    with AsgiDriver(app) as driver:
        yield driver


def _one_line(error: BaseException) -> str:
    """``Type: message (at file:line, in function)``."""
    return f"{type(error).__name__}: {error}{raised_at(error)}"
