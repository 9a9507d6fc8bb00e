"""Ctrl-C stops a run, even when the ``KeyboardInterrupt`` it raises is swallowed.

Python raises ``KeyboardInterrupt`` wherever the main thread happens to be when SIGINT
arrives. When that is a ``__del__`` method, a weakref or gc callback, or code under test with
``except BaseException: pass``, the exception is printed as "Exception ignored in …" or
dropped, and the run went on as if nothing happened (one Ctrl-C in ten ended in "50 passed"
and exit 0). While a run is on, :func:`stops_the_run` puts in a SIGINT handler that first
records the interrupt and then raises as Python's own handler does; the engine calls
:func:`raise_if_interrupted` between units and between examples, and once more before it
hands back a finished run, so a swallowed interrupt is raised again at the next of those
points. The command line turns the ``KeyboardInterrupt`` into exit code 130.

Checked first: the standard library offers no more than ``signal.signal`` here (the
``signal.default_int_handler`` raises and keeps no record), and neither click nor
Hypothesis records an interrupt across a swallowed exception.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import threading
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import FrameType

__all__ = [
    "ignore_in_worker",
    "interrupted",
    "raise_if_interrupted",
    "stopping_on_sigint",
    "stops_the_run",
]

P = ParamSpec("P")
R = TypeVar("R")

_state = {"interrupted": False, "depth": 0}


def interrupted() -> bool:
    """Whether SIGINT arrived during the current run."""
    return bool(_state["interrupted"])


def raise_if_interrupted() -> None:
    """Raise ``KeyboardInterrupt`` when SIGINT arrived during the current run (again, if
    the first one was swallowed).

    Raises:
        KeyboardInterrupt: the run was interrupted.
    """
    if _state["interrupted"]:
        raise KeyboardInterrupt


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _state["interrupted"] = True
    raise KeyboardInterrupt


@contextlib.contextmanager
def stops_the_run() -> Iterator[None]:
    """While inside, SIGINT is recorded before its ``KeyboardInterrupt`` is raised.

    The record starts clear on entry of the outermost block and is kept until the next
    run starts. Nested blocks share the outermost one's handler. Outside the main thread
    (where no signal handler can be set) nothing is changed, and a run there stops as Python
    stops it.
    """
    if _state["depth"] or threading.current_thread() is not threading.main_thread():
        yield
        return
    _state["interrupted"] = False
    previous = signal.signal(signal.SIGINT, _on_sigint)
    _state["depth"] = 1
    try:
        yield
    finally:
        _state["depth"] = 0
        # None: a handler set outside Python; Python's own is the nearest to put back.
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


def stopping_on_sigint(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run inside :func:`stops_the_run`, raising ``KeyboardInterrupt`` at its
    end if SIGINT arrived while it ran (and its exception was swallowed)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with stops_the_run():
            outcome = function(*args, **kwargs)
            raise_if_interrupted()
        return outcome

    return run


def ignore_in_worker() -> None:
    """In a forked worker: leave SIGINT to the parent, which stops its workers itself.

    A Ctrl-C in a terminal reaches the whole process group; a worker that raised on it
    would send back an error for its unit while the parent is already stopping it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _state["interrupted"] = False
