"""The class of an attribute a class sets on ``self`` in ``__init__``, read from its source.

A composition root holds its parts as plain attributes (``self.users = UserFactory(
session=session)``), which neither the class's annotations nor ``inspect.getattr_static``
name; a route reaches its logic through them (``ctx.factory.users.create_use_case()
.execute(...)``). :func:`assigned_class` reads ``__init__`` with :mod:`ast` for the class of
what it assigns to ``self.<attribute>``: a class called there, a function annotated to
return one, an annotated assignment (``self.repo: Repo = ...``) or a parameter handed on as
it is (``self.session = session`` of ``session: Session``). Nothing is run.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from seamguard.scaffold._source import hints_of, namespace_of, parse_function, plain_class

__all__ = ["assigned_class"]


def assigned_class(owner: type, attribute: str) -> type | None:
    """The class of what ``owner.__init__`` (or a base's) assigns to ``self.<attribute>``;
    ``None`` when it cannot tell (assigned twice differently, or from something unknown)."""
    for klass in owner.__mro__:
        init = vars(klass).get("__init__")
        if not inspect.isfunction(init):
            continue
        found = _assigned_in(init, attribute)
        if found is not None:
            return found
    return None


def _assigned_in(init: Any, attribute: str) -> type | None:
    tree = parse_function(init)
    if tree is None or not tree.args.args:
        return None
    me = tree.args.args[0].arg  # `self`
    namespace = namespace_of(init)
    hints = hints_of(init)
    found: set[type] = set()
    value: ast.expr | None
    annotation: ast.expr | None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value, annotation = node.targets[0], node.value, None
        elif isinstance(node, ast.AnnAssign):
            target, value, annotation = node.target, node.value, node.annotation
        else:
            continue
        if not (
            isinstance(target, ast.Attribute)
            and target.attr == attribute
            and isinstance(target.value, ast.Name)
            and target.value.id == me
        ):
            continue
        klass = _class_of(annotation, namespace) if annotation is not None else None
        if klass is None and value is not None:
            klass = _made_by(value, namespace, hints)
        if klass is None:
            return None  # assigned something it cannot tell: no guess
        found.add(klass)
    return found.pop() if len(found) == 1 else None


def _class_of(node: ast.expr, namespace: dict[str, Any]) -> type | None:
    """The class a name (``Repo``) or a module's attribute (``repos.Repo``) refers to."""
    if isinstance(node, ast.Name):
        value = namespace.get(node.id)
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        value = getattr(namespace.get(node.value.id), node.attr, None)
    else:
        return None
    return value if inspect.isclass(value) else None


def _made_by(value: ast.expr, namespace: dict[str, Any], hints: dict[str, Any]) -> type | None:
    """The class of what ``value`` makes: ``X(...)``, ``make_x(...) -> X``, or a parameter."""
    if isinstance(value, ast.Await):
        value = value.value
    if isinstance(value, ast.Name) and value.id in hints:
        klass, _ = plain_class(hints[value.id])
        return _telling(klass)
    if not isinstance(value, ast.Call):
        return None
    made: Any = None
    if isinstance(value.func, ast.Name):
        made = namespace.get(value.func.id)
    elif isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Name):
        made = getattr(namespace.get(value.func.value.id), value.func.attr, None)
    if inspect.isclass(made):
        return made
    if callable(made):
        klass, _ = plain_class(hints_of(made).get("return", inspect.Parameter.empty))
        return _telling(klass)
    return None


def _telling(klass: Any) -> type | None:
    """``klass`` when it is a class that tells something (not ``Any``, ``object``, none)."""
    if not inspect.isclass(klass) or klass in (object, Any, inspect.Parameter.empty):
        return None
    return klass
