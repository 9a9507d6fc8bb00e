"""The CRUD functions: a session first, ORM objects back, as SQLAlchemy services are written.

``ARENA_BUG`` (read on every call) plants one defect of :data:`BUGS`.
"""

from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Player
from .schemas import PlayerOut

__all__ = ["BUGS", "create_player", "get_player", "get_player_async", "list_players", "planted"]

BUGS = (
    # The stored rating is off by 5,000 below: the ORM object reads through PlayerOut (its
    # rating is a plain int) into a document the contract forbids (logic-output-conforms).
    "rating",
)


def planted(name: str) -> bool:
    """Whether ``ARENA_BUG`` names the defect ``name``."""
    return os.environ.get("ARENA_BUG", "") == name


def create_player(session: Session, name: str, rating: int) -> Player:
    """Store a player; the ORM object."""
    player = Player(name=name, rating=rating - 5000 if planted("rating") else rating)
    session.add(player)
    session.flush()
    return player


def get_player(session: Session, player_id: int) -> PlayerOut | None:
    """The player with ``player_id`` (the ORM object: the API reads it through PlayerOut), or
    None when there is none."""
    return session.get(Player, player_id)  # type: ignore[return-value]


async def get_player_async(session: Session, player_id: int) -> PlayerOut | None:
    """:func:`get_player` as a coroutine."""
    return get_player(session, player_id)


def list_players(session: Session, min_rating: int = 0) -> list[Player]:
    """The players rated ``min_rating`` or more, by id."""
    query = select(Player).where(Player.rating >= min_rating).order_by(Player.id)
    return list(session.scalars(query))
