"""JSON documents of a call: Python arguments to the input document and back, results to JSON.

Going out (recording), pydantic-core's ``to_jsonable_python`` gives the JSON form of pydantic
models, dataclasses, enums, dates (ISO 8601) and UUIDs. Coming in (calling the logic with a
generated document), each JSON value is converted by its parameter's annotation with a
pydantic ``TypeAdapter`` in lax mode: the conversions an API layer makes (``67.0`` to an
``int`` parameter, a uuid string to ``UUID``, a dict to a model). Both are pydantic's own
machinery; nothing here re-implements a conversion. A return value with no JSON form of its
own (an ORM object) is read through the seam's output model (:mod:`seamguard.seams._outputs`).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import (
    PydanticSchemaGenerationError,
    PydanticUserError,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticSerializationError, to_jsonable_python

from seamguard.seams._generics import bound_hints
from seamguard.seams._outputs import OutputForm, output_form

__all__ = ["CallShape", "ConversionError", "shape_of", "to_json", "unbound_reason"]


class ConversionError(ValueError):
    """A document value cannot become the Python value its parameter is annotated with."""

    def __init__(
        self,
        parameter: str,
        message: str,
        problems: tuple[tuple[tuple[str | int, ...], str], ...] = (),
    ) -> None:
        super().__init__(f"parameter '{parameter}': {message}")
        self.parameter = parameter
        self.problems = problems
        """pydantic's errors: each one's ``loc`` (in the value of ``parameter``) and ``msg``."""


def to_json(value: Any) -> Any:
    """The JSON form of a Python value (models, dataclasses, enums, dates, UUIDs, tuples).

    An object with no JSON form becomes ``"<Player object with no JSON form>"``: never its
    ``repr()``, whose memory address would change the failure's id from run to run.
    """
    try:
        return to_jsonable_python(value, fallback=_no_json_form)
    except (PydanticSerializationError, UnicodeDecodeError):
        # Bytes that are not UTF-8: show what they are, so the contract check fails on them
        # with a readable value instead of stopping the check's run.
        return repr(value)


def _no_json_form(value: Any) -> str:
    return f"<{type(value).__qualname__} object with no JSON form>"


def _is_document_type(annotation: Any) -> bool:
    """A pydantic model, dataclass, TypedDict or dict: the single-parameter document rule."""
    origin = typing.get_origin(annotation) or annotation
    if origin in (dict, Mapping) or typing.is_typeddict(annotation):
        return True
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return True
    return isinstance(annotation, type) and hasattr(annotation, "model_validate")


@dataclass(frozen=True, slots=True)
class CallShape:
    """How one logic callable's arguments map to its input document, both ways."""

    signature: inspect.Signature
    """The callable's signature, ``self``/``cls`` left out."""
    hints: Mapping[str, Any]
    """Resolved annotations by parameter name (missing: no conversion)."""
    single: str | None
    """The name of the one parameter that is the whole document, if the rule applies."""
    skip_first: bool
    """Whether the signature as called includes ``self``/``cls`` first."""
    provided: frozenset[str] = frozenset()
    """Parameters the binding provides (a database session): never in the document."""
    output: OutputForm = field(default_factory=OutputForm)
    """How a return value becomes the output document (through the output model)."""

    def output_document(self, result: Any) -> Any:
        """The output document of a call that returned ``result`` (:class:`OutputForm`)."""
        return self.output.document(result)

    def input_document(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """The input document of a call: arguments by name, defaults applied."""
        return self.recorded_input(args, kwargs)[0]

    def recorded_input(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, str]:
        """The input document of a call, and what is wrong with the call when its arguments
        do not bind to the signature (``""`` when they do).

        A call that does not bind is recorded as what was passed,
        ``{"args": [...], "kwargs": {...}}``, with the reason in words
        (:func:`unbound_reason`): the logic raises its own ``TypeError`` on it.
        """
        call_args = args[1:] if self.skip_first else args
        try:
            bound = self.signature.bind(*call_args, **kwargs)
        except TypeError as exc:
            passed = {"args": to_json(list(call_args)), "kwargs": to_json(kwargs)}
            return passed, unbound_reason(self.signature, call_args, kwargs, exc)
        bound.apply_defaults()
        if self.single is not None:
            return to_json(bound.arguments[self.single]), ""
        document: dict[str, Any] = {}
        for name, value in bound.arguments.items():
            if name in self.provided:
                continue
            kind = self.signature.parameters[name].kind
            if kind is inspect.Parameter.VAR_KEYWORD:
                document.update(to_json(value))
            elif kind is inspect.Parameter.VAR_POSITIONAL:
                document[name] = to_json(list(value))
            else:
                document[name] = to_json(value)
        return document, ""

    def arguments(self, document: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Python arguments for a call with ``document`` (a generated input document).

        Raises:
            ConversionError: a value does not convert to its parameter's annotation.
        """
        if self.single is not None:
            return (), {self.single: self._convert(self.single, document)}
        if not isinstance(document, Mapping):
            raise ConversionError("*", f"the input document must be an object, got {document!r}")
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for name, parameter in self.signature.parameters.items():
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                known = set(self.signature.parameters) | self.provided
                kwargs.update({k: v for k, v in document.items() if k not in known})
                continue
            if name not in document or name in self.provided:
                continue
            value = self._convert(name, document[name])
            if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
                args.append(value)
            elif parameter.kind is inspect.Parameter.VAR_POSITIONAL:
                args.extend(value)
            else:
                kwargs[name] = value
        return tuple(args), kwargs

    def _convert(self, name: str, value: Any) -> Any:
        annotation = self.hints.get(name)
        if annotation is None:
            return value
        return _convert(name, annotation, value)


_P = inspect.Parameter
_BY_NAME = (_P.POSITIONAL_OR_KEYWORD, _P.KEYWORD_ONLY)


def unbound_reason(
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
    error: TypeError,
) -> str:
    """Why ``args`` and ``kwargs`` do not bind to ``signature``, as the rest of the sentence
    "the API called the logic ...": ``with an argument it does not take: `due```,
    ``without the argument it needs: `title```, several joined by ", and".

    ``inspect.Signature.bind`` stops at the first problem and words it for Python's own
    use, so each kind of problem is counted here from the parameters; ``error`` (what
    ``bind`` raised) gives the words when none is found.
    """
    parameters = signature.parameters
    kinds = {p.kind for p in parameters.values()}
    positional = [
        p.name
        for p in parameters.values()
        if p.kind in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)
    ]
    given = set(positional[: len(args)])
    parts: list[str] = []
    if _P.VAR_KEYWORD not in kinds:
        extra = [k for k in kwargs if k not in parameters or parameters[k].kind not in _BY_NAME]
        if extra:
            takes = [p.name for p in parameters.values() if p.kind in _BY_NAME]
            parts.append(
                "with "
                + _named(extra, "an argument it does not take", "arguments it does not take")
                + (f" (it takes {_ticked(takes)})" if takes else "")
            )
    surplus = len(args) - len(positional)
    if surplus > 0 and _P.VAR_POSITIONAL not in kinds:
        parts.append(f"with {surplus} positional argument{'s' * (surplus > 1)} more than it takes")
    twice = [k for k in kwargs if k in given and parameters[k].kind in _BY_NAME]
    if twice:
        parts.append(
            "with "
            + _named(
                twice,
                "an argument given both by position and by name",
                "arguments given both by position and by name",
            )
        )
    missing = [
        p.name
        for p in parameters.values()
        if p.default is _P.empty
        and p.kind in (_P.POSITIONAL_ONLY, *_BY_NAME)
        and p.name not in given
        and (p.name not in kwargs or p.kind is _P.POSITIONAL_ONLY)
    ]
    if missing:
        parts.append(
            "without " + _named(missing, "the argument it needs", "the arguments it needs")
        )
    return ", and ".join(parts) or f"with arguments its signature does not bind ({error})"


def _named(names: list[str], one: str, many: str) -> str:
    """``one: `a``` for one name, ``many: `a`, `b``` for more."""
    return f"{one if len(names) == 1 else many}: {_ticked(names)}"


def _ticked(names: list[str]) -> str:
    """```a`, `b```."""
    return ", ".join(f"`{name}`" for name in names)


def _convert(name: str, annotation: Any, value: Any) -> Any:
    if typing.is_typeddict(annotation) and isinstance(value, Mapping):
        # pydantic refuses typing.TypedDict before Python 3.12; convert key by key instead.
        hints = typing.get_type_hints(annotation, include_extras=True)
        return {
            key: _convert(f"{name}.{key}", hints[key], item) if key in hints else item
            for key, item in value.items()
        }
    adapter = _adapter(annotation)
    if adapter is None:
        return value  # an annotation pydantic cannot build: pass the JSON value as it is
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors()
        )
        found = tuple((tuple(e["loc"]), str(e["msg"])) for e in exc.errors())
        raise ConversionError(name, f"{value!r} does not convert ({problems})", found) from None


@functools.lru_cache(maxsize=512)
def _cached_adapter(annotation: Any) -> TypeAdapter[Any] | None:
    return _build_adapter(annotation)


def _build_adapter(annotation: Any) -> TypeAdapter[Any] | None:
    try:
        return TypeAdapter(annotation)
    except (PydanticSchemaGenerationError, PydanticUserError):
        return None


def _adapter(annotation: Any) -> TypeAdapter[Any] | None:
    try:
        return _cached_adapter(annotation)
    except TypeError:  # an unhashable annotation (rare): build it each time
        return _build_adapter(annotation)


def shape_of(
    function: Callable[..., Any],
    *,
    skip_first: bool,
    provided: frozenset[str] = frozenset(),
    output_model: Any = None,
    owner: Any = None,
) -> CallShape:
    """The call shape of a logic callable.

    Args:
        function: the plain function (for a method: the function on the class).
        skip_first: leave the first parameter (``self`` or ``cls``) out of the document.
        provided: parameters the binding provides, left out of the document.
        output_model: the bound ``output-model``, imported (``None``: the return annotation's
            model, if any, reads a return value with no JSON form).
        owner: the class a method is bound on: a type variable of a generic base reads as
            what the class binds it to (``_generics``).

    Raises:
        ConfigError: pydantic cannot read ``output_model``.
    """
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    if skip_first and parameters:
        parameters = parameters[1:]
    signature = signature.replace(parameters=parameters)
    try:
        hints = bound_hints(function, owner)
    except Exception:  # unresolvable hints mean: pass JSON values as they are
        hints = {}
    returned = hints.pop("return", None)
    single = None
    described = [p for p in parameters if p.name not in provided]
    plain = [
        p
        for p in described
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if len(described) == 1 and len(plain) == 1 and _is_document_type(hints.get(plain[0].name)):
        single = plain[0].name
    return CallShape(
        signature=signature,
        hints=hints,
        single=single,
        skip_first=skip_first,
        provided=provided,
        output=output_form(output_model, returned),
    )
