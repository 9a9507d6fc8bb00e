"""The seam as a Python call: each argument judged against the logic's annotation for it.

In JSON a uuid string and a ``UUID`` are the same document; at the seam they are not (the
logic compares ``kind is Kind.DEBIT``, the database binds a ``UUID`` column). So each argument
a recorded call hands the logic is judged against its parameter's annotation as well as in
JSON form against the contract: :func:`parameter_types` compiles the checker of a logic
callable once, when its seam is bound, and :meth:`ParameterTypes.mismatches` names every
argument of a call whose Python type its annotation refuses.

Library: beartype. Weighed against typeguard's ``check_type`` and pydantic's strict
``TypeAdapter`` on the crossing (``benchmarks/bench_pytypes.py``): pydantic's strict mode
raises false alarms where Python's typing says the value is fine (a ``datetime`` for a
``date``, ``True`` for an ``int``, a model subclass) and lets a dict through for a model;
typeguard judges as typing does but costs about 7 µs an argument; beartype judges as typing
does and, compiled once, costs a fraction of a µs for a whole call. The checker is one
function with the logic's parameters (a ``def`` made from its signature, as ``dataclasses``
makes ``__init__``) annotated with the hints judged and decorated by ``beartype``: a call is
one check of every argument, bound by name or position the way Python binds the logic's
own. On a refusal, each argument is judged on its own with ``beartype.door.is_bearable`` to
word every mismatch. ``is_pep484_tower`` lets an ``int`` stand for a ``float``, as PEP 484
says; ``is_random=False`` judges a container by its first item, the same every run (a list
whose items are all of a wrong type, an API that converted none of them, is always caught).

A dataclass argument (a command, a value object) is judged field by field too, nested ones
down to :data:`_DEPTH`: its JSON form is the same whether ``command.priority`` holds
``Priority.HIGH`` or the raw ``2`` the route forgot to convert (worded ``'command.priority'``).
Only an argument or field whose annotation names a dataclass is opened (not one in a
container, a pydantic model, which validated its fields, nor an ORM row).

Judged by JSON form only: unannotated parameters, ``Any`` (and whatever else beartype
ignores), provided parameters, pydantic's marker classes (``EmailStr``, ``AwareDatetime``:
pydantic makes a ``str``, a ``datetime`` of them, not an instance), annotations that do not
resolve (a forward reference to a name the module does not define at run time) and
annotations beartype cannot check (a ``Protocol`` that is not ``runtime_checkable``). When in
doubt, an argument passes.
"""

from __future__ import annotations

import dataclasses
import inspect
import keyword
import sys
import types
import typing
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from beartype import BeartypeConf, beartype
from beartype.door import TypeHint, is_bearable
from beartype.roar import BeartypeWarning
from pydantic import BaseModel

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["ParameterTypes", "describe", "field_words", "handed", "parameter_types"]

_CONF = BeartypeConf(is_pep484_tower=True, is_random=False)
"""An ``int`` satisfies ``float`` (and ``complex``), as PEP 484 says and every API passes; a
container is judged by its first item, never a random one (the same verdict every run)."""

_P = inspect.Parameter

_DEPTH = 3
"""How deep nested dataclass fields are judged (``command.todo.title.value`` is three)."""


@dataclass(frozen=True, slots=True)
class _Judged:
    """One parameter's annotation, as the words of a refusal need it."""

    name: str
    """The parameter's name as the failure words it (``*ids`` for a variadic one)."""
    hint: Any
    """The resolved annotation."""
    label: str
    """The annotation in words (:func:`describe`)."""
    opens: bool = False
    """The annotation names a dataclass, whose fields are judged as well."""

    def refused(self, value: Any, name: str = "") -> str:
        """What is wrong when the annotation refuses ``value`` (handed as ``name``, for a
        value of ``**kwargs``); ``""`` when it holds."""
        try:
            if is_bearable(value, self.hint, conf=_CONF):
                return ""
        except Exception:  # a checker that cannot decide: in doubt, pass
            return ""
        return f"parameter '{name or self.name}' is annotated {self.label}, handed {handed(value)}"


