"""Annotations of a method inherited from a generic base, read as the subclass binds them.

The generic CRUD base of full-stack backends (``class CRUDBase(Generic[ModelType,
CreateSchemaType, UpdateSchemaType])``, ``def create(self, session, *, obj_in:
CreateSchemaType) -> ModelType``, ``class CRUDEntry(CRUDBase[Entry, EntryCreate,
EntryUpdate])``) annotates with type variables: read on the base they are their bounds
(``SQLModel``, a model with no fields). Bound on ``CRUDEntry``, ``obj_in`` is an
``EntryCreate`` and the result an ``Entry``. The standard library does the work: each class's
``__orig_bases__`` (PEP 560) pairs its generic bases' ``__parameters__`` with the arguments
it gave them, and a generic alias is subscripted with what its variables stand for.
"""

from __future__ import annotations

import typing
from typing import Any, TypeVar

__all__ = ["bound_hints", "type_arguments"]


def type_arguments(owner: Any) -> dict[Any, Any]:
    """What each type variable of ``owner``'s generic bases stands for in ``owner``
    (``{CreateSchemaType: EntryCreate, ...}``); empty for a class with no generic base."""
    found: dict[Any, Any] = {}
    for klass in getattr(owner, "__mro__", ()):
        for base in vars(klass).get("__orig_bases__", ()):
            origin = typing.get_origin(base)
            parameters = getattr(origin, "__parameters__", ())
            for parameter, argument in zip(parameters, typing.get_args(base), strict=False):
                if isinstance(argument, TypeVar):
                    argument = found.get(argument, argument)
                found.setdefault(parameter, argument)
    return {p: a for p, a in found.items() if not isinstance(a, TypeVar)}


def _substitute(annotation: Any, arguments: dict[Any, Any]) -> Any:
    if isinstance(annotation, TypeVar):
        return arguments.get(annotation, annotation)
    parameters = getattr(annotation, "__parameters__", None)
    if not isinstance(parameters, tuple) or not any(p in arguments for p in parameters):
        return annotation
    try:
        return annotation[tuple(arguments.get(p, p) for p in parameters)]
    except TypeError:  # not subscriptable after all: read it as written
        return annotation


def bound_hints(function: Any, owner: Any = None) -> dict[str, Any]:
    """``typing.get_type_hints(function, include_extras=True)``, each type variable replaced
    by what ``owner`` (the class the method is bound on) binds it to.

    Raises:
        Exception: what ``typing.get_type_hints`` raises for hints it cannot resolve.
    """
    hints = typing.get_type_hints(function, include_extras=True)
    arguments = type_arguments(owner) if owner is not None else {}
    if not arguments:
        return hints
    return {name: _substitute(hint, arguments) for name, hint in hints.items()}
