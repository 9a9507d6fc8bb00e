"""What a user writes to bind the handlers: each built on the app's store, no arguments."""

from __future__ import annotations

from .api import STORE
from .handlers import (
    AddErrandHandler,
    FinishErrandHandler,
    GetErrandHandler,
    RenameErrandHandler,
    ReopenErrandHandler,
)


def add_handler() -> AddErrandHandler:
    return AddErrandHandler(STORE)


def finish_handler() -> FinishErrandHandler:
    return FinishErrandHandler(STORE)


def rename_handler() -> RenameErrandHandler:
    return RenameErrandHandler(STORE)


def reader() -> GetErrandHandler:
    return GetErrandHandler(STORE)


def reopen_handler() -> ReopenErrandHandler:
    return ReopenErrandHandler(STORE)
