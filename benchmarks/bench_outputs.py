"""The cost of making one output document (issue 18, point 2), per kind of return value.

Run: ``.venv/bin/python benchmarks/bench_outputs.py [--calls N] [--rounds N]``

Each value is turned into its output document ``--calls`` times per round (default 20,000)
by the output form a binding compiles (``seamguard.seams.output_form``, ``PlayerOut`` bound
as the output model), and, where there is one, by pydantic-core's ``to_jsonable_python``
alone, which is what the recorder did before (the JSON form only, no model). Values:

- ``model``: a pydantic ``PlayerOut`` instance (its own JSON form: the common case);
- ``dataclass``: the same fields in a dataclass;
- ``orm``: a SQLAlchemy 2 ORM ``Player`` row (no JSON form: read through ``PlayerOut`` with
  ``from_attributes``; before, its ``repr()``);
- ``orm list``: 20 such rows (read through ``list[PlayerOut]``);
- ``sqlmodel``: a SQLModel table instance (a pydantic model read by its attributes first).

Printed: the µs per document of the fastest of ``--rounds`` rounds for each path (the least
disturbed by other processes on a shared machine), and the difference (the new path's cost
over the old on values that have a JSON form).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import to_jsonable_python
from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlmodel import Field, SQLModel

from seamguard.seams import output_form


class Base(DeclarativeBase):
    """The declarative base."""


class Player(Base):
    """An ORM row."""

    __tablename__ = "bench_players"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int] = mapped_column(Integer)
    joined: Mapped[datetime.date] = mapped_column(Date)


class PlayerOut(BaseModel):
    """The response model."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    rating: int
    joined: datetime.date


@dataclasses.dataclass
class PlayerData:
    """The same fields in a dataclass."""

    id: int
    name: str
    rating: int
    joined: datetime.date


class Hero(SQLModel, table=True):
    """A SQLModel table model."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    rating: int


def per_call(function: Callable[[Any], Any], value: Any, calls: int) -> float:
    """µs per call of ``function(value)``."""
    gc.collect()
    started = time.perf_counter()
    for _ in range(calls):
        function(value)
    return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    joined = datetime.date(2026, 1, 1)
    form = output_form(PlayerOut, None)
    values: dict[str, Any] = {
        "model": PlayerOut(id=1, name="Ada", rating=1500, joined=joined),
        "dataclass": PlayerData(1, "Ada", 1500, joined),
        "orm": Player(id=1, name="Ada", rating=1500, joined=joined),
        "orm list": [Player(id=i, name="Ada", rating=1500, joined=joined) for i in range(20)],
        "sqlmodel": Hero(id=1, name="Ada", rating=1500),
    }
    print(f"calls per round: {args.calls}, rounds: {args.rounds} (fastest round, µs per document)")
    for label, value in values.items():
        new = min(per_call(form.document, value, args.calls) for _ in range(args.rounds))
        try:
            to_jsonable_python(value)
        except Exception:  # no JSON form: the old path was a repr()
            print(f"  {label:10}: {new:7.2f} output form (no JSON form of its own)")
            continue
        old = min(per_call(to_jsonable_python, value, args.calls) for _ in range(args.rounds))
        print(
            f"  {label:10}: {new:7.2f} output form, {old:7.2f} JSON form alone, {new - old:+6.2f}"
        )


if __name__ == "__main__":
    main()
