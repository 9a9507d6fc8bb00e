"""The logic: one insert through an engine made with ``echo=True``, which adds a
``StreamHandler(sys.stdout)`` to SQLAlchemy's engine logger when the module is imported."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

engine = create_engine(
    "sqlite://",
    echo=True,
    poolclass=StaticPool,
    connect_args={"check_same_thread": False},
)


def add_note(title: str) -> dict[str, str]:
    """Store a note (each statement echoed on standard output)."""
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS notes (title TEXT NOT NULL)"))
        connection.execute(text("INSERT INTO notes (title) VALUES (:title)"), {"title": title})
    return {"title": title}
