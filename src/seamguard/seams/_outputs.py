"""Output documents: a logic's return value turned into JSON the way the API layer would.

A value with a JSON form of its own (a pydantic model, a dataclass, a dict, a list, dates,
UUIDs, enums) is that form, by pydantic-core's ``to_jsonable_python``; ``None`` stays
``null``. A value without one (a SQLAlchemy ORM object, any plain object with attributes)
goes through an output model, as FastAPI's ``response_model`` reads it: the bound
``output-model``, else the logic's return annotation when it holds a pydantic model, is
validated with ``from_attributes=True`` and dumped with ``mode="json"`` (a list of ORM
objects through a list of that model). The pydantic adapters are compiled once, when the
seam is bound (:func:`output_form`), never per call.

A model that converts the object itself, as DDD routes answer (``TodoReadModel
.from_entity(todo)``: a staticmethod or classmethod of the output model whose one parameter
is annotated with the object's class), is called instead of reading the object's attributes,
which are value objects the model's fields refuse (``id: UUID`` holding a ``TodoId``).

When there is no model to go through, or the model refuses the object, the document is a
:class:`NoJsonForm`: a plain sentence saying so, with no ``repr()`` and no memory address,
so the failure reads the same, and has the same id, in every run. Checked libraries:
pydantic's ``TypeAdapter`` does the reading and the dumping (FastAPI's own path for a
response model); nothing here walks an object's attributes by hand, except to load
the expired attributes of a SQLModel table instance (``read_from_attributes``, the flag
SQLModel sets for tools that read its table models), which pydantic reads from
``__dict__`` and would otherwise dump as ``{}``.
"""

from __future__ import annotations