@dataclass(frozen=True, slots=True)
class ParameterTypes:
    """The compiled checker of one logic callable's parameters."""

    probe: Callable[..., object]
    """The logic's signature, annotated with the hints judged, checked by beartype: called
    with a call's arguments, it raises on the first refused one."""
    positional: tuple[_Judged | None, ...]
    """By position (``self``/``cls`` left out); ``None`` for one judged by JSON only."""
    by_name: Mapping[str, _Judged | None]
    """Every parameter that can be passed by name; ``None`` for one judged by JSON only."""
    skip_first: bool
    """Whether a call's first argument is ``self``/``cls``."""
    var_positional: _Judged | None = None
    """The annotation of each item of ``*args``."""
    var_keyword: _Judged | None = None
    """The annotation of each value of ``**kwargs``."""
    nested: bool = False
    """Whether an annotation judged names a dataclass, whose fields are judged as well."""

    def mismatches(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[str, ...]:
        """One line per argument of the call whose Python type its annotation refuses
        (parameter, annotated type, handed type; never a value), in call order. The call is
        one that binds to the logic's signature."""
        try:
            self.probe(*args, **kwargs)
        except Exception:  # a refusal (or no verdict): judge and word each argument
            return self._words(args, kwargs)
        if not self.nested:
            return ()
        return tuple(self._fields(args, kwargs, passed=True))

    def _fields(
        self, args: tuple[Any, ...], kwargs: Mapping[str, Any], passed: bool = False
    ) -> list[str]:
        """The refused fields of the dataclass arguments whose own annotation holds (all of
        them hold when the call ``passed``)."""
        found: list[str] = []
        call_args = args[1:] if self.skip_first else args
        pairs = [*zip(self.positional, call_args, strict=False)]
        pairs += [(self.by_name.get(name), value) for name, value in kwargs.items()]
        for judged, value in pairs:
            if judged is None or not judged.opens or not _is_instance(value):
                continue
            if passed or not judged.refused(value):
                try:
                    found.extend(field_words(value, judged.name))
                except Exception:  # a field that cannot be read: in doubt, pass
                    continue
        return found

    def _words(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[str, ...]:
        """:meth:`mismatches`, argument by argument, worded (the path of a refusal)."""
        found: list[str] = self._fields(args, kwargs) if self.nested else []
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
    """The compiled checker of ``function``'s parameters; ``None`` when none is judged (no
    parameter has an annotation beartype checks), so a call costs nothing more.

    Args:
        function: the plain function (for a method: the function on the class).
        skip_first: a call's first argument is ``self``/``cls``: not judged.
        provided: parameters the binding provides (a database session): not judged.
    """
    try:
        everyone = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    parameters = everyone[1:] if skip_first else everyone
    hints = _resolved(function)
    with warnings.catch_warnings():
        # beartype's words about the service's own hints (typing.List is deprecated by PEP
        # 585) are not seamguard's to print, nor to fail a run under -W error.
        warnings.simplefilter("ignore", BeartypeWarning)
        judged: dict[str, _Judged | None] = {
            p.name: None if p.name in provided else _judged(p, hints.get(p.name, _P.empty))
            for p in parameters
        }
        if not any(judged.values()):
            return None
        probe = _probe(everyone, {n: j.hint for n, j in judged.items() if j is not None})
    if probe is None:
        return None
    variadic = {
        p.kind: judged[p.name] for p in parameters if p.kind in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD)
    }
    return ParameterTypes(
        probe=probe,
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
        nested=any(j.opens for j in judged.values() if j is not None),
    )


@dataclass(frozen=True, slots=True)
class _Fields:
    """The compiled checker of one dataclass's annotated fields."""

    probe: Callable[..., object] | None
    """A keyword-only parameter per judged field, beartype-checked (``None``: none judged)."""
    judged: tuple[_Judged, ...]
    opens: tuple[str, ...]
    """The fields whose annotation names a dataclass, opened in turn."""


_FIELDS: dict[type, _Fields] = {}  # each dataclass's, compiled when one first crosses


def _is_instance(value: Any) -> bool:
    """A dataclass instance that is no ORM row (reading a row's fields may load them)."""
    row = hasattr(value, "_sa_instance_state")
    return dataclasses.is_dataclass(value) and not isinstance(value, type) and not row


def _names_dataclass(hint: Any) -> bool:
    """Whether ``hint`` names a dataclass (``Command``, ``Command | None``, not ``list``)."""
    if isinstance(hint, type):
        return dataclasses.is_dataclass(hint)
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType or origin is typing.Annotated:
        return any(_names_dataclass(arg) for arg in typing.get_args(hint))
    return False


def _fields_of(kind: type) -> _Fields:
    """The checker of ``kind``'s fields, compiled once."""
    if kind in _FIELDS:
        return _FIELDS[kind]
    raw = {
        n: a for k in reversed(kind.__mro__) for n, a in vars(k).get("__annotations__", {}).items()
    }
    hints = _resolved(kind, raw, getattr(sys.modules.get(kind.__module__), "__dict__", {}))
    names = [f.name for f in dataclasses.fields(kind) if f.name in hints]
    parameters = [_P(name, _P.KEYWORD_ONLY) for name in names]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BeartypeWarning)
        judged = [j for p in parameters if (j := _judged(p, hints[p.name])) is not None]
        kept = [p for p in parameters if any(j.name == p.name for j in judged)]
        probe = _probe(kept, {j.name: j.hint for j in judged}) if judged else None
    opens = tuple(name for name in names if _names_dataclass(hints[name]))
    _FIELDS[kind] = _Fields(probe, tuple(judged) if probe else (), opens)
    return _FIELDS[kind]


