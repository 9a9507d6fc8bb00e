"""What an endpoint does around the logic call it hands the request to, and what the logic's
own source shows: read with :mod:`ast`, nothing is run.

- whether the route tests the result for falsiness or ``None`` before raising
  (``if not note: raise HTTPException(404)``): the logic may return ``None``;
- whether the route wraps the result in its answer (``{"notes": crud.find(...)}``,
  ``Page(notes=[n async for n in use_case.execute()])``): the logic's output is the items,
  the response's field holds them;
- which ``Depends`` function fills each argument the route hands the logic
  (``crud.get(db_session=db, ...)`` with ``db: Session = Depends(get_db)``);
- whether the logic visibly returns ``None`` (``return None``, ``.first()``, ``.get(...)``,
  ``scalar_one_or_none()``), and which HTTP errors it raises itself (``HTTPException``).
"""

from __future__ import annotations

import ast
import inspect
import sys
from dataclasses import dataclass
from typing import Any

from seamguard.scaffold._source import (
    dependency_of,
    hints_of,
    is_none,
    namespace_of,
    parse_function,
    plain_class,
)

__all__ = ["Handoff", "http_errors_raised", "read_handoff", "returns_none"]

# Calls whose result is ``None`` when nothing is found (SQLAlchemy, dict-like lookups).
_MAYBE_NONE = frozenset(
    {"first", "get", "one_or_none", "scalar_one_or_none", "scalar", "get_one_or_none"}
)


@dataclass(frozen=True, slots=True)
class Handoff:
    """What the endpoint does around the chosen call."""

    none_tested: bool = False
    """The route tests the result for falsiness or ``None`` before raising."""
    field: str | None = None
    """The answer's field the result's items are wrapped in (``notes``), if any."""
    dependencies: tuple[tuple[str, Any], ...] = ()
    """``(logic parameter, Depends function)`` for each argument the route fills from one."""
    looked_up: tuple[tuple[str, str], ...] = ()
    """``(logic parameter, call)`` for each argument the route hands a name bound to what
    another call returned (``note = crud.get(...)``, then ``crud.put(note=note, ...)``)."""
    conflict_guard: bool = False
    """Before the call, the route refuses what exists already: an ``if`` raising
    ``HTTPException`` 409, or 400 with a detail saying "already exists"."""


def _unwrap(node: ast.expr | None) -> ast.expr | None:
    return node.value if isinstance(node, ast.Await) else node


def _holds(node: ast.expr | None, call: ast.Call, names: set[str]) -> bool:
    """Whether ``node`` is the call's result, or its items collected (``[n for n in r]``,
    ``list(r)``)."""
    node = _unwrap(node)
    if node is call or (isinstance(node, ast.Name) and node.id in names):
        return True
    if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
        return _holds(node.generators[0].iter, call, names)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1:
        return node.func.id in ("list", "tuple") and _holds(node.args[0], call, names)
    return False


def _result_names(tree: ast.AST, call: ast.Call) -> set[str]:
    """The names bound to the call's result (or its items collected), in two passes."""
    names: set[str] = set()
    for _ in range(2):
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _holds(node.value, call, names):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.value is not None
                and _holds(node.value, call, names)
            ):
                names.add(node.target.id)
    return names


def _tests_none(tree: ast.AST, names: set[str]) -> bool:
    """``if not x: raise ...`` or ``if x is None: raise ...`` on a name of the result."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        named = False
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            named = isinstance(test.operand, ast.Name) and test.operand.id in names
        elif isinstance(test, ast.Compare) and len(test.ops) == 1:
            named = (
                isinstance(test.left, ast.Name)
                and test.left.id in names
                and isinstance(test.ops[0], (ast.Is, ast.Eq))
                and is_none(test.comparators[0])
            )
        if named and any(isinstance(n, ast.Raise) for s in node.body for n in ast.walk(s)):
            return True
    return False


def _wrapping_field(tree: ast.AST, call: ast.Call, names: set[str]) -> str | None:
    """The field the answer wraps the result in: ``Page(notes=...)``, ``{"notes": ...}``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Return):
            continue
        value = _unwrap(node.value)
        if isinstance(value, ast.Call):
            for keyword in value.keywords:
                if keyword.arg is not None and _holds(keyword.value, call, names):
                    return keyword.arg
        elif isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and _holds(item, call, names)
                ):
                    return key.value
    return None


def _endpoint_dependencies(endpoint: Any) -> dict[str, Any]:
    """The endpoint's parameters filled by a ``Depends`` function, and that function."""
    try:
        parameters = inspect.signature(endpoint).parameters
    except (TypeError, ValueError):
        return {}
    hints = hints_of(endpoint)
    found: dict[str, Any] = {}
    for name, parameter in parameters.items():
        _, metadata = plain_class(hints.get(name, inspect.Parameter.empty))
        for value in (parameter.default, *metadata):
            dependency = dependency_of(value)
            if dependency is not None:
                found[name] = dependency
    return found


def _handed(call: ast.Call, endpoint: Any, logic: Any, skip_first: bool) -> list[tuple[str, Any]]:
    """``(logic parameter, Depends function)`` for each argument filled from a dependency."""
    filled = _endpoint_dependencies(endpoint)
    try:
        parameters = list(inspect.signature(logic).parameters)
    except (TypeError, ValueError):
        return []
    parameters = parameters[1:] if skip_first else parameters
    pairs: list[tuple[str | None, ast.expr]] = [
        (parameters[i] if i < len(parameters) else None, a) for i, a in enumerate(call.args)
    ]
    pairs += [(k.arg, k.value) for k in call.keywords]
    return [
        (name, filled[value.id])
        for name, value in pairs
        if name is not None and isinstance(value, ast.Name) and value.id in filled
    ]


