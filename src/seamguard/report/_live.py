"""One line rewritten in place on a terminal while a long run goes on.

Shown once the run has lasted :data:`AFTER` seconds (a short run prints nothing extra): the
time so far, the step in progress (the engine's progress line: which seam's logic side, the
API side), the examples and requests done in that step by this process
(:mod:`seamguard._progress`), and the failures reported so far. Rich's
:class:`~rich.live.Live` keeps it under what is printed meanwhile and erases it at the end
(``transient``). Only for a terminal that is not a CI log: the CLI decides (plain progress
lines otherwise, as before).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Group
from rich.live import Live
from rich.text import Text

from seamguard._progress import done
from seamguard.report._escape import terminal

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console, RenderableType

__all__ = ["AFTER", "LiveLine"]

AFTER = 5.0
"""Seconds of run before the line shows."""


class LiveLine:
    """The progress line of one run (see the module)."""

    def __init__(
        self, console: Console, *, after: float = AFTER, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._after = after
        self._clock = clock
        self._started = clock()
        self._step = ""
        self._base = done()
        self.failures = 0
        self._live = Live(
            console=console,
            get_renderable=self.render,
            transient=True,
            refresh_per_second=4,
            redirect_stdout=False,
            redirect_stderr=False,
        )

    def start(self) -> None:
        """Begin refreshing the line."""
        self._live.start()

    def stop(self) -> None:
        """Erase the line and stop refreshing it."""
        self._live.stop()

    def step(self, line: str) -> None:
        """A new step begins: its counts start from zero."""
        self._step = terminal(line)
        self._base = done()

    def text(self) -> str:
        """The line as it reads now ("" before :data:`AFTER` seconds)."""
        elapsed = self._clock() - self._started
        if elapsed < self._after:
            return ""
        now = done()
        parts = [f"{elapsed:.0f} s", self._step or "starting"]
        for kind in ("examples", "requests"):
            if now[kind] > self._base[kind]:
                parts.append(f"{now[kind] - self._base[kind]} {kind}")
        parts.append(f"{self.failures} failed so far")
        return "  … " + " · ".join(parts)

    def render(self) -> RenderableType:
        """What the live display shows: the line, or nothing yet."""
        text = self.text()
        return Text(text, style="dim") if text else Group()
