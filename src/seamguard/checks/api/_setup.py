"""The requests that made a failure's ids: carried by the failure, shown in its
reproduction, and sent first by a replay.

A request on ``/users/{id}`` that fails only for a user that exists fails, in the run, with
an id the app made a moment before (drawn from the id pools, :mod:`._chain`). That id does
not exist in a fresh app, so the failure keeps the requests that made it
(:attr:`seamguard.Failure.setup`: ``POST /users``, its body, and ``made``, the id it made).
A replay sends them first and puts the ids they make in place of the stored ones, in the
later setup requests and in the failing request; the curl lines do the same through shell
variables. The example database keeps them beside the failing example Hypothesis saves
(:func:`keep_setup`), and the next run sends them again before that pass, its first request
taking the ids they made (:func:`saved_setup`).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from seamguard.checks.api._pools import collect_ids, noun_of_path
from seamguard.checks.api._state import BASE_URL

if TYPE_CHECKING:
    from seamguard.checks.api._drive import Driving
    from seamguard.errors import ContractViolation, Failure
    from seamguard.generation._asgi import AsgiDriver
    from seamguard.seams import Recorder

__all__ = [
    "SetupError",
    "keep_setup",
    "reproduce_with_setup",
    "saved_setup",
    "send_setup",
    "setup_first",
    "substitute",
    "with_setup",
]

_DATABASE_SUFFIX = b".seamguard-setup"
"""What a pass's example database key takes for the setup of its saved failure."""

_CURL_HEAD = "# curl (against the app served on 127.0.0.1:8000)\n"
_ORIGIN = "http://127.0.0.1:8000"
# What a setup line pipes curl's answer through to keep the id it made.
_TAKE_ID = (
    "python3 -c 'import json, sys; d = json.load(sys.stdin); "
    'print((d if isinstance(d, dict) else d[0])["id"])\''
)
# How a shell variable stands in a word until it is quoted (an id is never written so).
_VARIABLE = "__seamguard_{}__"
_VARIABLE_MARK = re.compile(r"__seamguard_(ID[0-9]+)__")
# The -H options the auth hook's placeholders add at the end of a curl line.
_AUTH_SUFFIX = re.compile(r'(?: -H "[^"$]+: \$[A-Za-z_][A-Za-z0-9_]*")+$')


class SetupError(Exception):
    """A setup request did not make its id again (the failing request is sent as stored)."""


def with_setup(failure: Failure, setup: tuple[dict[str, Any], ...]) -> Failure:
    """``failure`` carrying ``setup``, its reproduction sending them first (unchanged when
    there are none)."""
    if not setup:
        return failure
    text = reproduce_with_setup(
        failure.reproduce, setup, failure.seam, failure.check, failure.example
    )
    return replace(failure, setup=setup, reproduce=text)


def reproduce_with_setup(
    text: str, setup: tuple[dict[str, Any], ...], seam: str, check: str, example: Any
) -> str:
    """A failure's reproduction (:func:`._reproduce.reproduction`) whose pytest call passes
    ``setup=`` and whose curl part makes the ids first, into shell variables that the later
    lines use in place of the stored ids (in path segments and body strings equal to one)."""
    call = f"    seamguard.reproduce({seam!r}, {check!r}, {example!r}"
    text = text.replace(call, f"{call}, setup={list(setup)!r}", 1)
    head, mark, curl = text.partition(_CURL_HEAD)
    if not mark or not isinstance(example, dict):
        return text
    auth = _AUTH_SUFFIX.search(curl)
    suffix = auth.group(0) if auth else ""
    names: dict[str, str] = {}
    lines = []
    for number, request in enumerate(setup, 1):
        line = _curl_line(request, names, silent=True) + suffix
        lines.append(f"ID{number}=$({line} | {_TAKE_ID})")
        names[str(request["made"])] = f"ID{number}"
    return head + mark + "\n".join([*lines, _curl_line(example, names) + suffix])


def _curl_line(request: dict[str, Any], names: dict[str, str], *, silent: bool = False) -> str:
    """The curl command of ``request`` (as an example gives it), each stored id of
    ``names`` written as its shell variable."""
    marks = {value: _VARIABLE.format(name) for value, name in names.items()}
    words = ["curl", *(["-s"] if silent else []), "-X", str(request.get("method", "GET"))]
    words.append(_ORIGIN + _url_with(str(request.get("url", "/")), marks))
    for key, value in (request.get("headers") or {}).items():
        words += ["-H", f"{key}: {value}"]
    if "body" in request:
        words += ["--data-binary", _body_text(substitute(request["body"], marks))]
    return " ".join(_shell_word(word) for word in words)


def _shell_word(word: str) -> str:
    """One shell word: its text quoted as :func:`shlex.quote` does, its variables as
    ``"${NAME}"``."""
    pieces = _VARIABLE_MARK.split(word)
    shown = [
        ('"${' + piece + '}"' if odd else shlex.quote(piece))
        for odd, piece in ((n % 2 == 1, p) for n, p in enumerate(pieces))
        if piece or odd
    ]
    return "".join(shown) or "''"


