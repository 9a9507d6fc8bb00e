"""Which logic callable a route reaches, read statically from the endpoint's source.

Best effort, never by running the endpoint. The endpoint's function (unwrapped from its
decorators) is parsed with :mod:`ast`, and each call in it is resolved to a Python object:

- a name of the endpoint's module or closure (``create_book(...)``), or an attribute of an
  imported module (``service.create_book(...)``);
- a method of a value whose class is known: a parameter's annotation, FastAPI's
  ``Depends(get_shop)`` (the class itself, or the return annotation of ``get_shop``), a local
  variable assigned from a class or from a call with a return annotation, a module-level
  instance (``notebook.get(...)``), a class attribute's annotation;
- ``request.app.state.X.method(...)``: the class of what the app state holds, or what the
  lifespan / startup handlers assign to ``app.state.X``.

Only callables defined in the project folder count (not the standard library, not
site-packages), classes (constructors, exceptions) never do, nor functions that take the
request (API helpers), nor private functions (``_parse_id``). Among the rest, methods of a
service object rank first, then functions of another module, then public functions of the
endpoint's own module; a method of a data class (a pydantic model, dataclass, enum) and a
call inside a condition (``if planted(...)``) rank last. Ties go to the name nearest the
endpoint's name, then to the first call. An endpoint that dispatches on the method through
a closure (``by_method(GET=..., POST=...)``) is followed to the handler of each method, and
decorators made with ``functools.wraps`` to the function they wrap.

Domain errors are the project's exception classes that the endpoint (or a decorator around
it) catches with ``except``, and those the app maps with exception handlers; private ones
(``_Rejected``) and ones of the API module (unless the logic lives there too) are left out.
"""

from __future__ import annotations

import ast
import collections.abc
import contextlib
import dataclasses
import difflib
import enum
import inspect
import sysconfig
import textwrap
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = ["FoundLogic", "LogicTarget", "app_state_types", "find_logic", "handled_errors"]

_INSTALLED = tuple(
    dict.fromkeys(
        Path(sysconfig.get_paths()[key]).resolve()
        for key in ("stdlib", "platstdlib", "purelib", "platlib")
    )
)
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


@dataclass(frozen=True, slots=True)
class LogicTarget:
    """A logic callable found for a route."""

    path: str
    """``module:qualname`` as the configuration writes it."""
    function: Callable[..., Any]
    """The plain function (for a method: the function on the class)."""
    kind: str
    """``function``, ``method``, ``staticmethod`` or ``classmethod``."""
    owner: type | None = None
    """The class, for a method."""
    factories: tuple[Callable[..., Any], ...] = ()
    """Dependency functions the endpoint builds the owner with (``Depends(get_shop)``)."""

    @property
    def module(self) -> str:
        """The module the callable is defined in."""
        return self.path.partition(":")[0]


@dataclass(frozen=True, slots=True)
class FoundLogic:
    """What the endpoint of one route reaches."""

    target: LogicTarget | None
    """The logic callable chosen; ``None`` when none was found."""
    others: tuple[str, ...] = ()
    """Other project callables the endpoint calls, for the listing."""
    errors: tuple[type[BaseException], ...] = ()
    """Domain errors the API handles for this route."""


@dataclass(slots=True)
class _Candidate:
    target: LogicTarget
    rank: int
    order: int


@dataclass(slots=True)
class _Scope:
    """What the names of one function refer to."""

    function: Any
    namespace: dict[str, Any]
    types: dict[str, type] = field(default_factory=dict)
    factories: dict[type, list[Callable[..., Any]]] = field(default_factory=dict)


