"""A composition root, as hexagonal services write one: a per-request context holding a
factory whose parts are plain attributes set in ``__init__``, each making a handler."""

from __future__ import annotations

from dataclasses import dataclass

from .handlers import ReopenErrandHandler, Store


class ErrandFactory:
    def __init__(self, *, store: Store) -> None:
        self._store = store

    def create_reopen_handler(self) -> ReopenErrandHandler:
        return ReopenErrandHandler(self._store)


class AppFactory:
    def __init__(self, *, store: Store) -> None:
        self.errands = ErrandFactory(store=store)


@dataclass
class Context:
    factory: AppFactory
