"""Crossings: every recorded call of a bound logic callable, attributed to its request."""

from __future__ import annotations

import contextvars
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Crossing", "Recorder", "current_request"]

current_request: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "seamguard_request", default=None
)
"""The id of the request being served, set by whoever drives the API; ``None`` outside one.

A context variable travels with the request: into the app's task, and into the worker
thread Starlette runs a sync endpoint in (``run_in_threadpool`` copies the context)."""


@dataclass(frozen=True, slots=True)
class Crossing:
    """One call of a bound logic callable."""

    seam: str
    """The seam the callable is bound to."""
    input: Any
    """The input document, taken before the call (a logic that mutates its input cannot
    change what is judged)."""
    output: Any = None
    """The output document, when the call returned."""
    error: BaseException | None = None
    """The exception the call raised, if it did."""
    declared: bool = False
    """Whether ``error`` is one of the seam's declared domain errors."""
    request: str | None = None
    """The id of the request that caused the call; ``None`` for a direct call."""
    unbound: str = ""
    """Why the call's arguments do not bind to the logic's signature, as the rest of "the
    API called the logic ..." (``with an argument it does not take: `due```); empty when
    they bind. ``input`` is then what was passed: ``{"args": [...], "kwargs": {...}}``."""
    mistyped: tuple[str, ...] = ()
    """One line per argument whose Python type the logic's annotation refuses (parameter,
    annotated type, handed type: ``parameter 'kind' is annotated Kind, handed str``), judged
    when the call was recorded (:mod:`seamguard.seams._pytypes`); empty when all hold."""
    closed_early: bool = False
    """A logic that yields, closed by its consumer before it was exhausted: ``output`` holds
    the items yielded until then, and is not judged (:mod:`seamguard.seams._yielding`)."""

    @property
    def returned(self) -> bool:
        """True when the call returned normally (a logic that yields: was exhausted)."""
        return self.error is None and not self.closed_early


class Recorder:
    """Collects crossings from any thread; hands them out by request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._crossings: list[Crossing] = []

    def record(self, crossing: Crossing) -> None:
        """Keep one crossing."""
        with self._lock:
            self._crossings.append(crossing)

    def for_request(self, request: str) -> list[Crossing]:
        """The crossings one request caused, in call order."""
        with self._lock:
            return [c for c in self._crossings if c.request == request]

    def take(self, request: str | None = None) -> list[Crossing]:
        """Remove and return the crossings of one request (all when ``None``)."""
        with self._lock:
            if request is None:
                taken, self._crossings = self._crossings, []
                return taken
            taken = [c for c in self._crossings if c.request == request]
            self._crossings = [c for c in self._crossings if c.request != request]
            return taken

    @property
    def crossings(self) -> list[Crossing]:
        """Every crossing kept so far."""
        with self._lock:
            return list(self._crossings)

    @contextmanager
    def request(self, request_id: str) -> Iterator[None]:
        """Attribute the crossings made inside to ``request_id``."""
        token = current_request.set(request_id)
        try:
            yield
        finally:
            current_request.reset(token)
