"""Helpers shared by the API-to-logic tests (raw SQL on the database file, error checks)."""

from __future__ import annotations

import sqlite3
import warnings
from contextlib import closing
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # Starlette 1.x prefers the `httpx2` package for its test client; with `httpx` (what the
    # dev extra installs) it warns once at import, which `filterwarnings = error` would fail.
    warnings.filterwarnings(
        "ignore", message="Using `httpx` with `starlette.testclient`", category=UserWarning
    )
    from starlette.testclient import TestClient

__all__ = ["TestClient", "assert_error", "create", "execute_script", "query"]


def query(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of one raw query on the database file, on a connection of its own."""
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute(sql, params).fetchall()


def execute_script(db_path: Path, script: str) -> None:
    """Run SQL on the database file from outside the application (plants faults)."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.executescript(script)


def create(client: TestClient, **fields: Any) -> dict[str, Any]:
    """POST a task (the title defaults to a placeholder) and return its JSON; asserts 201."""
    fields.setdefault("title", "A task")
    response = client.post("/api/tasks", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_error(response: Any, status: int, code: str, *fields: str) -> dict[str, Any]:
    """The response is a JSON error body with this status and code naming exactly ``fields``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message", "fields"}
    assert body["error"] == code
    assert body["message"].strip()
    named = [item["field"] for item in body["fields"]]
    assert named == list(fields), body
    assert all(item["message"].strip() for item in body["fields"])
    return body
