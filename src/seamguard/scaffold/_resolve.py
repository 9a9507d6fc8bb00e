"""Resolving the calls of an endpoint to project objects, and the logic callable they reach.

See :mod:`seamguard.scaffold._logic` for the rules; :class:`Resolver` applies them.
"""

from __future__ import annotations

import ast
import inspect
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._attributes import assigned_class
from seamguard.scaffold._concrete import concrete_class, returned_classes
from seamguard.scaffold._flow import (
    best_call,
    body_parameters,
    carriers,
    fed,
    is_security_helper,
    request_parameters,
    returns_result,
)
from seamguard.scaffold._handoff import Handoff, read_handoff
from seamguard.scaffold._source import (
    calls_in,
    dependency_of,
    guard_calls,
    hints_of,
    is_connection,
    is_data_class,
    is_none,
    is_state,
    namespace_of,
    parse_function,
    plain_class,
    route_dependencies,
    takes_request,
    wrapped_chain,
)
from seamguard.scaffold._targets import FoundLogic, LogicTarget, held_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["FoundLogic", "LogicTarget", "Resolver"]

_INSTALLED = tuple(
    dict.fromkeys(
        Path(sysconfig.get_paths()[key]).resolve()
        for key in ("stdlib", "platstdlib", "purelib", "platlib")
    )
)


@dataclass(slots=True)
class _Candidate:
    target: LogicTarget
    rank: int
    order: int
    fed: int = 0  # how much of the request the call is given (_flow.fed)
    answers: bool = False  # the endpoint returns what the call returns (_flow.returns_result)
    call: ast.Call | None = None  # the call in the endpoint's source

    @property
    def path(self) -> str:
        return self.target.path


@dataclass(slots=True)
class _Scope:
    """What the names of one function refer to."""

    function: Any
    namespace: dict[str, Any]
    types: dict[str, type] = field(default_factory=dict)
    factories: dict[type, list[Callable[..., Any]]] = field(default_factory=dict)


