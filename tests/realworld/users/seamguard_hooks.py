"""seamguard's hooks for the vendored users service (ours, not the service's).

The service builds ``UserService(session=SessionLocal())`` for every request and never
closes that session (app/api/v1/user.py:11): after 15 requests the connection pool is
exhausted, and every later request waits 30 s for a connection, then answers 500. That is
a real bug, found by the binding ``init`` wrote (tests/realworld/README.md); these hooks
close the session, so that the rest of the service can be checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.api.v1.user import get_user_service
from app.db.schema import SessionLocal
from app.services.user_service import UserService


def user_service() -> UserService:
    """``instance``: one service for the run (``close_session`` ends its session per example)."""
    return UserService(session=SessionLocal())


def close_session(service: UserService) -> None:
    """``reset``: close the service's session; its next query opens a fresh one."""
    service._db.close()


def _closing_user_service() -> Iterator[UserService]:
    session = SessionLocal()
    try:
        yield UserService(session=session)
    finally:
        session.close()


def close_sessions(app: Any) -> None:
    """``app-setup``: the service dependency, its session closed after each request."""
    app.dependency_overrides[get_user_service] = _closing_user_service
