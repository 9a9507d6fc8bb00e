"""A login that refuses with a 401 after a lookup found nothing (tests/unit/test_lookups.py)."""
