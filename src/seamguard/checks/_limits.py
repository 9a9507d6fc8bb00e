"""A wall-clock limit on one direct logic call, so a logic that hangs is a failure, not a
stuck run.

In the main thread on a POSIX system the limit is an interval timer (``SIGALRM``): arming
and disarming it costs about a microsecond per call, and the signal interrupts a sleeping
or looping call where it stands. Anywhere else (a worker thread, Windows, or while another
timer such as pytest-timeout's is pending, which must not be disturbed) the call runs in a
daemon thread that is abandoned if it does not finish: Python cannot stop a thread, so it
goes on in the background until the process exits. Libraries checked: ``func_timeout`` and
``timeout-decorator`` do the same two things with more machinery and no typing; the
standard library is enough here.
"""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType, TracebackType

__all__ = ["Hung", "TimeLimit"]


class Hung(BaseException):
    """A logic call ran past its time limit.

    A ``BaseException``, as ``KeyboardInterrupt`` is: the logic's own ``except Exception``
    does not swallow it, and Hypothesis does not try to shrink it (each attempt would cost
    the whole limit again).
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"did not return within {seconds:g} s")
        self.seconds = seconds


class TimeLimit:
    """``with TimeLimit(5) as limit: limit.call(f, *args)``: each call gets 5 seconds."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._alarm = False
        self._armed = False
        self._previous: Any = None

    def __enter__(self) -> TimeLimit:
        if (
            hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        ):
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            self._alarm = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._alarm:
            self._armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._alarm = False

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:
            self._armed = False
            raise Hung(self.seconds)

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)``, or :class:`Hung` when it takes too long."""
        if self._alarm:
            self._armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            try:
                return function(*args, **kwargs)
            finally:
                self._armed = False
                signal.setitimer(signal.ITIMER_REAL, 0)
        return self._in_thread(function, args, kwargs)

    def _in_thread(
        self, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["value"] = function(*args, **kwargs)
            except BaseException as error:  # handed back to the caller's thread
                outcome["error"] = error

        worker = threading.Thread(target=run, name="seamguard-logic-call", daemon=True)
        worker.start()
        worker.join(self.seconds)
        if worker.is_alive():
            raise Hung(self.seconds)
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")
