"""The response model, read from ORM objects (``from_attributes``), as the API returns it."""

from __future__ import annotations

import datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["NewPlayer", "PlayerOut"]


class NewPlayer(BaseModel):
    """A player to store."""

    name: str = Field(min_length=1, max_length=40)
    rating: int = Field(ge=0, le=3000)


class PlayerOut(BaseModel):
    """A stored player, as the API answers it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    rating: int
    joined: datetime.date
