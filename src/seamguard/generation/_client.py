"""The app's hooks (``app-setup``, ``auth``) and the client the ``auth`` hook gets.

The client is a :class:`requests.Session`, the library the API side builds its requests
with: its one adapter hands every request to the :class:`~seamguard.generation._asgi.AsgiDriver`
(the same raw in-process ASGI call as every request of a check; no server, no socket).
requests has no ASGI adapter of its own and Starlette's ``TestClient`` is httpx (not a
dependency of seamguard, and it would start the app a second time), so the adapter is the
few lines below: a ``BaseAdapter`` whose ``send`` builds a ``requests.Response``.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from seamguard.errors import ConfigError, raised_at

if TYPE_CHECKING:
    from collections.abc import Callable

    from seamguard.generation._asgi import AsgiDriver

__all__ = ["AUTH_REQUEST", "Hook", "app_client", "auth_headers", "placeholder"]

AUTH_REQUEST = "auth"
"""The request id of the ``auth`` hook's requests (their crossings are not judged)."""


@dataclass(frozen=True, slots=True)
class Hook:
    """A function the configuration names (``auth``, ``app-setup``), imported."""

    key: str
    """The configuration key."""
    path: str
    """``module:function``, as written."""
    function: Callable[..., Any]
    """The function."""

    def failed(self, error: BaseException) -> ConfigError:
        """The one usage line when the hook raised ``error``."""
        text = str(error).strip().splitlines()
        message = f": {text[0]}" if text else ""
        return ConfigError(
            f"'{self.key}' = {self.path!r} raised {type(error).__name__}{message}"
            f"{self._where(error)}"
        )

    def _where(self, error: BaseException) -> str:
        """Where in the hook's own file it raised (the library it called raised further
        in: ``raise_for_status``), else where it was raised."""
        import traceback

        try:
            own = inspect.getsourcefile(inspect.unwrap(self.function))
        except TypeError:
            own = None
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == own]
        if frames:
            return f" (at {frames[-1].filename}:{frames[-1].lineno}, in {frames[-1].name})"
        return raised_at(error)


async def call_hook(hook: Hook, argument: Any) -> Any:
    """Call ``hook`` with ``argument`` in the running event loop, awaiting what it returns
    when that is awaitable (an ``async def`` hook); its error as a :class:`ConfigError`."""
    try:
        result = hook.function(argument)
        if inspect.isawaitable(result):
            result = await result
    except Exception as error:
        raise hook.failed(error) from error
    return result


def auth_headers(hook: Hook, driver: AsgiDriver) -> list[tuple[str, str]]:
    """Call the ``auth`` hook with a client of the app; the headers it returned.

    A sync hook is called here; an ``async def`` one is awaited on an event loop of its own
    (anyio), not the app's, so the client, which is synchronous, can be called from it.

    Raises:
        ConfigError: the hook raised, or returned anything but a mapping of strings.
    """
    import anyio

    with app_client(driver) as client:
        if inspect.iscoroutinefunction(inspect.unwrap(hook.function)):
            headers = anyio.run(call_hook, hook, client)
        else:
            try:
                headers = hook.function(client)
            except Exception as error:
                raise hook.failed(error) from error
    if not isinstance(headers, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise ConfigError(
            f"'{hook.key}' = {hook.path!r} returned {type(headers).__name__}, not a mapping of "
            'header names to values (e.g. {"Authorization": "Bearer ..."})'
        )
    return [(str(k), str(v)) for k, v in headers.items()]


def placeholder(header: str) -> str:
    """The shell variable a curl line shows for an ``auth`` header, never its value:
    ``Authorization`` -> ``$SEAMGUARD_AUTH_AUTHORIZATION``."""
    name = "".join(c if c.isalnum() else "_" for c in header.upper())
    return f"$SEAMGUARD_AUTH_{name}"


def app_client(driver: AsgiDriver, base_url: str = "http://localhost") -> requests.Session:
    """A ``requests.Session`` whose requests go to the app in-process; a URL that starts
    with ``/`` is taken on ``base_url`` (``client.post("/login", json=...)``)."""
    session = _AppSession(base_url)
    session.mount(base_url, _DriverAdapter(driver))
    return session


class _AppSession(requests.Session):
    """A session that takes a path (``/login``) on its base URL."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if isinstance(url, str) and url.startswith("/"):
            url = self.base_url + url
        return super().request(method, url, *args, **kwargs)  # type: ignore[arg-type]


class _DriverAdapter(BaseAdapter):
    """requests' transport over :meth:`AsgiDriver.request`."""

    def __init__(self, driver: AsgiDriver) -> None:
        super().__init__()
        self.driver = driver

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **_kwargs: Any
    ) -> requests.Response:
        body: Any = request.body or b""
        payload = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        answer = self.driver.request(
            request.method or "GET",
            request.url or "http://localhost/",
            [(str(k), str(v)) for k, v in request.headers.items()],
            payload,
            request_id=AUTH_REQUEST,
        )
        response = requests.Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(dict(answer.headers))
        response._content = answer.body
        response.url = request.url or ""
        response.request = request
        response.reason = _phrase(answer.status)
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        return response

    def close(self) -> None:
        """Nothing to close: the driver outlives the client."""


def _phrase(status: int) -> str:
    """The reason phrase of a status (``Unauthorized``), as a server would send it."""
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
