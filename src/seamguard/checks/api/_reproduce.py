"""A failing request as a failure shows it, ``seamguard replay`` sends it, and a test and a
curl line reproduce it."""

from __future__ import annotations

import json
import shlex
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    import requests

    from seamguard.checks.api._state import ApiState

__all__ = ["curl_line", "payload_of", "reproduction", "request_example", "request_key", "shown"]

# Headers every request carries (the HTTP client's own, Schemathesis' marks): an example
# names only the others, which the operation's parameters or the body's type put there.
_ROUTINE_HEADERS = frozenset(
    {"user-agent", "accept", "accept-encoding", "connection", "content-length"}
)


def payload_of(prepared: requests.PreparedRequest) -> bytes:
    """The body of a prepared request as bytes."""
    raw: Any = prepared.body or b""
    return raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)


def request_example(
    prepared: requests.PreparedRequest, payload: bytes, negative: bool = False
) -> dict[str, Any]:
    """A request as a failure shows it and ``seamguard replay`` sends it again."""
    example: dict[str, Any] = {"method": prepared.method, "url": prepared.path_url}
    headers = {
        str(k): str(v)
        for k, v in prepared.headers.items()
        if str(k).lower() not in _ROUTINE_HEADERS
        and not str(k).lower().startswith("x-schemathesis")
    }
    if headers:
        example["headers"] = headers
    if payload:
        try:
            example["body"] = json.loads(payload)
        except ValueError:
            example["body"] = payload.decode("utf-8", "replace")
    if negative:
        example["data"] = "negative"
    return example


def request_key(template: str, example: dict[str, Any]) -> str:
    """What identifies a failing request in its failure's id (:attr:`seamguard.Failure.key`):
    its example with the path's values replaced by the operation's path template.

    A path value may be an id the service made earlier in the run (drawn from the id pools),
    which differs from run to run, and from a serial run to a worker; the query, headers
    and body are what Hypothesis generated, the same under the same seed.
    """
    _, mark, query = str(example.get("url", "")).partition("?")
    return json.dumps({**example, "url": template + mark + query}, sort_keys=True)


def reproduction(
    state: ApiState,
    seam: str,
    check: str,
    example: dict[str, Any],
    prepared: requests.PreparedRequest,
    payload: bytes,
) -> str:
    """A pytest test that fails while the failure lasts, and the curl line."""
    where = f", config={state.config_file!r}" if state.config_file else ""
    method = str(prepared.method or "GET")
    curl = ["curl", "-X", method, f"http://127.0.0.1:8000{prepared.path_url!s}"]
    for key, value in (example.get("headers") or {}).items():
        curl += ["-H", f"{key}: {value}"]
    if payload:
        curl += ["--data-binary", payload.decode("utf-8", "replace")]
    return (
        "# pytest\n"
        "import seamguard\n\n"
        "def test_reproduce():\n"
        f"    seamguard.reproduce({seam!r}, {check!r}, {example!r}{where})\n"
        "# curl (against the app served on 127.0.0.1:8000)\n" + curl_line(curl, state.auth_headers)
    )


def curl_line(words: list[str], auth_headers: tuple[str, ...]) -> str:
    """A curl command line, with a ``-H`` for each header of the ``auth`` hook whose value
    is a shell variable (:func:`~seamguard.generation._client.placeholder`), never the
    secret itself: set it to what the hook returns before running the line."""
    from seamguard.generation._client import placeholder

    line = shlex.join(words)
    for name in auth_headers:
        line += f' -H "{name}: {placeholder(name)}"'
    return line


def shown(path: Path | None) -> str:
    """A file as a snippet names it: relative to the working directory when under it."""
    if path is None:
        return ""
    from pathlib import Path as _Path

    try:
        return str(path.relative_to(_Path.cwd()))
    except ValueError:
        return str(path)
