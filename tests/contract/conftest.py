"""The contract run of taskapp writes to a database of its own, never the working directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def taskapp_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TASKAPP_DB", str(tmp_path_factory.mktemp("taskapp") / "tasks.db"))
        yield
