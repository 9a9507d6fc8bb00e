"""Driving one operation: Schemathesis' cases sent in-process, each request judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests
from hypothesis import strategies as st

from seamguard.checks._hypothesis import run_examples
from seamguard.checks._ids import (
    API_CHECKS,
    API_HANDS_VALID_INPUT,
    LOGIC_ACCEPTS_INPUT,
    LOGIC_OUTPUT_CONFORMS,
)
from seamguard.checks._text import show_path
from seamguard.checks.api._chain import (
    CHAIN_DEPTH,
    CHAIN_TRIES,
    POOL_SHARE,
    IdBook,
    answer_noun,
    chosen_ids,
)
from seamguard.checks.api._pools import collect_ids
from seamguard.checks.api._reproduce import (
    payload_of,
    reproduction,
    request_example,
    request_key,
)
from seamguard.checks.api._setup import keep_setup, saved_setup, with_setup
from seamguard.checks.api._state import BASE_URL, Exchange
from seamguard.checks.api._verdicts import Sent, judge_request
from seamguard.errors import ContractViolation, Failure

if TYPE_CHECKING:
    import itertools

    from seamguard.checks.api._plan import OperationStats
    from seamguard.checks.api._state import ApiState
    from seamguard.generation._asgi import AsgiDriver, AsgiResponse
    from seamguard.seams import Crossing, Recorder

__all__ = ["Driving", "drive", "feed", "send", "stock_creators"]


@dataclass(slots=True)
class Driving:
    """What every request of one unit shares."""

    state: ApiState
    """The seams, and what the unit found so far."""
    driver: AsgiDriver
    """The app, called in-process."""
    recorder: Recorder
    """Where the bound seams record their crossings."""
    ids: IdBook
    """Ids the app returned so far, and what each operation answered to them."""
    id_names: frozenset[str]
    """The path parameter names of every bound operation."""
    counter: itertools.count[int]
    """Numbers the unit's requests."""
    checks: list[Any]
    """Schemathesis' response checks."""
    seed: int
    """The seed of the generated cases."""
    prefix: str = ""
    """The unit's name, which starts each request id."""
    operations: dict[str, Any] = field(default_factory=dict)
    """The unit's operations by label, which chains may send (positive units only)."""
    creators: dict[str, list[str]] = field(default_factory=dict)
    """Noun to the operations of the unit that make one (:func:`._chain.creators_of`)."""
    stock: dict[str, list[Any]] = field(default_factory=dict)
    """Label to positive cases of a creator that chains send, drawn before the unit runs
    (:func:`stock_creators`): a draw inside a request's test would depend on the app's
    state, which Hypothesis rejects as flaky data generation."""
    max_examples: int = 0
    """How many cases each creator's stock holds."""


def drive(
    operation: Any,
    seam_names: list[str],
    run: Driving,
    *,
    stats: OperationStats,
    negative: bool,
    max_examples: int,
    fixed: Any = None,
) -> None:
    """Drive one operation with positive or negative data; ``fixed``: send that one case
    instead (a replay).

    Each pass stops at the first new failure, which Hypothesis shrinks; the next pass looks
    for the others, until a pass finds nothing new.
    """
    from schemathesis.generation.modes import GenerationMode

    state = run.state
    mode = GenerationMode.NEGATIVE if negative else GenerationMode.POSITIVE
    if fixed is None:
        cases = operation.as_strategy(generation_mode=mode)
        # Negative requests take no ids; their draws stay as they were (a boolean pick,
        # never used), so a seed draws the negative cases it always drew.
        picks = st.booleans().map(int) if negative else st.integers(0, 99)
        strategy = st.tuples(cases, st.integers(0, 2**16), picks)
    else:
        strategy = st.just((fixed, 0, 100))
    label = f"{operation.method.upper()} {operation.path}"
    body = _Requests(operation, seam_names, run, stats, negative=negative, fixed=fixed)
    if fixed is not None:
        outcome = run_examples(strategy, body, max_examples=1, seed=run.seed)
        if outcome.error:
            for seam in seam_names:
                state.errors.setdefault(seam, f"{label}: {outcome.error}")
        return
    for _ in range(len(API_CHECKS) + 2):
        found = "+".join(sorted(f"{s}:{c}" for s, c in state.failures if s in seam_names))
        key = f"api/{label}/{'negative' if negative else 'positive'}/{found}"
        saved_setup(run, label, operation.path, key)
        outcome = run_examples(strategy, body, max_examples=max_examples, seed=run.seed, key=key)
        keep_setup(key, outcome.violation)
        if negative and outcome.unsatisfiable and outcome.calls == 0:
            # Schemathesis drew no negative case at all: the operation has nothing to make
            # invalid (``GET /me``: no parameter, no body), and Hypothesis says Unsatisfiable.
            for seam in seam_names:
                state.nothing_to_negate.setdefault(seam, []).append(label)
            return
        if outcome.error:
            for seam in seam_names:
                state.errors.setdefault(seam, f"{label}: {outcome.error}")
            return
        if outcome.violation is None:
            return
        failure = outcome.violation.failure
        state.failures[(failure.seam, failure.check)] = failure


