"""The configuration's values: :class:`Config`, one :class:`Binding` per seam, :class:`Route`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seamguard.errors import ConfigError, did_you_mean

DEFAULT_MAX_EXAMPLES = 100
#: Seconds a direct logic call may take before seamguard reports it as hung.
DEFAULT_TIMEOUT = 10.0
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")


@dataclass(frozen=True, slots=True)
class Route:
    """One API operation that reaches a seam: ``POST /api/tasks``."""

    method: str
    """Upper-case HTTP method."""
    path: str
    """The path template as the OpenAPI document writes it, e.g. ``/api/tasks/{task_id}``."""

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class Binding:
    """One ``[[seams]]`` entry: ties a contract to the code on both sides of the seam."""

    contract: str
    """The seam name, a folder under the contracts root, e.g. ``tasks.create``."""
    logic: str
    """The logic callable, ``module:qualname`` (``taskapp.logic:TaskManager.create_task``)."""
    version: str | None = None
    """The contract version the code implements; ``None`` means the newest."""
    routes: tuple[Route, ...] = ()
    """The API operations that reach the logic callable."""
    raises: tuple[str, ...] = ()
    """Domain errors (``module:qualname``) the logic may raise on valid input."""
    instance: str | None = None
    """How to build ``self`` for direct calls of a method (``module:qualname``)."""
    compatibility: str | None = None
    """This seam's compatibility mode (``None``: the configuration's)."""
    input_model: str | None = None
    """The pydantic model (``module:qualname``) the whole input document is parsed into, when
    the logic's annotations do not say (``model-matches-contract``)."""
    output_model: str | None = None
    """The pydantic model (``module:qualname``) the logic's output is, when its return
    annotation does not say."""
    reset: str | None = None
    """A callable (``module:qualname``) run before every logic-side example to put shared
    state back (a database, a cache); it receives the instance for a method seam. With it,
    one instance serves the whole run; without it, every example gets a fresh one."""
    timeout: float | None = None
    """Seconds one direct logic call may take (``None``: the configuration's)."""
    provide: tuple[tuple[str, str], ...] = ()
    """Parameters the binding provides, as (parameter, ``module:factory``) pairs, the
    top-level ``provide`` merged in: left out of the input document on both sides, and
    made fresh by the factory for every direct logic call."""
    provide_inherited: tuple[str, ...] = ()
    """The names in ``provide`` that came from the top level (a logic that does not take
    one of them is fine; a seam's own entry must name one of its parameters)."""
    read_only: bool = False
    """The logic never writes (a search, a lookup): a 4xx after it returned is no possible
    partial write (``api-rejects-invalid``)."""


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration, with paths made absolute."""

    root: Path
    """The directory relative paths are resolved against (the config file's directory)."""
    source: Path | None = None
    """The file the configuration was read from; ``None`` when the defaults were used."""
    contracts: Path = field(default_factory=lambda: Path("contracts"))
    """The contracts root."""
    app: str | None = None
    """The ASGI app, ``module:attribute`` or a factory ``module:function()``."""
    openapi: str = "/openapi.json"
    """The path the app serves its OpenAPI document at, or a file path."""
    max_examples: int = DEFAULT_MAX_EXAMPLES
    """Examples per seam and check."""
    seams: tuple[Binding, ...] = ()
    """The bound seams, in the order the file lists them."""
    compatibility: str = "seam"
    """How a MINOR version must stay compatible: ``seam`` (input BACKWARD, output FORWARD),
    ``backward``, ``forward``, ``full``, each also ``-transitive``."""
    policy: str = "strict"
    """``strict`` set inclusion, or ``tolerant``: an optional property added to an open
    model is allowed."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one direct logic call may take before it counts as hung."""
    provide: tuple[tuple[str, str], ...] = ()
    """The top-level ``provide``: the default of every seam (already merged into each)."""
    auth: str | None = None
    """``module:function`` called once after the app started, with a ``requests.Session``
    that sends to the app in-process; returns the headers added to every request."""
    app_setup: str | None = None
    """``module:function`` called with the app object before it starts (dependency
    overrides, a test database)."""

    def compatibility_modes(self) -> dict[str, str]:
        """Seam name to its compatibility mode, for the seams that set their own."""
        return {s.contract: s.compatibility for s in self.seams if s.compatibility}

    def describe(self, key: str) -> str:
        """Where ``key`` lives, for messages: ``pyproject.toml [tool.seamguard] 'app'``."""
        if self.source is None:
            return f"'{key}'"
        table = "[tool.seamguard]" if self.source.name == "pyproject.toml" else ""
        return f"{self.source.name} {table} '{key}'".replace("  ", " ")

    def binding(self, contract: str) -> Binding:
        """The binding of one seam; a ``ConfigError`` with the nearest name if none."""
        for seam in self.seams:
            if seam.contract == contract:
                return seam
        names = [s.contract for s in self.seams]
        raise ConfigError(
            f"no seam '{contract}' is bound in the configuration{did_you_mean(contract, names)}"
        )
