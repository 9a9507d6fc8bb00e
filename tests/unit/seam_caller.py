"""A module that imports a logic function by name, as an API module often does."""

from __future__ import annotations

from tests.unit.seam_targets import make


def call_make(name: str) -> object:
    return make(name)
