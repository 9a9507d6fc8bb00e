"""``POST /login`` gives a bearer token; ``POST /badges`` needs it, and stores the badge in
the store ``get_store`` gives, which fails until a test overrides it (a production database
the tests must not reach)."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from .logic import create_badge, planted

app = FastAPI()
bearer = HTTPBearer()
TOKENS: set[str] = set()
USERS = {"ada": "lovelace"}


class Login(BaseModel):
    username: str
    password: str


class BadgeIn(BaseModel):
    name: str = Field(min_length=1, max_length=20)
    level: int = Field(ge=1, le=5)


class BadgeOut(BaseModel):
    id: int
    name: str
    level: int


class Store:
    """Badges kept in memory."""

    def __init__(self) -> None:
        self.badges: list[dict[str, Any]] = []

    def save(self, badge: dict[str, Any]) -> dict[str, Any]:
        stored = {"id": len(self.badges) + 1, **badge}
        self.badges.append(stored)
        return stored


def get_store() -> Store:
    """The production store: unreachable from a test."""
    raise RuntimeError("no database configured: set BADGE_DATABASE_URL")


def current_user(credentials: HTTPAuthorizationCredentials = Depends(bearer)) -> str:
    """The user of a token ``/login`` gave; 401 for any other."""
    if credentials.credentials not in TOKENS:
        raise HTTPException(status_code=401, detail="invalid token")
    return "ada"


@app.post("/login")
def login(body: Login) -> dict[str, str]:
    """A fresh bearer token for a known user."""
    if USERS.get(body.username) != body.password:
        raise HTTPException(status_code=401, detail="wrong username or password")
    token = secrets.token_hex(16)
    TOKENS.add(token)
    return {"access_token": token, "token_type": "bearer"}


@app.post("/badges", status_code=201, response_model=BadgeOut)
def post_badge(
    body: BadgeIn, user: str = Depends(current_user), store: Store = Depends(get_store)
) -> dict[str, Any]:
    """Make and store a badge."""
    level: Any = str(body.level) if planted("level-text") else body.level
    return store.save(create_badge(name=body.name, level=level))
