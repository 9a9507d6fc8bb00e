"""The app's log records and warnings, captured per unit of work and per request.

While a unit runs (:func:`captured_app_log`), a handler on the root logger and a hook on
:func:`warnings.showwarning` see every record and warning the app emits (a logger at INFO,
as SQLAlchemy's ``echo=True`` sets, included: a record that passes its logger's level
reaches the root's handlers). Each is kept with the request it was emitted in (the
request id the driver sets, :data:`seamguard.seams.current_request`; ``None`` outside one):
the driver hands a request's records back with its answer, and the unit counts them.

Nothing the app sees changes: its own handlers still run, a warning is still shown as
Python would show it (the hook calls the one it replaced), and a record that no handler
of the app's would take still goes to Python's last-resort handler on standard error, as
it would without seamguard's handler (``cli/_capture`` counts those lines). The standard
library does the work (``logging.Handler``, ``warnings.catch_warnings``, which also resets
the "once per location" memory of the filters for each unit); nothing is parsed from text.

One thing does change while a unit runs: a handler of the app's that writes on standard
output, where the report goes (SQLAlchemy's ``echo=True`` adds a
``StreamHandler(sys.stdout)`` to its engine's logger), writes on standard error instead,
which ``cli/_capture`` keeps off the report; its stream is given back when the unit ends.
A handler added during the unit is moved when its logger's first record reaches the root:
that one record has gone to standard output already.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.seams import current_request

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["AppLog", "LogTally", "captured_app_log", "request_records"]

KEPT = 1000
"""Lines a tally keeps for ``-v`` (the count goes on past it)."""
_WIDTH = 300
"""Characters of one record's line."""


@dataclass(slots=True)
class LogTally:
    """Records and warnings counted, by level, with their lines (the first :data:`KEPT`)."""

    count: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    """Level name (``WARNING``, ``INFO``; a warning is ``WARNING``) to how many."""
    lines: list[str] = field(default_factory=list)
    """``LEVEL logger: message``, one line each."""

    def add(self, lines: Sequence[str]) -> None:
        """Count ``lines`` (each starts with its level)."""
        for line in lines:
            self.count += 1
            level = line.partition(" ")[0]
            self.levels[level] = self.levels.get(level, 0) + 1
            if len(self.lines) < KEPT:
                self.lines.append(line)

    def merge(self, other: LogTally) -> None:
        """Add another tally's counts and lines."""
        self.count += other.count
        for level, count in other.levels.items():
            self.levels[level] = self.levels.get(level, 0) + count
        self.lines.extend(other.lines[: max(0, KEPT - len(self.lines))])

    def summary(self) -> str:
        """``12 (INFO 10, WARNING 2)``."""
        levels = ", ".join(f"{level} {n}" for level, n in sorted(self.levels.items()))
        return f"{self.count} ({levels})" if levels else str(self.count)


@dataclass(slots=True)
class AppLog:
    """What the app emitted during one unit: every line, and those of each request."""

    tally: LogTally = field(default_factory=LogTally)
    """Every record and warning of the unit."""
    outside: LogTally = field(default_factory=LogTally)
    """Those emitted outside any request (the app's start-up, an import)."""
    _by_request: dict[str, list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, line: str) -> None:
        """Keep one line, with the request being served, if any."""
        request = current_request.get()
        with self._lock:
            self.tally.add([line])
            if request is None:
                self.outside.add([line])
            else:
                self._by_request.setdefault(request, []).append(line)

    def take(self, request: str) -> tuple[str, ...]:
        """The lines emitted while ``request`` was served, forgotten here."""
        with self._lock:
            return tuple(self._by_request.pop(request, ()))


_active: list[AppLog] = []
"""The log of the unit running now (at most one per process)."""


def request_records(request: str) -> tuple[str, ...]:
    """The lines the app emitted while ``request`` was served (none when no capture runs)."""
    return _active[-1].take(request) if _active else ()


def _line(level: str, name: str, message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else ""
    if len(first) > _WIDTH:
        first = first[:_WIDTH] + " …"
    return f"{level} {name}: {first}"


class _Moved:
    """The app's handlers that wrote on standard output, pointed at standard error."""

    def __init__(self) -> None:
        self.streams: list[tuple[logging.StreamHandler[Any], Any]] = []

    def move(self, logger: logging.Logger) -> None:
        """Point ``logger``'s handlers on standard output at standard error."""
        for handler in logger.handlers:
            if (
                isinstance(handler, logging.StreamHandler)
                and not isinstance(handler, logging.FileHandler)
                and any(handler.stream is out for out in (sys.stdout, sys.__stdout__))
            ):
                old = handler.setStream(sys.stderr)
                if old is not None:
                    self.streams.append((handler, old))

    def move_all(self) -> None:
        """Every logger's, the root's included."""
        self.move(logging.getLogger())
        for logger in list(logging.Logger.manager.loggerDict.values()):
            if isinstance(logger, logging.Logger):
                self.move(logger)

    def move_chain(self, name: str) -> None:
        """The handlers of a record's logger and of its parents (a few; a handler added
        during the unit is met here)."""
        logger: logging.Logger | None = logging.getLogger(name)
        while logger is not None:
            self.move(logger)
            logger = logger.parent

    def restore(self) -> None:
        """Give every moved handler its stream back."""
        for handler, stream in reversed(self.streams):
            handler.setStream(stream)
        self.streams.clear()


class _Handler(logging.Handler):
    """Keeps every record, and hands one that no other handler takes to the last resort."""

    def __init__(self, log: AppLog, moved: _Moved | None = None) -> None:
        super().__init__(logging.NOTSET)
        self.log = log
        self.moved = moved

    def emit(self, record: logging.LogRecord) -> None:
        if self.moved is not None:
            self.moved.move_chain(record.name)
        try:
            message = record.getMessage()
        except Exception:  # the app's own formatting mistake: keep the raw text
            message = str(record.msg)
        self.log.add(_line(record.levelname, record.name, message))
        resort = logging.lastResort
        if resort is not None and record.levelno >= resort.level and not self._others(record):
            resort.handle(record)

    def _others(self, record: logging.LogRecord) -> bool:
        """Whether a handler other than this one takes ``record`` (as ``callHandlers``
        walks: up the loggers while they propagate)."""
        logger: Any = logging.getLogger(record.name)
        while logger is not None:
            if any(handler is not self for handler in logger.handlers):
                return True
            if not logger.propagate:
                return False
            logger = logger.parent
        return False


@contextlib.contextmanager
def captured_app_log() -> Iterator[AppLog]:
    """Capture the app's records and warnings while the block runs."""
    log = AppLog()
    moved = _Moved()
    handler = _Handler(log, moved)
    root = logging.getLogger()
    with warnings.catch_warnings():
        shown = warnings.showwarning

        def showwarning(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: Any = None,
            line: str | None = None,
        ) -> None:
            log.add(_line("WARNING", category.__name__, str(message)))
            shown(message, category, filename, lineno, file, line)

        warnings.showwarning = showwarning
        moved.move_all()
        root.addHandler(handler)
        _active.append(log)
        try:
            yield log
        finally:
            _active.remove(log)
            root.removeHandler(handler)
            moved.restore()
