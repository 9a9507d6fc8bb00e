"""Checking the keys of the configuration table, each where it enters.

An unknown key is named with the nearest known one; a value of the wrong type names the
key, the type expected and the value found.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seamguard._files import outside_target
from seamguard.config._model import (
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_TIMEOUT,
    HTTP_METHODS,
    Binding,
    Config,
    Route,
)
from seamguard.errors import ConfigError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Mapping

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_DOTTED = rf"{_IDENT}(?:\.{_IDENT})*"
# "package.module:Class.method", optionally called: "package.module:factory()".
_OBJECT_PATH = re.compile(rf"^{_DOTTED}:{_DOTTED}(?:\(\))?$")
_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
# The rule of a seam folder's name (contracts/_loader.py): what a binding may name.
_SEAM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$")
_ROUTE = re.compile(r"^([A-Za-z]+)\s+(/\S*)$")


_TOP_KEYS = (
    "contracts",
    "app",
    "openapi",
    "max-examples",
    "compatibility",
    "policy",
    "timeout",
    "provide",
    "auth",
    "app-setup",
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
    "read-only",
    "provide",
)
_MODES = tuple(
    f"{mode}{suffix}"
    for mode in ("seam", "backward", "forward", "full")
    for suffix in ("", "-transitive")
)


def parse_table(table: Mapping[str, Any], *, file: Path, prefix: str) -> Config:
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
    provide = _provide(table, where=prefix)
    hooks = {key: _hook(table, key, where=prefix) for key in ("auth", "app-setup")}
    seams: list[Binding] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_seams, start=1):
        where = f"{file.name} {seams_table} entry {index}"
        binding = parse_binding(raw, where=where)
        if binding.contract in seen:
            raise ConfigError(
                f"{where}: seam '{binding.contract}' is already bound by entry "
                f"{seen[binding.contract]}; bind each seam once"
            )
        seen[binding.contract] = index
        if provide:
            # The top level is the default; a seam's own entry for a parameter wins.
            own = dict(binding.provide)
            merged = {**dict(provide), **own}
            inherited = tuple(name for name, _ in provide if name not in own)
            binding = replace(binding, provide=tuple(merged.items()), provide_inherited=inherited)
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
        provide=provide,
        auth=hooks["auth"],
        app_setup=hooks["app-setup"],
    )


def parse_binding(raw: object, *, where: str) -> Binding:
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
        read_only=_read_only(raw, where=where),
        provide=_provide(raw, where=where),
    )


def _read_only(table: Mapping[str, Any], *, where: str) -> bool:
    value = table.get("read-only", False)
    if not isinstance(value, bool):
        raise ConfigError(
            f"{where} 'read-only': expected true or false (the logic never writes), got {value!r}"
        )
    return value


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


_FACTORY = re.compile(rf"^{_DOTTED}:{_DOTTED}$")


def _provide(table: Mapping[str, Any], *, where: str) -> tuple[tuple[str, str], ...]:
    """``provide = { session = "app.db:test_session" }``: parameter name to factory path, or
    ``"route"`` (the route gives it: the row it looked up first)."""
    value = table.get("provide")
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where} 'provide': expected a table of parameter = \"module:factory\" "
            f'(e.g. provide = {{ session = "myservice.db:test_session" }}), got {value!r}'
        )
    pairs: list[tuple[str, str]] = []
    for name, path in value.items():
        if not re.fullmatch(_IDENT, name):
            raise ConfigError(f"{where} 'provide': {name!r} is not a parameter name")
        if path != "route" and (not isinstance(path, str) or not _FACTORY.fullmatch(path)):
            hint = " (name the factory without '()': it is called for every example)"
            raise ConfigError(
                f"{where} 'provide.{name}': {path!r} is not 'module:factory' "
                f"(e.g. 'myservice.db:test_session'){hint if str(path).endswith('()') else ''}"
            )
        pairs.append((name, path))
    return tuple(pairs)


def _hook(table: Mapping[str, Any], key: str, *, where: str) -> str | None:
    """``auth`` and ``app-setup``: a function, ``module:function`` (called by seamguard, so
    written without ``()``)."""
    value = _optional_string(table, key, where=where)
    if value is not None and not _FACTORY.fullmatch(value):
        hint = " (name the function without '()': seamguard calls it)"
        raise ConfigError(
            f"{where} '{key}': {value!r} is not 'module:function' "
            f"(e.g. 'myservice.testing:{key.replace('-', '_')}')"
            f"{hint if value.endswith('()') else ''}"
        )
    return value
