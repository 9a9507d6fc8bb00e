"""A module that imports a logic function by name, as an API module often does."""

from __future__ import annotations

from tests.unit.seam_targets import make

__all__ = ["call_make", "make"]


def call_make(name: str) -> dict[str, object]:
    return make(name)
