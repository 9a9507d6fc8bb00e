"""The logic: a lookup that may find nothing, and a write that returns nothing."""

from __future__ import annotations

from pydantic import BaseModel

ACCOUNTS = {"ada@example.com": "correct horse"}
"""The only account."""
FAILURES: list[str] = []
"""The refused logins ``record_failure`` wrote."""


class Account(BaseModel):
    """The account a login found."""

    email: str


def authenticate(email: str, password: str) -> Account | None:
    """The account of ``email`` when ``password`` is its own, else ``None`` (reads only)."""
    if ACCOUNTS.get(email) != password:
        return None
    return Account(email=email)


def record_failure(email: str) -> None:
    """Write one refused login (a write that returns nothing)."""
    FAILURES.append(email)
