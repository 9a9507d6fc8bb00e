"""The first contract of a seam, from the logic callable's annotations.

pydantic writes the schemas (``TypeAdapter(...).json_schema()``): ``mode="validation"`` for
the input (what the logic accepts), ``mode="serialization"`` for the output (the JSON form of
what it returns). The input document follows the seam's rule (``seams._documents``): one
pydantic-model / dataclass / TypedDict / dict parameter is the whole document; otherwise an
object with one property per parameter, required where there is no default. Where a
parameter or the return type has no annotation, the route's OpenAPI document fills in: the
request-body property or parameter of the same name, the 2xx response body.
"""

from __future__ import annotations

import inspect
import json
import typing
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import PydanticSchemaGenerationError, PydanticUserError, TypeAdapter
from pydantic_core import PydanticSerializationError, to_jsonable_python
from typing_extensions import NotRequired, Required, TypedDict

from seamguard.scaffold._outputs import output_schema
from seamguard.scaffold._valueobjects import narrow_value_objects
from seamguard.seams import shape_of
from seamguard.seams._generics import bound_hints

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from seamguard.scaffold._resolve import LogicTarget

__all__ = ["DRAFT_2020_12", "SeamSchemas", "schemas_for"]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class SeamSchemas:
    """The input and output schema of a seam's first version, and what was guessed."""

    input: dict[str, Any]
    output: dict[str, Any]
    notes: tuple[str, ...] = ()
    """What could not be derived (an unannotated parameter with no OpenAPI counterpart)."""
    output_model: type | None = None
    """The route's response model the output schema came from, when the return annotation
    did not say (``Any``, none, an ORM class): the binding's ``output-model``."""


def schemas_for(
    target: LogicTarget,
    *,
    seam: str,
    operations: list[Mapping[str, Any]],
    components: Mapping[str, Any],
    provided: frozenset[str] = frozenset(),
    responses: Sequence[Any] = (),
    may_be_none: bool = False,
    wrapped: bool = False,
) -> SeamSchemas:
    """The input and output schemas of ``target`` (Draft 2020-12, ``$defs`` local).

    Args:
        target: the logic callable.
        seam: the seam name, for the titles.
        operations: the OpenAPI operations of the seam's routes (for what annotations miss).
        components: the OpenAPI document's ``components`` (to inline what they reference).
        provided: parameters a binding's ``provide`` gives (a session): not in the input.
        responses: the response models of the seam's routes (``_outputs``).
        may_be_none: the logic may return ``None`` though its annotation does not say so.
        wrapped: the routes wrap the logic's items in their answer (``{"notes": [...]}``),
            so the documented 2xx body is not the logic's output.
    """
    notes: list[str] = []
    shape = shape_of(
        target.function,
        skip_first=target.kind in ("method", "classmethod"),
        provided=provided,
        owner=target.owner,
    )
    fallback = _OpenAPI(operations, components)
    if shape.single is not None:
        document = _schema(shape.hints[shape.single], "validation")
        if document is None:
            document = fallback.body() or {}
            notes.append(f"{seam}: pydantic cannot describe the type of '{shape.single}'")
    else:
        document = _parameters_schema(shape, fallback, seam=seam, notes=notes)
    narrow_value_objects(document, shape.hints, shape.single, fallback.parameter, _narrowed)
    output = output_schema(
        _return_annotation(target.function, target.owner),
        responses=list(responses),
        documented=None if wrapped else fallback.response(),
        describe=lambda kind: _schema(kind, "serialization"),
        seam=seam,
        may_be_none=may_be_none,
    )
    return SeamSchemas(
        input=_finish(document, f"{seam} input"),
        output=_finish(output.schema, f"{seam} output"),
        notes=(*notes, *output.notes),
        output_model=output.model,
    )


def _parameters_schema(
    shape: Any, fallback: _OpenAPI, *, seam: str, notes: list[str]
) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    adapters: list[tuple[str, Any]] = []
    open_ended = False
    for name, parameter in shape.signature.parameters.items():
        if name in shape.provided:
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            open_ended = True
            continue
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            annotation = shape.hints.get(name)
            adapters.append((name, list[annotation] if annotation is not None else list))  # type: ignore[valid-type]
        elif name in shape.hints:
            adapters.append((name, shape.hints[name]))
        else:
            found = fallback.parameter(name)
            if found is None:
                notes.append(
                    f"{seam}: parameter '{name}' has no annotation; its schema admits anything"
                )
            properties[name] = found or {}
        if parameter.default is inspect.Parameter.empty and parameter.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
        ):
            required.append(name)
    built, defs = _schemas_together(adapters, seam=seam, notes=notes)
    for name, schema in built.items():
        properties[name] = _narrowed(schema, fallback.parameter(name))
    for name, parameter in shape.signature.parameters.items():
        if name in properties and parameter.default is not inspect.Parameter.empty:
            try:
                default = to_jsonable_python(parameter.default)
                json.dumps(default, allow_nan=False)
            except (PydanticSerializationError, TypeError, ValueError):
                continue
            properties[name] = {**properties[name], "default": default}
    ordered = {name: properties[name] for name in shape.signature.parameters if name in properties}
    document: dict[str, Any] = {"type": "object", "properties": ordered}
    if required:
        document["required"] = required
    document["additionalProperties"] = open_ended
    if defs:
        document["$defs"] = defs
    return document


