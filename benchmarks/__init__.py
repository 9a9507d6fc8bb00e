"""Reproducible performance measurements of seamguard (scripts, not timed tests)."""
