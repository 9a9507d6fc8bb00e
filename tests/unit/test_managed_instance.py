"""An ``instance`` factory that yields: ``self`` with a teardown (issue 18, point 1).

A DDD use case holds its repository's session from the moment it is built
(``FindTodoUseCaseImpl(TodoRepositoryImpl(session))``); a factory returning one opens a
session per example that nothing closes, and a pool of 5 + 10 connections runs dry after
15 examples (each call then waits 30 s). A generator function (or ``@contextmanager``, sync
or async) named as ``instance`` makes ``self`` for each call inside it, and the rest of it
runs after the call, also when the call raised, as a ``provide`` factory's does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from seamguard.checks.logic import call_logic
from seamguard.config import Binding
from seamguard.seams import bind

OPENED: list[str] = []
CLOSED: list[str] = []


class Session:
    def __init__(self) -> None:
        self.closed = False
        OPENED.append("s")

    def close(self) -> None:
        self.closed = True
        CLOSED.append("s")


class FindUseCase:
    def __init__(self, session: Session) -> None:
        self.session = session

    def execute(self, name: str) -> str:
        if self.session.closed:
            raise RuntimeError("closed")
        if name == "boom":
            raise ValueError("boom")
        return name.upper()


class AsyncFindUseCase(FindUseCase):
    async def execute(self, name: str) -> str:  # type: ignore[override]
        await asyncio.sleep(0)
        return FindUseCase.execute(self, name)


def find_use_case() -> Iterator[FindUseCase]:
    session = Session()
    try:
        yield FindUseCase(session)
    finally:
        session.close()


@contextmanager
def find_use_case_cm() -> Iterator[FindUseCase]:
    session = Session()
    try:
        yield FindUseCase(session)
    finally:
        session.close()


async def async_find_use_case() -> AsyncIterator[AsyncFindUseCase]:
    session = Session()
    try:
        yield AsyncFindUseCase(session)
    finally:
        session.close()


def plain_find_use_case() -> FindUseCase:
    return FindUseCase(Session())


@pytest.fixture(autouse=True)
def _empty() -> None:
    OPENED.clear()
    CLOSED.clear()


def _bound(factory: str, owner: str = "FindUseCase") -> Any:
    here = "tests.unit.test_managed_instance"
    return bind(
        Binding(contract="todos.get", logic=f"{here}:{owner}.execute", instance=f"{here}:{factory}")
    )


@pytest.mark.parametrize("factory", ["find_use_case", "find_use_case_cm"])
def test_a_yielding_instance_factory_is_torn_down_after_each_call(factory: str) -> None:
    seam = _bound(factory)
    assert seam.managed_instance
    for _ in range(20):
        assert call_logic(seam, {"name": "a"}) == "A"
    assert len(OPENED) == len(CLOSED) == 20
    with pytest.raises(ValueError, match="boom"):
        call_logic(seam, {"name": "boom"})
    assert len(OPENED) == len(CLOSED) == 21  # closed also when the call raised


def test_an_async_instance_factory_and_async_logic_share_one_loop() -> None:
    seam = _bound("async_find_use_case", owner="AsyncFindUseCase")
    assert seam.managed_instance
    assert call_logic(seam, {"name": "a"}, output=True) == "A"
    assert len(OPENED) == len(CLOSED) == 1


def test_a_plain_instance_factory_is_called_as_before() -> None:
    seam = _bound("plain_find_use_case")
    assert not seam.managed_instance
    assert call_logic(seam, {"name": "a"}) == "A"
    assert (len(OPENED), len(CLOSED)) == (1, 0)  # nothing to tear down: the factory's affair