def _looked_up(
    tree: ast.AST, call: ast.Call, logic: Any, skip_first: bool
) -> list[tuple[str, str]]:
    """``(logic parameter, the call that made it)`` for each argument that is a name the
    endpoint bound to another call's result."""
    made: dict[str, str] = {}
    for node in ast.walk(tree):
        value = _unwrap(getattr(node, "value", None))
        if isinstance(node, ast.Assign) and isinstance(value, ast.Call) and value is not call:
            made.update(
                (t.id, ast.unparse(value.func)) for t in node.targets if isinstance(t, ast.Name)
            )
    try:
        parameters = list(inspect.signature(logic).parameters)
    except (TypeError, ValueError):
        return []
    parameters = parameters[1:] if skip_first else parameters
    pairs = [(parameters[i] if i < len(parameters) else None, a) for i, a in enumerate(call.args)]
    pairs += [(k.arg, k.value) for k in call.keywords]
    return [
        (name, made[value.id])
        for name, value in pairs
        if name is not None and isinstance(value, ast.Name) and value.id in made
    ]


def read_handoff(
    tree: ast.AST, call: ast.Call, endpoint: Any, logic: Any, *, skip_first: bool
) -> Handoff:
    """What the endpoint (source ``tree``) does around ``call`` of ``logic``."""
    names = _result_names(tree, call)
    return Handoff(
        none_tested=_tests_none(tree, names),
        field=_wrapping_field(tree, call, names),
        dependencies=tuple(_handed(call, endpoint, logic, skip_first)),
        looked_up=tuple(_looked_up(tree, call, logic, skip_first)),
        conflict_guard=_guards_conflict(tree, call),
    )


def _conflict(node: ast.Raise) -> bool:
    """``raise HTTPException(409, ...)`` (``status.HTTP_409_CONFLICT`` too), or a 400 whose
    detail says the thing exists already."""
    made = node.exc
    if not isinstance(made, ast.Call):
        return False
    given = {k.arg: k.value for k in made.keywords if k.arg}
    code = made.args[0] if made.args else given.get("status_code")
    detail = made.args[1] if len(made.args) > 1 else given.get("detail")
    number: Any = None
    if isinstance(code, ast.Constant):
        number = code.value
    elif isinstance(code, ast.Attribute) and code.attr.startswith("HTTP_"):
        number = int(code.attr.split("_")[1]) if code.attr.split("_")[1].isdigit() else None
    text = detail.value if isinstance(detail, ast.Constant) else ""
    return number == 409 or (number == 400 and "exist" in str(text).lower())


def _guards_conflict(tree: ast.AST, call: ast.Call) -> bool:
    """Whether an ``if`` before ``call`` raises a conflict (:func:`_conflict`)."""
    return any(
        isinstance(node, ast.If)
        and node.lineno < call.lineno
        and any(isinstance(n, ast.Raise) and _conflict(n) for s in node.body for n in ast.walk(s))
        for node in ast.walk(tree)
    )


def returns_none(function: Any) -> bool:
    """Whether the logic's source visibly returns ``None``: ``return None``, a bare
    ``return`` in a function that also returns a value, or the result of a lookup that gives
    ``None`` when nothing is found (``.first()``, ``.get(...)``, ``scalar_one_or_none()``),
    also through a name bound to it."""
    tree = parse_function(function)
    if tree is None:
        return False
    returns = [n for n in ast.walk(tree) if isinstance(n, ast.Return)]
    valued = [r for r in returns if r.value is not None]
    if valued and len(valued) < len(returns):
        return True

    def maybe_none(node: ast.expr | None) -> bool:
        node = _unwrap(node)
        if isinstance(node, ast.IfExp):
            return maybe_none(node.body) or maybe_none(node.orelse)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return node.func.attr in _MAYBE_NONE
        return node is not None and is_none(node)

    looked_up = {
        t.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and maybe_none(n.value)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    return any(
        maybe_none(r.value) or (isinstance(r.value, ast.Name) and r.value.id in looked_up)
        for r in valued
    )


def _importable(error: type) -> str:
    """``package:Name`` when the top package exports it (``fastapi:HTTPException``), else
    ``module:qualname``."""
    top = error.__module__.partition(".")[0]
    if getattr(sys.modules.get(top), error.__name__, None) is error:
        return f"{top}:{error.__name__}"
    return f"{error.__module__}:{error.__qualname__}"


def http_errors_raised(function: Any) -> tuple[str, ...]:
    """The HTTP errors (Starlette's ``HTTPException`` and its subclasses, FastAPI's) the
    logic's own source raises, as ``raises`` names them."""
    tree = parse_function(function)
    if tree is None:
        return ()
    namespace = namespace_of(function)
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        error: Any = None
        if isinstance(raised, ast.Name):
            error = namespace.get(raised.id)
        elif isinstance(raised, ast.Attribute) and isinstance(raised.value, ast.Name):
            error = getattr(namespace.get(raised.value.id), raised.attr, None)
        if inspect.isclass(error) and any(
            c.__name__ == "HTTPException" and c.__module__.startswith("starlette")
            for c in error.__mro__
        ):
            found.append(_importable(error))
    return tuple(dict.fromkeys(found))
