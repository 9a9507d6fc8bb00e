"""The API side: Schemathesis drives every bound route in-process; every crossing is judged.

Per generated request (positive and negative data):

- ``api-hands-valid-input``: each crossing's input is valid under its seam's input schema;
- ``logic-output-conforms``: each crossing's output is valid under the output schema;
- ``logic-accepts-input``: a crossing with a valid input raised only declared errors;
- ``api-accepted-crossed``: a 2xx on a bound route crossed its seam;
- ``api-rejects-invalid``: no 5xx, and no 4xx after the route's logic returned normally;
- ``api-response-conforms``: Schemathesis' response checks on the documented operation.

Routes with path parameters are fed ids the API returned earlier in the run (a ``GET`` on
``{id}`` that only ever sees 404 tests nothing); each operation's count of 2xx answers is
reported.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import requests
from hypothesis import strategies as st

from seamguard.checks._hypothesis import run_examples
from seamguard.checks._ids import (
    API_ACCEPTED_CROSSED,
    API_CHECKS,
    API_HANDS_VALID_INPUT,
    API_REJECTS_INVALID,
    API_RESPONSE_CONFORMS,
    LOGIC_ACCEPTS_INPUT,
    LOGIC_OUTPUT_CONFORMS,
)
from seamguard.checks._result import CheckResult, Status
from seamguard.checks._text import short_json, show_path
from seamguard.errors import ConfigError, ContractViolation, Failure, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from schemathesis.schemas import BaseSchema

    from seamguard.config import Binding, Config, Route
    from seamguard.contracts import Contract, Validators
    from seamguard.generation._asgi import AsgiDriver, AsgiResponse
    from seamguard.seams import BoundSeam, Crossing, Recorder

__all__ = [
    "ApiFindings",
    "ApiSide",
    "ApiUnit",
    "Exchange",
    "OperationStats",
    "load_openapi",
    "merge_api_findings",
    "plan_api_units",
    "run_api_checks",
]

_BASE_URL = "http://localhost"
_POOL_LIMIT = 64


@dataclass(slots=True)
class OperationStats:
    """How one operation fared in a run."""

    cases: int = 0
    """Requests sent."""
    success: int = 0
    """Requests answered 2xx."""


@dataclass(slots=True)
class _Seams:
    """What the API side knows about the bound seams."""

    by_name: dict[str, BoundSeam]
    contracts: dict[str, Contract]
    validators: Validators
    relative_to: Path
    seed: int
    app_path: str
    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)
    openapi_source: str = ""
    """Where the OpenAPI document came from (the ``openapi`` key)."""
    strict_http: bool = False
    """``--http-checks all``: judge every answer, framework answers included."""
    errors: dict[str, str] = field(default_factory=dict)
    """Seam to why a run on one of its routes could not finish."""
    coerced: dict[str, str] = field(default_factory=dict)
    """Seam to a negative request its API accepted by coercing it into a contract-valid
    crossing (``--http-checks all``): noted on the passing result, not failed."""
    config_file: str = ""
    """The configuration file, as a reproduction snippet names it."""
    exchange: Exchange | None = None
    """The last request sent, its answer and crossings (what ``seamguard replay`` shows)."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request, what the app answered and what crossed the seam meanwhile."""

    request: dict[str, Any]
    """The request as a failure's example gives it (method, url, headers, body)."""
    status: int
    """The HTTP status of the answer."""
    body: str
    """The answer's body, as text."""
    crossings: tuple[Crossing, ...]
    """The crossings the request caused."""


