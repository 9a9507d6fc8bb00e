"""The verdicts on one request: one function per check id the API side decides.

What crossed the seam is judged by :func:`seamguard.checks.crossing.judge_crossing`
(``api-hands-valid-input``, ``logic-accepts-input``, ``logic-output-conforms``); the answer by
:func:`api_accepted_crossed`, :func:`api_rejects_invalid` and :func:`api_response_conforms`.
:func:`judge_request` asks them all, in the order a request's findings are reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seamguard.checks._ids import (
    API_ACCEPTED_CROSSED,
    API_HANDS_VALID_INPUT,
    API_REJECTS_INVALID,
    API_RESPONSE_CONFORMS,
)
from seamguard.checks._text import short_json
from seamguard.checks.api._errors import describe, root_of
from seamguard.checks.api._naive import naive_note, with_offsets
from seamguard.checks.api._reproduce import payload_of, request_example
from seamguard.checks.crossing import judge_crossing
from seamguard.errors import error_kind
from seamguard.generation._applog import LogTally

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from seamguard.checks.api._state import ApiState
    from seamguard.generation._asgi import AsgiResponse
    from seamguard.seams import Crossing

__all__ = [
    "Finding",
    "Sent",
    "api_accepted_crossed",
    "api_rejects_invalid",
    "api_response_conforms",
    "judge_request",
    "response_checks",
]

Finding = tuple[str, str, str, str]
"""``(check, seam, message, kind)``: one failed check of one request; ``kind`` is what went
wrong as the failure's id takes it (:attr:`seamguard.Failure.kind`): the status class, the
type of the error, the schema keywords at fault, never a value of the answer."""


@dataclass(frozen=True, slots=True)
class Sent:
    """One request sent to the app, and what came of it."""

    answer: AsgiResponse
    """The app's answer."""
    crossings: list[Crossing]
    """Every crossing the request caused, of any seam."""
    seam_names: list[str]
    """The seams bound to the request's operation; the first is the one its findings go to."""
    case: Any
    """The Schemathesis case it was made from."""
    prepared: requests.PreparedRequest
    """The request as sent."""
    negative: bool
    """Whether it was made from negative data (the schema forbids it)."""

    @property
    def home(self) -> str:
        """The seam an answer's findings go to."""
        return self.seam_names[0]

    @property
    def crossed(self) -> list[Crossing]:
        """The crossings of the operation's own seams."""
        return [c for c in self.crossings if c.seam in self.seam_names]


def judge_request(sent: Sent, state: ApiState, checks: list[Any]) -> list[Finding]:
    """Every failed check of one request, in report order: the crossings', then the answer's."""
    found: list[Finding] = []
    for crossing in sent.crossings:
        contract = state.contracts.get(crossing.seam)
        if crossing.seam not in state.by_name or contract is None:
            continue
        output = state.validators.of(contract.output) if crossing.returned else None
        for breach in judge_crossing(
            crossing, input_schema=state.validators.of(contract.input), output_schema=output
        ):
            found.append((breach.check, breach.seam, breach.message, breach.kind))
    read_only = frozenset(n for n, seam in state.by_name.items() if seam.binding.read_only)
    lookups = frozenset(
        n for n, c in state.contracts.items() if may_find_nothing(c.output.contents)
    )
    error, logs = sent.answer.error, sent.answer.logs
    if sent.answer.status >= 500 and error is not None:
        # The first exception this same request met in the unit, and the app's log of that
        # send (a resend while shrinking meets the state the first send left: a UNIQUE
        # violation instead of the bug).
        example = request_example(sent.prepared, payload_of(sent.prepared), sent.negative)
        key = json.dumps(example, sort_keys=True)
        error, logs = state.first_errors.first(key, error, logs)
    rejects = api_rejects_invalid(sent, read_only=read_only, lookups=lookups, error=error)
    for verdict in (api_accepted_crossed(sent), rejects):
        if verdict is not None:
            found.append(verdict)
    # A negative request answered 2xx that crossed the seam with contract-valid input only:
    # the framework's lax parsing coerced it (pydantic turns "5" into 5, 0 or "yes" into a
    # boolean) and the logic got a value its contract allows. Schemathesis'
    # negative-data-rejection (--http-checks all) calls that a schema-violating request
    # accepted. It is true of the HTTP surface, but the seam holds and a correct FastAPI
    # app does it by default, so it is noted on the passing result instead of failed.
    coerced = (
        sent.negative
        and 200 <= sent.answer.status < 300
        and bool(sent.crossed)
        and not any(finding[0] == API_HANDS_VALID_INPUT for finding in found)
    )
    response = api_response_conforms(sent, state, checks, accept_coerced=coerced)
    if response is not None:
        found.append(response)
    if sent.answer.logs:
        state.app_logs.setdefault(sent.home, LogTally()).add(sent.answer.logs)
    if logs and found:
        shown = with_logs("", logs)
        found = [(check, seam, message + shown, kind) for check, seam, message, kind in found]
    return found


