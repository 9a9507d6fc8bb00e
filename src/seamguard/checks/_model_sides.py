"""The pydantic models a seam's logic takes and returns, and how each is run: the
``model-matches-contract`` check's view of a seam (:mod:`seamguard.checks.model`)."""

from __future__ import annotations

import collections.abc
import json
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError

from seamguard.errors import ConfigError
from seamguard.seams import to_json

if TYPE_CHECKING:
    from seamguard.seams import BoundSeam

__all__ = [
    "Crossing",
    "Model",
    "ModelSide",
    "formats_at",
    "models_of",
    "readable_models",
    "schema_at",
]


@dataclass(frozen=True, slots=True)
class ModelSide:
    """One place a pydantic model meets the contract."""

    file: str
    """``input`` or ``output``."""
    parameter: str | None
    """The parameter it annotates, when the input document holds several parameters
    (its part of the document is ``/properties/<parameter>``); ``None``: the whole document."""
    annotation: Any
    """The annotation (a model class, or a type that holds models: ``list[Task]``)."""

    @property
    def pointer(self) -> str:
        """Where its part of the contract's schema is."""
        return "" if self.parameter is None else f"/properties/{self.parameter}"

    @property
    def name(self) -> str:
        """How messages name it."""
        shown = getattr(self.annotation, "__name__", None) or repr(self.annotation)
        if self.parameter is not None:
            return f"{shown} (parameter '{self.parameter}')"
        return shown


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


def models_of(seam: BoundSeam) -> list[ModelSide]:
    """The pydantic models the seam's logic takes and returns: named in the binding
    (``input-model``, ``output-model``), else found from the callable's annotations.

    Raises:
        ConfigError: a model named in the binding does not import, or pydantic cannot read it.
    """
    from seamguard.seams import import_object

    found = _annotated_models(seam)
    sides: list[ModelSide] = []
    for file, named in (("input", seam.binding.input_model), ("output", seam.binding.output_model)):
        if named is not None:
            model = import_object(named, key=f"{file}-model")
            try:
                TypeAdapter(model)
            except Exception:  # PydanticSchemaGenerationError, PydanticUserError
                raise ConfigError(
                    f"'{file}-model' = {named!r}: pydantic cannot read {model!r} as a model; "
                    "name a pydantic model (or a dataclass, a TypedDict)"
                ) from None
            sides.append(ModelSide(file, None, model))
        else:
            sides.extend(side for side in found if side.file == file)
    return sides


def _annotated_models(seam: BoundSeam) -> list[ModelSide]:
    sides: list[ModelSide] = []
    hints = seam.shape.hints
    if seam.shape.single is not None:
        annotation = hints.get(seam.shape.single)
        if annotation is not None and _holds_model(annotation):
            sides.append(ModelSide("input", None, annotation))
    else:
        for name, annotation in hints.items():
            # A provided parameter (a session) is no part of the input document.
            if name != "return" and name not in seam.shape.provided and _holds_model(annotation):
                sides.append(ModelSide("input", name, annotation))
    try:
        returned = typing.get_type_hints(seam.function).get("return")
    except Exception:  # an annotation that does not resolve: no model to judge
        returned = None
    if returned is not None and _holds_model(returned):
        sides.append(ModelSide("output", None, _collected(returned)))
    return sides


_YIELDING = (
    collections.abc.Iterator,
    collections.abc.Iterable,
    collections.abc.Generator,
    collections.abc.AsyncIterator,
    collections.abc.AsyncIterable,
    collections.abc.AsyncGenerator,
)


def _collected(returned: Any) -> Any:
    """``list[X]`` for a return annotation that yields ``X`` (``AsyncIterator[X]``,
    ``Iterator[X]``, a generator of them: the route collects what the logic yields into
    the list it answers), else the annotation itself."""
    arguments = typing.get_args(returned)
    if typing.get_origin(returned) in _YIELDING and arguments:
        return list[arguments[0]]  # type: ignore[valid-type]
    return returned


