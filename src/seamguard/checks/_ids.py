"""Check ids: the catalogue strings of DESIGN.md, defined once and used everywhere."""

from __future__ import annotations

__all__ = ["CONTRACT_VALID"]

CONTRACT_VALID = "contract-valid"
"""A schema is not valid for its draft, a ``$ref`` does not resolve locally, a version
folder is malformed."""
