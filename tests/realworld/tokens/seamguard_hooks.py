"""seamguard's hooks for the vendored tokens service (ours, not the service's).

The service makes its tables in its lifespan, which only runs when the app starts; a direct
call of its logic comes before that, so ``session`` makes them first. ``login`` registers a
user through the service's own ``/register`` and logs in through ``/token`` (a form, as
OAuth2's password flow sends it), and returns the bearer token for every request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from chapter07.authentication.database import create_all_tables, get_async_session
from sqlalchemy.ext.asyncio import AsyncSession

EMAIL = "seamguard@example.com"
PASSWORD = "seamguard-password"  # a throwaway account in the test database


async def session() -> AsyncIterator[AsyncSession]:
    """``provide`` for ``session``: the service's own session, after its tables exist."""
    await create_all_tables()
    async for value in get_async_session():
        yield value


def login(client: Any) -> dict[str, str]:
    """``auth``: the bearer token of a user registered for the run."""
    client.post("/register", json={"email": EMAIL, "password": PASSWORD})
    answer = client.post("/token", data={"username": EMAIL, "password": PASSWORD})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
