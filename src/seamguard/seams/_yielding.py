"""Logic that yields: a generator (or async generator) function's output is the list of its items.

A route consumes such a logic as it goes (``[n async for n in use_case.execute()]``), so the
crossing's output is known only when the generator is exhausted. On the API side the
recording wrapper hands the route :func:`recorded_items`, an iterator that yields every
item through unchanged and reports the list when the logic's generator ends: exhausted
(the output), raising (the crossing's error), or closed early by its consumer (what was
yielded, marked so that it is not judged as the output). On the logic side
:func:`drained` collects the items in the call's own event loop, inside the provided
parameters' scope. The standard library's :mod:`inspect` tells a generator function at
binding and a generator object at run time; nothing here iterates by hand beyond that.
"""

from __future__ import annotations

import inspect
import types
from typing import TYPE_CHECKING, Any

from seamguard.seams._recorder import Crossing

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterator

    from seamguard.seams._binding import BoundSeam
    from seamguard.seams._recorder import Recorder

__all__ = ["YIELDING", "drained", "drained_sync", "recorded_items", "yielded", "yields"]

YIELDING = (types.GeneratorType, types.AsyncGeneratorType)
"""The types of a generator object, as a result's ``type()`` is looked up (one set test)."""


def yields(function: Callable[..., Any]) -> str:
    """``"async"`` for an async generator function, ``"sync"`` for a generator function, else
    ``""`` (decorators that keep ``__wrapped__`` are looked through)."""
    unwrapped = inspect.unwrap(function)
    if inspect.isasyncgenfunction(unwrapped):
        return "async"
    return "sync" if inspect.isgeneratorfunction(unwrapped) else ""


def drained_sync(value: Any) -> Any:
    """The list of a sync generator's items; any other value as it is."""
    return list(value) if type(value) is types.GeneratorType else value


async def drained(value: Any) -> Any:
    """``value`` awaited when it is awaitable, then the list of its items when it is a
    generator (async or not); any other value as it is."""
    if inspect.isawaitable(value):
        value = await value
    if type(value) is types.AsyncGeneratorType:
        return [item async for item in value]
    return drained_sync(value)


def recorded_items(
    value: Any, finish: Callable[[list[Any], BaseException | None, bool], None]
) -> Any:
    """An iterator of the same kind as ``value`` (async or not) that yields its items
    unchanged and calls ``finish(items, error, closed_early)`` once, when ``value`` ends.

    An iterator object rather than a generator, so that one the consumer drops before the
    end (``async for e in ...: return e``) is recorded at once by ``__del__``, when
    reference counting frees it, inside the request that consumed it; an async
    generator's own close would wait for the event loop's finalizer, after the answer."""
    if type(value) is types.AsyncGeneratorType:
        return _RecordedAsync(value, finish)
    return _RecordedSync(value, finish)


class _Recorded:
    __slots__ = ("_finish", "_items", "_source")

    def __init__(
        self, source: Any, finish: Callable[[list[Any], BaseException | None, bool], None]
    ) -> None:
        self._source = source
        self._items: list[Any] = []
        self._finish: Callable[[list[Any], BaseException | None, bool], None] | None = finish

    def _end(self, error: BaseException | None, early: bool) -> None:
        finish, self._finish = self._finish, None
        if finish is not None:
            finish(self._items, error, early)

    def __del__(self) -> None:
        self._end(None, True)  # dropped before the end: what was yielded, closed early


class _RecordedSync(_Recorded):
    __slots__ = ()

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        try:
            item = next(self._source)
        except StopIteration:
            self._end(None, False)
            raise
        except BaseException as error:
            self._end(error, False)
            raise
        self._items.append(item)
        return item

    def close(self) -> None:
        """Close the logic's generator (what was yielded is recorded, closed early)."""
        self._end(None, True)
        self._source.close()


class _RecordedAsync(_Recorded):
    __slots__ = ()

    def __aiter__(self) -> AsyncIterator[Any]:
        return self

    async def __anext__(self) -> Any:
        try:
            item = await self._source.__anext__()
        except StopAsyncIteration:
            self._end(None, False)
            raise
        except BaseException as error:
            self._end(error, False)
            raise
        self._items.append(item)
        return item

    async def aclose(self) -> None:
        """Close the logic's generator (what was yielded is recorded, closed early)."""
        self._end(None, True)
        await self._source.aclose()


def yielded(
    value: Any, recorder: Recorder, seam: BoundSeam, taken: tuple[Any, str | None, str, Any]
) -> Any:
    """What the recording wrapper hands the route for a generator ``value``: the items
    passed through, the crossing recorded when ``value`` ends. ``taken``: the input
    document, the request, why the call does not bind and its Python-type mismatches, all
    taken at the call (the crossing belongs to the request that made the call)."""
    document, request, unbound, typed = taken

    def finish(items: list[Any], error: BaseException | None, early: bool) -> None:
        output = None if error is not None else seam.shape.output_document(items)
        declared = error is not None and seam.is_declared(error)
        recorder.record(
            Crossing(seam.seam, document, output, error, declared, request, unbound, typed, early)
        )

    return recorded_items(value, finish)