def field_words(value: Any, where: str, depth: int = 1) -> list[str]:
    """One line per field of the dataclass instance ``value`` (handed as ``where``) whose
    annotation refuses what it holds, nested dataclasses included down to :data:`_DEPTH`."""
    fields = _fields_of(type(value))
    found: list[str] = []
    if fields.probe is not None:
        held = {j.name: getattr(value, j.name) for j in fields.judged}
        try:
            fields.probe(**held)
        except Exception:  # a refusal: word each field
            for judged in fields.judged:
                if wrong := judged.refused(held[judged.name], f"{where}.{judged.name}"):
                    found.append(wrong)
    if depth < _DEPTH:
        for name in fields.opens:
            inner = getattr(value, name)
            if _is_instance(inner) and not any(f"'{where}.{name}'" in w for w in found):
                found.extend(field_words(inner, f"{where}.{name}", depth + 1))
    return found


def _resolved(
    owner: Any, raw: Mapping[str, Any] | None = None, namespace: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The annotations of a function's parameters (or a dataclass's fields: ``raw``, in the
    class's module ``namespace``), resolved once (string annotations and ``from __future__
    import annotations`` too) with the function's globals; one whose annotation does not
    resolve is left out (judged by JSON only), the others kept."""
    try:
        return typing.get_type_hints(owner, include_extras=True)
    except Exception:  # one bad annotation: resolve the others one by one
        pass
    if raw is None:
        raw = getattr(owner, "__annotations__", None) or {}
        namespace = getattr(inspect.unwrap(owner), "__globals__", {})
    resolved: dict[str, Any] = {}
    for name, annotation in raw.items():
        holder = types.SimpleNamespace(__annotations__={name: annotation})
        try:
            resolved.update(
                typing.get_type_hints(holder, globalns=dict(namespace or {}), include_extras=True)
            )
        except Exception:  # unresolvable: that parameter by JSON only
            continue
    return resolved


def _judged(parameter: inspect.Parameter, hint: Any) -> _Judged | None:
    """One parameter's annotation, when it is judged; ``None`` for JSON only: none, one that
    did not resolve, one beartype ignores (``Any``, ``object``) or cannot check."""
    if hint is _P.empty or isinstance(hint, (str, typing.ForwardRef)) or _pydantic_marker(hint):
        return None
    try:
        if TypeHint(hint).is_ignorable:  # Any, object, Annotated[Any, ...]
            return None
        if _probe([parameter.replace(default=_P.empty)], {parameter.name: hint}) is None:
            return None
        is_bearable(None, hint, conf=_CONF)  # compiles the checker the words of a refusal use
    except Exception:  # a hint beartype cannot check: JSON only
        return None
    name = f"*{parameter.name}" if parameter.kind is _P.VAR_POSITIONAL else parameter.name
    return _Judged(name, hint, describe(hint), _names_dataclass(hint))


def _pydantic_marker(hint: Any) -> bool:
    """Whether ``hint`` holds a class pydantic validates into values that are not its
    instances (``EmailStr`` and ``NameEmail`` give a ``str``, ``AwareDatetime`` a
    ``datetime``, ``PastDate`` a ``date``): a marker for pydantic, not a type of the value, so
    the parameter is judged by JSON only. Found by the hook such classes define
    (``__get_pydantic_core_schema__``) on a class that is no pydantic model; a class whose
    instances pydantic does make (``HttpUrl``, ``SecretStr``) is left to JSON too: in doubt,
    pass."""
    if isinstance(hint, type):
        return hasattr(hint, "__get_pydantic_core_schema__") and not issubclass(hint, BaseModel)
    return any(_pydantic_marker(arg) for arg in typing.get_args(hint))


def _probe(
    parameters: list[inspect.Parameter], hints: dict[str, Any]
) -> Callable[..., object] | None:
    """A function with ``parameters`` (their kinds; a default of ``None`` where they have
    one, which beartype never judges) annotated with ``hints``, decorated by beartype;
    ``None`` when a name is no identifier or beartype refuses a hint."""
    if not all(p.name.isidentifier() and not keyword.iskeyword(p.name) for p in parameters):
        return None
    plain = [
        p.replace(annotation=_P.empty, default=None if p.default is not _P.empty else _P.empty)
        for p in parameters
    ]
    source = f"def probe{inspect.Signature(plain)}:\n    return None\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # made of the signature's names only, checked above
    probe = namespace["probe"]
    probe.__annotations__ = dict(hints)
    try:
        return beartype(conf=_CONF)(probe)  # type: ignore[no-any-return]
    except Exception:  # a hint beartype cannot check
        return None


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
