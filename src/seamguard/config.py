"""Configuration: ``[tool.seamguard]`` in ``pyproject.toml`` or the same keys in ``seamguard.toml``.

Every key is checked where it enters: an unknown key is named with the nearest known one,
a value of the wrong type names the key, the type expected and the value found. Paths in the
file are relative to the file's own directory. The result is an immutable :class:`Config`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seamguard._files import outside_target
from seamguard.errors import ConfigError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_TIMEOUT",
    "Binding",
    "Config",
    "Route",
    "find_config_file",
    "load_config",
]

DEFAULT_MAX_EXAMPLES = 100
#: Seconds a direct logic call may take before seamguard reports it as hung.
DEFAULT_TIMEOUT = 10.0
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_DOTTED = rf"{_IDENT}(?:\.{_IDENT})*"
# "package.module:Class.method", optionally called: "package.module:factory()".
_OBJECT_PATH = re.compile(rf"^{_DOTTED}:{_DOTTED}(?:\(\))?$")
_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
# The rule of a seam folder's name (contracts/_loader.py): what a binding may name.
_SEAM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$")
_ROUTE = re.compile(r"^([A-Za-z]+)\s+(/\S*)$")


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


_TOP_KEYS = (
    "contracts",
    "app",
    "openapi",
    "max-examples",
    "compatibility",
    "policy",
    "timeout",
    "seams",
)
_SEAM_KEYS = (
    "contract",
    "version",
    "logic",
    "routes",
    "raises",
    "instance",
    "compatibility",
    "input-model",
    "output-model",
    "reset",
    "timeout",
)
_MODES = tuple(
    f"{mode}{suffix}"
    for mode in ("seam", "backward", "forward", "full")
    for suffix in ("", "-transitive")
)


def find_config_file(start: Path) -> Path | None:
    """The nearest ``seamguard.toml``, or ``pyproject.toml`` with a ``[tool.seamguard]`` table.

    Looks in ``start`` and then in each parent directory, like pytest finds its rootdir.
    ``seamguard.toml`` wins over ``pyproject.toml`` in the same directory.
    """
    for directory in (start, *start.parents):
        candidate = directory / "seamguard.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):  # ValueError: not UTF-8, not TOML
                continue  # not ours to judge unless it is named explicitly
            if isinstance(data.get("tool"), dict) and "seamguard" in data["tool"]:
                return pyproject
    return None


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> Config:
    """Load and check the configuration.

    Args:
        path: the file to read (``pyproject.toml`` or ``seamguard.toml``). When ``None``, the
            nearest one from ``start`` upwards is used, and the defaults when there is none.
        start: where the search starts; the working directory by default.

    Raises:
        ConfigError: the file is missing or not TOML, a key is unknown, a value is wrong.

    Example::

        config = load_config("pyproject.toml")
        config.binding("tasks.create").logic   # 'taskapp.logic:TaskManager.create_task'
    """
    if path is None:
        origin = Path(start) if start is not None else Path.cwd()
        found = find_config_file(origin.resolve())
        if found is None:
            root = origin.resolve()
            return Config(root=root, contracts=root / "contracts")
        file = found
    else:
        file = Path(path)
        if not file.is_file():
            raise ConfigError(f"config file {str(file)!r} does not exist")
    file = file.resolve()
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{file.name}: is not UTF-8 text ({exc.reason})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: is not valid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:  # tomllib's int() and its recursive descent
        what = "a number has too many digits"
        if isinstance(exc, RecursionError):
            what = "arrays or tables are nested too deeply"
        raise ConfigError(f"{file}: cannot be read as TOML: {what}") from None
    if file.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "seamguard" not in tool:
            raise ConfigError(
                f"{file}: has no [tool.seamguard] table; add one, or name a seamguard.toml"
            )
        table = tool["seamguard"]
        prefix = f"{file.name} [tool.seamguard]"
    else:
        table = data
        prefix = file.name
    if not isinstance(table, dict):
        raise ConfigError(f"{prefix}: must be a table of keys")
    return _parse(table, file=file, prefix=prefix)


def _parse(table: Mapping[str, Any], *, file: Path, prefix: str) -> Config:
    _reject_unknown(table, _TOP_KEYS, where=prefix)
    root = file.parent
    contracts = _string(table, "contracts", where=prefix, default="contracts")
    app = _optional_string(table, "app", where=prefix)
    if app is not None and not _OBJECT_PATH.fullmatch(app):
        raise ConfigError(
            f"{prefix} 'app': {app!r} is not 'module:attribute' or 'module:factory()' "
            "(e.g. 'myservice.api:app')"
        )
    openapi = _string(table, "openapi", where=prefix, default="/openapi.json")
    max_examples = table.get("max-examples", DEFAULT_MAX_EXAMPLES)
    if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
        raise ConfigError(
            f"{prefix} 'max-examples': expected a whole number of at least 1, got {max_examples!r}"
        )
    compatibility = _mode(table, where=prefix) or "seam"
    timeout = _timeout(table, where=prefix)
    policy = _string(table, "policy", where=prefix, default="strict").lower()
    if policy not in ("strict", "tolerant"):
        raise ConfigError(
            f"{prefix} 'policy': expected 'strict' or 'tolerant', got {policy!r}"
            f"{did_you_mean(policy, ('strict', 'tolerant'))}"
        )
    raw_seams = table.get("seams", [])
    if not isinstance(raw_seams, list):
        raise ConfigError(
            f"{prefix} 'seams': expected an array of tables ([[tool.seamguard.seams]]), "
            f"got {type(raw_seams).__name__}"
        )
    seams_table = "[[tool.seamguard.seams]]" if file.name == "pyproject.toml" else "[[seams]]"
    seams: list[Binding] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_seams, start=1):
        where = f"{file.name} {seams_table} entry {index}"
        binding = _parse_binding(raw, where=where)
        if binding.contract in seen:
            raise ConfigError(
                f"{where}: seam '{binding.contract}' is already bound by entry "
                f"{seen[binding.contract]}; bind each seam once"
            )
        seen[binding.contract] = index
        seams.append(binding)
    _contracts_inside(root, contracts, where=prefix)
    return Config(
        root=root,
        source=file,
        contracts=(root / contracts).resolve(),
        app=app,
        openapi=openapi,
        max_examples=max_examples,
        seams=tuple(seams),
        compatibility=compatibility,
        policy=policy,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
    )


def _parse_binding(raw: object, *, where: str) -> Binding:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a table, got {type(raw).__name__}")
    contract = raw.get("contract")
    if isinstance(contract, str) and contract:
        where = f"{where} ({contract!r})"
    _reject_unknown(raw, _SEAM_KEYS, where=where)
    for required in ("contract", "logic"):
        if required not in raw:
            raise ConfigError(f"{where}: the key '{required}' is required")
    contract = _string(raw, "contract", where=where)
    if not contract:
        raise ConfigError(f"{where} 'contract': must name a seam, e.g. 'tasks.create'")
    if not _SEAM_NAME.fullmatch(contract):
        raise ConfigError(
            f"{where} 'contract': {contract!r} is not a seam name such as 'tasks.create' "
            "(letters, digits, '_' and '-', parts joined by '.')"
        )
    logic = _string(raw, "logic", where=where)
    _object_path(logic, key="logic", where=where)
    version = raw.get("version")
    if version is not None:
        if isinstance(version, float):
            raise ConfigError(
                f"{where} 'version': write it as a string, version = \"{version}\" "
                "(TOML reads a bare 1.10 as the number 1.1)"
            )
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            raise ConfigError(
                f'{where} \'version\': expected "MAJOR.MINOR" such as "1.1", got {version!r}'
            )
    routes = tuple(_route(text, where=where) for text in _strings(raw, "routes", where=where))
    raises = _strings(raw, "raises", where=where)
    for error in raises:
        _object_path(error, key="raises", where=where)
    instance = _optional_string(raw, "instance", where=where)
    if instance is not None:
        _object_path(instance, key="instance", where=where)
    models: dict[str, str | None] = {}
    for key in ("input-model", "output-model"):
        named = _optional_string(raw, key, where=where)
        if named is not None:
            _object_path(named, key=key, where=where)
        models[key] = named
    reset = _optional_string(raw, "reset", where=where)
    if reset is not None:
        _object_path(reset, key="reset", where=where)
    return Binding(
        contract=contract,
        logic=logic,
        version=version,
        routes=routes,
        raises=raises,
        instance=instance,
        compatibility=_mode(raw, where=where),
        input_model=models["input-model"],
        output_model=models["output-model"],
        reset=reset,
        timeout=_timeout(raw, where=where),
    )


def _timeout(table: Mapping[str, Any], *, where: str) -> float | None:
    value = table.get("timeout")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3600:
        raise ConfigError(
            f"{where} 'timeout': expected seconds one logic call may take, a number above 0 "
            f"and at most 3600, got {value!r}"
        )
    return float(value)


def _mode(table: Mapping[str, Any], *, where: str) -> str | None:
    value = table.get("compatibility")
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in _MODES:
        raise ConfigError(
            f"{where} 'compatibility': {value!r} is not a mode"
            f"{did_you_mean(str(value).lower(), _MODES)} (modes: {', '.join(_MODES)})"
        )
    return value.lower()


def _reject_unknown(table: Mapping[str, Any], known: tuple[str, ...], *, where: str) -> None:
    for key in table:
        if key in known:
            continue
        hint = did_you_mean(key, known)
        if not hint and known is _TOP_KEYS:
            # A seam key written at the top level: say where it belongs.
            seam_hint = did_you_mean(key, _SEAM_KEYS)
            if seam_hint:
                hint = f"{seam_hint[:-1]}, a key of a [[seams]] entry?"
        raise ConfigError(f"{where}: unknown key '{key}'{hint} (known keys: {', '.join(known)})")


def _string(table: Mapping[str, Any], key: str, *, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{where} '{key}': expected a string, got {value!r}")
    return value


def _optional_string(table: Mapping[str, Any], key: str, *, where: str) -> str | None:
    if key not in table:
        return None
    return _string(table, key, where=where)


def _strings(table: Mapping[str, Any], key: str, *, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        raise ConfigError(f"{where} '{key}': expected a list of strings, write [{value!r}]")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} '{key}': expected a list of strings, got {value!r}")
    return tuple(value)


def _object_path(text: str, *, key: str, where: str) -> None:
    if not _OBJECT_PATH.fullmatch(text):
        raise ConfigError(
            f"{where} '{key}': {text!r} is not 'module:qualname' "
            "(e.g. 'myservice.logic:TaskManager.create_task')"
        )


def _route(text: str, *, where: str) -> Route:
    match = _ROUTE.match(text.strip())
    method = match.group(1).upper() if match else ""
    if match is None or method not in HTTP_METHODS:
        raise ConfigError(
            f"{where} 'routes': {text!r} is not 'METHOD /path' (e.g. 'POST /api/tasks'; "
            f"methods: {', '.join(HTTP_METHODS)})"
        )
    return Route(method=method, path=match.group(2))


def _contracts_inside(root: Path, contracts: str, *, where: str) -> None:
    """Refuse a contracts root that lies in the project as written but leads out of it
    through a symbolic link (``contracts -> ~/.docker`` committed in a pull request): the
    loader reads nothing outside the root, so the root itself must be what it says."""
    try:
        leads_to = outside_target(Path(contracts), root)
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL: the loader will say
        return
    if leads_to is not None:
        raise ConfigError(
            f"{where} 'contracts' = {contracts!r} is a symbolic link leading to {leads_to}, "
            f"outside the project {root}; refused (seamguard reads nothing outside it)"
        )
