"""The exception a 5xx answer is reported by: the first one raised while serving the request.

An app's error often surfaces as another: a handler catches the real one and raises its own
(``except ValueError: raise HTTPException(500)``), a session's teardown fails after it
(``PendingRollbackError``), a middleware wraps it in an exception group. The first exception
raised is the innermost of the chain Python keeps (``__cause__``, else ``__context__``), or
of the group's first member. Across requests: Hypothesis sends a failing request again
while it shrinks, and the state the first send left behind may make the same request fail
otherwise (the row it wrote is now a UNIQUE violation), so the first exception each request
met is kept (:class:`FirstErrors`) and the failure reports that one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["FirstErrors", "describe", "root_of"]

_LIMIT = 300
"""Characters of an exception's message a failure shows (an SQL statement can run long)."""


def root_of(error: BaseException) -> BaseException:
    """The first exception raised of those ``error`` carries: the innermost of its chain,
    through an exception group's first member."""
    seen: set[int] = set()
    current = error
    while id(current) not in seen:
        seen.add(id(current))
        # An exception group (Python 3.11's, or the exceptiongroup backport's): its first.
        members = getattr(current, "exceptions", None)
        if isinstance(members, tuple) and members and isinstance(members[0], BaseException):
            current = members[0]
            continue
        inner = current.__cause__ or current.__context__
        if inner is None:
            break
        current = inner
    return current


def _text(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    message = lines[0] if lines else ""
    if len(message) > _LIMIT or len(lines) > 1:
        message = message[:_LIMIT] + " …"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def describe(error: BaseException) -> str:
    """``ValueError: root``, and the exception it surfaced as when that is another
    (``ValueError: root (raised first; it surfaced as KeyError: 'x')``)."""
    root = root_of(error)
    if root is error:
        return _text(error)
    return f"{_text(root)} (raised first; it surfaced as {_text(error)})"


@dataclass(slots=True)
class FirstErrors:
    """The first exception each request (by its example as JSON text: the same method,
    URL with its path values, headers and body) escaped with in one unit."""

    by_key: dict[str, tuple[BaseException, tuple[str, ...]]] = field(default_factory=dict)

    def first(
        self, key: str, error: BaseException, logs: tuple[str, ...] = ()
    ) -> tuple[BaseException, tuple[str, ...]]:
        """The exception the request ``key`` met first, with the app's log lines of that
        send: ``error`` and ``logs`` when this is the first."""
        return self.by_key.setdefault(key, (error, logs))
