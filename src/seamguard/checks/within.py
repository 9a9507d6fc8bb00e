"""``api-within-logic`` (static): what a bound route accepts stays within what its seam takes.

For each bound route, every request-body property and every parameter whose name the seam's
input schema also has must admit only values the seam's schema for that name admits
(L(API) ⊆ L(seam)). Presence is left to the dynamic checks: an API may fill defaults. A
construct the subschema decision cannot settle is reported as undecided, never as a failure.

A pair of fields in different JSON forms (the API's forms and the seam's share none: a route
that takes ``title: str`` and hands the logic ``TodoTitle(value=title)``, a string against an
object) is undecided too, with that reason: the route builds the seam's value, and a
subschema question across forms says nothing about the seam. A same-form field where the API
admits more (``maxLength`` 500 against 200) still fails.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from seamguard.checks._ids import API_WITHIN_LOGIC
from seamguard.checks._result import CheckResult
from seamguard.checks._text import show_path
from seamguard.errors import Failure
from seamguard.generation import find_counterexample
from seamguard.schema import Verdict, admits_only, different_forms

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.contracts import Contract, Validators
    from seamguard.seams import BoundSeam

__all__ = ["check_api_within_logic"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def check_api_within_logic(
    seam: BoundSeam,
    contract: Contract,
    validators: Validators,
    openapi: dict[str, Any],
    *,
    relative_to: Path,
) -> CheckResult:
    """The static check of one seam against the API operations bound to it."""
    version = str(contract.version)
    seam_schema = validators.dereference(contract.input)
    seam_properties = _properties(seam_schema, seam_schema)
    failures: list[Failure] = []
    undecided: list[str] = []
    compared = 0
    for route in seam.binding.routes:
        operation = _operation(openapi, route.path, route.method.lower())
        if operation is None:
            continue  # the API side reports a route the document lacks
        for where, name, schema in _inputs(openapi, route.path, operation):
            if name not in seam_properties or schema is None:
                continue
            compared += 1
            label = f"{route} {where} '{name}'"
            forms = different_forms(
                schema, seam_properties[name], root_a=openapi, root_b=seam_schema
            )
            if forms:  # a value object built by the route: never failed across forms
                undecided.append(f"{label} ({forms})")
                continue
            verdict = admits_only(schema, seam_properties[name], root_a=openapi, root_b=seam_schema)
            if verdict.outcome == "undecided" and "$ref" not in json.dumps(schema):
                # Search before giving up (a self-contained API schema only).
                searched = find_counterexample(schema, seam_properties[name])
                if searched is not None:
                    verdict = Verdict(
                        "no", searched, f"a search found a value that shows it ({verdict.reason})"
                    )
            if verdict.outcome == "no":
                failures.append(
                    Failure(
                        check=API_WITHIN_LOGIC,
                        seam=seam.seam,
                        version=version,
                        message=(
                            f"{label} admits values the seam's input schema forbids: "
                            f"{verdict.reason}; e.g. {json.dumps(verdict.counterexample)}"
                        ),
                        file=show_path(contract.input.path, relative_to),
                        pointer=f"/properties/{name}",
                        example={name: verdict.counterexample},
                        reproduce="seamguard check --seam " + seam.seam,
                    )
                )
            elif verdict.outcome == "undecided":
                undecided.append(f"{label} ({verdict.reason})" if verdict.reason else label)
    reason = ""
    if undecided:
        reason = "undecided: " + "; ".join(undecided)
    elif not compared:
        reason = "no request property or parameter shares a name with the seam's input"
    return CheckResult(
        seam.seam,
        version,
        API_WITHIN_LOGIC,
        "failed" if failures else "passed",
        examples=compared,
        failures=tuple(failures),
        reason=reason,
    )


def _operation(openapi: dict[str, Any], path: str, method: str) -> dict[str, Any] | None:
    item = openapi.get("paths", {}).get(path)
    if not isinstance(item, dict):
        return None
    item = _resolve(openapi, item)
    operation = item.get(method)
    return operation if isinstance(operation, dict) else None


def _inputs(
    openapi: dict[str, Any], path: str, operation: dict[str, Any]
) -> list[tuple[str, str, Any]]:
    """``(where, name, schema)`` of every parameter and JSON body property of an operation."""
    found: list[tuple[str, str, Any]] = []
    item = _resolve(openapi, openapi["paths"][path])
    parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
    for raw in parameters:
        parameter = _resolve(openapi, raw)
        if isinstance(parameter, dict) and "name" in parameter:
            found.append(
                (
                    f"{parameter.get('in', 'query')} parameter",
                    parameter["name"],
                    parameter.get("schema"),
                )
            )
    body = _resolve(openapi, operation.get("requestBody", {}))
    content = body.get("content", {}) if isinstance(body, dict) else {}
    for media_type, entry in content.items():
        if "json" not in media_type or not isinstance(entry, dict):
            continue
        schema = _resolve(openapi, entry.get("schema", {}))
        for name, prop in _properties(schema, openapi).items():
            found.append(("body property", name, prop))
    return found


def _properties(schema: Any, root: Any) -> dict[str, Any]:
    schema = _resolve(root, schema)
    if not isinstance(schema, dict):
        return {}
    properties = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        for name, prop in _properties(part, root).items():
            properties.setdefault(name, prop)
    return properties


def _resolve(root: Any, node: Any, depth: int = 0) -> Any:
    """Follow a local ``$ref`` (``#/...``) at the top of ``node``."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
        ref = node["$ref"]
        if not ref.startswith("#"):
            return node
        target: Any = root
        for part in ref[1:].split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, dict) and part in target:
                target = target[part]
            else:
                return node
        node, depth = target, depth + 1
    return node