class _Requests:
    """The body of a Hypothesis test: send one drawn case, judge it, raise its first new
    failure (a replay keeps every failure of its one request instead)."""

    def __init__(
        self,
        operation: Any,
        seam_names: list[str],
        run: Driving,
        stats: OperationStats,
        *,
        negative: bool,
        fixed: Any,
    ) -> None:
        self.operation = operation
        self.seam_names = seam_names
        self.run = run
        self.stats = stats
        self.negative = negative
        self.fixed = fixed
        self.path_names = [p.name for p in operation.path_parameters]
        self.label = f"{operation.method.upper()} {operation.path}"

    def __call__(self, drawn: tuple[Any, int, int]) -> None:
        case, index, pick = drawn
        if self.path_names and not self.negative and pick < POOL_SHARE:
            feed(self.run, self.label, self.path_names, case, index, 0)
        prepared, payload, answer, crossings = send(self.run, case)
        state = self.run.state
        # The example is built only when it is needed (a finding, a replay): not per request.
        example: dict[str, Any] | None = None
        if self.fixed is not None:
            example = request_example(prepared, payload, self.negative)
            body = answer.body.decode("utf-8", "replace")
            state.exchange = Exchange(example, answer.status, body, tuple(crossings))
        self.stats.count(answer.status, negative=self.negative)
        used = chosen_ids(case, self.path_names)
        if 200 <= answer.status < 300:
            pools = self.run.ids.pools
            noun = answer_noun(self.operation.path)
            made = collect_ids(answer.body, pools, self.run.id_names, noun)
            self.run.ids.made_by(made, prepared, payload, used)
        if not self.negative:
            self.run.ids.answered(self.label, used, answer.status)
        sent = Sent(answer, crossings, self.seam_names, case, prepared, self.negative)
        for check, seam, message, kind in judge_request(sent, state, self.run.checks):
            if (seam, check) in state.failures:
                continue
            if example is None:
                example = request_example(prepared, payload, self.negative)
            found = self._failure(check, seam, message, example, prepared, payload, kind=kind)
            found = with_setup(found, self.run.ids.setup_for(used))
            if self.fixed is None:
                raise ContractViolation(found)
            # A replay sends its one request once (a second send would meet the state the
            # first made: a 409 for the same ISBN) and keeps every finding of it.
            state.failures[(seam, check)] = found

    def _failure(
        self,
        check: str,
        seam: str,
        message: str,
        example: dict[str, Any],
        prepared: requests.PreparedRequest,
        payload: bytes,
        *,
        kind: str,
    ) -> Failure:
        state = self.run.state
        contract = state.contracts[seam]
        if check == LOGIC_OUTPUT_CONFORMS:
            file = show_path(contract.output.path, state.relative_to)
        elif check in (API_HANDS_VALID_INPUT, LOGIC_ACCEPTS_INPUT):
            file = show_path(contract.input.path, state.relative_to)
        else:  # a finding about the HTTP answer: it points at the API's document
            file = state.openapi_source
        return Failure(
            check=check,
            seam=seam,
            version=str(contract.version),
            message=f"{self.label}: {message}",
            file=file,
            example=example,
            seed=self.run.seed,
            reproduce=reproduction(state, seam, check, example, prepared, payload),
            key=request_key(self.operation.path, example),
            kind=kind,
        )


