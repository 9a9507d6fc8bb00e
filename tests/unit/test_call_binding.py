"""A call whose arguments do not bind to the logic's signature is an ``api-hands-valid-input``
failure that says so (issue 15, point 4): "the API called the logic with an argument it does
not take: `due`", not a schema error on the ``{"args", "kwargs"}`` record of the call
("'title' is a required property", though the title was handed).

On tests/unit/services/todos, whose route calls ``create_todo(title, due_date=None)``;
``TODOS_BUG=renamed`` makes it pass ``due=`` (the API renamed the field), ``missing`` leaves
the title out; unset, the service is clean.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seamguard.checks.crossing import judge_crossing
from seamguard.config import load_config
from seamguard.engine import run_check
from seamguard.seams import Crossing
from seamguard.seams._documents import shape_of, unbound_reason

TODOS = Path(__file__).resolve().parent / "services" / "todos"


def create_todo(title: str, due_date: str | None = None, *, urgent: bool = False) -> None:
    """The signature the reasons are worded against."""


def positional_only(a: int, /, b: int) -> None:
    """A signature with a positional-only parameter."""


def reason(function: Any, *args: Any, **kwargs: Any) -> str:
    signature = inspect.signature(function)
    with pytest.raises(TypeError) as raised:
        signature.bind(*args, **kwargs)
    return unbound_reason(signature, args, kwargs, raised.value)


@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        (
            (),
            {"title": "a", "due": "2026-01-01"},
            "with an argument it does not take: `due` (it takes `title`, `due_date`, `urgent`)",
        ),
        ((), {"due_date": "2026-01-01"}, "without the argument it needs: `title`"),
        (
            (),
            {"due": "x", "late": True},
            "with arguments it does not take: `due`, `late` (it takes `title`, `due_date`, "
            "`urgent`), and without the argument it needs: `title`",
        ),
        (("a", "b", "c"), {}, "with 1 positional argument more than it takes"),
        (("a",), {"title": "b"}, "with an argument given both by position and by name: `title`"),
    ],
)
def test_each_way_a_call_does_not_bind_is_named(
    args: tuple[Any, ...], kwargs: dict[str, Any], words: str
) -> None:
    assert reason(create_todo, *args, **kwargs) == words


def test_a_positional_only_parameter_passed_by_name_is_named() -> None:
    assert reason(positional_only, a=1, b=2) == (
        "with an argument it does not take: `a` (it takes `b`), and without the argument it "
        "needs: `a`"
    )


def test_a_call_that_binds_has_no_reason() -> None:
    shape = shape_of(create_todo, skip_first=False)

    assert shape.recorded_input(("a",), {"due_date": None}) == (
        {"title": "a", "due_date": None, "urgent": False},
        "",
    )
    document, unbound = shape.recorded_input((), {"title": "a", "due": None})
    assert document == {"args": [], "kwargs": {"title": "a", "due": None}}
    assert unbound.startswith("with an argument it does not take: `due`")


def test_a_whole_document_parameter_is_recorded_as_the_document() -> None:
    def file_todo(todo: dict[str, Any]) -> None:
        """One parameter that is the whole input document."""

    shape = shape_of(file_todo, skip_first=False)

    assert shape.recorded_input(({"title": "a"},), {}) == ({"title": "a"}, "")
    assert shape.input_document(({"title": "a"},), {}) == {"title": "a"}
    assert shape.recorded_input((), {"todo": {}, "due": 1})[1] == (
        "with an argument it does not take: `due` (it takes `todo`)"
    )


class _Schema:
    """A schema that forbids everything: an unbound call must not be judged by it."""

    def is_valid(self, instance: Any) -> bool:
        return False

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        return [("", "'title' is a required property")]

    def mismatches(self, instance: Any) -> str:
        return "required at /"


def test_an_unbound_call_is_judged_as_a_binding_failure_not_by_the_schema() -> None:
    crossing = Crossing(
        "todos.create",
        {"args": [], "kwargs": {"title": "a", "due": None}},
        error=TypeError("create_todo() got an unexpected keyword argument 'due'"),
        unbound="with an argument it does not take: `due`",
    )

    (breach,) = judge_crossing(crossing, input_schema=_Schema(), output_schema=_Schema())

    assert breach.check == "api-hands-valid-input"
    assert breach.message == "the API called the logic with an argument it does not take: `due`"
    assert "required property" not in breach.message
    assert breach.kind == "call binding: with an argument it does not take: `due`"


@pytest.fixture
def todos(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [n for n in sys.modules if n.partition(".")[0] == "todos_app"]:
        del sys.modules[name]
    yield
    monkeypatch.delenv("TODOS_BUG", raising=False)


def messages(monkeypatch: pytest.MonkeyPatch, bug: str) -> dict[str, list[str]]:
    """Check id to its failures' messages, from a run on the todos service."""
    monkeypatch.setenv("TODOS_BUG", bug)
    run = run_check(
        load_config(TODOS / "seamguard.toml"), seed=1, max_examples=5, example_db="none"
    )
    return {r.check: [f.message for f in r.failures] for r in run.results if r.failures}


@pytest.mark.parametrize(
    ("bug", "words"),
    [
        ("renamed", "with an argument it does not take: `due` (it takes `title`, `due_date`)"),
        ("missing", "without the argument it needs: `title`"),
    ],
)
def test_a_route_that_calls_the_logic_wrongly_is_told_what_is_wrong(
    todos: None, monkeypatch: pytest.MonkeyPatch, bug: str, words: str
) -> None:
    found = messages(monkeypatch, bug)

    handed = found["api-hands-valid-input"]
    assert handed
    for message in handed:
        assert message == f"POST /todos: the API called the logic {words}"
        assert "required property" not in message
        assert '"args"' not in message


def test_the_todos_service_is_clean_without_a_bug(
    todos: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert messages(monkeypatch, "") == {}
