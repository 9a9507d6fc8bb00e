"""The hooks a user of the keyring service writes (in their own module; here in the
package, for mypy) after ``seamguard init`` (the edits of
tests/unit/test_fullstack_shape.py).

The tables and the first superuser are made at start-up, which a direct call of the logic
comes before: ``session`` makes them, then gives the route's own session. ``db_user`` is the
row ``PATCH /users/{user_id}`` looks up before ``crud.update_user``: stored for the example
and detached from the session that stored it, so the logic's own session adds it. ``login``
logs the first superuser in through the OAuth2 password form.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session

from . import crud
from .db import FIRST_SUPERUSER, FIRST_SUPERUSER_PASSWORD, init_db
from .deps import get_db
from .models import User, UserCreate


def session() -> Iterator[Session]:
    """``provide`` for ``session``: the route's session, after the start-up's tables."""
    for value in get_db():
        init_db(value)
        yield value


def db_user() -> Iterator[User]:
    """``provide`` for ``db_user``: a user stored for the example, detached."""
    for value in session():
        user_create = UserCreate(email=f"{uuid.uuid4().hex}@example.com", password="password")
        user = crud.create_user(session=value, user_create=user_create)
        value.expunge(user)
        yield user


def login(client: Any) -> dict[str, str]:
    """``auth``: the first superuser's bearer token."""
    form = {"username": FIRST_SUPERUSER, "password": FIRST_SUPERUSER_PASSWORD}
    answer = client.post("/login/access-token", data=form)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
