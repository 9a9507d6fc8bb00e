"""Counters of the work done in this process, for the terminal's progress line.

The logic side counts each example it hands a seam's logic, the API side each request it
sends the app; the terminal reporter reads the counts a few times a second while a long
run goes on. A plain integer increment under the GIL: no lock, no cost worth measuring.
A forked worker (``--workers``) counts in its own copy, which the parent does not see.
"""

from __future__ import annotations

__all__ = ["done", "tick"]

_done = {"examples": 0, "requests": 0}


def tick(kind: str) -> None:
    """One more ``kind`` (``examples``, ``requests``) done."""
    _done[kind] += 1


def done() -> dict[str, int]:
    """How many of each kind were done in this process so far."""
    return dict(_done)