def _body_text(body: Any) -> str:
    return body if isinstance(body, str) else json.dumps(body)


def substitute(value: Any, ids: dict[str, str]) -> Any:
    """``value`` (a url, a body) with each stored id of ``ids`` replaced by the new one:
    in a url, the path segments equal to it; in a body, the strings equal to it."""
    if not ids:
        return value
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [substitute(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, ids) for k, v in value.items()}
    return value


def _url_with(url: str, ids: dict[str, str]) -> str:
    path, mark, query = url.partition("?")
    return "/".join(ids.get(part, part) for part in path.split("/")) + mark + query


def send_setup(
    driver: AsgiDriver,
    recorder: Recorder,
    setup: list[dict[str, Any]],
    example: dict[str, Any],
) -> tuple[dict[str, Any], tuple[dict[str, Any], ...]]:
    """Send ``setup`` to the app, each with the ids the ones before it made; ``example``
    with the new ids in place of the stored ones, and the setup as sent (each with the id
    it made this time).

    Raises:
        SetupError: a setup request was not answered 2xx, or its answer holds no id.
    """
    ids: dict[str, str] = {}
    sent: list[dict[str, Any]] = []
    for number, request in enumerate(setup, 1):
        url = _url_with(str(request.get("url", "/")), ids)
        headers = [(str(k), str(v)) for k, v in (request.get("headers") or {}).items()]
        body = substitute(request.get("body"), ids) if "body" in request else None
        payload = b"" if body is None else _body_text(body).encode("utf-8")
        request_id = f"replay setup {number}"
        method = str(request.get("method", "POST")).upper()
        answer = driver.request(method, BASE_URL + url, headers, payload, request_id=request_id)
        recorder.take(request_id)
        shown = f"{method} {url.partition('?')[0]}"
        if not 200 <= answer.status < 300:
            raise SetupError(f"setup request {shown} answered {answer.status}")
        noun = noun_of_path(url.partition("?")[0]) or "item"
        made = collect_ids(answer.body, {}, frozenset(), noun)
        if not made:
            raise SetupError(f"setup request {shown} answered no id")
        ids[str(request.get("made", ""))] = made[0]
        sent.append({**request, "url": url, **({"body": body} if "body" in request else {})})
        sent[-1]["made"] = made[0]
    replaced = {**example, "url": _url_with(str(example.get("url", "/")), ids)}
    if "body" in example:
        replaced["body"] = substitute(example["body"], ids)
    return replaced, tuple(sent)


def setup_first(
    driver: AsgiDriver,
    recorder: Recorder,
    setup: list[dict[str, Any]],
    example: dict[str, Any],
) -> tuple[dict[str, Any], tuple[dict[str, Any], ...], str]:
    """What a replay sends: ``setup`` first (:func:`send_setup`); ``example`` with the ids
    they made, the setup as sent, and why it failed (``example`` as stored when a setup
    request made no id: the request then meets no such id)."""
    if not setup:
        return example, (), ""
    try:
        replaced, sent = send_setup(driver, recorder, setup, example)
    except SetupError as failed:
        return example, (), f"{failed}; the request is sent with its stored ids"
    return replaced, sent, ""


def saved_setup(run: Driving, label: str, template: str, key: str) -> None:
    """Before the pass ``key`` of operation ``label`` (path ``template``): when the example
    database keeps the setup of a failure the pass found in an earlier run, send it again
    and pin the ids it made for the pass's first request on them, which is the failing
    example Hypothesis tries first (the stored ids name nothing in this run's app)."""
    from seamguard.checks._database import current_database

    database = current_database()
    if database is None:
        return
    for raw in list(database.fetch(key.encode() + _DATABASE_SUFFIX)):
        try:
            record = json.loads(raw)
            example, sent = send_setup(run.driver, run.recorder, record["setup"], record["example"])
        except (ValueError, KeyError, TypeError, AttributeError, SetupError):
            continue  # a record of another version, or an app that no longer makes the id
        for number, request in enumerate(sent):
            run.ids.origins.setdefault(str(request["made"]), sent[: number + 1])
        for name, value in _path_values(template, str(example.get("url", ""))).items():
            run.ids.pinned[label, name] = value


def keep_setup(key: str, violation: ContractViolation | None) -> None:
    """After the pass ``key``: keep the setup of the failure it found in the example
    database (and forget the one of an earlier run)."""
    from seamguard.checks._database import current_database

    database = current_database()
    if database is None:
        return
    where = key.encode() + _DATABASE_SUFFIX
    for old in list(database.fetch(where)):
        database.delete(where, old)
    if violation is not None and violation.failure.setup:
        failure = violation.failure
        record = {"setup": list(failure.setup), "example": failure.example}
        database.save(where, json.dumps(record).encode("utf-8"))


def _path_values(template: str, url: str) -> dict[str, str]:
    """The values of ``template``'s path parameters in ``url`` (none when it does not fit)."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    matched = re.fullmatch(pattern, url.partition("?")[0])
    return {k: unquote(v) for k, v in matched.groupdict().items()} if matched else {}