def load_openapi(config: Config, driver: AsgiDriver) -> dict[str, Any]:
    """The app's OpenAPI document: served at the ``openapi`` path, or read from that file."""
    source = config.openapi
    file = (config.root / source) if not source.startswith("/") else None
    if source.startswith("/") and not (config.root / source.lstrip("/")).is_file():
        answer = driver.request("GET", _BASE_URL + source, [], b"", request_id="openapi")
        if answer.status != 200:
            raise ConfigError(
                f"'openapi' = {source!r}: the app answered {answer.status} to GET {source}; "
                "set 'openapi' to the path the app serves its OpenAPI document at, or to a file"
            )
        return _parse_document(answer.body, source)
    file = config.root / source.lstrip("/") if file is None else file
    if not file.is_file():
        raise ConfigError(f"'openapi' = {source!r}: no such file {file}")
    return _parse_document(file.read_bytes(), str(file))


def _parse_document(raw: bytes, where: str) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except ValueError:
        import yaml  # type: ignore[import-untyped]  # Schemathesis depends on PyYAML

        try:
            document = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise ConfigError(f"'openapi': {where} is neither JSON nor YAML: {exc}") from None
    if not isinstance(document, dict) or "paths" not in document:
        raise ConfigError(f"'openapi': {where} is not an OpenAPI document (no 'paths')")
    return document


def _operation(schema: BaseSchema, route: Route, seam: str) -> Any:
    from schemathesis.core.errors import SchemathesisError

    try:
        return schema[route.path][route.method]
    except (KeyError, LookupError, SchemathesisError):
        known = [
            f"{op.ok().method.upper()} {op.ok().path}"
            for op in schema.get_all_operations()
            if hasattr(op, "ok")
        ]
        raise ConfigError(
            f"seam '{seam}': route '{route}' is not an operation of the app's OpenAPI document"
            f"{did_you_mean(str(route), known)} (operations: {', '.join(sorted(known))})"
        ) from None


@dataclass(frozen=True, slots=True)
class ApiUnit:
    """One independent piece of the API side: what a worker process runs at a time.

    ``positive``: every operation in ``routes``, positive data, in order, sharing the ids
    the answers return (creators first, so a ``GET`` on ``{id}`` meets ids that exist).
    ``negative``: one operation, negative data (its requests need no ids). ``probe``: the
    undocumented methods (``--http-checks all``). Each unit judges from a clean slate, so its
    findings do not depend on which units ran before it, in this process or another.
    """

    kind: str
    """``positive``, ``negative`` or ``probe``."""
    routes: tuple[str, ...]
    """Operation labels (``POST /api/tasks``), in the order they run."""
    fillers: tuple[str, ...] = ()
    """Those of ``routes`` that run only to make ids for the others (another seam's
    creators, in a shard or a ``--seam`` run): a fifth of the examples, findings unjudged."""

    @property
    def name(self) -> str:
        """A short name for progress lines and request ids."""
        if self.kind == "negative":
            return f"negative {self.routes[0]}"
        return self.kind


@dataclass(slots=True)
class ApiFindings:
    """What one unit found: plain, picklable data to merge into results."""

    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)
    """(seam, check) to its first failure."""
    errors: dict[str, str] = field(default_factory=dict)
    """Seam to why a run on one of its routes could not finish."""
    coerced: dict[str, str] = field(default_factory=dict)
    """Seam to a negative request accepted by coercion (a note, not a failure)."""
    stats: dict[str, OperationStats] = field(default_factory=dict)
    """Operation label to its requests."""


def plan_api_units(
    bindings: Sequence[Binding],
    *,
    http_checks_all: bool = False,
    fillers: Sequence[Binding] = (),
) -> list[ApiUnit]:
    """The units of the API side for ``bindings``, in the order a serial run takes them.

    Operations are ordered from the route text alone (:func:`_order_label`), so the plan
    needs no app. ``fillers``: other bound seams whose operations without path parameters
    (creators, listings) join the positive run to fill the id pools (a shard that judges
    ``GET /tasks/{id}`` still needs the ``POST /tasks`` that makes ids); their findings are
    not this plan's to report.
    """
    labels: dict[str, None] = {}
    for binding in bindings:
        for route in binding.routes:
            labels.setdefault(str(route), None)
    ordered = sorted(labels, key=_order_label)
    if not ordered:
        return []
    extra = {
        str(route)
        for binding in fillers
        for route in binding.routes
        if "{" not in route.path and str(route) not in labels
    }
    chain = tuple(sorted([*ordered, *extra], key=_order_label))
    units = [ApiUnit("positive", chain, tuple(sorted(extra, key=_order_label)))]
    units += [ApiUnit("negative", (label,)) for label in ordered]
    if http_checks_all:
        units.append(ApiUnit("probe", tuple(ordered)))
    return units


