"""What the API side knows while it drives one unit, and what one request left behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.checks.api._errors import FirstErrors

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.contracts import Contract, Validators
    from seamguard.errors import Failure
    from seamguard.generation._applog import LogTally
    from seamguard.seams import BoundSeam, Crossing

__all__ = ["BASE_URL", "ApiState", "Exchange"]

BASE_URL = "http://localhost"
"""The origin of every request sent to the app in-process."""


@dataclass(slots=True)
class ApiState:
    """What the API side knows about the bound seams, and what one unit found so far."""

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
    nothing_to_negate: dict[str, list[str]] = field(default_factory=dict)
    """Seam to its operations with nothing to make invalid (no parameter, no body, or only
    optional strings): negative mode skips them."""
    config_file: str = ""
    """The configuration file, as a reproduction snippet names it."""
    exchange: Exchange | None = None
    """The last request sent, its answer and crossings (what ``seamguard replay`` shows)."""
    app_logs: dict[str, LogTally] = field(default_factory=dict)
    """Seam to the app's log records and warnings of the requests judged for it."""
    first_errors: FirstErrors = field(default_factory=FirstErrors)
    """The first exception each request met in the unit: what its 5xx is reported by."""
    auth_headers: tuple[str, ...] = ()
    """The names of the headers the ``auth`` hook returned: the driver adds them to every
    request, an example never holds them, a curl line shows a placeholder for each."""

    def fresh(self) -> ApiState:
        """The same knowledge, nothing found yet (each unit judges from a clean slate)."""
        return ApiState(
            by_name=self.by_name,
            contracts=self.contracts,
            validators=self.validators,
            relative_to=self.relative_to,
            seed=self.seed,
            app_path=self.app_path,
            strict_http=self.strict_http,
            openapi_source=self.openapi_source,
            config_file=self.config_file,
            auth_headers=self.auth_headers,
        )


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
