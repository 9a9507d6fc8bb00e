"""``seamguard init``: look at an ASGI app, propose bindings, write config and contracts.

:func:`survey` imports the app (its project folder first on ``sys.path``) and lists every
route with the logic callable it reaches (see ``_logic``). :func:`plan` turns the chosen
routes into seams (one per logic callable; routes that reach the same one share it), and
:func:`write` writes the configuration and each seam's ``1.0`` contract, refusing to
overwrite anything unless told to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard._files import write_file
from seamguard.errors import ConfigError
from seamguard.scaffold._ignore import ignore_run_folder
from seamguard.scaffold._logic import app_state_types, find_logic, handled_errors
from seamguard.scaffold._merge import Existing, merged_text, read_existing, section_of
from seamguard.scaffold._naming import seam_name, unique_name
from seamguard.scaffold._planning import PlannedSeam, planned_seam
from seamguard.scaffold._routes import AppRoute, app_kind, list_routes, load_app, openapi_path
from seamguard.scaffold._toml import config_text, seams_text
from seamguard.seams import project_on_path

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.scaffold._resolve import FoundLogic

__all__ = ["Plan", "PlannedSeam", "Survey", "SurveyedRoute", "plan", "survey", "write"]

VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class SurveyedRoute:
    """One route of the app and what its endpoint reaches."""

    route: AppRoute
    found: FoundLogic

    @property
    def logic(self) -> str | None:
        """``module:qualname`` of the logic callable, or ``None``."""
        return self.found.target.path if self.found.target is not None else None


@dataclass(frozen=True, slots=True)
class Survey:
    """What ``init`` learnt about the app."""

    app_path: str
    kind: str
    """``FastAPI`` or ``Starlette``."""
    openapi: str | None
    """The path the app serves its OpenAPI document at, if any."""
    routes: tuple[SurveyedRoute, ...]
    document: dict[str, Any] = field(default_factory=dict)
    """The app's OpenAPI document, when it could be read without serving (FastAPI)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything ``init`` writes."""

    root: Path
    config_file: Path
    contracts: Path
    app_path: str
    openapi: str | None
    seams: tuple[PlannedSeam, ...]
    notes: tuple[str, ...] = ()
    existing: Existing | None = None
    """The configuration ``--add`` merges into."""
    skipped: tuple[str, ...] = ()
    """Routes left out because a seam binds their logic already (``--add``)."""

    def files(self) -> list[Path]:
        """Every file the plan writes (the config file first)."""
        paths = [self.config_file]
        for seam in self.seams:
            folder = self.contracts / seam.contract / VERSION
            paths += [folder / "input.schema.json", folder / "output.schema.json"]
        return paths


def survey(app_path: str, *, root: Path) -> Survey:
    """Import the app and list its routes with the logic each reaches.

    Raises:
        ConfigError: the app does not import, is not an ASGI app, or has no routes.
    """
    root = root.resolve()
    with project_on_path(root):
        app = load_app(app_path)
        routes = list_routes(app)
        if not routes:
            raise ConfigError(f"--app {app_path!r}: the app has no HTTP routes to bind")
        state = app_state_types(app, root=root)
        errors = handled_errors(app)
        surveyed = tuple(
            SurveyedRoute(
                route,
                find_logic(
                    route.handler,
                    route.route,
                    root=root,
                    app=app,
                    state_types=state,
                    app_errors=errors,
                ),
            )
            for route in routes
        )
        document = _openapi_document(app)
    return Survey(
        app_path=app_path,
        kind=app_kind(app),
        openapi=openapi_path(app),
        routes=surveyed,
        document=document,
    )


def _openapi_document(app: Any) -> dict[str, Any]:
    build = getattr(app, "openapi", None)
    if not callable(build):
        return {}
    try:
        document = build()
    except Exception:
        return {}
    return document if isinstance(document, dict) else {}


