"""A running guard (what :func:`seamguard.guard` returns) and its counters."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from seamguard.errors import ConfigError, did_you_mean

if TYPE_CHECKING:
    from types import TracebackType

    from seamguard._guard import _Gate, _Judge
    from seamguard.config import Config

__all__ = ["Guard", "GuardCounts"]

_log = logging.getLogger("seamguard.guard")

AppT = TypeVar("AppT")


@dataclass(frozen=True, slots=True)
class GuardCounts:
    """How many calls of a seam (or of all seams) the guard saw, judged and found wrong."""

    calls: int = 0
    """Calls of the bound logic callable while the guard ran."""
    sampled: int = 0
    """Calls drawn for judging."""
    mismatches: int = 0
    """Documents that broke the contract: an input and an output of one call count twice."""

    def __add__(self, other: GuardCounts) -> GuardCounts:
        return GuardCounts(
            self.calls + other.calls,
            self.sampled + other.sampled,
            self.mismatches + other.mismatches,
        )


class _Tally:
    """One seam's counters, under a lock: exact under threads."""

    __slots__ = ("calls", "lock", "mismatches", "sampled")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.sampled = 0
        self.mismatches = 0

    def sampled_call(self) -> None:
        with self.lock:
            self.calls += 1
            self.sampled += 1

    def mismatch(self) -> None:
        with self.lock:
            self.mismatches += 1

    def counts(self) -> GuardCounts:
        with self.lock:
            return GuardCounts(self.calls, self.sampled, self.mismatches)


class Guard(Generic[AppT]):
    """A running guard (see :func:`guard`): its counters, and :meth:`stop`.

    A context manager: ``with seamguard.guard(app, sample=1.0) as g: ...`` stops it on exit.
    """

    def __init__(
        self,
        app: AppT,
        config: Config,
        judges: list[_Judge],
        gate: _Gate,
        patched: list[tuple[Any, str, Any]],
        *,
        sample: float,
        on_mismatch: str,
    ) -> None:
        self.app: AppT = app
        """The app passed to :func:`guard`, unchanged."""
        self.config: Config = config
        """The configuration the guard runs by (with the ``@seamguard.seam`` entries)."""
        self.sample: float = sample
        """The fraction of calls judged."""
        self.on_mismatch: str = on_mismatch
        """``"log"`` or ``"raise"``."""
        self._judges = {judge.seam.seam: judge for judge in judges}
        self._gate = gate
        self._patched = patched
        self._final: dict[str, GuardCounts] | None = None
        self._lock = threading.Lock()

    @property
    def seams(self) -> tuple[str, ...]:
        """The guarded seams, as the configuration lists them."""
        return tuple(self._judges)

    def versions(self) -> dict[str, str]:
        """Seam name to the contract version its crossings are judged against."""
        return {name: str(judge.contract.version) for name, judge in self._judges.items()}

    @property
    def active(self) -> bool:
        """True until :meth:`stop`."""
        return self._final is None

    def counts(self, seam: str | None = None) -> GuardCounts:
        """The counters of one seam, or of all of them (``None``); final after :meth:`stop`."""
        by_seam = self.counts_by_seam()
        if seam is None:
            return sum(by_seam.values(), GuardCounts())
        if seam not in by_seam:
            raise ConfigError(
                f"the guard watches no seam '{seam}'{did_you_mean(seam, by_seam)} "
                f"(it watches: {', '.join(by_seam)})"
            )
        return by_seam[seam]

    def counts_by_seam(self) -> dict[str, GuardCounts]:
        """Every guarded seam's counters."""
        if self._final is not None:
            return dict(self._final)
        return {name: judge.tally.counts() for name, judge in self._judges.items()}

    @property
    def calls(self) -> int:
        """Calls of every guarded seam seen so far."""
        return self.counts().calls

    @property
    def sampled(self) -> int:
        """Calls judged so far."""
        return self.counts().sampled

    @property
    def mismatches(self) -> int:
        """Documents found breaking their contract so far."""
        return self.counts().mismatches

    def stop(self) -> None:
        """Put every original callable back where the guard replaced it; idempotent.

        A reference to a wrapper taken while the guard ran (a module imported meanwhile that
        did ``from logic import create_task``) keeps it, but it judges nothing more, and the
        counters keep their final values.
        Guards (and ``seamguard check``'s wrappers) on the same seams stop in the reverse
        order of their start, as nested ``with`` blocks do.
        """
        with self._lock:
            if self._final is not None:
                return
            self._gate.sample = 0.0
            from seamguard.seams import restore

            restore(self._patched)
            self._patched = []
            self._final = {name: judge.tally.counts() for name, judge in self._judges.items()}
        total = self.counts()
        _log.info(
            "seamguard guard: stopped; %d calls, %d judged, %d mismatches",
            total.calls,
            total.sampled,
            total.mismatches,
        )

    def __enter__(self) -> Guard[AppT]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        total = self.counts()
        state = "active" if self.active else "stopped"
        return (
            f"<Guard {state} seams={len(self._judges)} sample={self.sample} "
            f"on_mismatch={self.on_mismatch!r} calls={total.calls} sampled={total.sampled} "
            f"mismatches={total.mismatches}>"
        )
