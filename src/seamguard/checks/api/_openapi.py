"""The app's OpenAPI document, and the operation a bound route names in it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from seamguard.checks.api._state import BASE_URL
from seamguard.errors import ConfigError, did_you_mean

if TYPE_CHECKING:
    from schemathesis.schemas import BaseSchema

    from seamguard.config import Config, Route
    from seamguard.generation._asgi import AsgiDriver

__all__ = ["load_openapi", "operation_of"]


def load_openapi(config: Config, driver: AsgiDriver) -> dict[str, Any]:
    """The app's OpenAPI document: served at the ``openapi`` path, or read from that file."""
    source = config.openapi
    file = (config.root / source) if not source.startswith("/") else None
    if source.startswith("/") and not (config.root / source.lstrip("/")).is_file():
        answer = driver.request("GET", BASE_URL + source, [], b"", request_id="openapi")
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


def operation_of(schema: BaseSchema, route: Route, seam: str) -> Any:
    """The Schemathesis operation of a bound route.

    Raises:
        ConfigError: the app's OpenAPI document has no such operation.
    """
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