def _schemas_together(
    adapters: list[tuple[str, Any]], *, seam: str, notes: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each parameter's schema, with one shared ``$defs`` (pydantic's ``json_schemas``)."""
    built: list[tuple[str, TypeAdapter[Any]]] = []
    schemas: dict[str, Any] = {}
    for name, annotation in adapters:
        adapter = _adapter(annotation)
        if adapter is None:
            notes.append(f"{seam}: pydantic cannot describe the type of '{name}'")
            schemas[name] = {}
        else:
            built.append((name, adapter))
    if not built:
        return schemas, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a default pydantic cannot show as JSON: left out
        key_map, top = TypeAdapter.json_schemas([(name, "validation", a) for name, a in built])
    for (name, _mode), schema in key_map.items():
        schemas[str(name)] = dict(schema)
    return schemas, dict(top.get("$defs", {}))


_BARE = frozenset({"type", "title", "description", "default"})
_BOUNDS = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "enum",
    }
)


def _narrowed(schema: dict[str, Any], api: dict[str, Any] | None) -> dict[str, Any]:
    """A bare ``int``/``str``/``float`` parameter takes the bounds the route declares for the
    same name (``Query(ge=0)``, ``Path(le=...)``, a body field's limits): the API hands the
    logic nothing outside them, and the logic's annotation says no more than the type."""
    if api is None or not set(schema) <= _BARE or schema.get("type") not in _SCALARS:
        return schema
    if api.get("type") != schema["type"] or not (set(api) & _BOUNDS):
        return schema
    narrowed = {k: v for k, v in api.items() if k in _BOUNDS or k == "type"}
    return {**schema, **narrowed}


_SCALARS = ("integer", "number", "string")


def _adapter(annotation: Any) -> TypeAdapter[Any] | None:
    try:
        return TypeAdapter(annotation)
    except (PydanticSchemaGenerationError, PydanticUserError, TypeError):
        pass
    if typing.is_typeddict(annotation):
        # pydantic refuses typing.TypedDict before Python 3.12; the same keys as a
        # typing_extensions.TypedDict (pydantic's own dependency) describe it.
        try:
            return TypeAdapter(_extensions_typeddict(annotation))
        except (PydanticSchemaGenerationError, PydanticUserError, TypeError):
            return None
    return None


def _extensions_typeddict(annotation: Any) -> Any:
    hints = typing.get_type_hints(annotation, include_extras=True)
    required = getattr(annotation, "__required_keys__", frozenset(hints))
    fields = {
        key: (Required[hint] if key in required else NotRequired[hint])
        for key, hint in hints.items()
    }
    made = TypedDict(annotation.__name__, fields)  # type: ignore[misc]
    made.__doc__ = annotation.__doc__
    return made


def _schema(annotation: Any, mode: Any) -> dict[str, Any] | None:
    adapter = _adapter(annotation)
    if adapter is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return dict(adapter.json_schema(mode=mode))
    except (PydanticSchemaGenerationError, PydanticUserError, TypeError):
        return None


def _return_annotation(function: Any, owner: Any = None) -> Any:
    try:
        hints = bound_hints(function, owner)
    except Exception:
        return inspect.Parameter.empty
    return hints.get("return", inspect.Parameter.empty)


def _finish(schema: dict[str, Any], title: str) -> dict[str, Any]:
    """``$schema`` first, a title, ``$defs`` last."""
    document: dict[str, Any] = {"$schema": DRAFT_2020_12}
    if "title" not in schema:
        document["title"] = title
    defs = schema.pop("$defs", None)
    document.update(schema)
    if defs:
        document["$defs"] = defs
    return document


class _OpenAPI:
    """What the route's OpenAPI operations say, for what the annotations do not."""

    def __init__(self, operations: list[Mapping[str, Any]], components: Mapping[str, Any]) -> None:
        self.operations = operations
        self.components = components

    def _inline(self, schema: Any, depth: int = 0) -> Any:
        """Replace ``#/components/schemas/X`` references by their targets (the contract's
        ``$ref`` s must stay inside the contracts tree)."""
        if depth > 20:
            return {}
        if isinstance(schema, dict):
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rpartition("/")[2]
                target = self.components.get("schemas", {}).get(name, {})
                rest = {k: v for k, v in schema.items() if k != "$ref"}
                return {**self._inline(target, depth + 1), **self._inline(rest, depth + 1)}
            return {k: self._inline(v, depth + 1) for k, v in schema.items()}
        if isinstance(schema, list):
            return [self._inline(v, depth + 1) for v in schema]
        return schema

    def body(self) -> dict[str, Any] | None:
        for operation in self.operations:
            content = operation.get("requestBody", {}).get("content", {})
            for media, item in content.items():
                if "json" in media and isinstance(item.get("schema"), dict):
                    return dict(self._inline(item["schema"]))
        return None

    def parameter(self, name: str) -> dict[str, Any] | None:
        for operation in self.operations:
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == name and isinstance(parameter.get("schema"), dict):
                    return dict(self._inline(parameter["schema"]))
        body = self.body()
        if body is not None:
            found = body.get("properties", {}).get(name)
            if isinstance(found, dict):
                return dict(found)
        return None

    def response(self) -> dict[str, Any] | None:
        for operation in self.operations:
            for status, answer in sorted(operation.get("responses", {}).items()):
                if not str(status).startswith("2"):
                    continue
                if str(status) == "204":
                    return {"type": "null"}
                for media, item in (answer.get("content") or {}).items():
                    if "json" in media and isinstance(item.get("schema"), dict):
                        return dict(self._inline(item["schema"]))
        return None
