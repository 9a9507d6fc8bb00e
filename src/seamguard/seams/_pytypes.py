"""The seam as a Python call: each argument judged against the logic's annotation for it.

In JSON a uuid string and a ``UUID`` are the same document; at the seam they are not (the
logic compares ``kind is Kind.DEBIT``, the database binds a ``UUID`` column). So each argument
a recorded call hands the logic is judged against its parameter's annotation as well as in
JSON form against the contract: :func:`parameter_types` compiles one checker per parameter
when the seam is bound, and :meth:`ParameterTypes.mismatches` names every argument of a call
whose Python type its annotation refuses.

Library: beartype (``beartype(conf=...)`` on a one-parameter probe per annotation, compiled
once). Weighed against typeguard's ``check_type`` and pydantic's strict ``TypeAdapter`` on the
crossing (``benchmarks/bench_pytypes.py``): beartype is the fastest (well under 1 µs an
argument; typeguard about 2.5 µs, and pydantic's strict mode copies lists) and follows
Python's typing where pydantic's strict mode raises false alarms (a ``datetime`` for a
``date``, ``True`` for an ``int``, a model subclass, a class it cannot build a schema for).
``is_pep484_tower`` lets an ``int`` stand for a ``float``, as PEP 484 says. beartype checks
one item of a container per call, chosen at random: a list whose items are all of a wrong
type (an API that converted none of them) is always caught.

Judged by JSON form only: unannotated parameters, ``Any`` (and whatever else beartype
ignores), provided parameters, annotations that do not resolve (a forward reference to a
name the module does not define at run time) and annotations beartype cannot check (a
``Protocol`` that is not ``runtime_checkable``). When in doubt, an argument passes.
"""

from __future__ import annotations

import inspect
import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from beartype import BeartypeConf, beartype
from beartype.door import TypeHint
from beartype.roar import BeartypeCallHintViolation

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["ParameterTypes", "describe", "handed", "parameter_types"]

_CONF = BeartypeConf(is_pep484_tower=True)
"""An ``int`` satisfies ``float`` (and ``complex``), as PEP 484 says and every API passes."""

_P = inspect.Parameter


@dataclass(frozen=True, slots=True)
class _Judged:
    """One parameter's compiled checker."""

    name: str
    """The parameter's name as the failure words it (``*ids`` for a variadic one)."""
    label: str
    """The annotation in words (:func:`describe`)."""
    probe: Callable[[Any], object]
    """A one-parameter function beartype checks: raises a violation on a refused value."""

    def refused(self, value: Any, name: str = "") -> str:
        """What is wrong when the annotation refuses ``value`` (handed as ``name``, for a
        value of ``**kwargs``); ``""`` when it holds."""
        try:
            self.probe(value)
        except BeartypeCallHintViolation:
            return (
                f"parameter '{name or self.name}' is annotated {self.label}, handed {handed(value)}"
            )
        except Exception:  # a checker that cannot decide: in doubt, pass
            return ""
        return ""


@dataclass(frozen=True, slots=True)
class ParameterTypes:
    """The compiled checkers of one logic callable's parameters."""

    positional: tuple[_Judged | None, ...]
    """By position (``self``/``cls`` left out); ``None`` for one judged by JSON only."""
    by_name: Mapping[str, _Judged | None]
    """Every parameter that can be passed by name; ``None`` for one judged by JSON only."""
    skip_first: bool
    """Whether a call's first argument is ``self``/``cls``."""
    var_positional: _Judged | None = None
    """The checker of each item of ``*args``."""
    var_keyword: _Judged | None = None
    """The checker of each value of ``**kwargs``."""

    def mismatches(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[str, ...]:
        """One line per argument of the call whose Python type its annotation refuses
        (parameter, annotated type, handed type; never a value), in call order."""
        found: list[str] = []
        call_args = args[1:] if self.skip_first else args
        for judged, value in zip(self.positional, call_args, strict=False):
            if judged is not None and (wrong := judged.refused(value)):
                found.append(wrong)
        rest = self.var_positional
        if rest is not None and len(call_args) > len(self.positional):
            wrong = next(filter(None, map(rest.refused, call_args[len(self.positional) :])), "")
            if wrong:
                found.append(wrong)
        for name, value in kwargs.items():
            judged = self.by_name.get(name, self.var_keyword)
            if judged is not None and (wrong := judged.refused(value, name)):
                found.append(wrong)
        return tuple(found)


def parameter_types(
    function: Callable[..., Any], *, skip_first: bool, provided: frozenset[str] = frozenset()
) -> ParameterTypes | None:
    """The compiled checkers of ``function``'s parameters; ``None`` when none is judged (no
    parameter has an annotation beartype checks), so a call costs nothing more.

    Args:
        function: the plain function (for a method: the function on the class).
        skip_first: a call's first argument is ``self``/``cls``: not judged.
        provided: parameters the binding provides (a database session): not judged.
    """
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    if skip_first:
        parameters = parameters[1:]
    hints = _resolved(function)
    judged: dict[str, _Judged | None] = {
        p.name: None if p.name in provided else _compiled(p, hints.get(p.name, _P.empty))
        for p in parameters
    }
    if not any(judged.values()):
        return None
    variadic = {
        p.kind: judged[p.name] for p in parameters if p.kind in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD)
    }
    return ParameterTypes(
        positional=tuple(
            judged[p.name]
            for p in parameters
            if p.kind in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)
        ),
        by_name={
            p.name: judged[p.name]
            for p in parameters
            if p.kind in (_P.POSITIONAL_OR_KEYWORD, _P.KEYWORD_ONLY)
        },
        skip_first=skip_first,
        var_positional=variadic.get(_P.VAR_POSITIONAL),
        var_keyword=variadic.get(_P.VAR_KEYWORD),
    )