class ApiSide:
    """The API side of one process: one app, one recorder, one OpenAPI document.

    :meth:`run` runs one unit and returns its findings; :func:`merge_api_findings` turns the
    findings of every unit, in plan order, into results.
    """

    def __init__(
        self,
        config: Config,
        seams: list[BoundSeam],
        contracts: dict[str, Contract],
        validators: Validators,
        *,
        driver: AsgiDriver,
        recorder: Recorder,
        openapi: dict[str, Any],
        max_examples: int,
        seed: int,
        http_checks_all: bool = False,
    ) -> None:
        import schemathesis

        schema = schemathesis.openapi.from_dict(openapi)
        self.openapi = openapi
        self.driver = driver
        self.recorder = recorder
        self.max_examples = max_examples
        self.seed = seed
        self.checks = _response_checks(http_checks_all)
        self.template = _Seams(
            by_name={s.seam: s for s in seams},
            contracts=contracts,
            validators=validators,
            relative_to=config.root,
            seed=seed,
            app_path=config.app or "",
            strict_http=http_checks_all,
            openapi_source=config.openapi,
            config_file=_shown(config.source),
        )
        self.operations: dict[str, tuple[Any, list[str]]] = {}
        for seam in seams:
            for route in seam.binding.routes:
                operation = _operation(schema, route, seam.seam)
                entry = self.operations.setdefault(str(route), (operation, []))
                entry[1].append(seam.seam)
        self.id_names = frozenset(
            p.name for operation, _ in self.operations.values() for p in operation.path_parameters
        )

    def _fresh(self) -> _Seams:
        return _Seams(
            by_name=self.template.by_name,
            contracts=self.template.contracts,
            validators=self.template.validators,
            relative_to=self.template.relative_to,
            seed=self.seed,
            app_path=self.template.app_path,
            strict_http=self.template.strict_http,
            openapi_source=self.template.openapi_source,
            config_file=self.template.config_file,
        )

    def replay(self, example: dict[str, Any]) -> tuple[ApiFindings, Exchange | None]:
        """Send the one request a failure's example describes and judge it as the run did.

        Raises:
            ConfigError: the example is not a request to one of the bound operations.
        """
        state = self._fresh()
        label, case = self._case(example)
        operation, seam_names = self.operations[label]
        stats = {label: OperationStats()}
        _drive(
            operation,
            seam_names,
            state,
            driver=self.driver,
            recorder=self.recorder,
            pools={},
            id_names=self.id_names,
            stats=stats[label],
            counter=itertools.count(1),
            checks=self.checks,
            negative=example.get("data") == "negative",
            max_examples=1,
            seed=self.seed,
            prefix="replay",
            fixed=case,
        )
        return ApiFindings(state.failures, state.errors, state.coerced, stats), state.exchange

    def _case(self, example: dict[str, Any]) -> tuple[str, Any]:
        """The operation an example's request reaches, and a Schemathesis case for it."""
        from urllib.parse import parse_qs, unquote, urlsplit

        method = str(example.get("method", "")).upper()
        parts = urlsplit(str(example.get("url", "")))
        for label, (operation, _) in self.operations.items():
            if operation.method.upper() != method:
                continue
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(operation.path))
            matched = re.fullmatch(pattern, parts.path)
            if matched is None:
                continue
            query = {
                key: values[0] if len(values) == 1 else values
                for key, values in parse_qs(parts.query, keep_blank_values=True).items()
            }
            headers = dict(example.get("headers") or {})
            media_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
            kwargs: dict[str, Any] = {
                "path_parameters": {k: unquote(v) for k, v in matched.groupdict().items()},
                "query": query or None,
                "headers": headers or None,
                "media_type": media_type.split(";")[0].strip() if media_type else None,
            }
            if "body" in example:
                kwargs["body"] = example["body"]
            return label, operation.Case(**kwargs)
        raise ConfigError(
            f"the request {method} {parts.path} reaches none of the bound operations "
            f"({', '.join(sorted(self.operations))})"
        )

    def run(self, unit: ApiUnit) -> ApiFindings:
        """Drive one unit from a clean slate (no ids, no failures known)."""
        state = self._fresh()
        pools: dict[str, list[str]] = {}
        stats = {label: OperationStats() for label in unit.routes if label in self.operations}
        counter = itertools.count(1)
        if unit.kind == "probe":
            chosen = {label: self.operations[label] for label in unit.routes}
            _probe_methods(
                self.openapi,
                chosen,
                state,
                driver=self.driver,
                recorder=self.recorder,
                pools=pools,
                seed=self.seed,
            )
            return ApiFindings(state.failures, state.errors, state.coerced, {})
        for label in unit.routes:
            operation, seam_names = self.operations[label]
            examples = self.max_examples
            if label in unit.fillers:
                examples = max(5, self.max_examples // 5)
            _drive(
                operation,
                seam_names,
                state,
                driver=self.driver,
                recorder=self.recorder,
                pools=pools,
                id_names=self.id_names,
                stats=stats[label],
                counter=counter,
                checks=self.checks,
                negative=unit.kind == "negative",
                max_examples=examples,
                seed=self.seed,
                prefix=unit.name,
            )
        return ApiFindings(state.failures, state.errors, state.coerced, stats)


def merge_api_findings(
    bindings: Sequence[Binding], contracts: dict[str, Contract], findings: list[ApiFindings]
) -> tuple[list[CheckResult], dict[str, OperationStats]]:
    """Results per seam and check from every unit's findings, taken in plan order: the
    first unit's failure of a (seam, check) wins, whichever process ran it."""
    failures: dict[tuple[str, str], Failure] = {}
    errors: dict[str, str] = {}
    coerced: dict[str, str] = {}
    stats: dict[str, OperationStats] = {}
    for found in findings:
        for key, first in found.failures.items():
            failures.setdefault(key, first)
        for name, text in found.errors.items():
            errors.setdefault(name, text)
        for name, text in found.coerced.items():
            coerced.setdefault(name, text)
        for label, counted in found.stats.items():
            total = stats.setdefault(label, OperationStats())
            total.cases += counted.cases
            total.success += counted.success
    results: list[CheckResult] = []
    for binding in bindings:
        name = binding.contract
        version = str(contracts[name].version)
        cases = sum(stats[str(r)].cases for r in binding.routes if str(r) in stats)
        for check in (*API_CHECKS, LOGIC_ACCEPTS_INPUT, LOGIC_OUTPUT_CONFORMS):
            failure = failures.get((name, check))
            if failure is not None:
                results.append(
                    CheckResult(name, version, check, "failed", cases, failures=(failure,))
                )
            elif check in API_CHECKS:
                status: Status = "passed" if binding.routes else "skipped"
                reason = "" if binding.routes else "no routes are bound to this seam"
                if check == API_RESPONSE_CONFORMS and name in coerced:
                    reason = coerced[name]
                if name in errors:
                    status, reason = "error", errors[name]
                results.append(CheckResult(name, version, check, status, cases, reason=reason))
    ordered = sorted(stats, key=_order_label)
    return results, {label: stats[label] for label in ordered}


def run_api_checks(
    config: Config,
    seams: list[BoundSeam],
    contracts: dict[str, Contract],
    validators: Validators,
    *,
    driver: AsgiDriver,
    recorder: Recorder,
    openapi: dict[str, Any],
    max_examples: int,
    seed: int,
    http_checks_all: bool = False,
) -> tuple[list[CheckResult], dict[str, OperationStats]]:
    """The API-side checks of every bound seam, every unit in this process; results per
    seam and check, stats per route."""
    side = ApiSide(
        config,
        seams,
        contracts,
        validators,
        driver=driver,
        recorder=recorder,
        openapi=openapi,
        max_examples=max_examples,
        seed=seed,
        http_checks_all=http_checks_all,
    )
    units = plan_api_units([s.binding for s in seams], http_checks_all=http_checks_all)
    found = [side.run(unit) for unit in units]
    return merge_api_findings([s.binding for s in seams], contracts, found)


_METHOD_ORDER = {"POST": 0, "PUT": 1, "GET": 2, "PATCH": 3, "DELETE": 5}


def _order_label(label: str) -> tuple[int, int, str]:
    """Creators first (they fill the id pools), readers, changers; deletes last."""
    method, _, path = label.partition(" ")
    method = method.upper()
    if "{" not in path:
        return (0, _METHOD_ORDER.get(method, 4), path)
    rank = {"GET": 0, "PUT": 1, "PATCH": 1, "POST": 2, "DELETE": 3}.get(method, 2)
    return (1, rank, path)


def _response_checks(http_checks_all: bool) -> list[Any]:
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


def _drive(
    operation: Any,
    seam_names: list[str],
    state: _Seams,
    *,
    driver: AsgiDriver,
    recorder: Recorder,
    pools: dict[str, list[str]],
    id_names: frozenset[str],
    stats: OperationStats,
    counter: itertools.count[int],
    checks: list[Any],
    negative: bool,
    max_examples: int,
    seed: int,
    prefix: str = "",
    fixed: Any = None,
) -> None:
    """Drive one operation with positive or negative data; ``fixed``: send that one case
    instead (a replay)."""
    from schemathesis.generation.modes import GenerationMode

    mode = GenerationMode.NEGATIVE if negative else GenerationMode.POSITIVE
    if fixed is None:
        cases = operation.as_strategy(generation_mode=mode)
        strategy = st.tuples(cases, st.integers(0, 2**16), st.booleans())
    else:
        strategy = st.just((fixed, 0, False))
    path_names = [p.name for p in operation.path_parameters]
    label = f"{operation.method.upper()} {operation.path}"

    def body(drawn: tuple[Any, int, bool]) -> None:
        case, index, from_pool = drawn
        if from_pool and path_names and not negative:
            for name in path_names:
                pool = _pool_for(name, pools)
                if pool:
                    chosen = pool[index % len(pool)]
                    case.path_parameters = {**(case.path_parameters or {}), name: chosen}
        request_id = f"{prefix} r{next(counter)}"
        kwargs = case.as_transport_kwargs(base_url=_BASE_URL)
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
        raw: Any = prepared.body or b""
        payload = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        answer = driver.request(
            prepared.method or "GET",
            prepared.url or _BASE_URL,
            [(str(k), str(v)) for k, v in prepared.headers.items()],
            payload,
            request_id=request_id,
        )
        crossings = recorder.take(request_id)
        # The example is built only when it is needed (a finding, a replay): not per request.
        example: dict[str, Any] | None = None
        if fixed is not None:
            example = _request_example(prepared, payload, negative)
            state.exchange = Exchange(
                example, answer.status, answer.body.decode("utf-8", "replace"), tuple(crossings)
            )
        stats.cases += 1
        if 200 <= answer.status < 300:
            stats.success += 1
            _collect_ids(answer.body, pools, id_names)
        for check, message in _judge(
            answer, crossings, seam_names, state, case, prepared, checks, negative
        ):
            seam = message[0]
            if (seam, check) in state.failures:
                continue
            contract = state.contracts[seam]
            if example is None:
                example = _request_example(prepared, payload, negative)
            if check == LOGIC_OUTPUT_CONFORMS:
                file = show_path(contract.output.path, state.relative_to)
            elif check in (API_HANDS_VALID_INPUT, LOGIC_ACCEPTS_INPUT):
                file = show_path(contract.input.path, state.relative_to)
            else:  # a finding about the HTTP answer: it points at the API's document
                file = state.openapi_source
            found = Failure(
                check=check,
                seam=seam,
                version=str(contract.version),
                message=f"{label}: {message[1]}",
                file=file,
                example=example,
                seed=seed,
                reproduce=_reproduction(state, seam, check, example, prepared, payload),
                key=f"{label} {'negative' if negative else 'positive'}",
            )
            if fixed is None:
                raise ContractViolation(found)
            # A replay sends its one request once (a second send would meet the state the
            # first made: a 409 for the same ISBN) and keeps every finding of it.
            state.failures[(seam, check)] = found

    if fixed is not None:
        outcome = run_examples(strategy, body, max_examples=1, seed=seed)
        if outcome.error:
            for seam in seam_names:
                state.errors.setdefault(seam, f"{label}: {outcome.error}")
        return
    for _ in range(len(API_CHECKS) + 2):
        outcome = run_examples(
            strategy,
            body,
            max_examples=max_examples,
            seed=seed,
            key=f"api/{label}/{'negative' if negative else 'positive'}/"
            f"{'+'.join(sorted(f'{s}:{c}' for s, c in state.failures if s in seam_names))}",
        )
        if outcome.error:
            for seam in seam_names:
                state.errors.setdefault(seam, f"{label}: {outcome.error}")
            return
        if outcome.violation is None:
            return
        failure = outcome.violation.failure
        state.failures[(failure.seam, failure.check)] = failure


def _judge(
    answer: AsgiResponse,
    crossings: list[Crossing],
    seam_names: list[str],
    state: _Seams,
    case: Any,
    prepared: requests.PreparedRequest,
    checks: list[Any],
    negative: bool,
) -> list[tuple[str, tuple[str, str]]]:
    """Every failed check of one request as ``(check, (seam, message))``."""
    found: list[tuple[str, tuple[str, str]]] = []
    home = seam_names[0]
    for crossing in crossings:
        seam = state.by_name.get(crossing.seam)
        contract = state.contracts.get(crossing.seam)
        if seam is None or contract is None:
            continue
        problem = state.validators.of(contract.input).explain(crossing.input)
        if problem is not None:
            found.append(
                (
                    API_HANDS_VALID_INPUT,
                    (
                        crossing.seam,
                        f"the API handed the logic an input the contract forbids, {problem}; "
                        f"it handed {short_json(crossing.input)}",
                    ),
                )
            )
        elif crossing.error is not None and not crossing.declared:
            found.append(
                (
                    LOGIC_ACCEPTS_INPUT,
                    (
                        crossing.seam,
                        f"the logic raised {type(crossing.error).__name__}: {crossing.error} "
                        f"on a contract-valid input {short_json(crossing.input)}",
                    ),
                )
            )
        if crossing.returned:
            output = state.validators.of(contract.output).explain(crossing.output)
            if output is not None:
                found.append(
                    (
                        LOGIC_OUTPUT_CONFORMS,
                        (
                            crossing.seam,
                            f"the logic returned a document its output schema forbids, {output}",
                        ),
                    )
                )
    crossed = [c for c in crossings if c.seam in seam_names]
    status = answer.status
    if 200 <= status < 300 and not crossed:
        found.append(
            (
                API_ACCEPTED_CROSSED,
                (home, f"answered {status} but the logic of '{home}' was never called"),
            )
        )
    if status >= 500:
        detail = f" ({type(answer.error).__name__}: {answer.error})" if answer.error else ""
        found.append((API_REJECTS_INVALID, (home, f"answered {status}{detail}")))
    elif 400 <= status < 500 and any(c.returned for c in crossed):
        found.append(
            (
                API_REJECTS_INVALID,
                (
                    home,
                    f"answered {status} after the logic of '{home}' returned normally (a "
                    "possible partial write: the logic acted, the client was told it did not)",
                ),
            )
        )
    framework_400 = status == 400 and negative and _unparsable(prepared)
    # A negative request answered 2xx that crossed the seam with contract-valid input only:
    # the framework's lax parsing coerced it (pydantic turns "5" into 5, 0 or "yes" into a
    # boolean) and the logic got a value its contract allows. Schemathesis'
    # negative-data-rejection (--http-checks all) calls that a schema-violating request
    # accepted. It is true of the HTTP surface, but the seam holds and a correct FastAPI
    # app does it by default, so it is noted on the passing result instead of failed.
    coerced = (
        negative
        and 200 <= status < 300
        and bool(crossed)
        and not any(check == API_HANDS_VALID_INPUT for check, _ in found)
    )
    if not (framework_400 and not state.strict_http):
        message = _response_problem(answer, case, prepared, checks, accept_coerced=coerced)
        if message == _COERCED:
            message = ""
            state.coerced.setdefault(
                home,
                "a negative request was accepted, its input coerced into "
                f"a contract-valid crossing by the framework's lax parsing (not a seam bug): "
                f"{short_json(_request_example(prepared, _payload(prepared)))}",
            )
        if message and framework_400:
            # --http-checks all judges the framework's own answers too. A 400 the framework
            # gives a body that is not JSON text (FastAPI: bytes that are not UTF-8) is a real
            # gap in the OpenAPI document, and one line of the app closes it; an app that
            # documents it passes. So it stays a finding, with the fix named.
            message += (
                "\n(the framework answers 400 itself to a body that is not JSON text, before "
                "any route code runs; document it, e.g. FastAPI's responses={400: {...}})"
            )
        if message:
            found.append((API_RESPONSE_CONFORMS, (home, message)))
    return found


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


def _payload(prepared: requests.PreparedRequest) -> bytes:
    """The body of a prepared request as bytes."""
    raw: Any = prepared.body or b""
    return raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)


