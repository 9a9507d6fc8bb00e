"""seamguard's hooks for the vendored tokens service (ours, not the service's).

``login`` registers a user through the service's own ``/register`` and logs in through
``/token`` (a form, as OAuth2's password flow sends it), and returns the bearer token for every
request.
"""

from __future__ import annotations

from typing import Any

EMAIL = "seamguard@example.com"
PASSWORD = "seamguard-password"  # a throwaway account in the test database


def login(client: Any) -> dict[str, str]:
    """``auth``: the bearer token of a user registered for the run."""
    client.post("/register", json={"email": EMAIL, "password": PASSWORD})
    answer = client.post("/token", data={"username": EMAIL, "password": PASSWORD})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
