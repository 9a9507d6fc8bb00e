"""Logic callables of every kind, for the binding and recording tests."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypedDict
from uuid import UUID

from pydantic import BaseModel


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Shape(BaseModel):
    sides: int
    name: str = "polygon"


@dataclass(frozen=True)
class Point:
    x: int
    y: int


class Changes(TypedDict, total=False):
    size: int
    when: date


class Refused(Exception):
    pass


def make(name: str, size: int = 1, *, colour: Colour = Colour.RED) -> dict[str, object]:
    if name == "refuse":
        raise Refused(name)
    return {"name": name, "size": size, "colour": colour}


def convert(
    count: int,
    ident: UUID,
    day: date,
    colour: Colour,
    mode: Literal["a", "b"],
    maybe: int | None,
    shape: Shape,
    changes: Changes,
) -> dict[str, object]:
    return {
        "count": count,
        "ident": ident,
        "day": day,
        "colour": colour,
        "mode": mode,
        "maybe": maybe,
        "shape": shape,
        "changes": changes,
    }


def move(point: Point) -> Point:
    return Point(point.x + 1, point.y)


def untyped(a, b=2):  # type: ignore[no-untyped-def]
    return [a, b]


async def later(value: int) -> int:
    return value * 2


class Service:
    calls = 0

    def act(self, value: int) -> int:
        return value + 1

    @staticmethod
    def helper(value: int) -> int:
        return value - 1

    @classmethod
    def build(cls, value: int) -> str:
        return f"{cls.__name__}:{value}"
