"""The implementation a route reaches when it calls an abstract method.

A route that calls ``usecase.execute(...)`` on a parameter annotated with an ABC or a
``Protocol`` (``CreateNote``) reaches, at run time, the method of the class its ``Depends``
factory builds. Binding the abstract method would wrap code that never runs. The concrete
class is, in this order: the class the route's dependency factory returns (its return
annotation, or the class its ``return`` statements build), else the only concrete subclass
defined in the project. When neither tells, nothing is bound and the reason is given.
"""

from __future__ import annotations

import ast
import inspect
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._source import parse_function

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["concrete_class", "is_abstract", "returned_classes"]


def is_abstract(owner: type, attr: str) -> bool:
    """Whether ``owner.attr`` is abstract: an ``@abstractmethod``, or a ``Protocol``'s."""
    try:
        static = inspect.getattr_static(owner, attr)
    except AttributeError:
        return False
    function = getattr(static, "__func__", static)
    if getattr(function, "__isabstractmethod__", False):
        return True
    return bool(getattr(owner, "_is_protocol", False))


def _implements(klass: type, attr: str) -> bool:
    return not inspect.isabstract(klass) and not is_abstract(klass, attr)


def _subclasses(owner: type) -> list[type]:
    found: list[type] = []
    stack: list[type] = list(owner.__subclasses__())
    while stack:
        klass = stack.pop(0)
        if klass not in found:
            found.append(klass)
            stack.extend(klass.__subclasses__())
    return found


def concrete_class(
    owner: type,
    attr: str,
    factories: Iterable[Callable[..., Any]],
    *,
    returned: Callable[[Callable[..., Any]], list[type]],
    in_project: Callable[[Any], bool],
) -> tuple[type | None, str | None]:
    """The class whose ``attr`` the route runs: ``(owner, None)`` when ``owner.attr`` is not
    abstract; ``(concrete, None)``; or ``(None, why)`` when it cannot tell.

    Args:
        owner: the class the endpoint calls the method on.
        attr: the method's name.
        factories: the ``Depends`` factories that build the owner for this route.
        returned: the classes a factory returns (read from its source).
        in_project: whether an object is defined in the project folder.
    """
    if not is_abstract(owner, attr):
        return owner, None

    def usable(klass: type) -> bool:
        return (
            inspect.isclass(klass)
            and klass is not owner
            and "<locals>" not in klass.__qualname__
            and in_project(klass)
            and _implements(klass, attr)
            and owner in klass.__mro__
        )

    built = list(dict.fromkeys(k for f in factories for k in returned(f) if usable(k)))
    if len(built) == 1:
        return built[0], None
    subclasses = [k for k in _subclasses(owner) if usable(k)]
    if not built and len(subclasses) == 1:
        return subclasses[0], None
    name = f"{owner.__qualname__}.{attr}"
    if built or subclasses:
        options = ", ".join(k.__qualname__ for k in (built or subclasses))
        return None, (
            f"{name} is abstract and the route may run any of {options}; bind the one it "
            "runs by hand"
        )
    return None, f"{name} is abstract and no implementation of it was found in the project"


def returned_classes(resolver: Any, factory: Callable[..., Any]) -> list[type]:
    """The classes a dependency factory gives: its return annotation, the classes its
    ``return`` (or ``yield``) statements build, read by ``resolver`` (a ``_resolve.Resolver``).
    """
    found = [k for k in [resolver.made_by(factory)] if k is not None]
    tree = parse_function(factory)
    if tree is None:
        return found
    scope = resolver.scope_of(factory, tree)
    for node in ast.walk(tree):
        value = getattr(node, "value", None)
        if isinstance(node, (ast.Return, ast.Yield)) and value is not None:
            klass = resolver.result_class(value, scope)
            if klass is None and isinstance(value, ast.Name):
                kind, held = resolver.resolve(value, scope)
                klass = held if kind == "instance" else None
            if klass is not None:
                found.append(klass)
    return found
