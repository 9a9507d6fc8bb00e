"""Commands and their handlers, and a query handler returning a read model."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .domain import Errand, ErrandNotFound, Priority


class Store:
    """An in-memory repository."""

    def __init__(self) -> None:
        self.errands: dict[str, Errand] = {}

    def find(self, errand_id: str) -> Errand:
        if errand_id not in self.errands:
            raise ErrandNotFound(errand_id)
        return self.errands[errand_id]


@dataclass
class AddErrand:
    title: str
    priority: Priority


@dataclass
class FinishErrand:
    errand_id: str


@dataclass
class RenameErrand:
    errand_id: str
    title: str
    priority: Priority | None = None


@dataclass
class ReopenErrand:
    errand_id: str


@dataclass
class ErrandView:
    id: str
    title: str
    priority: int
    done: bool


class AddErrandHandler:
    def __init__(self, store: Store) -> None:
        self.store = store

    def handle(self, command: AddErrand) -> str:
        errand = Errand(str(uuid.uuid4()), command.title, command.priority)
        self.store.errands[errand.id] = errand
        return errand.id


class FinishErrandHandler:
    def __init__(self, store: Store) -> None:
        self.store = store

    def handle(self, command: FinishErrand) -> None:
        self.store.find(command.errand_id).done = True


class RenameErrandHandler:
    def __init__(self, store: Store) -> None:
        self.store = store

    def handle(self, command: RenameErrand) -> None:
        errand = self.store.find(command.errand_id)
        errand.title = command.title
        if command.priority is not None:
            errand.priority = command.priority


class GetErrandHandler:
    def __init__(self, store: Store) -> None:
        self.store = store

    def handle(self, errand_id: str) -> ErrandView:
        errand = self.store.find(errand_id)
        return ErrandView(errand.id, errand.title, int(errand.priority), errand.done)


class ReopenErrandHandler:
    def __init__(self, store: Store) -> None:
        self.store = store

    def handle(self, command: ReopenErrand) -> None:
        self.store.find(command.errand_id).done = False
