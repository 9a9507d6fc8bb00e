"""CRUD functions: a SQLAlchemy ``Session`` first, as in most FastAPI services."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import User
from .schemas import UserCreate, UserPublic


class EmailTaken(Exception):
    """A user with that email exists."""


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def create_user(session: Session, user_create: UserCreate, hashed_password: str) -> Any:
    if get_user_by_email(session, user_create.email) is not None:
        raise EmailTaken(user_create.email)
    user = User(
        email=user_create.email,
        full_name=user_create.full_name,
        hashed_password=hashed_password,
    )
    session.add(user)
    session.commit()
    return UserPublic.model_validate(user)


def read_user(session: Session, user_id: int) -> UserPublic | None:
    user = session.get(User, user_id)
    return None if user is None else UserPublic.model_validate(user)