class _Resolver:
    def __init__(
        self, root: Path, app: Any, state_types: dict[str, type], app_errors: Iterable[type]
    ) -> None:
        self.root = root
        self.app = app
        self.state_types = state_types
        self.app_errors = tuple(app_errors)

    # -- where things are defined -----------------------------------------------------------

    def in_project(self, obj: Any) -> bool:
        try:
            file = inspect.getsourcefile(obj) or inspect.getfile(obj)
        except (TypeError, OSError):
            return False
        path = Path(file).resolve()
        if "site-packages" in path.parts or "dist-packages" in path.parts:
            return False
        if any(path.is_relative_to(p) for p in _INSTALLED if not self.root.is_relative_to(p)):
            return False  # the standard library or an installed package
        return path.is_relative_to(self.root)

    # -- the endpoint ---------------------------------------------------------------------

    def find(self, handler: Any, route: Any) -> FoundLogic:
        chain = list(_chain(handler))
        inner = chain[-1]
        dependencies = set(_route_dependencies(route))
        skip = {id(f) for f in chain} | {id(d) for d in dependencies}
        candidates: list[_Candidate] = []
        tree = _parse(inner)
        if tree is not None:
            scope = self.scope_of(inner, tree)
            guards = _guard_calls(tree)
            for order, call in enumerate(_calls(tree)):
                candidate = self.candidate(call, scope, inner, order)
                if candidate is not None and id(candidate.target.function) not in skip:
                    if id(call) in guards:
                        candidate.rank = 1  # `if planted(...)`: a condition, not the hand-off
                    candidates.append(candidate)
        target = _choose(candidates, getattr(inner, "__name__", ""))
        others = tuple(
            dict.fromkeys(c.target.path for c in candidates if target is None or c.target != target)
        )
        errors = self.errors_of(chain, handler_module=getattr(inner, "__module__", ""), at=target)
        return FoundLogic(target=target, others=others, errors=errors)

    def scope_of(self, function: Any, tree: ast.AST) -> _Scope:
        scope = _Scope(function=function, namespace=_namespace(function))
        hints = _hints(function)
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            parameters = {}  # type: ignore[assignment]
        for name, parameter in parameters.items():
            annotation = hints.get(name, inspect.Parameter.empty)
            klass, metadata = _plain(annotation)
            dependency = _dependency(parameter.default)
            for item in metadata:
                dependency = dependency or _dependency(item)
            if dependency is not None:
                made = self.made_by(dependency)
                if klass is None or not self.in_project(klass):
                    klass = made or klass
                if klass is not None and made is klass:
                    scope.factories.setdefault(klass, []).append(dependency)
            if klass is not None:
                scope.types[name] = klass
        # Local variables: `x = Shop()`, `task = manager.create_task(...)`, `x: Shop = ...`.
        for node in ast.walk(tree):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                klass = self.annotation_class(node.annotation, scope)
                if klass is not None:
                    scope.types[node.target.id] = klass
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id not in scope.types
            ):
                made = self.result_class(node.value, scope)
                if made is not None:
                    scope.types[node.targets[0].id] = made
        return scope

    def made_by(self, dependency: Any) -> type | None:
        """The class of what a dependency function (or class) gives."""
        if inspect.isclass(dependency):
            return dependency
        klass, _ = _plain(_hints(dependency).get("return", inspect.Parameter.empty))
        return klass

    def annotation_class(self, node: ast.expr, scope: _Scope) -> type | None:
        """The class a local variable's annotation names (``Shop``, ``Shop | None``)."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            options = [n for n in (node.left, node.right) if not _is_none(n)]
            return self.annotation_class(options[0], scope) if len(options) == 1 else None
        kind, value = self.resolve(node, scope)
        return value if kind == "value" and inspect.isclass(value) else None

    def result_class(self, node: ast.expr, scope: _Scope) -> type | None:
        if isinstance(node, ast.Await):
            node = node.value
        if not isinstance(node, ast.Call):
            return None
        kind, value = self.resolve(node.func, scope)
        if kind == "value" and inspect.isclass(value):
            return value
        if kind == "value" and callable(value):
            klass, _ = _plain(_hints(value).get("return", inspect.Parameter.empty))
            return klass
        return None

    # -- resolving expressions ------------------------------------------------------------

    def resolve(self, node: ast.expr, scope: _Scope) -> tuple[str, Any]:
        """``("value", obj)``, ``("instance", cls)`` or ``("", None)`` when unknown."""
        if isinstance(node, ast.Name):
            if node.id in scope.types:
                return "instance", scope.types[node.id]
            if node.id in scope.namespace:
                return "value", scope.namespace[node.id]
            return "", None
        if isinstance(node, ast.Call):
            made = self.result_class(node, scope)
            return ("instance", made) if made is not None else ("", None)
        if not isinstance(node, ast.Attribute):
            return "", None
        kind, base = self.resolve(node.value, scope)
        attr = node.attr
        if kind == "value":
            if _is_state(base):
                held = getattr(base, "_state", {})
                if attr in held:
                    return "instance", type(held[attr])
                if attr in self.state_types:
                    return "instance", self.state_types[attr]
                return "", None
            held_here = getattr(base, "__dict__", None)
            if isinstance(held_here, dict) and attr in held_here and not inspect.ismodule(base):
                return "value", held_here[attr]  # an attribute the object holds (app.state)
            if inspect.ismodule(base) or inspect.isclass(base):
                try:
                    return "value", getattr(base, attr)
                except Exception:
                    return "", None
            if base is None or isinstance(base, (int, float, str, bytes, bool)):
                return "", None
            kind, base = "instance", type(base)
        if kind == "instance":
            if attr == "app" and _is_connection(base):
                return "value", self.app
            try:
                static = inspect.getattr_static(base, attr)
            except AttributeError:
                static = None
            if static is not None and (
                inspect.isfunction(static) or isinstance(static, (staticmethod, classmethod))
            ):
                return "method", (base, attr, static)
            annotated = _hints(base).get(attr, inspect.Parameter.empty)
            klass, _ = _plain(annotated)
            if klass is None and isinstance(static, property) and static.fget is not None:
                klass, _ = _plain(_hints(static.fget).get("return", inspect.Parameter.empty))
            if klass is not None:
                return "instance", klass
        return "", None

    def candidate(
        self, call: ast.Call, scope: _Scope, endpoint: Any, order: int
    ) -> _Candidate | None:
        kind, value = self.resolve(call.func, scope)
        if kind == "method":
            owner, attr, static = value
            if isinstance(static, staticmethod):
                how, function = "staticmethod", static.__func__
            elif isinstance(static, classmethod):
                how, function = "classmethod", static.__func__
            else:
                how, function = "method", static
            # The class the endpoint calls it on (a subclass may inherit it): wrapping it
            # there is what the route reaches.
            if not self.in_project(function) or not self.in_project(owner):
                return None
            if "<locals>" in owner.__qualname__:
                return None
            path = f"{owner.__module__}:{owner.__qualname__}.{attr}"
            factories = tuple(scope.factories.get(owner, ()))
            target = LogicTarget(path, function, how, owner=owner, factories=factories)
            rank = 1 if _is_data_class(owner) else 4
        elif kind == "value":
            if inspect.isclass(value) or not callable(value):
                return None
            function = value
            if inspect.ismethod(function):
                # A method bound to a module-level instance or a classmethod.
                owner = function.__self__
                klass = owner if inspect.isclass(owner) else type(owner)
                attr = function.__name__
                return self.candidate_method(klass, attr, scope, order)
            if not inspect.isfunction(function) or not self.in_project(function):
                return None
            qualname = function.__qualname__
            if "<locals>" in qualname or function.__module__ == "__main__":
                return None
            target = LogicTarget(f"{function.__module__}:{qualname}", function, "function")
            same = function.__module__ == getattr(endpoint, "__module__", None)
            private = function.__name__.startswith("_")
            rank = 0 if private else (2 if same else 3)
        else:
            return None
        if rank == 0 or _takes_request(target.function):
            return None
        return _Candidate(target=target, rank=rank, order=order)

    def candidate_method(
        self, klass: type, attr: str, scope: _Scope, order: int
    ) -> _Candidate | None:
        node = ast.Attribute(value=ast.Name(id="__owner__", ctx=ast.Load()), attr=attr)
        inner = _Scope(
            function=scope.function, namespace=scope.namespace, types={"__owner__": klass}
        )
        inner.factories = scope.factories
        call = ast.Call(func=node, args=[], keywords=[])
        return self.candidate(call, inner, scope.function, order)

    # -- domain errors --------------------------------------------------------------------

    def errors_of(
        self, chain: list[Any], *, handler_module: str, at: LogicTarget | None
    ) -> tuple[type[BaseException], ...]:
        found: list[type[BaseException]] = []
        for function in chain:
            tree = _parse(function)
            if tree is None:
                continue
            scope = _Scope(function=function, namespace=_namespace(function))
            for node in ast.walk(tree):
                if isinstance(node, ast.ExceptHandler) and node.type is not None:
                    kinds = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
                    for kind in kinds:
                        how, value = self.resolve(kind, scope)
                        if (
                            how == "value"
                            and inspect.isclass(value)
                            and issubclass(value, BaseException)
                        ):
                            found.append(value)
        found.extend(self.app_errors)
        logic_module = at.module if at is not None else None
        chosen: list[type[BaseException]] = []
        for error in dict.fromkeys(found):
            if not (issubclass(error, Exception) and self.in_project(error)):
                continue
            if error.__name__.startswith("_"):
                continue  # the API's own private signal, not a domain error
            if error.__module__ == handler_module and error.__module__ != logic_module:
                continue  # defined beside the endpoint: the API's, not the logic's
            chosen.append(error)
        return tuple(e for e in chosen if not any(o is not e and issubclass(e, o) for o in chosen))


def find_logic(
    handler: Any,
    route: Any,
    *,
    root: Path,
    app: Any,
    state_types: dict[str, type],
    app_errors: Iterable[type],
) -> FoundLogic:
    """The logic callable (and domain errors) the endpoint ``handler`` reaches.

    Args:
        handler: the function that handles one method of the route.
        route: the framework's route (FastAPI routes name their dependencies).
        root: the project folder; only callables defined under it count.
        app: the ASGI app (``request.app`` in the endpoint).
        state_types: the class of each ``app.state`` attribute, where known.
        app_errors: the exception classes the app maps with exception handlers.
    """
    return _Resolver(root.resolve(), app, state_types, app_errors).find(handler, route)


def handled_errors(app: Any) -> list[type]:
    """The exception classes the app (and its mounted apps) map with exception handlers."""
    handlers = getattr(app, "exception_handlers", None) or {}
    return [key for key in handlers if inspect.isclass(key)]


def app_state_types(app: Any, *, root: Path) -> dict[str, type]:
    """The class of each ``app.state`` attribute: held now, or assigned at start-up.

    The lifespan function and the startup handlers are read for ``<x>.state.NAME = value``
    where ``value`` builds a class (``TaskManager(store)``), names a local variable that does,
    or a parameter annotated with a class. Best effort: nothing is run.
    """
    types: dict[str, type] = {}
    held = getattr(getattr(app, "state", None), "_state", None)
    if isinstance(held, dict):
        for name, value in held.items():
            if value is not None:
                types[name] = type(value)
    router = getattr(app, "router", None)
    functions = [getattr(router, "lifespan_context", None)]
    functions += list(getattr(router, "on_startup", None) or [])
    resolver = _Resolver(root.resolve(), app, {}, ())
    for function in functions:
        if function is None or not callable(function):
            continue
        for inner in _chain(function):
            tree = _parse(inner)
            if tree is None:
                continue
            scope = resolver.scope_of(inner, tree)
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                    continue
                target = node.targets[0]
                if not (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr == "state"
                ):
                    continue
                klass = resolver.result_class(node.value, scope)
                if klass is None and isinstance(node.value, ast.Name):
                    kind, value = resolver.resolve(node.value, scope)
                    klass = value if kind == "instance" else None
                if klass is not None:
                    types.setdefault(target.attr, klass)
    return types


# -- helpers ------------------------------------------------------------------------------


def _namespace(function: Any) -> dict[str, Any]:
    """The names a function's body can see: its module's globals and its closure."""
    namespace = dict(getattr(function, "__globals__", {}))
    with contextlib.suppress(TypeError, ValueError):
        namespace.update(inspect.getclosurevars(function).nonlocals)
    return namespace


def _chain(function: Any) -> Iterator[Any]:
    """``function`` and every function it wraps (``functools.wraps``), outermost first."""
    seen: set[int] = set()
    current = function
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = getattr(current, "__wrapped__", None)


def _parse(function: Any) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
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


def _calls(tree: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    body = ast.Module(body=list(tree.body), type_ignores=[])
    calls = [n for n in ast.walk(body) if isinstance(n, ast.Call)]
    return sorted(calls, key=lambda n: (n.lineno, n.col_offset))


def _guard_calls(tree: ast.AST) -> set[int]:
    """The calls inside conditions (``if``, ``while``, ``assert``, ``x if c else y``)."""
    tests: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
            tests.append(node.test)
        elif isinstance(node, ast.comprehension):
            tests.extend(node.ifs)
    return {id(n) for test in tests for n in ast.walk(test) if isinstance(n, ast.Call)}


def _hints(obj: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj, include_extras=True)
    except Exception:
        return {}


def _plain(annotation: Any) -> tuple[type | None, tuple[Any, ...]]:
    """The one class an annotation names (``X``, ``X | None``, ``Annotated[X, ...]``,
    ``Iterator[X]``), and the ``Annotated`` metadata."""
    metadata: tuple[Any, ...] = ()
    if typing.get_origin(annotation) is typing.Annotated:
        metadata = tuple(annotation.__metadata__)
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in _WRAPPING_ORIGINS:
        args = typing.get_args(annotation)
        return (_plain(args[0])[0] if args else None), metadata
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _plain(options[0])[0], metadata
        return None, metadata
    if inspect.isclass(annotation) and origin is None:
        return annotation, metadata
    return None, metadata


def _dependency(value: Any) -> Any:
    """The function of FastAPI's ``Depends(f)`` (duck-typed: an object with ``dependency``)."""
    if value is inspect.Parameter.empty or inspect.isclass(value) or callable(value):
        return None
    dependency = getattr(value, "dependency", None)
    return dependency if callable(dependency) else None


