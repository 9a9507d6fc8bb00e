"""Fixtures for the API-to-logic tests: the real ASGI app over a real SQLite file.

Every test gets a fresh database file in its own ``tmp_path``, the application built on it
with its lifespan running (``client``), the ``TaskManager`` that application calls
(``manager``) and the file's path (``db_path``) for raw ``sqlite3`` checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette

from taskapp.api import create_app
from taskapp.logic import TaskManager
from tests.integration.helpers import TestClient


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The database file of the application under test."""
    return tmp_path / "tasks.db"


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    """A client of the real application, lifespan running, over ``db_path``."""
    with TestClient(create_app(db_path=db_path)) as test_client:
        yield test_client


@pytest.fixture
def manager(client: TestClient) -> TaskManager:
    """The TaskManager the application under test calls (``app.state.manager``)."""
    app = client.app
    assert isinstance(app, Starlette)
    found = app.state.manager
    assert isinstance(found, TaskManager)
    return found
