"""A second app over the same code: a lookup whose CRUD function returns the ORM object or
``None`` (``User | None``: pydantic cannot describe ``User``), answered with a response
model."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy.orm import Session

from . import crud
from .db import get_db
from .schemas import UserPublic

app = FastAPI(title="signup lookups")


@app.get("/users/by-email/{email}", response_model=UserPublic)
def find_user(email: str, session: Annotated[Session, Depends(get_db)]) -> UserPublic:
    user = crud.get_user_by_email(session, email)
    if user is None:
        raise HTTPException(status_code=404, detail="no such user")
    return UserPublic.model_validate(user)
