"""The seam as a Python call, into a command's fields (issue 18, point 3).

DDD services hand their logic a dataclass built in the route: ``handler.handle(command)``,
``repository.find(TodoId(value=todo_id))``. The argument is of the annotated class, and its
JSON form is the same whether ``command.priority`` holds ``Priority.HIGH`` or the raw ``2``
the route forgot to convert; the handler's ``is Priority.HIGH`` is not. So a dataclass
argument is judged field by field against the dataclass's annotations, nested value objects
included, and each refused field is named ``'command.priority'``.
"""

from __future__ import annotations

import enum
import typing
from dataclasses import dataclass, field
from typing import Any, Optional
from uuid import UUID, uuid4

from seamguard.seams._pytypes import parameter_types

ID = uuid4()


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclass(frozen=True)
class TodoId:
    value: UUID


@dataclass(frozen=True)
class Title:
    value: str


@dataclass
class Update:
    todo_id: TodoId
    title: Title
    priority: Priority | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class Loose:
    anything: Any
    later: Missing  # type: ignore[name-defined]  # noqa: F821 - does not resolve: JSON only
    count: int = 0


@dataclass
class Deep:
    inner: Update


@dataclass
class Deeper:
    inner: Deep


def handle(command: Update) -> None: ...


def find(todo_id: TodoId, limit: int) -> None: ...


def maybe(command: Optional[Update] = None, raw: Any = None, many: list[Update] = []) -> None: ...  # noqa: B006, UP045


def loose(command: Loose) -> None: ...


def deeper(command: Deeper) -> None: ...


def plain(count: int, name: str) -> None: ...


def mismatches(function: Any, *args: Any, **kwargs: Any) -> tuple[str, ...]:
    judged = parameter_types(function, skip_first=False)
    assert judged is not None
    return judged.mismatches(args, kwargs)


def good() -> Update:
    return Update(TodoId(ID), Title("t"), Priority.HIGH, ["a"])


def test_a_raw_value_in_a_command_field_fails_with_the_field_named() -> None:
    assert mismatches(handle, good()) == ()
    raw = Update(TodoId(ID), Title("t"), 2)  # type: ignore[arg-type]
    assert mismatches(handle, raw) == (
        "parameter 'command.priority' is annotated Priority | None, handed int",
    )
    assert mismatches(handle, command=raw) == mismatches(handle, raw)


def test_a_nested_value_object_is_judged_too() -> None:
    wrong = Update(TodoId(str(ID)), Title("t"))  # type: ignore[arg-type]
    assert mismatches(handle, wrong) == (
        "parameter 'command.todo_id.value' is annotated UUID, handed str",
    )
    assert mismatches(find, TodoId(str(ID)), 1) == (  # type: ignore[arg-type]
        "parameter 'todo_id.value' is annotated UUID, handed str",
    )
    assert mismatches(find, TodoId(ID), 1) == ()


def test_a_refused_argument_and_a_refused_field_are_both_named() -> None:
    assert mismatches(find, TodoId(str(ID)), "1") == (  # type: ignore[arg-type]
        "parameter 'todo_id.value' is annotated UUID, handed str",
        "parameter 'limit' is annotated int, handed str",
    )


def test_optional_any_and_containers() -> None:
    raw = Update(TodoId(ID), Title("t"), 2)  # type: ignore[arg-type]
    assert mismatches(maybe) == ()
    assert mismatches(maybe, None) == ()
    assert mismatches(maybe, raw) == (
        "parameter 'command.priority' is annotated Priority | None, handed int",
    )
    # Any is judged by JSON only, and a dataclass inside a container is not opened.
    assert mismatches(maybe, None, raw, [raw]) == ()


def test_an_unresolvable_or_any_field_is_judged_by_json_only_and_the_rest_still_is() -> None:
    assert mismatches(loose, Loose(object(), "x", 1)) == ()
    assert mismatches(loose, Loose(object(), "x", "1")) == (  # type: ignore[arg-type]
        "parameter 'command.count' is annotated int, handed str",
    )


def test_fields_are_judged_three_levels_deep() -> None:
    deep = Deeper(Deep(Update(TodoId(ID), Title(1))))  # type: ignore[arg-type]
    # command.inner.inner.title.value is the fourth level: not opened.
    assert mismatches(deeper, deep) == ()
    shallow = Deeper(Deep(Update(TodoId(ID), Title("t"), 2)))  # type: ignore[arg-type]
    assert mismatches(deeper, shallow) == (
        "parameter 'command.inner.inner.priority' is annotated Priority | None, handed int",
    )
    assert mismatches(handle, Update(TodoId(ID), Title(1))) == (  # type: ignore[arg-type]
        "parameter 'command.title.value' is annotated str, handed int",
    )


def test_a_call_without_a_dataclass_annotation_opens_nothing() -> None:
    judged = parameter_types(plain, skip_first=False)
    assert judged is not None
    assert not judged.nested
    assert typing.cast(Any, parameter_types(handle, skip_first=False)).nested


class Touchy:
    """A descriptor that raises on reading, as an expired ORM attribute can."""

    def __get__(self, instance: object, owner: type) -> int:
        if instance is None:
            raise AttributeError("touchy")
        raise RuntimeError("not loaded")

    def __set__(self, instance: object, value: int) -> None:
        return None


@dataclass
class Guarded:
    count: int
    touchy: int = 0


Guarded.touchy = Touchy()  # type: ignore[assignment]


def guarded(command: Guarded) -> None: ...


def test_a_field_that_raises_on_reading_passes_and_never_breaks_the_call() -> None:
    assert mismatches(guarded, Guarded(1)) == ()
