"""Password hashes and signed tokens (the standard library's, for a test service)."""

from __future__ import annotations

import hashlib
import hmac

SECRET = b"keyring-test-secret"


def get_password_hash(password: str) -> str:
    """A salted hash."""
    return hashlib.pbkdf2_hmac("sha256", password.encode(), SECRET, 1000).hex()


def verify_password(password: str, hashed: str) -> bool:
    """Whether ``password`` hashes to ``hashed``."""
    return hmac.compare_digest(get_password_hash(password), hashed)


def create_access_token(subject: str) -> str:
    """``subject.signature``."""
    signature = hmac.new(SECRET, subject.encode(), "sha256").hexdigest()
    return f"{subject}.{signature}"


def read_access_token(token: str) -> str | None:
    """The subject of a token this module signed, else ``None``."""
    subject, _, signature = token.rpartition(".")
    expected = hmac.new(SECRET, subject.encode(), "sha256").hexdigest()
    return subject if hmac.compare_digest(signature, expected) else None
