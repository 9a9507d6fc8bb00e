"""Password hashing and access tokens: helpers the routes call beside the logic."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta, timezone

SECRET = b"not-a-secret"


def get_password_hash(password: str) -> str:
    return hashlib.sha256(SECRET + password.encode()).hexdigest()


def verify_password(password: str, hashed: str) -> bool:
    return hmac.compare_digest(get_password_hash(password), hashed)


def create_access_token(subject: str | int, expires: timedelta | None = None) -> str:
    until = datetime.now(timezone.utc) + (expires or timedelta(minutes=15))
    payload = f"{subject}:{int(until.timestamp())}"
    signature = hmac.new(SECRET, payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}:{signature}"