def plan(
    found: Survey,
    chosen: list[SurveyedRoute],
    *,
    root: Path,
    contracts: str,
    config_file: str,
    add: bool = False,
) -> Plan:
    """The seams to write for the ``chosen`` routes (each with a logic callable); with
    ``add``, the seams an existing configuration does not bind yet (``_merge``)."""
    root = root.resolve()
    existing = None
    if add:
        # The configuration there is: seamguard.toml, else pyproject.toml's table.
        for name in dict.fromkeys([config_file, "pyproject.toml"]):
            existing = existing or read_existing(root / name, default_contracts=root / contracts)
    by_logic: dict[str, list[SurveyedRoute]] = {}
    skipped: list[str] = []
    for item in chosen:
        if item.logic is None:
            continue
        if existing is not None and item.logic in existing.bound:
            skipped.append(
                f"{item.route}: {item.logic} is bound already by seam {existing.bound[item.logic]}"
            )
            continue
        by_logic.setdefault(item.logic, []).append(item)
    taken: set[str] = set(existing.names) if existing is not None else set()
    seams: list[PlannedSeam] = []
    with project_on_path(root):
        for logic, items in by_logic.items():
            target = items[0].found.target
            assert target is not None
            first = items[0].route
            callable_name = logic.rpartition(":")[2].rpartition(".")[2]
            name = unique_name(
                seam_name(first.method, first.path, callable_name), callable_name, taken
            )
            taken.add(name)
            seams.append(planned_seam(found.document, logic, items, name))
    notes: list[str] = []
    if found.openapi is None:
        notes.append(
            f"the {found.kind} app serves no OpenAPI document, so 'openapi' is left out; the "
            "API-side checks need one: set 'openapi' to the path that serves it, or to a file"
        )
    return Plan(
        root=root,
        config_file=existing.config_file if existing is not None else root / config_file,
        contracts=existing.contracts if existing is not None else root / contracts,
        app_path=found.app_path,
        openapi=found.openapi,
        seams=tuple(seams),
        notes=tuple(notes),
        existing=existing,
        skipped=tuple(skipped),
    )


def write(planned: Plan, *, force: bool = False) -> list[Path]:
    """Write the configuration and the contracts, and add ``.seamguard/`` to the project's
    ``.gitignore`` (:func:`~seamguard.scaffold._ignore.ignore_run_folder`); the files
    written. A plan made with ``add`` appends its seams to the existing configuration.

    Raises:
        ConfigError: a file exists already (and ``force`` is not set), or ``pyproject.toml``
            has a ``[tool.seamguard]`` table already; each names ``--add``.
    """
    config_file = planned.config_file
    pyproject = config_file.name == "pyproject.toml"
    existing = ""
    shown = _show(config_file, planned.root)
    if planned.existing is None and config_file.is_file():
        existing = config_file.read_text(encoding="utf-8")
        if pyproject and section_of(existing, config_file) is not None:
            raise ConfigError(
                f"{shown} has a [tool.seamguard] table already; init --add merges new seams "
                "into it (init never rewrites it)"
            )
    if not force or planned.existing is not None:
        for path in planned.files():
            if path.exists() and not (path == config_file and (pyproject or planned.existing)):
                what = "--add merges new seams into it, --force overwrites it"
                if path != config_file:
                    what = "--force does"
                raise ConfigError(
                    f"{_show(path, planned.root)} exists already; init never overwrites a "
                    f"file ({what})"
                )
    entries = [_entry(s) for s in planned.seams]
    if planned.existing is not None:
        text = merged_text(planned.existing, seams_text(entries, table=planned.existing.table))
    else:
        text = config_text(
            contracts=_relative(planned.contracts, planned.root),
            app=planned.app_path,
            openapi=planned.openapi,
            seams=entries,
            table="tool.seamguard" if pyproject else None,
            header=f"Written by `seamguard init --app {planned.app_path}`; edit freely.",
        )
        if pyproject and existing:
            separator = (
                "" if existing.endswith("\n\n") else ("\n" if existing.endswith("\n") else "\n\n")
            )
            text = existing + separator + text
    written: list[Path] = []
    for seam in planned.seams:
        folder = planned.contracts / seam.contract / VERSION
        for name, schema in (
            ("input.schema.json", seam.schemas.input),
            ("output.schema.json", seam.schemas.output),
        ):
            path = folder / name
            document = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            write_file(path, document, "a contract", root=planned.root)
            written.append(path)
    write_file(config_file, text, "the configuration", root=planned.root)
    ignore = ignore_run_folder(planned.root)
    return [config_file, *written, *([ignore] if ignore is not None else [])]


def _entry(seam: PlannedSeam) -> dict[str, Any]:
    return {
        "contract": seam.contract,
        "version": VERSION,
        "logic": seam.logic,
        "routes": list(seam.routes),
        "raises": list(seam.raises),
        "instance": seam.instance,
        "instance_todo": seam.instance_todo,
        "output_model": seam.output_model,
        "provide": [list(pair) for pair in seam.provide],
        "notes": list(seam.notes),
    }


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _show(path: Path, root: Path) -> str:
    return _relative(path, root)