class Resolver:
    def __init__(
        self, root: Path, app: Any, state_types: dict[str, type], app_errors: Iterable[type]
    ) -> None:
        self.root = root
        self.app = app
        self.state_types = state_types
        self.app_errors = tuple(app_errors)
        self.unresolved: list[str] = []  # abstract methods whose implementation is unknown

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
        chain = list(wrapped_chain(handler))
        inner = chain[-1]
        dependencies = set(route_dependencies(route))
        skip = {id(f) for f in chain} | {id(d) for d in dependencies}
        candidates: list[_Candidate] = []
        self.unresolved = []
        tree = parse_function(inner)
        if tree is not None:
            scope = self.scope_of(inner, tree)
            guards = guard_calls(tree)
            names = request_parameters(inner)
            body = body_parameters(inner)
            carried = carriers(tree, names, body, lambda c: self.builds(c, scope))
            for order, call in enumerate(calls_in(tree)):
                candidate = self.candidate(call, scope, inner, order)
                if candidate is not None and id(candidate.target.function) not in skip:
                    if id(call) in guards:
                        candidate.rank = 1  # `if planted(...)`: a condition, not the hand-off
                    candidate.fed = fed(call, names, body, carried)
                    candidate.call = call
                    candidate.answers = returns_result(tree, call)
                    candidates.append(candidate)
        chosen = best_call(candidates, getattr(inner, "__name__", ""))
        target = chosen.target if chosen is not None else None
        reason = None
        if target is None and self.unresolved:
            reason = self.unresolved[0]
        others = tuple(
            dict.fromkeys(c.target.path for c in candidates if target is None or c.target != target)
        )
        errors = self.errors_of(chain, handler_module=getattr(inner, "__module__", ""), at=target)
        answers = chosen is not None and chosen.answers
        handoff = Handoff()
        if chosen is not None and chosen.call is not None and tree is not None:
            method = chosen.target.kind in ("method", "classmethod")
            handoff = read_handoff(
                tree, chosen.call, inner, chosen.target.function, skip_first=method
            )
        return FoundLogic(target, others, errors, reason=reason, answers=answers, handoff=handoff)

    def scope_of(self, function: Any, tree: ast.AST) -> _Scope:
        scope = _Scope(function=function, namespace=namespace_of(function))
        hints = hints_of(function)
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            parameters = {}  # type: ignore[assignment]
        for name, parameter in parameters.items():
            annotation = hints.get(name, inspect.Parameter.empty)
            klass, metadata = plain_class(annotation)
            dependency = dependency_of(parameter.default)
            for item in metadata:
                dependency = dependency or dependency_of(item)
            if dependency is not None:
                made = self.made_by(dependency)
                if klass is None or not self.in_project(klass):
                    klass = made or klass
                if klass is not None and made is not None and klass in made.__mro__:
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

    def builds(self, call: ast.Call, scope: _Scope) -> bool:
        """Whether ``call`` constructs one of the project's classes (a command, a value object)."""
        kind, value = self.resolve(call.func, scope)
        return kind == "value" and inspect.isclass(value) and self.in_project(value)

    def made_by(self, dependency: Any) -> type | None:
        """The class of what a dependency function (or class) gives."""
        if inspect.isclass(dependency):
            return dependency
        klass, _ = plain_class(hints_of(dependency).get("return", inspect.Parameter.empty))
        return klass

    def annotation_class(self, node: ast.expr, scope: _Scope) -> type | None:
        """The class a local variable's annotation names (``Shop``, ``Shop | None``)."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            options = [n for n in (node.left, node.right) if not is_none(n)]
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
        if kind == "method":  # factory.create_use_case(): what the method is annotated to return
            value = (
                value[2].__func__ if isinstance(value[2], (staticmethod, classmethod)) else value[2]
            )
            kind = "value"
        if kind == "value" and callable(value):
            klass, _ = plain_class(hints_of(value).get("return", inspect.Parameter.empty))
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
        held: Any = None
        if kind == "value":
            if is_state(base):
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
            kind, base, held = "instance", type(base), base
        if kind == "instance":
            if attr == "app" and is_connection(base):
                return "value", self.app
            try:
                static = inspect.getattr_static(base, attr)
            except AttributeError:
                static = None
            if static is not None and (
                inspect.isfunction(static) or isinstance(static, (staticmethod, classmethod))
            ):
                return "method", (base, attr, static, held)
            annotated = hints_of(base).get(attr, inspect.Parameter.empty)
            klass, _ = plain_class(annotated)
            if klass is None and isinstance(static, property) and static.fget is not None:
                klass, _ = plain_class(hints_of(static.fget).get("return", inspect.Parameter.empty))
            if (
                klass in (None, inspect.Parameter.empty)
                and static is None
                and self.in_project(base)
            ):
                klass = assigned_class(base, attr)  # self.users = UserFactory(...) in __init__
            if klass is not None:
                return "instance", klass
        return "", None

    def candidate(
        self, call: ast.Call, scope: _Scope, endpoint: Any, order: int
    ) -> _Candidate | None:
        kind, value = self.resolve(call.func, scope)
        if kind == "method":
            owner, attr, static, held = value
            factories = tuple(scope.factories.get(owner, ()))
            if self.in_project(owner):
                # An ABC's or Protocol's method: the implementation the route runs.
                concrete, why = concrete_class(
                    owner,
                    attr,
                    factories,
                    returned=lambda f: returned_classes(self, f),
                    in_project=self.in_project,
                )
                if concrete is None:
                    self.unresolved.append(why or "")
                    return None
                if concrete is not owner:
                    owner, static = concrete, inspect.getattr_static(concrete, attr)
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
            target = LogicTarget(
                path, function, how, owner=owner, factories=factories, held=held_path(held)
            )
            rank = 1 if is_data_class(owner) else 4
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
        if rank == 0 or takes_request(target.function) or is_security_helper(target.function):
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
            tree = parse_function(function)
            if tree is None:
                continue
            scope = _Scope(function=function, namespace=namespace_of(function))
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