def _response_problem(
    answer: AsgiResponse,
    case: Any,
    prepared: requests.PreparedRequest,
    checks: list[Any],
    *,
    accept_coerced: bool = False,
) -> str:
    from schemathesis.core.failures import AcceptedNegativeData, FailureGroup
    from schemathesis.core.failures import Failure as SchemathesisFailure
    from schemathesis.core.transport import Response

    headers: dict[str, list[str]] = {}
    for key, value in answer.headers:
        headers.setdefault(key.lower(), []).append(value)
    response = Response(
        status_code=answer.status,
        headers=headers,
        content=answer.body,
        request=prepared,
        elapsed=answer.elapsed,
        verify=True,
    )
    try:
        case.validate_response(response, checks=checks)
    except FailureGroup as group:
        failures = list(group.exceptions)
    except SchemathesisFailure as failure:
        failures = [failure]
    else:
        return ""
    kept = [f for f in failures if not (accept_coerced and isinstance(f, AcceptedNegativeData))]
    if not kept:
        return _COERCED
    return "; ".join(_failure_text(f) for f in kept)


def _failure_text(failure: BaseException) -> str:
    title = getattr(failure, "title", type(failure).__name__)
    message = getattr(failure, "message", str(failure))
    return f"{title}: {message}".replace("\n\n", "\n").strip()


