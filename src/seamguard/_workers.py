"""Worker processes for ``seamguard check --workers N``.

Each worker is a forked copy of the parent (so the contracts, validators and imports the
parent already holds cost nothing to hand over) that builds its own context the first time
it needs one (its own bound seams, its own app instance) and then runs the units it is sent,
one at a time, in its main thread (the logic-side time limit needs the main thread).
Outcomes come back in a queue and are handed to the caller in the units' order, so what the
parent builds from them does not depend on which worker ran what, or when.

The standard library's ``concurrent.futures.ProcessPoolExecutor`` was checked first: it has
no hook to close a worker's app (its lifespan shutdown) when the pool ends, and a unit
cannot stay on one worker's app, so a small pool of our own is kept here.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import traceback
from typing import TYPE_CHECKING, Any, Protocol

from seamguard.errors import SeamguardError

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.process import BaseProcess
    from types import TracebackType

__all__ = ["WorkerPool", "can_fork"]


class _Context(Protocol):
    def run(self, unit: Any) -> Any: ...

    def close(self) -> None: ...


def can_fork() -> bool:
    """Whether worker processes can be forked here (POSIX)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _portable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling, else a plain error with its text and trace."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        text = "".join(traceback.format_exception(error)).rstrip()
        return RuntimeError(f"{type(error).__name__}: {error}\n{text}")
    return error


def _serve(
    number: int,
    make_context: Callable[[Callable[[str], None]], _Context],
    tasks: multiprocessing.Queue[Any],
    outcomes: multiprocessing.Queue[Any],
) -> None:
    """A worker's loop: run each unit sent, send back its outcome; ``None`` ends it."""
    context: _Context | None = None

    def say(line: str) -> None:
        outcomes.put(("progress", number, line))

    try:
        while True:
            item = tasks.get()
            if item is None:
                break
            index, unit = item
            try:
                if context is None:
                    context = make_context(say)
                outcome = context.run(unit)
            except BaseException as error:  # every failure goes to the parent
                outcomes.put(("error", index, _portable(error)))
                continue
            try:
                outcomes.put(("done", index, outcome))
            except Exception as error:  # an outcome that does not pickle
                outcomes.put(("error", index, _portable(error)))
    finally:
        if context is not None:
            try:
                context.close()
            except BaseException as error:  # reported, not lost
                outcomes.put(("error", -1, _portable(error)))
        outcomes.put(("closed", number, None))


class WorkerPool:
    """``workers`` forked processes; :meth:`map` runs units on them, outcomes in order."""

    def __init__(
        self,
        workers: int,
        make_context: Callable[[Callable[[str], None]], _Context],
        say: Callable[[str], None],
    ) -> None:
        self._context = multiprocessing.get_context("fork")
        self._tasks: multiprocessing.Queue[Any] = self._context.Queue()
        self._outcomes: multiprocessing.Queue[Any] = self._context.Queue()
        self._say = say
        self._processes: list[BaseProcess] = [
            self._context.Process(
                target=_serve,
                args=(number, make_context, self._tasks, self._outcomes),
                name=f"seamguard-worker-{number}",
                daemon=True,
            )
            for number in range(1, workers + 1)
        ]

    def __enter__(self) -> WorkerPool:
        for process in self._processes:
            process.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self._stop()
            return
        for _ in self._processes:
            self._tasks.put(None)
        closed = 0
        problem: BaseException | None = None
        while closed < len(self._processes):
            message = self._next()
            if message[0] == "closed":
                closed += 1
            elif message[0] == "error" and problem is None:
                problem = message[2]
            elif message[0] == "progress":
                self._say(message[2])
        for process in self._processes:
            process.join(timeout=30)
        if problem is not None:
            raise problem

    def map(self, units: list[Any]) -> list[Any]:
        """Run every unit on some worker; the outcomes, in the units' order.

        Raises:
            The first error a unit raised (a usage error stays a usage error), or
            SeamguardError when a worker died.
        """
        for index, unit in enumerate(units):
            self._tasks.put((index, unit))
        outcomes: dict[int, Any] = {}
        while len(outcomes) < len(units):
            kind, index, value = self._next()
            if kind == "progress":
                self._say(value)
            elif kind == "done":
                outcomes[index] = value
            elif kind == "error":
                self._stop()
                raise value
        return [outcomes[index] for index in range(len(units))]

    def _next(self) -> tuple[str, int, Any]:
        """The next message; a worker that died without a word is an error."""
        while True:
            try:
                message: tuple[str, int, Any] = self._outcomes.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in self._processes if p.exitcode not in (None, 0)]
                if dead:
                    self._stop()
                    raise SeamguardError(
                        f"worker process {dead[0].name} died (exit code {dead[0].exitcode}); "
                        "run without --workers to see the error"
                    ) from None
                continue
            return message

    def _stop(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(timeout=5)