LOGGED = 5
"""Lines of the app's log a failure's message shows (the rest are counted)."""


def with_logs(message: str, logs: Sequence[str]) -> str:
    """``message``, then the app's log records and warnings of the request, a few lines."""
    more = f" ({LOGGED} of {len(logs)} shown)" if len(logs) > LOGGED else ""
    lines = "\n".join(f"  {line}" for line in logs[:LOGGED])
    return f"{message}\nthe app logged during this request{more}:\n{lines}"


def api_accepted_crossed(sent: Sent) -> Finding | None:
    """A 2xx on a bound route that never crossed its seam."""
    status = sent.answer.status
    if 200 <= status < 300 and not sent.crossed:
        home = sent.home
        return (
            API_ACCEPTED_CROSSED,
            home,
            f"answered {status} but the logic of '{home}' was never called",
            f"{status // 100}xx, never crossed",
        )
    return None


_NOTHING: tuple[Any, ...] = (None, False, 0)
"""Outputs that say "nothing found, nothing done": a 404 after one is no partial write. An
empty list is not among them: a search that found nothing is a read, ``read-only = true``."""


def may_find_nothing(output: Any) -> bool:
    """Whether an output contract is a lookup's: ``null`` beside a value (``User | None``,
    ``anyOf`` or a ``type`` list holding ``"null"`` and another type), not ``null`` alone."""
    if not isinstance(output, dict):
        return False
    kinds = output.get("type")
    if isinstance(kinds, list):
        return "null" in kinds and len(kinds) > 1
    arms = output.get("anyOf", output.get("oneOf"))
    if not isinstance(arms, list):
        return False
    nulls = [a for a in arms if isinstance(a, dict) and a.get("type") == "null"]
    return bool(nulls) and len(nulls) < len(arms)


