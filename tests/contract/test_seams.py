"""taskapp's seams, checked by seamguard: one item per seam x check (see pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

from seamguard.pytest_plugin import check_seams

test_seams = check_seams(Path(__file__).resolve().parents[2] / "pyproject.toml")
