"""A service whose SQLAlchemy engine echoes its SQL on standard output (test_stdout_logs.py)."""
