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

Workers die with their parent. A parent killed outright (``kill -9``, the OOM killer) runs
no cleanup, and its workers, blocked reading the task queue (they hold its write end too,
so no end-of-file comes), were still there 90 s later with the database open. On Linux each
worker asks the kernel for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``, through
ctypes), then checks that the parent did not die before it asked; elsewhere a daemon thread
watches the parent's pid. Checked first: ``multiprocessing`` offers neither (its
``daemon`` flag only makes a parent that exits normally terminate its children, and the
``fork`` start method has no per-child setup hook); billiard (Celery's fork of it) has
no parent-death option either; python-prctl does it but builds against libcap's headers,
for one call that ctypes makes in three lines.

Ctrl-C: workers ignore SIGINT (a terminal sends it to the whole process group), and the
parent, on its ``KeyboardInterrupt``, terminates them and waits for them; the parent also
looks at the interrupt flag of :mod:`seamguard._interrupt` while it waits, in case its
``KeyboardInterrupt`` was swallowed.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
import traceback
from typing import TYPE_CHECKING, Any, Protocol

from seamguard._interrupt import ignore_in_worker, raise_if_interrupted
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


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _kill_on_parent_death() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; whether that was done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done: int = libc.prctl(
            ctypes.c_int(_PR_SET_PDEATHSIG),
            ctypes.c_ulong(signal.SIGKILL),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        )
    except (OSError, AttributeError):  # no libc with prctl (musl builds have it too)
        return False
    return done == 0


def _watch_parent(parent: int, interval: float = 0.2) -> None:
    """Exit this process as soon as ``parent`` is no longer its parent (it died: the
    process was handed to init or a subreaper)."""
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def die_with_parent(parent: int, *, kernel: bool = True) -> None:
    """Make this (forked) process end when ``parent``, the pid that forked it, ends.

    The kernel's parent-death signal where there is one (``kernel=False`` skips it, for
    tests), else a daemon thread that polls the parent pid. The death signal follows the
    thread that forked, not the whole process: the pool is made and used within one call
    of ``run_check``, on one thread, so that thread outlives its workers.
    """
    if kernel and _kill_on_parent_death():
        if os.getppid() != parent:  # it died between the fork and the prctl: no signal
            os._exit(1)
        return
    threading.Thread(
        target=_watch_parent, args=(parent,), name="seamguard-parent-watch", daemon=True
    ).start()


def _serve(
    number: int,
    parent: int,
    make_context: Callable[[Callable[[str], None]], _Context],
    tasks: multiprocessing.Queue[Any],
    outcomes: multiprocessing.Queue[Any],
) -> None:
    """A worker's loop: run each unit sent, send back its outcome; ``None`` ends it."""
    die_with_parent(parent)
    ignore_in_worker()
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
        parent = os.getpid()
        self._processes: list[BaseProcess] = [
            self._context.Process(
                target=_serve,
                args=(number, parent, make_context, self._tasks, self._outcomes),
                name=f"seamguard-worker-{number}",
                daemon=True,
            )
            for number in range(1, workers + 1)
        ]

    def __enter__(self) -> WorkerPool:
        try:
            for process in self._processes:
                process.start()
        except BaseException:  # Ctrl-C while forking: no worker is left behind
            self._stop()
            raise
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
        problem: BaseException | None = None
        try:
            for _ in self._processes:
                self._tasks.put(None)
            closed = 0
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
        except BaseException:  # Ctrl-C while the workers close: stop them instead
            self._stop()
            raise
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
            raise_if_interrupted()  # a Ctrl-C whose KeyboardInterrupt was swallowed
            try:
                message: tuple[str, int, Any] = self._outcomes.get(timeout=0.5)
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
        """Terminate every worker and wait for it (SIGKILL after 5 s)."""
        # Units still queued for dead workers must not keep this process from exiting
        # (the queue's feeder thread would wait on a full pipe nobody reads).
        self._tasks.cancel_join_thread()
        for process in self._processes:
            if process.pid is not None and process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 5
        for process in self._processes:
            if process.pid is not None:
                process.join(timeout=max(0.0, deadline - time.monotonic()))
        for process in self._processes:
            if process.pid is not None and process.is_alive():
                process.kill()
                process.join(timeout=5)