def _route_dependencies(route: Any) -> Iterator[Any]:
    dependant = getattr(route, "dependant", None)
    stack = list(getattr(dependant, "dependencies", []) or [])
    while stack:
        item = stack.pop()
        call = getattr(item, "call", None)
        if call is not None:
            yield call
        stack.extend(getattr(item, "dependencies", []) or [])


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_state(value: Any) -> bool:
    return type(value).__name__ == "State" and hasattr(value, "_state")


def _is_connection(klass: Any) -> bool:
    return inspect.isclass(klass) and any(
        c.__name__ == "HTTPConnection" and c.__module__.startswith("starlette")
        for c in klass.__mro__
    )


def _is_data_class(klass: type) -> bool:
    return (
        dataclasses.is_dataclass(klass)
        or hasattr(klass, "model_validate")
        or issubclass(klass, (enum.Enum, tuple, dict))
    )


def _takes_request(function: Any) -> bool:
    """Whether a function takes the request: an API helper, not logic."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    hints = _hints(function)
    for name, _ in parameters.items():
        if name in _REQUEST_NAMES:
            return True
        klass, _meta = _plain(hints.get(name, inspect.Parameter.empty))
        if klass is not None and _is_connection(klass):
            return True
    return False


def _choose(candidates: list[_Candidate], endpoint_name: str) -> LogicTarget | None:
    if not candidates:
        return None

    def score(c: _Candidate) -> tuple[int, float, int]:
        name = c.target.path.rpartition(".")[2].rpartition(":")[2]
        near = difflib.SequenceMatcher(None, name, endpoint_name).ratio()
        return (c.rank, near, -c.order)

    return max(candidates, key=score).target
