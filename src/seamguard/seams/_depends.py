"""An ``instance`` factory that takes FastAPI dependencies, solved as one request would.

DDD routes get their use case from a chain of ``Depends`` functions
(``get_create_todo_usecase(todo_repository = Depends(get_todo_repository))``,
``get_todo_repository(session = Depends(get_session))``, ``get_session()`` a generator). The
route's own factory is the right ``self`` for the logic side, but a plain call hands it the
``Depends`` markers. :func:`with_dependencies` turns such a factory into a generator function
that solves the chain for one call the way FastAPI does for one request: each dependency
called once (the same session for the repository and the unit of work), a generator
dependency entered and its rest run after the call, also when the call raised (the
exception is thrown into it, so ``except: session.rollback(); raise`` rolls back), async
ones in the call's own event loop. Only a chain of dependencies that need nothing a request
carries can be solved (:func:`solvable`): a parameter with neither a ``Depends`` nor a
default (a ``Request``, a header) makes it unsolvable. The standard library's
``contextlib`` does the entering and the exits.
"""

from __future__ import annotations

import contextlib
import inspect
import typing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterator

__all__ = ["solvable", "takes_dependencies", "with_dependencies"]

_P = inspect.Parameter
_DEPTH = 10


def _marker(parameter: inspect.Parameter, hint: Any) -> Any:
    """The ``Depends`` marker of a parameter (its default, or in ``Annotated``), or None."""
    candidates = [parameter.default, *getattr(hint, "__metadata__", ())]
    for item in candidates:
        if type(item).__name__ == "Depends" and hasattr(item, "dependency"):
            return item
    return None


def _dependencies(function: Any) -> list[tuple[str, Any]] | None:
    """``(parameter, dependency callable)`` for each ``Depends`` parameter of ``function``;
    ``None`` when a parameter has neither one nor a default (a request would fill it)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    # A class is a dependency too (Depends(ReadNote)): FastAPI reads its __init__.
    annotated = function.__init__ if inspect.isclass(function) else function
    try:
        hints = typing.get_type_hints(annotated, include_extras=True)
    except Exception:  # an annotation that does not resolve: only defaults are read
        hints = {}
    found: list[tuple[str, Any]] = []
    for parameter in parameters:
        marker = _marker(parameter, hints.get(parameter.name))
        if marker is not None:
            dependency = marker.dependency
            if dependency is None:  # Depends() alone: the annotation's class
                dependency = typing.get_args(hints.get(parameter.name)) or (None,)
                dependency = dependency[0] if inspect.isclass(dependency[0]) else None
            if dependency is None:
                return None
            found.append((parameter.name, dependency))
        elif parameter.default is _P.empty and parameter.kind not in (
            _P.VAR_POSITIONAL,
            _P.VAR_KEYWORD,
        ):
            return None
    return found


def takes_dependencies(function: Any) -> bool:
    """Whether ``function`` has a ``Depends`` parameter."""
    found = _dependencies(function) if callable(function) else None
    return bool(found)


def solvable(function: Any, depth: int = 0) -> bool:
    """Whether every dependency of ``function``, all the way down, needs nothing a request
    carries."""
    found = _dependencies(function)
    if found is None or depth > _DEPTH:
        return False
    return all(solvable(dependency, depth + 1) for _, dependency in found)


def _is_async(function: Any, depth: int = 0) -> bool:
    inner = inspect.unwrap(function)
    if inspect.iscoroutinefunction(inner) or inspect.isasyncgenfunction(inner):
        return True
    found = _dependencies(function) or []
    return depth < _DEPTH and any(_is_async(d, depth + 1) for _, d in found)


def with_dependencies(factory: Callable[..., Any]) -> Callable[..., Any]:
    """``factory`` itself when it takes no dependency or they cannot be solved; else a
    generator function (async when a dependency is) yielding what ``factory`` makes."""
    if not takes_dependencies(factory) or not solvable(factory):
        return factory
    if _is_async(factory):

        async def solved_async() -> AsyncIterator[Any]:
            async with contextlib.AsyncExitStack() as stack:
                yield await _call_async(factory, stack, {})

        return solved_async

    def solved() -> Iterator[Any]:
        with contextlib.ExitStack() as stack:
            yield _call(factory, stack, {})

    return solved


def _call(function: Any, stack: contextlib.ExitStack, cache: dict[Any, Any]) -> Any:
    kwargs = {}
    for name, dependency in _dependencies(function) or []:
        if dependency not in cache:
            cache[dependency] = _call(dependency, stack, cache)
        kwargs[name] = cache[dependency]
    if inspect.isgeneratorfunction(inspect.unwrap(function)):
        return stack.enter_context(contextlib.contextmanager(function)(**kwargs))
    return function(**kwargs)


async def _call_async(
    function: Any, stack: contextlib.AsyncExitStack, cache: dict[Any, Any]
) -> Any:
    kwargs = {}
    for name, dependency in _dependencies(function) or []:
        if dependency not in cache:
            cache[dependency] = await _call_async(dependency, stack, cache)
        kwargs[name] = cache[dependency]
    inner = inspect.unwrap(function)
    if inspect.isasyncgenfunction(inner):
        return await stack.enter_async_context(contextlib.asynccontextmanager(function)(**kwargs))
    if inspect.isgeneratorfunction(inner):
        return stack.enter_context(contextlib.contextmanager(function)(**kwargs))
    made = function(**kwargs)
    return await made if inspect.isawaitable(made) else made
