"""The engine (a SQLite file of the working directory), tables and the first superuser."""

from __future__ import annotations

from sqlmodel import Session, SQLModel, create_engine, select

from . import crud
from .models import User, UserCreate

engine = create_engine("sqlite:///keyring.db", connect_args={"check_same_thread": False})
FIRST_SUPERUSER = "admin@example.com"
FIRST_SUPERUSER_PASSWORD = "changethis"


def init_db(session: Session) -> None:
    """Make the tables and the first superuser (once)."""
    SQLModel.metadata.create_all(engine)
    user = session.exec(select(User).where(User.email == FIRST_SUPERUSER)).first()
    if not user:
        crud.create_user(
            session=session,
            user_create=UserCreate(
                email=FIRST_SUPERUSER, password=FIRST_SUPERUSER_PASSWORD, is_superuser=True
            ),
        )
