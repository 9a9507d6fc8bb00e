"""Provided parameters: the ``provide`` key's factories, entered for one logic call.

A factory takes no arguments. It is a function returning the value, a generator (or async
generator) function yielding it, or it returns a context manager (sync or async) whose
``__enter__`` gives the value. Whatever has an exit (the rest of a generator, ``__exit__``)
runs after the call, also when the call raised: the exception is thrown into the generator
so it can roll back. The standard library's :mod:`contextlib` (``ExitStack``,
``AsyncExitStack``, ``contextmanager``) does the entering and the exits; nothing
hand-written replaces it.

The value ``"route"`` names no factory: the route gives that argument (the row it looked up
before the call, ``db_user = session.get(User, user_id)``), so the API side leaves it out of
the input document like any provided parameter, and the logic side, which cannot make one,
skips the seam with :func:`route_reason`.
"""

from __future__ import annotations

import contextlib
import inspect
from typing import TYPE_CHECKING, Any

from seamguard.errors import ConfigError, did_you_mean
from seamguard.seams._depends import solvable, takes_dependencies

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping

    from seamguard.config import Binding

__all__ = [
    "ROUTE",
    "is_async_factory",
    "provided_async",
    "provided_sync",
    "providers_of",
    "route_reason",
    "yields_value",
]

#: The ``provide`` value meaning "the route gives this argument; seamguard makes none".
ROUTE = "route"


def route_reason(names: frozenset[str]) -> str:
    """Why the logic side skips a seam whose logic takes route-given ``names``."""
    shown = ", ".join(f"'{name}'" for name in sorted(names))
    return (
        f"the logic takes {shown}, the row the route looks up first (provide = route): name "
        "a factory in provide to call the logic directly; the API side judges the seam"
    )


def providers_of(
    binding: Binding, function: Callable[..., Any], load: Callable[..., Any]
) -> tuple[dict[str, Callable[..., Any]], frozenset[str]]:
    """The ``provide`` factories, imported by ``load`` (``import_object``), and the names
    the route gives (``"route"``); a ``ConfigError`` for a factory that does not import or
    is not callable, or a seam-level parameter name the logic does not take."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        parameters = {}  # type: ignore[assignment]
    by_name = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    providers: dict[str, Callable[..., Any]] = {}
    route_given: set[str] = set()
    for name, path in binding.provide:
        if name not in parameters:
            if by_name:
                continue  # **kwargs takes it
            # A top-level default need not fit every seam: only a seam's own entry is checked.
            if name in binding.provide_inherited:
                continue
            names = [n for n in parameters if n not in ("self", "cls")]
            raise ConfigError(
                f"'provide.{name}' of seam '{binding.contract}': {binding.logic} takes no "
                f"parameter '{name}'{did_you_mean(name, names)}"
            )
        if path == ROUTE:
            route_given.add(name)
            continue
        factory = load(path, key=f"provide.{name}")
        if not callable(factory):
            raise ConfigError(f"'provide.{name}' = {path!r}: is not callable")
        providers[name] = factory
    return providers, frozenset(route_given)


def is_async_factory(factory: Callable[..., Any]) -> bool:
    """Whether ``factory`` can only be entered in an event loop (an async generator
    function or a coroutine function; an object with ``__aenter__`` is seen when called)."""
    unwrapped = inspect.unwrap(factory)
    return inspect.isasyncgenfunction(unwrapped) or inspect.iscoroutinefunction(unwrapped)


def yields_value(factory: Callable[..., Any] | None) -> bool:
    """Whether ``factory`` is a generator function, or a ``@contextmanager`` (sync or
    async), or takes FastAPI dependencies it can be given (:mod:`._depends`): what it yields
    is made for one call, and the rest of it runs after that call (an ``instance``
    factory's ``self``, closing the session a use case holds)."""
    if factory is None:
        return False
    inner = inspect.unwrap(factory)
    if inspect.isgeneratorfunction(inner) or inspect.isasyncgenfunction(inner):
        return True
    return takes_dependencies(factory) and solvable(factory)  # solved per call


def _made(factory: Callable[..., Any]) -> Any:
    # Not unwrapped: a @contextmanager function wraps a generator function and is called.
    if inspect.isgeneratorfunction(factory):
        return contextlib.contextmanager(factory)()
    if inspect.isasyncgenfunction(factory):
        return contextlib.asynccontextmanager(factory)()
    return factory()


def provided_sync(
    factories: Mapping[str, Callable[..., Any]], call: Callable[[dict[str, Any]], Any]
) -> Any:
    """``call(values)`` with a fresh value from every factory, each exit run after it."""
    with contextlib.ExitStack() as stack:
        values: dict[str, Any] = {}
        for name, factory in factories.items():
            made = _made(factory)
            if hasattr(made, "__enter__") and hasattr(made, "__exit__"):
                made = stack.enter_context(made)
            elif hasattr(made, "__aenter__") or inspect.isawaitable(made):
                made = _close_unused(made)
                raise TypeError(
                    f"the 'provide' factory for '{name}' returned an async context manager "
                    "or an awaitable for a sync logic; make the factory itself async "
                    "(async def with yield, or @asynccontextmanager)"
                )
            values[name] = made
        return call(values)


def _close_unused(made: Any) -> Any:
    if inspect.iscoroutine(made):
        made.close()  # no "never awaited" warning
    return made


async def provided_async(
    factories: Mapping[str, Callable[..., Any]], call: Callable[[dict[str, Any]], Any]
) -> Any:
    """Like :func:`provided_sync` inside the event loop that runs the call: async context
    managers and async generators are entered and exited in that same loop, and a call
    that returns an awaitable (async logic) is awaited before the exits run."""
    async with contextlib.AsyncExitStack() as stack:
        values: dict[str, Any] = {}
        for name, factory in factories.items():
            made = _made(factory)
            if inspect.isawaitable(made):
                made = await made
            if hasattr(made, "__aenter__") and hasattr(made, "__aexit__"):
                made = await stack.enter_async_context(made)
            elif hasattr(made, "__enter__") and hasattr(made, "__exit__"):
                made = stack.enter_context(made)
            values[name] = made
        result = call(values)
        if inspect.isawaitable(result):
            result = await _awaited(result)
        return result


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable
