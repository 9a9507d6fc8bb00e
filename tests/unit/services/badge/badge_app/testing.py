"""The hooks a test configuration names: ``auth`` (log in) and ``app-setup`` (a store in
memory instead of the production one), each also as ``async def``, and broken ones."""

from __future__ import annotations

from typing import Any

from .api import Store, get_store

LAST_TOKEN: list[str] = []
"""The tokens ``login`` got, for a test to look for in the reports (it must not be there)."""


def login(client: Any) -> dict[str, str]:
    """Log in through the service's own route; the bearer header."""
    answer = client.post("/login", json={"username": "ada", "password": "lovelace"})
    answer.raise_for_status()
    token = answer.json()["access_token"]
    LAST_TOKEN.append(token)
    return {"Authorization": f"Bearer {token}"}


async def login_async(client: Any) -> dict[str, str]:
    """``login`` as an ``async def`` hook (the client is the same, synchronous)."""
    return login(client)


def use_memory_store(app: Any) -> None:
    """Serve the badges from memory."""
    store = Store()
    app.dependency_overrides[get_store] = lambda: store


async def use_memory_store_async(app: Any) -> None:
    """``use_memory_store`` as an ``async def`` hook."""
    use_memory_store(app)


def wrong_password(client: Any) -> dict[str, str]:
    """A login the service refuses: raises (requests' HTTPError)."""
    answer = client.post("/login", json={"username": "ada", "password": "babbage"})
    answer.raise_for_status()
    return {}


def no_mapping(client: Any) -> list[str]:
    """Returns a list, not headers."""
    return ["Bearer x"]
