"""The seam as a Python call (issue 18, point 3): each argument judged against its annotation.

:func:`seamguard.seams._pytypes.parameter_types` compiles the checkers once; a call's
:meth:`mismatches` names each argument whose type its annotation refuses (a ``str`` for a
``UUID``, a dict for a model), and nothing Python's typing allows (an ``int`` for a
``float``, a subclass, a list for a ``Sequence``). ``Any``, unannotated, provided and
unresolvable parameters are judged by JSON only. The recorded crossing carries the lines,
and ``api-hands-valid-input`` fails on them with an id that names types, never values.

This module has ``from __future__ import annotations``: every annotation below is a string,
resolved once at binding with the function's globals.
"""

from __future__ import annotations

import datetime
import enum
import sys
import types
import typing
import warnings
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import (
    Annotated,
    Any,
    Literal,
    Optional,
    Protocol,
    TypeVar,
    Union,
    runtime_checkable,
)
from uuid import UUID, uuid4

import pytest
from fastapi import Query
from pydantic import AwareDatetime, BaseModel, EmailStr, PastDate
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from seamguard.checks.crossing import api_hands_valid_input, judge_crossing
from seamguard.config import Binding
from seamguard.seams import Crossing, Recorder, bind, installed, shape_of
from seamguard.seams._pytypes import describe, handed, parameter_types

ID = uuid4()


class Kind(str, enum.Enum):
    DEBIT = "debit"
    CREDIT = "credit"


class Note(BaseModel):
    title: str


class LongNote(Note):
    body: str = ""


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))


class Animal:
    pass


class Dog(Animal):
    pass


class Closes(Protocol):
    def close(self) -> None: ...


@runtime_checkable
class Named(Protocol):
    name: str


T = TypeVar("T")


def mismatches(function: Any, *args: Any, **kwargs: Any) -> tuple[str, ...]:
    judged = parameter_types(function, skip_first=False)
    assert judged is not None
    return judged.mismatches(args, kwargs)


# -- what fails: the same JSON, the wrong Python value ------------------------------------------


def scalars(
    account: UUID, at: datetime.datetime, day: datetime.date, price: Decimal, kind: Kind
) -> None: ...


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("account", str(ID), "parameter 'account' is annotated UUID, handed str"),
        ("at", "2026-01-01T10:00:00Z", "parameter 'at' is annotated datetime, handed str"),
        ("day", "2026-01-01", "parameter 'day' is annotated date, handed str"),
        ("price", "1.50", "parameter 'price' is annotated Decimal, handed str"),
        ("kind", "debit", "parameter 'kind' is annotated Kind, handed str"),
    ],
)
def test_a_str_for_a_uuid_datetime_date_decimal_or_enum_fails(
    name: str, value: str, expected: str
) -> None:
    good: dict[str, Any] = {
        "account": ID,
        "at": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
        "day": datetime.date(2026, 1, 1),
        "price": Decimal("1.50"),
        "kind": Kind.DEBIT,
    }
    assert mismatches(scalars, **good) == ()

    assert mismatches(scalars, **{**good, name: value}) == (expected,)


def takes_note(note: Note) -> None: ...


def test_a_dict_where_a_model_is_annotated_fails() -> None:
    assert mismatches(takes_note, {"title": "x"}) == (
        "parameter 'note' is annotated Note, handed dict[str, str]",
    )
    assert mismatches(takes_note, Note(title="x")) == ()


def test_every_refused_argument_is_named_in_call_order_by_position_and_by_name() -> None:
    assert mismatches(scalars, str(ID), "t", "d", datetime.date(2026, 1, 1), kind="debit") == (
        "parameter 'account' is annotated UUID, handed str",
        "parameter 'at' is annotated datetime, handed str",
        "parameter 'day' is annotated date, handed str",
        "parameter 'price' is annotated Decimal, handed date",
        "parameter 'kind' is annotated Kind, handed str",
    )


# -- unions, Optional, Annotated, generics, forward references ---------------------------------


def shapes(
    maybe: Optional[UUID],  # noqa: UP045 - the typing form is judged too
    either: Union[UUID, int],  # noqa: UP007
    piped: UUID | None,
    query: Annotated[str, Query(max_length=5)],
    annotated_id: Annotated[UUID, "the account"],
    ids: list[UUID],
    by_kind: dict[str, Kind],
    pair: tuple[int, UUID],
    literal: Literal["a", "b"],
) -> None: ...


