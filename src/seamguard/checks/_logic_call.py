"""How the logic side calls the logic: arguments in, provided values around the call, async
work through a runner, and the output document made before a provided session closes.

The runner (:data:`AsyncRunner`) is a fresh event loop per example, or, when the
configuration names an ``app``, the started app's loop (``AsgiDriver.run``), so that what
the app's start-up made (an async engine, its tables) is usable by async logic and async
provide factories.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import TYPE_CHECKING, Any, TypeAlias

from seamguard.seams import (
    drained,
    drained_sync,
    is_async_factory,
    provided_async,
    provided_sync,
    with_dependencies,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from seamguard.seams import BoundSeam

__all__ = ["AsyncRunner", "call_logic", "fresh_loop", "invoke"]


AsyncRunner: TypeAlias = "Callable[..., Any]"
"""``run(function, *args)``: ``await function(*args)`` in some event loop, from this thread;
:func:`fresh_loop`, or the app's loop (``AsgiDriver.run``) when the app is started around
the logic side."""


def fresh_loop(function: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """``await function(*args)`` in a fresh event loop (no app started)."""
    return asyncio.run(_awaited(function, *args))


async def _awaited(function: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    return await function(*args)


async def _await(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def call_logic(
    seam: BoundSeam, document: Any, *, instance: Any = None, output: bool = False
) -> Any:
    """Call the seam's logic with the Python values an API layer would pass for ``document``;
    with ``output``, its output document instead of what it returned (made before a provided
    session closes).

    Raises:
        ConversionError: a document value does not convert to its parameter's annotation.
    """
    args, kwargs = seam.shape.arguments(document)
    return invoke(seam, instance, args, kwargs)[1 if output else 0]


def invoke(
    seam: BoundSeam,
    instance: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    run: AsyncRunner = fresh_loop,
) -> tuple[Any, Any]:
    """What the call returned and its output document; async work goes through ``run``."""
    if seam.providers or (instance is None and seam.managed_instance):
        return _invoke_provided(seam, instance, args, kwargs, run)  # type: ignore[no-any-return]
    result = seam.target(instance)(*args, **kwargs)
    # A logic that yields: its output is the list of its items (seams._yielding).
    result = run(drained, result) if _in_loop(seam, result) else drained_sync(result)
    return result, seam.shape.output_document(result)


def _in_loop(seam: BoundSeam, result: Any) -> bool:
    """Whether ``result`` is awaited or drained in an event loop."""
    return seam.is_async or inspect.isawaitable(result) or inspect.isasyncgen(result)


async def _with_output(value: Any, output: Callable[[Any], Any]) -> Any:
    result = await drained(value)
    return result, output(result)


def _invoke_provided(
    seam: BoundSeam,
    instance: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    run: AsyncRunner,
) -> Any:
    """The call with a fresh value of every provided parameter, their exits run after it
    (also when it raised); async logic or an async factory: all in one event loop. The
    output document is made before the exits run: an ORM object is read while its session
    is open; a logic that yields is drained before they run too."""
    output = seam.shape.output_document
    factories = dict(seam.providers)
    if instance is None and seam.managed_instance and seam.instance_factory is not None:
        # `self` made inside the same exits as the provided values: its teardown runs after.
        factories = {_SELF: with_dependencies(seam.instance_factory), **factories}
    in_loop = seam.is_async or seam.async_providers or seam.yields == "async"
    in_loop = in_loop or (_SELF in factories and is_async_factory(factories[_SELF]))

    def call(values: dict[str, Any]) -> Any:
        target = seam.target(values.pop(_SELF, instance))
        result = target(*args, **kwargs, **values)
        if not _in_loop(seam, result):
            result = drained_sync(result)
            return result, output(result)
        made = _with_output(result, output)
        return made if in_loop else run(_await, made)

    if in_loop:
        return run(provided_async, factories, call)
    return provided_sync(factories, call)


_SELF = "\x00self"
"""The key of ``self`` among the provided values (no parameter can be named so)."""
