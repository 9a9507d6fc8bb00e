"""A service shaped like the generic CRUD base of full-stack FastAPI backends
(tests/unit/test_init_crudbase.py)."""