GOOD_SHAPES: dict[str, Any] = {
    "maybe": None,
    "either": 3,
    "piped": ID,
    "query": "q",
    "annotated_id": ID,
    "ids": [ID, uuid4()],
    "by_kind": {"a": Kind.CREDIT},
    "pair": (1, ID),
    "literal": "a",
}


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("maybe", "x", "annotated UUID | None, handed str"),
        ("either", "x", "annotated UUID | int, handed str"),
        ("piped", "x", "annotated UUID | None, handed str"),
        ("query", 5, "annotated str, handed int"),
        ("annotated_id", str(ID), "annotated UUID, handed str"),
        ("ids", [str(ID), str(ID)], "annotated list[UUID], handed list[str]"),
        ("ids", (ID,), "annotated list[UUID], handed tuple[UUID]"),
        ("by_kind", {"a": "debit"}, "annotated dict[str, Kind], handed dict[str, str]"),
        ("pair", (1, str(ID)), "annotated tuple[int, UUID], handed tuple[int | str]"),
        ("literal", "c", "annotated Literal['a', 'b'], handed str"),
    ],
)
def test_unions_optional_annotated_and_generics_are_judged_by_what_they_hold(
    name: str, value: Any, expected: str
) -> None:
    assert mismatches(shapes, **GOOD_SHAPES) == ()
    assert mismatches(shapes, **{**GOOD_SHAPES, "maybe": ID, "either": ID, "piped": None}) == ()

    assert mismatches(shapes, **{**GOOD_SHAPES, name: value}) == (
        f"parameter '{name}' is {expected}",
    )


def old_style(ids: typing.List[UUID], counts: typing.Dict[str, int]) -> None: ...  # noqa: UP006


def test_typing_list_and_dict_are_judged_without_a_warning() -> None:
    # beartype warns that typing.List is deprecated by PEP 585; this suite turns warnings
    # into errors, so a warning would leave the parameters unjudged (or fail a user's run).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        judged = parameter_types(old_style, skip_first=False)
        assert judged is not None
        assert judged.mismatches(([str(ID)], {"a": 1}), {}) == (
            "parameter 'ids' is annotated list[UUID], handed list[str]",
        )


def test_string_annotations_resolve_with_the_functions_globals() -> None:
    def quoted(account: "UUID", kind: "Optional[Kind]") -> None: ...  # noqa: UP037, UP045

    assert isinstance(quoted.__annotations__["account"], str)
    assert mismatches(quoted, ID, None) == ()
    assert mismatches(quoted, "x", "debit") == (
        "parameter 'account' is annotated UUID, handed str",
        "parameter 'kind' is annotated Kind | None, handed str",
    )


def test_an_annotation_that_does_not_resolve_is_judged_by_json_only_and_the_rest_still_is() -> None:
    def partly(account: UUID, later: NotDefinedAnywhere) -> None: ...  # type: ignore[name-defined]  # noqa: F821

    assert mismatches(partly, ID, "anything") == ()
    assert mismatches(partly, "x", "anything") == (
        "parameter 'account' is annotated UUID, handed str",
    )


def test_a_function_whose_annotations_all_fail_to_resolve_is_not_judged() -> None:
    def none_resolve(a: Missing1, b: Missing2) -> None: ...  # type: ignore[name-defined]  # noqa: F821

    assert parameter_types(none_resolve, skip_first=False) is None


# -- judged by JSON only: Any, unannotated, provided -------------------------------------------


def loose(anything: Any, plain, session: Closes, account: UUID) -> None: ...  # type: ignore[no-untyped-def]


def test_any_unannotated_and_provided_parameters_are_judged_by_json_only() -> None:
    judged = parameter_types(loose, skip_first=False, provided=frozenset({"session"}))
    assert judged is not None

    assert judged.mismatches((object(), object(), "not a session", ID), {}) == ()
    assert judged.mismatches((1, 2, 3), {"account": "x"}) == (
        "parameter 'account' is annotated UUID, handed str",
    )


def only_loose(anything: Any, plain, obj: object, pair: Annotated[Any, "meta"]) -> None: ...  # type: ignore[no-untyped-def]


def test_a_callable_with_nothing_to_judge_costs_nothing() -> None:
    assert parameter_types(only_loose, skip_first=False) is None
    assert parameter_types(loose, skip_first=False, provided=frozenset({"account"})) is None


# -- no false alarm where Python's typing says the value is fine -------------------------------


