"""``GET /me`` and ``GET /greeting``: routes that take no parameter (the second an optional
header the logic never sees)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Header

from .logic import current_user, greeting, planted

app = FastAPI()


@app.get("/me")
def get_me() -> dict[str, Any]:
    """The signed-in user."""
    user = current_user()
    if planted("server-error"):
        raise RuntimeError("the user was read, the answer was not")
    return user


@app.get("/greeting")
def get_greeting(accept_language: str | None = Header(default=None)) -> dict[str, Any]:
    """A greeting; ``Accept-Language`` is read but changes nothing."""
    return greeting()
