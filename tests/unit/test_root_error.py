"""A 500 names the first exception raised while serving its request (issue 18, point 9).

On tests/unit/services/pantry: ``PANTRY_BUG=root`` makes ``POST /items`` raise
``ValueError("root")`` after it stored the name, so the same request sent again (Hypothesis
sends it again while it shrinks) meets a UNIQUE violation (a ``KeyError``) instead. The
failure names the first, not the knock-on error of the later send.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from seamguard.checks.api._errors import describe, root_of
from seamguard.config import load_config
from seamguard.engine import Run, run_check
from seamguard.errors import ContractViolation

PANTRY = Path(__file__).resolve().parent / "services" / "pantry"


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "pantry_app"]:
        del sys.modules[name]


@pytest.fixture(autouse=True)
def pantry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _forget()
    monkeypatch.delenv("PANTRY_BUG", raising=False)
    yield
    _forget()


def check(monkeypatch: pytest.MonkeyPatch, bug: str = "", seed: int = 1) -> Run:
    if bug:
        monkeypatch.setenv("PANTRY_BUG", bug)
    return run_check(load_config(PANTRY / "seamguard.toml"), seed=seed, example_db="none")


def failures(run: Run, check_id: str) -> list[str]:
    return [f.message for r in run.results if r.check == check_id for f in r.failures]


def test_the_clean_service_fails_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(monkeypatch).ok


@pytest.mark.parametrize("seed", [1, 2])
def test_a_500_names_the_root_exception_not_the_knock_on_one(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    run = check(monkeypatch, "root", seed=seed)

    (message,) = failures(run, "api-rejects-invalid")
    assert message == "POST /items: answered 500 (ValueError: root)"


def test_the_failure_replays_with_the_same_root(monkeypatch: pytest.MonkeyPatch) -> None:
    import seamguard

    run = check(monkeypatch, "root")
    (failure,) = [f for r in run.results if r.check == "api-rejects-invalid" for f in r.failures]
    _forget()  # a fresh store, as in a new process

    with pytest.raises(ContractViolation, match=r"ValueError: root") as raised:
        seamguard.reproduce(
            "items.add",
            "api-rejects-invalid",
            failure.example,
            config=PANTRY / "seamguard.toml",
        )
    assert raised.value.failure.id == failure.id


def test_the_first_exception_of_a_chain_is_the_root() -> None:
    try:
        try:
            raise ValueError("root")
        except ValueError:
            raise KeyError("UNIQUE constraint failed") from None
    except KeyError as surfaced:
        error: BaseException = surfaced

    assert type(root_of(error)) is ValueError
    assert describe(error) == (
        "ValueError: root (raised first; it surfaced as KeyError: 'UNIQUE constraint failed')"
    )


class Group(Exception):
    """An exception group as Python 3.11's and the backport's look (``exceptions``)."""

    def __init__(self, exceptions: list[BaseException]) -> None:
        super().__init__("wrapped")
        self.exceptions = tuple(exceptions)


def test_a_group_is_reported_by_its_first_member() -> None:
    group = Group([ValueError("root"), KeyError("later")])

    assert str(root_of(group)) == "root"
    assert describe(ValueError("x" * 1000)).endswith(" …")