import collections.abc
import contextlib
import inspect
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import (
    BaseModel,
    PydanticSchemaGenerationError,
    PydanticUserError,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticSerializationError, to_jsonable_python

from seamguard.errors import ConfigError

__all__ = ["NoJsonForm", "OutputForm", "output_form"]

_SERIALIZATION_ERRORS = (PydanticSerializationError, UnicodeDecodeError)


class NoJsonForm(str):
    """The output document of a return value that has no JSON form: the sentence that says
    so (``"the logic returned a Player object with no JSON form; bind ..."``).

    A ``str`` so that whatever only stores or prints documents handles it unchanged; the
    checks that judge an output (``logic-output-conforms``) report :attr:`message` as it is
    instead of judging it against the schema.
    """

    kind: str
    """The kind of mismatch, as a failure id takes it: class and model names, pointers."""

    def __new__(cls, message: str, kind: str) -> NoJsonForm:
        made = super().__new__(cls, message)
        made.kind = kind
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # pickled to a worker process and back
        return (NoJsonForm, (str(self), self.kind))

    @property
    def message(self) -> str:
        """The failure's message."""
        return str(self)


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


def _named(annotation: Any) -> str:
    return getattr(annotation, "__name__", None) or repr(annotation)


@dataclass(frozen=True, slots=True)
class OutputForm:
    """How one seam's return values become output documents (compiled at binding)."""

    model: Any = None
    """The type a value with no JSON form is read through (``None``: no model)."""
    whole: TypeAdapter[Any] | None = None
    """The adapter of ``model``."""
    each: TypeAdapter[Any] | None = None
    """The adapter of ``list[model]``, for a bound model class and a list result."""
    formless: set[type] = field(default_factory=set, compare=False, hash=False)
    """The classes met with no JSON form (ORM classes): read through the model at once."""
    converters: dict[type, Any] = field(default_factory=dict, compare=False, hash=False)
    """The model's own converters by the class they take (:func:`_converters`)."""

    def document(self, value: Any) -> Any:
        """The output document of ``value``: its JSON form, else its model's, else a
        :class:`NoJsonForm` saying why there is none."""
        many = type(value) in _SEQUENCES
        kind = type(value[0]) if many and value else type(value)
        if kind not in self.formless:
            if kind in _ATTRIBUTE_READ or kind not in _NOT_ATTRIBUTE_READ:
                _load_expired(value if many else (value,), kind)
            try:
                return to_jsonable_python(value)
            except _SERIALIZATION_ERRORS:
                pass
            if self.whole is None:
                return _no_form(value, "")
            if _is_formless(value[0] if many else value):
                self.formless.add(kind)  # the next one skips the failed JSON form
        convert = next((self.converters[k] for k in kind.__mro__ if k in self.converters), None)
        if convert is not None:
            return _converted(value, convert, many)
        adapter = self.each if many and self.each is not None else self.whole
        if adapter is None:  # never: only a form with a model marks a class formless
            return _no_form(value, "")
        try:
            read = adapter.validate_python(value, from_attributes=True)
        except ValidationError as error:
            return _refused(value, _named(self.model), error)
        try:
            return adapter.dump_python(read, mode="json")
        except _SERIALIZATION_ERRORS:
            return _no_form(value, f", even through its output model {_named(self.model)}")


def output_form(bound_model: Any, returned: Any) -> OutputForm:
    """The output form of a seam: through ``bound_model`` (the imported ``output-model``)
    when one is bound, else through the return annotation ``returned`` when it holds a
    pydantic model (``Player``, ``Player | None``, ``list[Player]``; a logic that yields
    items, ``AsyncIterator[Player]``, reads its list of them as ``list[Player]``), else none.

    Raises:
        ConfigError: pydantic cannot read the bound ``output-model``.
    """
    if bound_model is not None:
        try:
            whole: TypeAdapter[Any] = TypeAdapter(bound_model)
        except (PydanticSchemaGenerationError, PydanticUserError):
            raise ConfigError(
                f"'output-model' = {bound_model!r}: pydantic cannot read it as a model; "
                "name a pydantic model (or a dataclass, a TypedDict)"
            ) from None
        # A class reads one object; a list of them reads through list[model].
        each = TypeAdapter(list[bound_model]) if isinstance(bound_model, type) else None
        return OutputForm(bound_model, whole, each, converters=_converters(bound_model))
    if typing.get_origin(returned) in _YIELDING_ORIGINS:  # a logic that yields X: list[X]
        items = typing.get_args(returned)
        returned = types.GenericAlias(list, items[:1]) if items else None
    if returned is not None and _holds_model(returned):
        try:
            return OutputForm(returned, TypeAdapter(returned), converters=_converters(returned))
        except (PydanticSchemaGenerationError, PydanticUserError):
            return OutputForm()  # a return annotation pydantic cannot read: no model
    return OutputForm()


_SEQUENCES = (list, tuple)
_YIELDING_ORIGINS = (
    collections.abc.Iterator,
    collections.abc.Iterable,
    collections.abc.Generator,
    collections.abc.AsyncIterator,
    collections.abc.AsyncIterable,
    collections.abc.AsyncGenerator,
)
_ATTRIBUTE_READ: set[type] = set()
"""Classes whose instances are read by their attributes (SQLModel table models)."""
_NOT_ATTRIBUTE_READ: set[type] = set()
"""Classes seen that are not (the cache that keeps the common case to one set lookup)."""


def _converters(model: Any) -> dict[type, Any]:
    """The model's own converters from another class: each staticmethod or classmethod of
    the model (not pydantic's) with one parameter annotated with a class that is no model
    (``from_entity(todo: Todo)``), by that class."""
    found: dict[type, Any] = {}
    if not isinstance(model, type) or not issubclass(model, BaseModel):
        return found
    for klass in model.__mro__:
        if klass is BaseModel:
            break
        for name, attribute in vars(klass).items():
            if not isinstance(attribute, (staticmethod, classmethod)):
                continue
            function = getattr(model, name)
            try:
                (parameter,) = inspect.signature(function).parameters.values()
                source = typing.get_type_hints(attribute.__func__).get(parameter.name)
            except Exception:  # not one parameter, or a hint that does not resolve
                continue
            if isinstance(source, type) and not issubclass(source, (BaseModel, *_PLAIN)):
                found.setdefault(source, function)
    return found


_PLAIN = (str, bytes, int, float, dict, list, tuple)


def _converted(value: Any, convert: Any, many: bool) -> Any:
    """The JSON form of what the model's converter makes of ``value`` (each item of a list)."""
    try:
        made = [convert(item) for item in value] if many else convert(value)
        return to_jsonable_python(made)
    except Exception as error:  # the converter refused it: a finding, not a crash
        what = _described(value)
        name = getattr(convert, "__qualname__", "its converter")
        return NoJsonForm(
            f"the logic returned {what} that {name} cannot convert: "
            f"{type(error).__name__}: {error}",
            f"converter {name} raised {type(error).__name__}: {what}",
        )


def _load_expired(items: Any, kind: type) -> None:
    """Load the expired attributes of SQLModel table instances (``items``: the value alone,
    or a list of them, all of class ``kind``), so their JSON form holds their columns."""
    if kind not in _ATTRIBUTE_READ:
        config = getattr(kind, "model_config", None)
        if not (isinstance(config, dict) and config.get("read_from_attributes")):
            _NOT_ATTRIBUTE_READ.add(kind)
            return
        _ATTRIBUTE_READ.add(kind)
    for item in items:
        for name in getattr(type(item), "model_fields", ()):
            try:
                getattr(item, name)  # SQLAlchemy loads an expired attribute on access
            except Exception:  # a detached instance: dump what it holds
                break


def _is_formless(item: Any) -> bool:
    """Whether ``item`` itself has no JSON form (not a dict or list holding something
    that has none)."""
    unknown: list[Any] = []
    with contextlib.suppress(*_SERIALIZATION_ERRORS):
        to_jsonable_python(item, fallback=unknown.append)
    return bool(unknown) and unknown[0] is item


def _described(value: Any) -> str:
    """``a Player object``, or ``a list holding a Player object`` when the value that has
    no JSON form is inside it."""
    unknown: list[type] = []

    def note(item: Any) -> None:
        unknown.append(type(item))

    with contextlib.suppress(*_SERIALIZATION_ERRORS):
        to_jsonable_python(value, fallback=note)
    inner = unknown[0] if unknown else type(value)
    if inner is type(value):
        return f"a {inner.__qualname__} object"
    return f"a {type(value).__qualname__} holding a {inner.__qualname__} object"


def _no_form(value: Any, through: str) -> NoJsonForm:
    what = _described(value)
    return NoJsonForm(
        f"the logic returned {what} with no JSON form{through}; bind `output-model` to a "
        "pydantic model that reads it (from_attributes), or annotate the logic's return "
        "with one",
        f"no JSON form: {what}{through}",
    )


def _refused(value: Any, model: str, error: ValidationError) -> NoJsonForm:
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    pointer = "/" + "/".join(str(part) for part in first["loc"])
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    what = _described(value)
    return NoJsonForm(
        f"the logic returned {what} that its output model {model} refuses, at {pointer}: "
        f"{first['msg']}{more}",
        f"output model {model} refuses: "
        + "; ".join(sorted(f"{p['type']} at /{'/'.join(map(str, p['loc']))}" for p in problems)),
    )
