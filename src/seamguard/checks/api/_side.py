"""The API side of one process: one app, one recorder, one OpenAPI document."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from seamguard.checks.api._chain import IdBook, consumed_nouns, creators_of
from seamguard.checks.api._drive import Driving, drive, stock_creators
from seamguard.checks.api._openapi import operation_of
from seamguard.checks.api._plan import (
    ApiFindings,
    ApiUnit,
    OperationStats,
    merge_api_findings,
    plan_api_units,
)
from seamguard.checks.api._probe import probe_methods
from seamguard.checks.api._reproduce import shown
from seamguard.checks.api._state import ApiState, Exchange
from seamguard.checks.api._verdicts import response_checks
from seamguard.errors import ConfigError

if TYPE_CHECKING:
    from seamguard.checks._result import CheckResult
    from seamguard.config import Config
    from seamguard.contracts import Contract, Validators
    from seamguard.generation._asgi import AsgiDriver
    from seamguard.seams import BoundSeam, Recorder

__all__ = ["ApiSide"]


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
        self.checks = response_checks(http_checks_all)
        self.template = ApiState(
            by_name={s.seam: s for s in seams},
            contracts=contracts,
            validators=validators,
            relative_to=config.root,
            seed=seed,
            app_path=config.app or "",
            strict_http=http_checks_all,
            openapi_source=config.openapi,
            config_file=shown(config.source),
            auth_headers=tuple(name for name, _ in driver.auth_headers),
        )
        self.operations: dict[str, tuple[Any, list[str]]] = {}
        for seam in seams:
            for route in seam.binding.routes:
                operation = operation_of(schema, route, seam.seam)
                entry = self.operations.setdefault(str(route), (operation, []))
                entry[1].append(seam.seam)
        self.id_names = frozenset(
            p.name for operation, _ in self.operations.values() for p in operation.path_parameters
        )

    def _driving(self, state: ApiState, prefix: str) -> Driving:
        """A unit's shared means, from a clean slate (no ids yet)."""
        return Driving(
            state=state,
            driver=self.driver,
            recorder=self.recorder,
            ids=IdBook(),
            id_names=self.id_names,
            counter=itertools.count(1),
            checks=self.checks,
            seed=self.seed,
            prefix=prefix,
        )

    def replay(self, example: dict[str, Any]) -> tuple[ApiFindings, Exchange | None]:
        """Send the one request a failure's example describes and judge it as the run did.

        Raises:
            ConfigError: the example is not a request to one of the bound operations.
        """
        state = self.template.fresh()
        label, case = self._case(example)
        operation, seam_names = self.operations[label]
        stats = {label: OperationStats()}
        drive(
            operation,
            seam_names,
            self._driving(state, "replay"),
            stats=stats[label],
            negative=example.get("data") == "negative",
            max_examples=1,
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
        state = self.template.fresh()
        driving = self._driving(state, unit.name)
        if unit.kind == "probe":
            chosen = {label: self.operations[label] for label in unit.routes}
            probe_methods(
                self.openapi,
                chosen,
                state,
                driver=self.driver,
                recorder=self.recorder,
                pools=driving.ids.pools,
                seed=self.seed,
            )
            return ApiFindings(state.failures, state.errors, state.coerced, {})
        stats = {label: OperationStats() for label in unit.routes if label in self.operations}
        if unit.kind == "positive":
            driving.operations = {label: self.operations[label][0] for label in unit.routes}
            driving.creators = creators_of(list(unit.routes))
            driving.max_examples = self.max_examples
            stock_creators(driving, consumed_nouns(driving.operations))
        for label in unit.routes:
            operation, seam_names = self.operations[label]
            examples = self.max_examples
            if label in unit.fillers:
                examples = max(5, self.max_examples // 5)
            drive(
                operation,
                seam_names,
                driving,
                stats=stats[label],
                negative=unit.kind == "negative",
                max_examples=examples,
            )
        return ApiFindings(
            state.failures,
            state.errors,
            state.coerced,
            stats,
            state.nothing_to_negate,
            state.app_logs,
        )

    def run_all(self) -> tuple[list[CheckResult], dict[str, OperationStats]]:
        """Every unit of this side's plan, in this process: results per seam and check,
        stats per route."""
        bindings = [seam.binding for seam in self.template.by_name.values()]
        units = plan_api_units(bindings, http_checks_all=self.template.strict_http)
        found = [self.run(unit) for unit in units]
        return merge_api_findings(bindings, self.template.contracts, found)