_PROBED_METHODS = ("GET", "PUT", "POST", "PATCH", "DELETE")
_IMPLICIT_METHODS = frozenset({"HEAD", "OPTIONS"})
_HTTP_METHODS = frozenset({*_PROBED_METHODS, *_IMPLICIT_METHODS, "TRACE"})
_NOT_ROUTED = frozenset({401, 403, 404, 429})
"""Answers to an undocumented method that are not judged: authentication and rate limits
run before routing in most apps, and a 404 means the path parameter routed nowhere."""


def _probe_methods(
    openapi: dict[str, Any],
    operations: dict[str, tuple[Any, list[str]]],
    state: _Seams,
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
            pool = _pool_for(parameter.name, pools)
            value = quote(pool[0], safe="") if pool else "1"
            url = url.replace(f"{{{parameter.name}}}", value)
        for method in _PROBED_METHODS:
            if method in documented:
                continue
            request_id = f"probe {method} {path}"
            answer = driver.request(method, _BASE_URL + url, [], b"", request_id=request_id)
            recorder.take(request_id)
            problem = _method_problem(method, answer, documented)
            home = seam_names[0]
            if problem is None or (home, API_RESPONSE_CONFORMS) in state.failures:
                continue
            contract = state.contracts[home]
            curl = shlex.join(["curl", "-i", "-X", method, f"http://127.0.0.1:8000{url}"])
            state.failures[(home, API_RESPONSE_CONFORMS)] = Failure(
                check=API_RESPONSE_CONFORMS,
                seam=home,
                version=str(contract.version),
                message=f"{method} {path} (not in the OpenAPI document): {problem}",
                file=state.openapi_source,
                example={"method": method, "url": url},
                seed=seed,
                reproduce="# curl (against the app served on 127.0.0.1:8000)\n" + curl,
                key=f"{method} {path} undocumented method",
            )


def _method_problem(method: str, answer: AsgiResponse, documented: set[str]) -> str | None:
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


def _collect_ids(body: bytes, pools: dict[str, list[str]], names: frozenset[str]) -> None:
    """Keep the values of id-like keys (``id``, ``*_id``, path parameter names) of a 2xx body."""
    try:
        document = json.loads(body)
    except ValueError:
        return
    objects: list[dict[str, Any]] = []
    if isinstance(document, dict):
        objects.append(document)
        for value in document.values():
            if isinstance(value, list):
                objects.extend(v for v in value if isinstance(v, dict))
    elif isinstance(document, list):
        objects.extend(v for v in document if isinstance(v, dict))
    for item in objects:
        for key, value in item.items():
            if key not in names and key != "id" and not key.endswith(("_id", "Id")):
                continue
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                for name in {key, *(_aliases(key))}:
                    pool = pools.setdefault(name, [])
                    if str(value) not in pool:
                        pool.append(str(value))
                        del pool[:-_POOL_LIMIT]


def _pool_for(name: str, pools: dict[str, list[str]]) -> list[str]:
    """Ids for a path parameter: values of the same key, else of ``id`` for ``*_id``/``*Id``."""
    if pools.get(name):
        return pools[name]
    if name == "id" or name.endswith(("_id", "Id")):
        return pools.get("*_id", [])
    return []


def _aliases(key: str) -> list[str]:
    """Path parameter names an object's key may feed: ``id`` feeds ``task_id``, ``taskId``."""
    if key != "id":
        return []
    return ["*_id"]


# Headers every request carries (the HTTP client's own, Schemathesis' marks): an example
# names only the others, which the operation's parameters or the body's type put there.
_ROUTINE_HEADERS = frozenset(
    {"user-agent", "accept", "accept-encoding", "connection", "content-length"}
)


def _request_example(
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


def _reproduction(
    state: _Seams,
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
        "# curl (against the app served on 127.0.0.1:8000)\n" + shlex.join(curl)
    )


def _shown(path: Path | None) -> str:
    """A file as a snippet names it: relative to the working directory when under it."""
    if path is None:
        return ""
    from pathlib import Path as _Path

    try:
        return str(path.relative_to(_Path.cwd()))
    except ValueError:
        return str(path)
