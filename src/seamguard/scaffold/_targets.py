"""What ``init`` found for a route: the logic callable (:class:`LogicTarget`) and what the
endpoint does around it (:class:`FoundLogic`)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._handoff import Handoff

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FoundLogic", "LogicTarget", "held_path"]


def held_path(obj: Any) -> str | None:
    """``module:name`` a module-level instance imports by: a public name bound to it in its
    class's module, else in another loaded module of the same package; ``None`` for none."""
    if obj is None:
        return None
    home = type(obj).__module__
    top = home.partition(".")[0]
    others = sorted(n for n in list(sys.modules) if n.partition(".")[0] == top and n != home)
    for name in (home, *others):
        module = sys.modules.get(name)
        for key, value in list(vars(module).items()) if module is not None else ():
            if value is obj and not key.startswith("_"):
                return f"{name}:{key}"
    return None


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
    held: str | None = None
    """``module:name`` of the module-level instance the endpoint calls the method on
    (``crud.user.create(...)`` after ``user = CRUDUser(User)``), when there is one."""

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
    reason: str | None = None
    """Why nothing was bound, when the endpoint calls an abstract method it cannot resolve."""
    answers: bool = False
    """Whether the endpoint answers with what the logic returns (its response model then
    describes the logic's output)."""
    handoff: Handoff = field(default_factory=Handoff)
    """What the endpoint does around the call (``_handoff``)."""
