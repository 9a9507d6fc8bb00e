"""One seam ``init`` writes (:class:`PlannedSeam`): its bindings, read off the routes that
reach one logic callable, and its first contract.

Beyond the logic and its routes: the errors the routes handle and the HTTP errors the logic
raises itself (``raises``); how to build ``self`` (``instance``: the class, or a
no-argument factory the route builds it with); the database sessions the logic takes
(``provide``: the route's own ``Depends`` function, or a TODO when init cannot tell); the
response model (``output-model``: a list's item model; the wrapped field's items when the
route wraps the result); ``null`` when the logic may return ``None``.
"""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._handoff import http_errors_raised, returns_none
from seamguard.scaffold._schemas import SeamSchemas, schemas_for
from seamguard.scaffold._session import (
    field_type,
    no_arguments,
    response_model,
    session_parameters,
)
from seamguard.scaffold._source import hints_of, plain_class
from seamguard.seams._depends import solvable
from seamguard.seams._generics import bound_hints

if TYPE_CHECKING:
    from seamguard.scaffold._init import SurveyedRoute
    from seamguard.scaffold._resolve import LogicTarget

__all__ = ["PlannedSeam", "planned_seam"]


@dataclass(frozen=True, slots=True)
class PlannedSeam:
    """One ``[[seams]]`` entry to write, with its first contract."""

    contract: str
    logic: str
    routes: tuple[str, ...]
    raises: tuple[str, ...]
    instance: str | None
    schemas: SeamSchemas
    notes: tuple[str, ...] = ()
    """What to add by hand (an ``instance`` factory, a schema to tighten)."""
    provide: tuple[tuple[str, str | None], ...] = ()
    """Parameters to provide (database sessions), each with its factory (``module:name``),
    ``"route"`` (the row the route looked up first), or ``None``: a TODO line for the
    user's."""
    output_model: str | None = None
    """The route's response model, when it described the output (``output-model``)."""
    instance_todo: str | None = None
    """The class whose no-argument factory the user writes: a TODO ``instance`` line."""


def _responses(items: list[SurveyedRoute]) -> list[Any]:
    """What the routes' response models say the logic returns: the model where the endpoint
    answers with the result, the wrapped field's type where it wraps it."""
    found: list[Any] = []
    for item in items:
        model = response_model(item.route.route, item.route.handler)
        field = item.found.handoff.field
        if field is not None:
            model = field_type(model, field)
        elif not item.found.answers:
            model = None
        if model is not None:
            found.append(model)
    return found


def _factory(dependencies: set[Any]) -> str | None:
    """``module:name`` of the one ``Depends`` function every route fills a session from,
    when it can be called with no arguments; else ``None``."""
    if len(dependencies) != 1:
        return None
    (dependency,) = dependencies
    if dependency is None or inspect.isclass(dependency) or not no_arguments(dependency):
        return None
    path = _path(dependency)
    return None if path is None or path.startswith("__main__:") else path


def planned_seam(
    document: dict[str, Any], logic: str, items: list[SurveyedRoute], name: str
) -> PlannedSeam:
    """The seam ``name`` binding ``logic`` for the routes ``items`` (``document``: the app's
    OpenAPI document)."""
    target = items[0].found.target
    assert target is not None
    paths = document.get("paths", {})
    operations = [paths.get(i.route.path, {}).get(i.route.method.lower(), {}) for i in items]
    per_route = [session_parameters(target, dict(i.found.handoff.dependencies)) for i in items]
    provide: tuple[tuple[str, str | None], ...] = tuple(
        (session, _factory({found.get(session) for found in per_route}))
        for session in dict.fromkeys(s for found in per_route for s in found)
    )
    looked_up = _looked_up(target, items, name)
    provide += tuple((p, "route") for p in looked_up if p not in dict(provide))
    schemas = schemas_for(
        target,
        seam=name,
        operations=[o for o in operations if o],
        components=document.get("components", {}),
        provided=frozenset(session for session, _ in provide),
        responses=_responses(items),
        may_be_none=returns_none(target.function)
        or any(i.found.handoff.none_tested for i in items),
        wrapped=any(i.found.handoff.field is not None for i in items),
    )
    guarded = "sqlalchemy" in sys.modules and any(i.found.handoff.conflict_guard for i in items)
    raises = tuple(
        dict.fromkeys(
            [
                *(f"{e.__module__}:{e.__qualname__}" for i in items for e in i.found.errors),
                *http_errors_raised(target.function),
                *([_INTEGRITY] if guarded else []),
            ]
        )
    )
    instance, note = _instance(target, name)
    notes = [*([note] if note else []), *schemas.notes]
    if guarded:
        notes.append(
            f"{name}: the route answers 'already exists' before calling the logic, which "
            f"leaves refusing a duplicate to the database: {_INTEGRITY} is declared in raises "
            "(a 500 on the API side still fails)"
        )
    notes.extend(looked_up.values())
    for session, factory in provide:
        if factory == "route":
            continue
        notes.append(
            f"{name}: the logic takes a database session '{session}'; it is left out of the "
            + (
                f"input and provided by {factory}, the route's own dependency"
                if factory is not None
                else "input: fill the provide TODO with a function that gives one"
            )
        )
    return PlannedSeam(
        contract=name,
        logic=logic,
        routes=tuple(dict.fromkeys(str(i.route) for i in items)),
        raises=raises,
        instance=instance,
        schemas=schemas,
        notes=tuple(notes),
        provide=provide,
        output_model=_path(schemas.output_model),
        instance_todo=(target.owner.__qualname__ if note and target.owner is not None else None),
    )


