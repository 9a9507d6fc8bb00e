"""examples/bookapp's seams, checked by seamguard: one item per seam x check.

The configuration is the example's own ``seamguard.toml``: its folder is not this
repository's root, and bookapp is not installed (seamguard puts that folder on sys.path).
"""

from __future__ import annotations

from pathlib import Path

from seamguard.pytest_plugin import check_seams

test_seams = check_seams(
    Path(__file__).resolve().parents[2] / "examples" / "bookapp" / "seamguard.toml"
)