def readable_models(seam: BoundSeam) -> tuple[list[Model], list[str]]:
    """A :class:`Model` of each side of :func:`models_of` that pydantic can read, and one
    line for each it cannot (an annotation it builds no schema for: ``Callable``, an
    arbitrary class).

    Raises:
        ConfigError: as :func:`models_of`.
    """
    models: list[Model] = []
    unread: list[str] = []
    for side in models_of(seam):
        try:
            models.append(Model(side))
        except Exception as error:  # PydanticSchemaGenerationError, PydanticUserError, ...
            unread.append(
                f"pydantic cannot read the {side.file} annotation {side.name} "
                f"({type(error).__name__}): not compared"
            )
    return models, unread


class Crossing(NamedTuple):
    """What a model made of one JSON document."""

    accepted: bool
    value: Any
    """What crosses the seam (the JSON form of the validated value); ``None`` if refused."""
    error: str
    """pydantic's first error, ``at /title: ...``; empty if accepted."""
    loc: tuple[str | int, ...] = ()
    """Where that error is, as pydantic's ``loc`` (field names, indices)."""


class Model:
    """One side's model, run the way the API layer runs it.

    An output model is read leniently (by alias and by field name, when pydantic >= 2.11
    allows both): the logic builds it in Python, not from JSON, so the question is only what
    it turns a document into, not which spelling of a name it reads.
    """

    def __init__(self, side: ModelSide) -> None:
        self.side = side
        self.adapter: TypeAdapter[Any] = TypeAdapter(side.annotation)
        self._lenient = side.file == "output"
        self._schema: Any = None

    def schema(self) -> Any:
        """The model's JSON schema (validation mode for an input, serialization for an
        output), made once."""
        if self._schema is None and self.side.file == "input":
            self._schema = self.adapter.json_schema(mode="validation")
        elif self._schema is None:
            self._schema = self.adapter.json_schema(mode="serialization")
        return self._schema

    def crossing(self, document: Any) -> Crossing:
        """What the model makes of a JSON ``document``, and what crosses the seam."""
        text = json.dumps(document)
        try:
            if self._lenient:
                try:
                    value = self.adapter.validate_json(text, by_alias=True, by_name=True)
                except TypeError:  # pydantic < 2.11: no by_name
                    value = self.adapter.validate_json(text)
            else:
                value = self.adapter.validate_json(text)
        except ValidationError as error:
            first = error.errors()[0]
            loc = tuple(first["loc"])
            where = "/" + "/".join(str(part) for part in loc)
            return Crossing(False, None, f"at {where}: {first['msg']}", loc)
        return Crossing(True, to_json(value), "")


def formats_at(schema: Any, loc: tuple[str | int, ...]) -> set[str]:
    """The ``format`` values a schema names at ``loc`` (local ``$ref``, ``allOf``, ``anyOf``
    and ``oneOf`` followed; ``properties``, ``additionalProperties``, ``prefixItems`` and
    ``items`` stepped into)."""
    nodes = _branches(schema, schema)
    for part in loc:
        nodes = [
            branch
            for node in nodes
            for child in _children(node, part)
            for branch in _branches(child, schema)
        ]
    return {node["format"] for node in nodes if isinstance(node.get("format"), str)}


def _branches(node: Any, root: Any, depth: int = 0) -> list[dict[str, Any]]:
    if not isinstance(node, dict) or depth > 16:
        return []
    found = [node]
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        target: Any = root
        for token in ref[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, dict) else None
        found += _branches(target, root, depth + 1)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for part in node.get(keyword, []) if isinstance(node.get(keyword), list) else []:
            found += _branches(part, root, depth + 1)
    return found


def _children(node: dict[str, Any], part: str | int) -> list[Any]:
    if isinstance(part, int):
        prefix = node.get("prefixItems")
        if isinstance(prefix, list) and part < len(prefix):
            return [prefix[part]]
        return [node["items"]] if isinstance(node.get("items"), dict) else []
    properties = node.get("properties")
    if isinstance(properties, dict) and part in properties:
        return [properties[part]]
    extra = node.get("additionalProperties")
    return [extra] if isinstance(extra, dict) else []


def schema_at(schema: Any, pointer: str) -> Any:
    """The node ``pointer`` (``/properties/<name>``) names in ``schema``; ``None`` if none."""
    node = schema
    for token in pointer.split("/")[1:]:
        if not isinstance(node, dict) or token not in node:
            return None
        node = node[token]
    return node