def _resolved(function: Callable[..., Any]) -> dict[str, Any]:
    """The parameters' annotations, resolved once (string annotations and ``from __future__
    import annotations`` too) with the function's globals; a parameter whose annotation does
    not resolve is left out (judged by JSON only), the others kept."""
    try:
        return typing.get_type_hints(function, include_extras=True)
    except Exception:  # one bad annotation: resolve the others one by one
        pass
    raw = getattr(function, "__annotations__", None) or {}
    namespace = getattr(inspect.unwrap(function), "__globals__", {})
    resolved: dict[str, Any] = {}
    for name, annotation in raw.items():
        holder = types.SimpleNamespace(__annotations__={name: annotation})
        try:
            resolved.update(typing.get_type_hints(holder, globalns=namespace, include_extras=True))
        except Exception:  # unresolvable: that parameter by JSON only
            continue
    return resolved


def _compiled(parameter: inspect.Parameter, hint: Any) -> _Judged | None:
    """The checker of one parameter; ``None`` when it is judged by JSON only."""
    if hint is _P.empty or isinstance(hint, (str, typing.ForwardRef)):
        return None
    try:
        if TypeHint(hint).is_ignorable:  # Any, object, Annotated[Any, ...]
            return None

        def probe(value: Any) -> None:
            """Checked by beartype against the parameter's annotation."""

        probe.__annotations__ = {"value": hint, "return": None}
        checker = beartype(conf=_CONF)(probe)
    except Exception:  # a hint beartype cannot check: JSON only
        return None
    name = parameter.name
    if parameter.kind is _P.VAR_POSITIONAL:
        name = f"*{name}"
    return _Judged(name, describe(hint), checker)


def describe(hint: Any) -> str:
    """An annotation in short words: ``UUID``, ``list[UUID]``, ``Kind | None``."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        return describe(args[0])
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(describe(a) for a in args)
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(a) for a in args)}]"
    if hint is None or hint is type(None):
        return "None"
    if hint is Ellipsis:
        return "..."
    if isinstance(hint, list):  # Callable's parameters
        return f"[{', '.join(describe(a) for a in hint)}]"
    if origin is not None:
        name = getattr(origin, "__name__", None) or repr(origin).replace("typing.", "")
        return f"{name}[{', '.join(describe(a) for a in args)}]" if args else name
    name = getattr(hint, "__name__", None)
    return name if isinstance(name, str) else repr(hint).replace("typing.", "")


def handed(value: Any, depth: int = 0) -> str:
    """The type of a handed value in short words, a container's items' types one level down
    (``str``, ``list[str]``, ``dict[str, int | str]``): types only, never a value."""
    kind = type(value)
    name = kind.__name__
    if depth > 0 or not isinstance(value, (list, tuple, set, frozenset, dict)) or not value:
        return name
    if isinstance(value, dict):
        keys = " | ".join(sorted({handed(k, depth + 1) for k in value}))
        items = " | ".join(sorted({handed(v, depth + 1) for v in value.values()}))
        return f"{name}[{keys}, {items}]"
    return f"{name}[{' | '.join(sorted({handed(item, depth + 1) for item in value}))}]"