def api_rejects_invalid(
    sent: Sent,
    *,
    read_only: frozenset[str] = frozenset(),
    lookups: frozenset[str] = frozenset(),
    error: BaseException | None = None,
) -> Finding | None:
    """A 5xx, or a 4xx after a writing logic of the route returned normally (a possible
    partial write).

    A 5xx is reported by the first exception raised while serving the request
    (:func:`._errors.describe`), ``error`` when given (the first one the same request met
    in the unit), else the one that escaped the app.

    A read never writes, so a 4xx after it is fine: a GET or HEAD, or a seam in
    ``read_only`` (``read-only = true``). Nor is a 404 after a logic that returned nothing
    (``None``, ``False``, ``0``: a lookup that found nothing, a delete that deleted
    nothing); a declared domain error is no normal return. Nor is any 4xx after a seam in
    ``lookups`` (its output contract admits ``null`` beside a value) returned ``None``: a
    login refused (400, 401) after ``authenticate(...) -> User | None`` found no match. A
    logic whose contract is ``null`` alone (``-> None``, a write) is not a lookup.
    """
    answer, home = sent.answer, sent.home
    if answer.status >= 500:
        error = error or answer.error
        detail = f" ({describe(error)})" if error else ""
        raised = f", raised {error_kind(root_of(error))}" if error else ""
        return (
            API_REJECTS_INVALID,
            home,
            f"answered {answer.status}{detail}",
            f"{answer.status // 100}xx{raised}",
        )
    if not 400 <= answer.status < 500 or str(sent.prepared.method).upper() in ("GET", "HEAD"):
        return None
    writers = [
        c
        for c in sent.crossed
        if c.returned
        and c.seam not in read_only
        and not (answer.status == 404 and c.output in _NOTHING)
        and not (c.output is None and c.seam in lookups)
    ]
    if writers:
        return (
            API_REJECTS_INVALID,
            home,
            f"answered {answer.status} after the logic of '{home}' returned normally (a "
            "possible partial write: the logic acted, the client was told it did not)",
            f"{answer.status // 100}xx after the logic returned",
        )
    return None


def api_response_conforms(
    sent: Sent, state: ApiState, checks: list[Any], *, accept_coerced: bool = False
) -> Finding | None:
    """Schemathesis' response checks on the documented operation.

    ``accept_coerced``: a negative request the framework coerced into a contract-valid
    crossing is noted on the seam's passing result (``state.coerced``), not failed.
    """
    home = sent.home
    framework_400 = sent.answer.status == 400 and sent.negative and _unparsable(sent.prepared)
    if framework_400 and not state.strict_http:
        return None
    message, kind = _response_problem(
        sent, checks, accept_coerced=accept_coerced, note_undocumented=not state.strict_http
    )
    if message.startswith(_UNDOCUMENTED):
        _note(state, home, message.removeprefix(_UNDOCUMENTED))
        return None
    if message == _COERCED:
        example = request_example(sent.prepared, payload_of(sent.prepared))
        if _COERCED_NOTE not in state.coerced.get(home, ""):
            _note(
                state,
                home,
                f"{_COERCED_NOTE}, its input coerced into a contract-valid crossing by the "
                f"framework's lax parsing (not a seam bug): {short_json(example)}",
            )
        return None
    if message and framework_400:
        # --http-checks all judges the framework's own answers too. A 400 the framework
        # gives a body that is not JSON text (FastAPI: bytes that are not UTF-8) is a real
        # gap in the OpenAPI document, and one line of the app closes it; an app that
        # documents it passes. So it stays a finding, with the fix named.
        message += (
            "\n(the framework answers 400 itself to a body that is not JSON text, before "
            "any route code runs; document it, e.g. FastAPI's responses={400: {...}})"
        )
    return (API_RESPONSE_CONFORMS, home, message, kind) if message else None


def _note(state: ApiState, home: str, text: str) -> None:
    """Add a note to the seam's passing ``api-response-conforms`` result (once per text).

    The notes share ``state.coerced``, the reason a passing result carries into the report
    (the terminal's notes, ``reason`` in the JSON report)."""
    held = state.coerced.get(home, "")
    if text not in held:
        state.coerced[home] = f"{held}; {text}" if held else text


def _unparsable(prepared: requests.PreparedRequest) -> bool:
    """Whether a request declared JSON but its body is not JSON at all.

    Frameworks answer such a body 400 before any route code runs (Starlette apps by hand,
    FastAPI always) and rarely document it; that answer says nothing about the seam, so
    ``api-response-conforms`` leaves it alone unless ``--http-checks all`` asks.
    """
    content_type = str(prepared.headers.get("Content-Type", ""))
    if "json" not in content_type.lower():
        return False
    raw: Any = prepared.body or b""
    try:
        json.loads(raw)
    except ValueError:
        return True
    return False


