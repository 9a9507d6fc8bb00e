"""``POST /players``, ``GET /players/{player_id}``, ``GET /players``: FastAPI routes that answer
the logic's ORM objects through the response model ``PlayerOut`` (from_attributes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query
from sqlalchemy.orm import Session

from . import db, logic
from .schemas import NewPlayer, PlayerOut

app = FastAPI()


def get_session() -> Iterator[Session]:
    """The route's session, a FastAPI dependency."""
    yield from db.session()


DB = Annotated[Session, Depends(get_session)]


@app.post("/players", status_code=201, response_model=PlayerOut)
def post_player(new: NewPlayer, session: DB) -> Any:
    """Store a player."""
    return logic.create_player(session, new.name, new.rating)


@app.get("/players/{player_id}", response_model=PlayerOut, responses={404: {}})
def read_player(player_id: Annotated[int, Path(ge=1, le=1_000_000)], session: DB) -> Any:
    """One player, 404 when there is none."""
    player = logic.get_player(session, player_id)
    if player is None:
        raise HTTPException(404, "no such player")
    return player


@app.get("/players", response_model=list[PlayerOut])
def read_players(session: DB, min_rating: Annotated[int, Query(ge=0, le=3000)] = 0) -> Any:
    """The players rated ``min_rating`` or more."""
    return logic.list_players(session, min_rating=min_rating)