def send(
    run: Driving, case: Any, *, setup: bool = False
) -> tuple[requests.PreparedRequest, bytes, AsgiResponse, list[Crossing]]:
    """Send one case to the app; the request, its body, the answer and the crossings
    (``setup``: a chain's request, numbered apart)."""
    request_id = f"{run.prefix} {'s' if setup else 'r'}{next(run.counter)}"
    kwargs = case.as_transport_kwargs(base_url=BASE_URL)
    prepared = requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        headers=kwargs.get("headers"),
        params=kwargs.get("params"),
        cookies=kwargs.get("cookies"),
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        files=kwargs.get("files"),
    ).prepare()
    for name in run.state.auth_headers:
        # The driver sends the auth hook's value: a drawn one (a security scheme's random
        # token) is neither sent nor shown in an example.
        prepared.headers.pop(name, None)
    payload = payload_of(prepared)
    answer = run.driver.request(
        prepared.method or "GET",
        prepared.url or BASE_URL,
        [(str(k), str(v)) for k, v in prepared.headers.items()],
        payload,
        request_id=request_id,
    )
    return prepared, payload, answer, run.recorder.take(request_id)


def feed(run: Driving, label: str, names: list[str], case: Any, index: int, depth: int) -> None:
    """Give ``case``'s path parameters ``names`` ids that exist and ``label`` has not used
    up, made first by the unit's creators when there are none (:class:`._chain.IdBook`)."""
    path = label.partition(" ")[2]

    def make(noun: str) -> bool:
        return _make(run, noun, depth + 1, avoid=label)

    for name in names:
        chosen = run.ids.choose(label, name, path, index, make)
        if chosen is not None:
            case.path_parameters = {**(case.path_parameters or {}), name: chosen}


def stock_creators(run: Driving, nouns: set[str]) -> None:
    """Draw the positive cases the creators of ``nouns`` send in chains (same seed, same
    cases: each creator's own Hypothesis run, keyed by nothing)."""
    from schemathesis.generation.modes import GenerationMode

    for noun in sorted(nouns):
        for label in run.creators.get(noun, ()):
            if label in run.stock:
                continue
            cases: list[Any] = []
            strategy = run.operations[label].as_strategy(generation_mode=GenerationMode.POSITIVE)
            run_examples(strategy, cases.append, max_examples=run.max_examples, seed=run.seed)
            run.stock[label] = cases


def _make(run: Driving, noun: str, depth: int, *, avoid: str) -> bool:
    """Send the unit's creators of ``noun`` (stocked positive cases, unjudged) until one
    makes a new ``noun``; whether one did."""
    if depth > CHAIN_DEPTH:
        return False
    for label in run.creators.get(noun, ()):
        stock = run.stock.get(label)
        if label == avoid or not stock:
            continue
        names = [p.name for p in run.operations[label].path_parameters]
        for _ in range(CHAIN_TRIES):
            case = stock.pop(0)
            stock.append(case)
            if names:
                feed(run, label, names, case, 0, depth)
            prepared, payload, answer, _ = send(run, case, setup=True)
            made: list[str] = []
            if 200 <= answer.status < 300:
                made = collect_ids(answer.body, run.ids.pools, run.id_names, noun)
                run.ids.made_by(made, prepared, payload, chosen_ids(case, names))
            run.ids.answered(label, chosen_ids(case, names), answer.status)
            if made:
                return True
    return False