_COERCED = "\0coerced"
"""What :func:`_response_problem` answers when its only failure was a coerced negative
request it was told to accept."""
_COERCED_NOTE = "a negative request was accepted"
_UNDOCUMENTED = "\0undocumented"
"""What :func:`_response_problem`'s message starts with when its only failure was a 4xx
the OpenAPI document does not list and it was told to note that (the note follows)."""


def _response_problem(
    sent: Sent, checks: list[Any], *, accept_coerced: bool = False, note_undocumented: bool = False
) -> tuple[str, str]:
    """Schemathesis' failures of one answer as one message, and their kind (the status
    class and the failures' types: the keyword a response-schema failure names first may
    differ from process to process); empty when it conforms.

    ``note_undocumented``: a 4xx the OpenAPI document does not list (a deliberate 409 for
    "already exists", a 404 for an unknown id, which FastAPI documents only when the route
    says ``responses=``) is answered as a note (:data:`_UNDOCUMENTED`) when it is the only
    failure; a 5xx never is.
    """
    from schemathesis.core.failures import AcceptedNegativeData, FailureGroup
    from schemathesis.core.failures import Failure as SchemathesisFailure
    from schemathesis.core.transport import Response
    from schemathesis.openapi.checks import JsonSchemaError, UndefinedStatusCode

    answer = sent.answer
    headers: dict[str, list[str]] = {}
    for key, value in answer.headers:
        headers.setdefault(key.lower(), []).append(value)

    def failures_of(body: bytes) -> list[Any]:
        response = Response(
            status_code=answer.status,
            headers=headers,
            content=body,
            request=sent.prepared,
            elapsed=answer.elapsed,
            verify=True,
        )
        try:
            sent.case.validate_response(response, checks=checks)
        except FailureGroup as group:
            return list(group.exceptions)
        except SchemathesisFailure as failure:
            return [failure]
        return []

    failures = failures_of(answer.body)
    if not failures:
        return "", ""
    kept = [f for f in failures if not (accept_coerced and isinstance(f, AcceptedNegativeData))]
    if not kept:
        return _COERCED, ""
    if note_undocumented and all(isinstance(f, JsonSchemaError) for f in kept):
        patched = with_offsets(answer.body)
        if patched is not None:
            kept = failures_of(patched[0])
            if not kept:
                return _UNDOCUMENTED + naive_note(sent.case.operation.label, patched[1]), ""
    if (
        note_undocumented
        and 400 <= answer.status < 500
        and all(isinstance(f, UndefinedStatusCode) for f in kept)
    ):
        documented = ", ".join(getattr(kept[0], "defined_status_codes", []))
        return (
            f"{_UNDOCUMENTED}{sent.case.operation.label} answered {answer.status}, a status its "
            f"OpenAPI document does not list (documented: {documented}); noted, not failed "
            "(--http-checks all fails it)",
            "",
        )
    kinds = sorted({type(f).__name__ for f in kept})
    kind = f"{answer.status // 100}xx {'+'.join(kinds)}"
    return "; ".join(_failure_text(f) for f in kept), kind


def _failure_text(failure: BaseException) -> str:
    title = getattr(failure, "title", type(failure).__name__)
    message = getattr(failure, "message", str(failure))
    return f"{title}: {message}".replace("\n\n", "\n").strip()


def response_checks(http_checks_all: bool) -> list[Any]:
    """Schemathesis' checks of a documented operation's answer (more with ``all``)."""
    from schemathesis.specs.openapi import checks as openapi_checks

    chosen = [
        openapi_checks.status_code_conformance,
        openapi_checks.content_type_conformance,
        openapi_checks.response_headers_conformance,
        openapi_checks.response_schema_conformance,
    ]
    if http_checks_all:
        chosen += [
            openapi_checks.negative_data_rejection,
            openapi_checks.positive_data_acceptance,
            openapi_checks.missing_required_header,
        ]
    return chosen
