"""CRUD functions with keyword-only arguments, the session first."""

from __future__ import annotations

import os
from typing import Any

from sqlmodel import Session, select

from .models import User, UserCreate, UserUpdate
from .security import get_password_hash, verify_password


def create_user(*, session: Session, user_create: UserCreate) -> User:
    """Store a new user."""
    db_obj = User.model_validate(
        user_create, update={"hashed_password": get_password_hash(user_create.password)}
    )
    session.add(db_obj)
    session.commit()
    session.refresh(db_obj)
    return db_obj


def update_user(*, session: Session, db_user: User, user_in: UserUpdate) -> Any:
    """Change the fields ``user_in`` sets (a null for a required column is left out, unless
    KEYRING_BUG=null-email plants the bug of writing it)."""
    keep_none = os.environ.get("KEYRING_BUG") == "null-email"
    user_data = user_in.model_dump(exclude_unset=True, exclude_none=not keep_none)
    db_user.sqlmodel_update(user_data)
    session.add(db_user)
    session.commit()
    session.refresh(db_user)
    return db_user


def get_user_by_email(*, session: Session, email: str) -> User | None:
    """The user of ``email``, or ``None``."""
    found: User | None = session.exec(select(User).where(User.email == email)).first()
    return found


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else ``None``."""
    db_user = get_user_by_email(session=session, email=email)
    if not db_user or not verify_password(password, db_user.hashed_password):
        return None
    return db_user
