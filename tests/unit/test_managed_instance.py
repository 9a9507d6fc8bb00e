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
from typing import Annotated, Any

import pytest
from fastapi import Depends, Request

from seamguard.checks.logic import call_logic
from seamguard.config import Binding
from seamguard.seams import bind
from seamguard.seams._depends import solvable, with_dependencies

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


# -- the route's own Depends factory, its chain solved per call -----------------------------------


class Repo:
    def __init__(self, session: Session) -> None:
        self.session = session


class Uow:
    def __init__(self, session: Session) -> None:
        self.session = session


class ChainUseCase(FindUseCase):
    def __init__(self, repo: Repo, uow: Uow) -> None:
        super().__init__(repo.session)
        self.same = repo.session is uow.session


ROLLED_BACK: list[str] = []


def get_session() -> Iterator[Session]:
    session = Session()
    try:
        yield session
    except Exception:
        ROLLED_BACK.append("s")
        raise
    finally:
        session.close()


def get_repo(session: Session = Depends(get_session)) -> Repo:
    return Repo(session)


def get_uow(session: Annotated[Session, Depends(get_session)]) -> Uow:
    return Uow(session)


def get_chain_use_case(repo: Repo = Depends(get_repo), uow: Uow = Depends(get_uow)) -> ChainUseCase:
    return ChainUseCase(repo, uow)


async def get_async_session() -> AsyncIterator[Session]:
    session = Session()
    try:
        yield session
    finally:
        session.close()


def get_async_chain(session: Session = Depends(get_async_session)) -> AsyncFindUseCase:
    return AsyncFindUseCase(session)


def needs_request(request: Request) -> Session:
    return Session()


def get_unsolvable(session: Session = Depends(needs_request)) -> FindUseCase:
    return FindUseCase(session)


def test_the_routes_depends_factory_is_solved_per_call_with_one_value_per_dependency() -> None:
    ROLLED_BACK.clear()
    seam = _bound("get_chain_use_case", owner="ChainUseCase")
    assert seam.managed_instance
    for _ in range(3):
        assert call_logic(seam, {"name": "a"}) == "A"
    assert len(OPENED) == len(CLOSED) == 3  # one session per call (repo and uow share it)
    with pytest.raises(ValueError, match="boom"):
        call_logic(seam, {"name": "boom"})
    assert (len(CLOSED), ROLLED_BACK) == (4, ["s"])  # thrown into the generator: rolled back


def test_an_async_dependency_is_solved_in_the_calls_loop() -> None:
    seam = _bound("get_async_chain", owner="AsyncFindUseCase")
    assert seam.managed_instance
    assert call_logic(seam, {"name": "a"}, output=True) == "A"
    assert len(OPENED) == len(CLOSED) == 1


def test_a_chain_that_needs_the_request_is_not_solved() -> None:
    assert not solvable(get_unsolvable)
    assert with_dependencies(get_unsolvable) is get_unsolvable
    assert solvable(get_chain_use_case)


class ClassDependency(FindUseCase):
    """A use case FastAPI builds itself (``Depends(ClassDependency)``): its ``__init__``
    takes the session by an ``Annotated`` dependency."""

    def __init__(self, session: Annotated[Session, Depends(get_session)]) -> None:
        super().__init__(session)


def test_a_class_the_route_depends_on_is_built_with_its_init_dependencies() -> None:
    # notebooks (tests/realworld) builds each use case by Depends(ReadNote), whose __init__
    # takes an Annotated session dependency: a bare ReadNote() lacked the session.
    assert solvable(ClassDependency)
    seam = _bound("ClassDependency", owner="ClassDependency")
    assert seam.managed_instance
    OPENED.clear()
    CLOSED.clear()
    for _ in range(2):
        assert call_logic(seam, {"name": "a"}) == "A"
    assert len(OPENED) == len(CLOSED) == 2
