"""What the app under test writes on standard error during a run, kept off the report.

An app's own logging (a handler on standard error, or Python's last-resort handler when it
configured none), the tracebacks it prints, the warnings Python shows and anything it
writes to ``sys.stderr`` all end on file descriptor 2. During ``seamguard check`` that
descriptor is pointed at a temporary file (``os.dup2``, as pytest's ``capfd`` does), so the
app's lines no longer come between the results, and they are handed to the terminal
reporter afterwards: counted, or printed in full with ``-v``. Forked workers
(``--workers``) inherit the descriptor, so their app's lines are kept too. A run that ends
by an exception (Ctrl-C, a usage error) writes them back on standard error as they came.

``sys.stderr`` is pointed there too (``contextlib.redirect_stderr``), for when it is not
descriptor 2 (a test runner's stream). Checked first: ``redirect_stderr`` alone swaps
``sys.stderr`` only, and a
``logging.StreamHandler`` the app made at import keeps the stream it was given; a logging
handler on the root logger sees records but not prints nor warnings. Standard output is
left alone: the report itself is written there.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Captured", "captured_stderr"]


@dataclass
class Captured:
    """The lines written on standard error while the capture was on (set when it ends)."""

    lines: list[str] = field(default_factory=list)


def _flush() -> None:
    with contextlib.suppress(Exception):  # a closed or replaced stream: nothing to flush
        sys.stderr.flush()


@contextlib.contextmanager
def captured_stderr() -> Iterator[Captured]:
    """Point file descriptor 2 at a temporary file while the block runs; its lines are in
    the yielded :class:`Captured` once the block ends (however it ends). Where descriptor 2
    cannot be duplicated (closed), nothing is captured."""
    captured = Captured()
    _flush()
    try:
        saved = os.dup(2)
    except OSError:
        yield captured
        return
    with tempfile.TemporaryFile() as spool:
        os.dup2(spool.fileno(), 2)
        # sys.stderr too, when it is not descriptor 2 already (a test runner's stream).
        stream = open(os.dup(spool.fileno()), "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
        ended = False
        try:
            with stream, contextlib.redirect_stderr(stream):
                yield captured
            ended = True
        finally:
            _flush()
            os.dup2(saved, 2)
            os.close(saved)
            spool.seek(0)
            text = spool.read().decode("utf-8", "replace")
            captured.lines = text.splitlines()
            if not ended:  # Ctrl-C, an error: no report counts them, so they are shown
                _flush()
                with contextlib.suppress(Exception):
                    sys.stderr.write(text)
                    sys.stderr.flush()
