"""The routes: the login answers 401 when ``authenticate`` found no account; the refusal
route writes, then answers 429 (a 4xx after a write: a possible partial write)."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import logic

app = FastAPI()


class Credentials(BaseModel):
    """A login form, as JSON."""

    email: str
    password: str


class Refusal(BaseModel):
    """A refused login to write down."""

    email: str


@app.post("/login", response_model=logic.Account)
def login(credentials: Credentials) -> logic.Account:
    """The account, or 401 (FastAPI documents no 401: it is a deliberate one)."""
    account = logic.authenticate(email=credentials.email, password=credentials.password)
    if account is None:
        raise HTTPException(status_code=401, detail="Incorrect email or password")
    return account


@app.post("/refusals")
def refuse(refusal: Refusal) -> None:
    """Write the refusal, then answer 429: what it wrote stays, the client hears "no"."""
    logic.record_failure(email=refusal.email)
    raise HTTPException(status_code=429, detail="Too many attempts")