def numbers(ratio: float, count: int, amount: complex) -> None: ...


def classes(animal: Animal, note: Note, row: Row, day: datetime.date) -> None: ...


def abstract(
    items: Sequence[int], table: Mapping[str, int], anything: T, closer: Closes, named: Named
) -> None: ...


def test_an_int_for_a_float_and_a_bool_for_an_int_pass() -> None:
    assert mismatches(numbers, 3, True, 2) == ()
    assert mismatches(numbers, True, 1, 1.5) == ()


def test_a_subclass_a_model_subclass_an_orm_object_and_a_datetime_for_a_date_pass() -> None:
    row = Row(id=1, name="a")

    assert mismatches(classes, Dog(), LongNote(title="x"), row, datetime.datetime.now()) == ()


def test_sequence_mapping_typevar_and_protocols_pass_what_typing_allows() -> None:
    class Closer:
        def close(self) -> None: ...

    class Person:
        name = "Ada"

    assert mismatches(abstract, [1, 2], {"a": 1}, object(), Closer(), Person()) == ()
    assert mismatches(abstract, (1,), types.MappingProxyType({"a": 1}), "t", 1, Person()) == ()


def pydantic_markers(
    email: EmailStr, at: AwareDatetime, day: PastDate, emails: list[EmailStr] | None, account: UUID
) -> None: ...


def test_pydantic_marker_classes_are_judged_by_json_only() -> None:
    # pydantic validates an EmailStr into a str, an AwareDatetime into a datetime: what a
    # FastAPI route hands on is no instance of the annotated class, and no bug.
    now = datetime.datetime.now(datetime.timezone.utc)

    assert mismatches(pydantic_markers, "a@b.c", now, now.date(), ["a@b.c"], ID) == ()
    assert mismatches(pydantic_markers, "a@b.c", now, now.date(), None, str(ID)) == (
        "parameter 'account' is annotated UUID, handed str",
    )


def test_a_runtime_checkable_protocol_still_refuses_what_lacks_its_members() -> None:
    assert mismatches(abstract, [1], {}, 1, None, 5) == (
        "parameter 'named' is annotated Named, handed int",
    )


# -- methods, variadic parameters, words ------------------------------------------------------


class Service:
    def create(self, account: UUID) -> None: ...

    @classmethod
    def build(cls, kind: Kind) -> None: ...


def variadic(first: UUID, *ids: UUID, **counts: int) -> None: ...


def test_self_and_cls_are_not_judged() -> None:
    method = parameter_types(Service.create, skip_first=True)
    classmethod_ = parameter_types(Service.__dict__["build"].__func__, skip_first=True)
    assert method is not None
    assert classmethod_ is not None

    assert method.mismatches((Service(), ID), {}) == ()
    assert method.mismatches(("self is anything",), {"account": "x"}) == (
        "parameter 'account' is annotated UUID, handed str",
    )
    assert classmethod_.mismatches((Service, "debit"), {}) == (
        "parameter 'kind' is annotated Kind, handed str",
    )


def test_star_args_and_star_kwargs_are_judged_item_by_item() -> None:
    assert mismatches(variadic, ID, ID, uuid4(), a=1, b=2) == ()
    assert mismatches(variadic, ID, ID, "x", a=1, b="2") == (
        "parameter '*ids' is annotated UUID, handed str",
        "parameter 'b' is annotated int, handed str",
    )


def kinds_of_parameters(
    first: UUID, /, second: Kind, third: int = 0, *, fourth: UUID, fifth: Kind = Kind.DEBIT
) -> None: ...


def test_positional_only_keyword_only_and_defaults_not_passed_bind_as_python_binds_them() -> None:
    assert mismatches(kinds_of_parameters, ID, Kind.CREDIT, fourth=ID) == ()
    assert mismatches(kinds_of_parameters, ID, second=Kind.CREDIT, third=1, fourth=ID) == ()
    assert mismatches(kinds_of_parameters, "x", "y", fourth="z", fifth="w") == (
        "parameter 'first' is annotated UUID, handed str",
        "parameter 'second' is annotated Kind, handed str",
        "parameter 'fourth' is annotated UUID, handed str",
        "parameter 'fifth' is annotated Kind, handed str",
    )


def test_a_container_gets_the_same_verdict_every_call() -> None:
    def ids(values: list[UUID]) -> None: ...

    refused = [str(ID), *[uuid4() for _ in range(20)]]
    verdicts = {mismatches(ids, refused) for _ in range(50)}

    assert verdicts == {("parameter 'values' is annotated list[UUID], handed list[UUID | str]",)}


