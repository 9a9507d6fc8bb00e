"""Binding, recording and the JSON documents of a call."""

from __future__ import annotations

import asyncio
from datetime import date
from uuid import UUID

import pytest

from seamguard.config import Binding
from seamguard.errors import ConfigError
from seamguard.seams import ConversionError, Recorder, bind, installed, to_json
from tests.unit import seam_caller, seam_targets
from tests.unit.seam_targets import Colour, Point, Service, Shape

MODULE = "tests.unit.seam_targets"


def binding(logic: str, **extra: object) -> Binding:
    return Binding(contract="things.act", logic=f"{MODULE}:{logic}", **extra)  # type: ignore[arg-type]


def test_a_function_is_recorded_where_defined_and_where_imported_by_name() -> None:
    seam = bind(binding("make", raises=(f"{MODULE}:Refused",)))
    recorder = Recorder()
    original = seam_targets.make

    with installed([seam], recorder):
        seam_caller.call_make("a")  # the name imported into another module
        seam_targets.make("b", 3, colour=Colour.BLUE)
        with pytest.raises(seam_targets.Refused):
            seam_targets.make("refuse")

    first, second, third = recorder.crossings
    assert first.input == {"name": "a", "size": 1, "colour": "red"}
    assert second.input == {"name": "b", "size": 3, "colour": "blue"}
    assert second.output == {"name": "b", "size": 3, "colour": "blue"}
    assert third.error is not None
    assert third.declared
    assert not third.returned
    # and everything is restored afterwards
    assert seam_targets.make is original
    assert seam_caller.make is original


@pytest.mark.parametrize(
    ("logic", "call", "expected_input"),
    [
        ("Service.act", lambda: Service().act(4), {"value": 4}),
        ("Service.helper", lambda: Service.helper(4), {"value": 4}),
        ("Service.build", lambda: Service.build(4), {"value": 4}),
    ],
)
def test_methods_keep_their_kind_and_leave_self_out(
    logic: str, call: object, expected_input: dict[str, int]
) -> None:
    seam = bind(binding(logic))
    recorder = Recorder()
    raw = vars(Service)[logic.split(".")[1]]

    with installed([seam], recorder):
        result = call()  # type: ignore[operator]

    assert recorder.crossings[0].input == expected_input
    assert recorder.crossings[0].output == to_json(result)
    assert vars(Service)[logic.split(".")[1]] is raw


def test_an_async_function_is_recorded_when_awaited() -> None:
    seam = bind(binding("later"))
    recorder = Recorder()

    with installed([seam], recorder):
        assert asyncio.run(seam_targets.later(5)) == 10

    assert seam.is_async
    assert recorder.crossings[0].input == {"value": 5}
    assert recorder.crossings[0].output == 10


def test_crossings_are_attributed_to_their_request() -> None:
    seam = bind(binding("make"))
    recorder = Recorder()

    with installed([seam], recorder):
        with recorder.request("r1"):
            seam_targets.make("in")
        seam_targets.make("out")

    assert [c.input["name"] for c in recorder.for_request("r1")] == ["in"]
    assert [c.request for c in recorder.crossings] == ["r1", None]


def test_a_single_dataclass_parameter_is_the_document() -> None:
    seam = bind(binding("move"))

    assert seam.shape.input_document((Point(1, 2),), {}) == {"x": 1, "y": 2}
    _, kwargs = seam.shape.arguments({"x": 1, "y": 2})
    assert kwargs == {"point": Point(1, 2)}


def test_documents_convert_by_annotation_as_an_api_layer_would() -> None:
    seam = bind(binding("convert"))
    ident = "3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f"

    _, kwargs = seam.shape.arguments(
        {
            "count": 67.0,
            "ident": ident,
            "day": "2026-11-25",
            "colour": "blue",
            "mode": "a",
            "maybe": None,
            "shape": {"sides": 3},
            "changes": {"size": 2.0, "when": "2026-01-02"},
        }
    )

    assert kwargs["count"] == 67
    assert type(kwargs["count"]) is int
    assert kwargs["ident"] == UUID(ident)
    assert kwargs["day"] == date(2026, 11, 25)
    assert kwargs["colour"] is Colour.BLUE
    assert kwargs["shape"] == Shape(sides=3)
    assert kwargs["changes"] == {"size": 2, "when": date(2026, 1, 2)}


def test_a_value_that_cannot_convert_names_its_parameter() -> None:
    seam = bind(binding("convert"))

    with pytest.raises(ConversionError, match="parameter 'count'"):
        seam.shape.arguments({"count": 1.5})


def test_without_annotations_json_values_pass_as_they_are() -> None:
    seam = bind(binding("untyped"))

    assert seam.shape.arguments({"a": "1", "b": 2.0}) == ((), {"a": "1", "b": 2.0})
    assert seam.shape.input_document(("x",), {}) == {"a": "x", "b": 2}


def test_json_forms() -> None:
    assert to_json(Shape(sides=3)) == {"sides": 3, "name": "polygon"}
    assert to_json((Colour.RED, date(2026, 1, 2))) == ["red", "2026-01-02"]
    assert to_json(object()).startswith("<object object")


@pytest.mark.parametrize(
    ("logic", "words"),
    [
        ("mak", "has no attribute 'mak'; did you mean 'make'?"),
        ("Service.acts", "has no attribute 'acts'; did you mean 'act'?"),
    ],
)
def test_a_logic_path_that_does_not_exist_names_the_near_miss(logic: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("?", r"\?")):
        bind(binding(logic))


def test_a_missing_module_is_named() -> None:
    with pytest.raises(ConfigError, match=r"no module named 'tests\.unit\.nowhere'"):
        bind(Binding(contract="x", logic="tests.unit.nowhere:make"))
