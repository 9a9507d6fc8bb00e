"""Reading a function statically: its source as :mod:`ast`, its names, its annotations.

Nothing here runs the function; every reader answers ``None`` (or nothing) when it cannot tell.
"""

from __future__ import annotations

import ast
import collections.abc
import contextlib
import dataclasses
import enum
import inspect
import textwrap
import typing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "calls_in",
    "dependency_of",
    "guard_calls",
    "hints_of",
    "is_connection",
    "is_data_class",
    "is_none",
    "is_state",
    "namespace_of",
    "parse_function",
    "plain_class",
    "route_dependencies",
    "takes_request",
    "wrapped_chain",
]

_REQUEST_NAMES = frozenset({"request", "websocket", "req"})
_WRAPPING_ORIGINS = (
    collections.abc.Iterator,
    collections.abc.Iterable,
    collections.abc.Generator,
    collections.abc.AsyncIterator,
    collections.abc.AsyncIterable,
    collections.abc.AsyncGenerator,
    collections.abc.Awaitable,
    collections.abc.Coroutine,
)


def namespace_of(function: Any) -> dict[str, Any]:
    """The names a function's body can see: its module's globals and its closure."""
    namespace = dict(getattr(function, "__globals__", {}))
    with contextlib.suppress(TypeError, ValueError):
        namespace.update(inspect.getclosurevars(function).nonlocals)
    return namespace


def wrapped_chain(function: Any) -> Iterator[Any]:
    """``function`` and every function it wraps (``functools.wraps``), outermost first."""
    seen: set[int] = set()
    current = function
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = getattr(current, "__wrapped__", None)


def parse_function(function: Any) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    # The code object, not the function: inspect.getsource would follow ``__wrapped__`` and
    # read the wrapped function instead of a decorator's own wrapper.
    code = getattr(function, "__code__", function)
    try:
        source = textwrap.dedent(inspect.getsource(code))
        module = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    for node in ast.walk(module):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def calls_in(tree: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    body = ast.Module(body=list(tree.body), type_ignores=[])
    calls = [n for n in ast.walk(body) if isinstance(n, ast.Call)]
    return sorted(calls, key=lambda n: (n.lineno, n.col_offset))


def guard_calls(tree: ast.AST) -> set[int]:
    """The calls inside conditions (``if``, ``while``, ``assert``, ``x if c else y``)."""
    tests: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
            tests.append(node.test)
        elif isinstance(node, ast.comprehension):
            tests.extend(node.ifs)
    return {id(n) for test in tests for n in ast.walk(test) if isinstance(n, ast.Call)}


def hints_of(obj: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj, include_extras=True)
    except Exception:
        return {}


def plain_class(annotation: Any) -> tuple[type | None, tuple[Any, ...]]:
    """The one class an annotation names (``X``, ``X | None``, ``Annotated[X, ...]``,
    ``Iterator[X]``), and the ``Annotated`` metadata."""
    metadata: tuple[Any, ...] = ()
    if typing.get_origin(annotation) is typing.Annotated:
        metadata = tuple(annotation.__metadata__)
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in _WRAPPING_ORIGINS:
        args = typing.get_args(annotation)
        return (plain_class(args[0])[0] if args else None), metadata
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return plain_class(options[0])[0], metadata
        return None, metadata
    if inspect.isclass(annotation) and origin is None:
        return annotation, metadata
    return None, metadata


def dependency_of(value: Any) -> Any:
    """The function of FastAPI's ``Depends(f)`` (duck-typed: an object with ``dependency``)."""
    if value is inspect.Parameter.empty or inspect.isclass(value) or callable(value):
        return None
    dependency = getattr(value, "dependency", None)
    return dependency if callable(dependency) else None


def route_dependencies(route: Any) -> Iterator[Any]:
    dependant = getattr(route, "dependant", None)
    stack = list(getattr(dependant, "dependencies", []) or [])
    while stack:
        item = stack.pop()
        call = getattr(item, "call", None)
        if call is not None:
            yield call
        stack.extend(getattr(item, "dependencies", []) or [])


def is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def is_state(value: Any) -> bool:
    return type(value).__name__ == "State" and hasattr(value, "_state")


def is_connection(klass: Any) -> bool:
    return inspect.isclass(klass) and any(
        c.__name__ == "HTTPConnection" and c.__module__.startswith("starlette")
        for c in klass.__mro__
    )


def is_data_class(klass: type) -> bool:
    return (
        dataclasses.is_dataclass(klass)
        or hasattr(klass, "model_validate")
        or issubclass(klass, (enum.Enum, tuple, dict))
    )


def takes_request(function: Any) -> bool:
    """Whether a function takes the request: an API helper, not logic."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    hints = hints_of(function)
    for name, _ in parameters.items():
        if name in _REQUEST_NAMES:
            return True
        klass, _meta = plain_class(hints.get(name, inspect.Parameter.empty))
        if klass is not None and is_connection(klass):
            return True
    return False
