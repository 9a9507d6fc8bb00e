"""A backend shaped like the full-stack FastAPI services (tests/unit/test_fullstack_shape.py)."""