def test_the_words_name_types_never_values() -> None:
    assert describe(Optional[list[UUID]]) == "list[UUID] | None"  # noqa: UP045
    assert describe(Annotated[Mapping[str, Kind], "x"]) == "Mapping[str, Kind]"
    assert describe(tuple[int, ...]) == "tuple[int, ...]"
    assert handed({"b": 1, "a": "x"}) == "dict[str, int | str]"
    assert handed([[1]]) == "list[list]"
    assert handed([]) == "list"
    assert handed(Row(id=1, name="a")) == "Row"


# -- the recorded crossing, and the check ------------------------------------------------------


def test_the_recorded_crossing_carries_the_mismatches_and_the_check_fails_on_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("pytypes_target")
    exec(  # a module the binding imports, like a service's logic module
        "from __future__ import annotations\n"
        "from uuid import UUID\n"
        "def balance(session, account_id: UUID) -> dict:\n"
        "    return {'account_id': str(account_id)}\n",
        module.__dict__,
    )
    monkeypatch.setitem(sys.modules, "pytypes_target", module)
    seam = bind(
        Binding(
            contract="wallet.balance",
            logic="pytypes_target:balance",
            provide=(("session", "builtins:object"),),
        )
    )
    recorder = Recorder()
    with installed([seam], recorder), recorder.request("r1"):
        module.balance(None, ID)
        module.balance(None, account_id=str(ID))
        with pytest.raises(TypeError):  # does not bind: the unbound breach says so, no type
            module.balance(None, 1, 2)
    good, bad, unbound = recorder.take("r1")

    assert good.mistyped == ()
    assert bad.mistyped == ("parameter 'account_id' is annotated UUID, handed str",)
    assert bad.input == good.input == {"account_id": str(ID)}  # the same JSON
    assert unbound.unbound
    assert unbound.mistyped == ()
    schema = _AcceptsAll()
    breach = api_hands_valid_input(bad, schema)
    assert breach is not None
    assert breach.check == "api-hands-valid-input"
    assert breach.message == (
        "the API handed the logic a value its annotation refuses: "
        "parameter 'account_id' is annotated UUID, handed str"
    )
    assert breach.kind == "python type: parameter 'account_id' is annotated UUID, handed str"
    assert api_hands_valid_input(good, schema) is None


def test_a_contract_breach_is_reported_before_a_type_mismatch() -> None:
    crossing = Crossing("s", {"a": 1}, mistyped=("parameter 'a' is annotated UUID, handed int",))

    (breach,) = judge_crossing(crossing, input_schema=_RefusesAll(), output_schema=None)

    assert breach.kind == "type at /a"
    assert "annotation" not in breach.message


class _AcceptsAll:
    def is_valid(self, instance: Any) -> bool:
        return True

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        return []

    def mismatches(self, instance: Any) -> str:
        return ""


class _RefusesAll(_AcceptsAll):
    def is_valid(self, instance: Any) -> bool:
        return False

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        return [("/a", "1 is not of type 'string'")]

    def mismatches(self, instance: Any) -> str:
        return "type at /a"


# -- the logic side converts JSON by annotation: Enum, date, time, Decimal too -----------------


def converted(
    kind: Kind, day: datetime.date, at: datetime.time, price: Decimal, ids: list[UUID]
) -> None: ...


def test_the_logic_side_converts_enum_date_time_and_decimal_values_by_annotation() -> None:
    shape = shape_of(converted, skip_first=False)
    document = {
        "kind": "debit",
        "day": "2026-02-03",
        "at": "10:30:00",
        "price": "1.25",
        "ids": [str(ID)],
    }

    args, kwargs = shape.arguments(document)

    assert args == ()
    assert kwargs == {
        "kind": Kind.DEBIT,
        "day": datetime.date(2026, 2, 3),
        "at": datetime.time(10, 30),
        "price": Decimal("1.25"),
        "ids": [ID],
    }
    assert kwargs["kind"] is Kind.DEBIT
    judged = parameter_types(converted, skip_first=False)
    assert judged is not None
    assert judged.mismatches(args, kwargs) == ()  # as annotated


def test_a_json_number_converts_to_a_decimal_parameter() -> None:
    _, kwargs = shape_of(converted, skip_first=False).arguments({"price": 1.5})

    assert kwargs == {"price": Decimal("1.5")}