def _looked_up(target: LogicTarget, items: list[SurveyedRoute], seam: str) -> dict[str, str]:
    """Each argument the route looked up (``note = crud.get(...)``) that is an ORM object
    or unannotated, with its note: the contract cannot describe it, so init writes
    ``provide = { note = "route" }`` (the route gives it) and leaves it out of the input."""
    try:  # a generic base's type variable, read as the class binds it (ModelType: Hero)
        hints = bound_hints(target.function, target.owner)
    except Exception:
        hints = hints_of(target.function)
    notes: dict[str, str] = {}
    for parameter, made_by in dict.fromkeys(p for i in items for p in i.found.handoff.looked_up):
        klass, _ = plain_class(hints.get(parameter, inspect.Parameter.empty))
        if parameter in hints and not (klass is not None and hasattr(klass, "__mapper__")):
            continue
        notes.setdefault(
            parameter,
            f"{seam}: '{parameter}' is what the route's {made_by}(...) returned, an object "
            f"the contract cannot describe: it is left out of the input and given by the "
            f'route (provide = {{ {parameter} = "route" }}), so the API side judges the seam '
            "and the logic side is skipped; to run the logic side too, name a factory that "
            f"gives one in provide (or bind {made_by} instead)",
        )
    return notes


def _path(obj: Any) -> str | None:
    """``module:qualname`` of a class or function defined at module level; ``None`` for
    anything else (a ``sessionmaker`` instance has neither name)."""
    qualname = getattr(obj, "__qualname__", None)
    module = getattr(obj, "__module__", None)
    if not isinstance(qualname, str) or not isinstance(module, str) or "<locals>" in qualname:
        return None
    return f"{module}:{qualname}"


_INTEGRITY = "sqlalchemy.exc:IntegrityError"
"""The database's refusal of a duplicate (a UNIQUE column), as SQLAlchemy raises it."""


def _instance(target: LogicTarget, seam: str) -> tuple[str | None, str | None]:
    """How to build ``self`` for a method: the class, or a factory that takes no arguments
    (a ``Depends`` default is an argument FastAPI fills, not a default)."""
    if target.kind != "method" or target.owner is None:
        return None, None
    if target.held is not None:
        return target.held, None  # the module-level instance the route calls it on
    owner = target.owner
    if no_arguments(owner):
        return f"{owner.__module__}:{owner.__qualname__}", None
    for factory in target.factories:
        if (
            (no_arguments(factory) or solvable(factory))
            and not inspect.isgeneratorfunction(factory)
            and not inspect.iscoroutinefunction(factory)
            and not inspect.isasyncgenfunction(factory)
            and "<locals>" not in factory.__qualname__
        ):
            # A factory taking Depends (get_archive(db = Depends(get_db))) is solved per call
            # as one request would solve it (seams/_depends.py), so the route's own serves.
            return f"{factory.__module__}:{factory.__qualname__}", None
    return None, (
        f'{seam}: {owner.__qualname__}() needs arguments; add instance = "module:function" '
        f"naming a function that builds a {owner.__qualname__} with no arguments"
    )
