"""The domain: an enum, an entity and its error, as a DDD service writes them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Priority(IntEnum):
    LOW = 1
    HIGH = 2


class ErrandNotFound(Exception):
    """No errand has that id."""


@dataclass
class Errand:
    id: str
    title: str
    priority: Priority
    done: bool = False
