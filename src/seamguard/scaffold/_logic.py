"""Which logic callable a route reaches, read statically from the endpoint's source.

Best effort, never by running the endpoint. The endpoint's function (unwrapped from its
decorators) is parsed with :mod:`ast`, and each call in it is resolved to a Python object:

- a name of the endpoint's module or closure (``create_book(...)``), or an attribute of an
  imported module (``service.create_book(...)``);
- a method of a value whose class is known: a parameter's annotation, FastAPI's
  ``Depends(get_shop)`` (the class itself, or the return annotation of ``get_shop``), a local
  variable assigned from a class or from a call with a return annotation, a module-level
  instance (``notebook.get(...)``), a class attribute's annotation;
- ``request.app.state.X.method(...)``: the class of what the app state holds, or what the
  lifespan / startup handlers assign to ``app.state.X``.

Only callables defined in the project folder count (not the standard library, not
site-packages), classes (constructors, exceptions) never do, nor functions that take the
request (API helpers), nor private functions (``_parse_id``). Among the rest, methods of a
service object rank first, then functions of another module, then public functions of the
endpoint's own module; a method of a data class (a pydantic model, dataclass, enum) and a
call inside a condition (``if planted(...)``) rank last. Ties go to the name nearest the
endpoint's name, then to the first call. An endpoint that dispatches on the method through
a closure (``by_method(GET=..., POST=...)``) is followed to the handler of each method, and
decorators made with ``functools.wraps`` to the function they wrap.

Domain errors are the project's exception classes that the endpoint (or a decorator around
it) catches with ``except``, and those the app maps with exception handlers; private ones
(``_Rejected``) and ones of the API module (unless the logic lives there too) are left out.
"""

from __future__ import annotations

import ast
import inspect
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._resolve import FoundLogic, Resolver
from seamguard.scaffold._source import parse_function, wrapped_chain

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["app_state_types", "find_logic", "handled_errors"]


def find_logic(
    handler: Any,
    route: Any,
    *,
    root: Path,
    app: Any,
    state_types: dict[str, type],
    app_errors: Iterable[type],
) -> FoundLogic:
    """The logic callable (and domain errors) the endpoint ``handler`` reaches.

    Args:
        handler: the function that handles one method of the route.
        route: the framework's route (FastAPI routes name their dependencies).
        root: the project folder; only callables defined under it count.
        app: the ASGI app (``request.app`` in the endpoint).
        state_types: the class of each ``app.state`` attribute, where known.
        app_errors: the exception classes the app maps with exception handlers.
    """
    return Resolver(root.resolve(), app, state_types, app_errors).find(handler, route)


def handled_errors(app: Any) -> list[type]:
    """The exception classes the app (and its mounted apps) map with exception handlers."""
    handlers = getattr(app, "exception_handlers", None) or {}
    return [key for key in handlers if inspect.isclass(key)]


def app_state_types(app: Any, *, root: Path) -> dict[str, type]:
    """The class of each ``app.state`` attribute: held now, or assigned at start-up.

    The lifespan function and the startup handlers are read for ``<x>.state.NAME = value``
    where ``value`` builds a class (``TaskManager(store)``), names a local variable that does,
    or a parameter annotated with a class. Best effort: nothing is run.
    """
    types: dict[str, type] = {}
    held = getattr(getattr(app, "state", None), "_state", None)
    if isinstance(held, dict):
        for name, value in held.items():
            if value is not None:
                types[name] = type(value)
    router = getattr(app, "router", None)
    functions = [getattr(router, "lifespan_context", None)]
    functions += list(getattr(router, "on_startup", None) or [])
    resolver = Resolver(root.resolve(), app, {}, ())
    for function in functions:
        if function is None or not callable(function):
            continue
        for inner in wrapped_chain(function):
            tree = parse_function(inner)
            if tree is None:
                continue
            scope = resolver.scope_of(inner, tree)
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                    continue
                target = node.targets[0]
                if not (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr == "state"
                ):
                    continue
                klass = resolver.result_class(node.value, scope)
                if klass is None and isinstance(node.value, ast.Name):
                    kind, value = resolver.resolve(node.value, scope)
                    klass = value if kind == "instance" else None
                if klass is not None:
                    types.setdefault(target.attr, klass)
    return types
