"""What ``init`` found for a route: the logic callable (:class:`LogicTarget`) and what the
endpoint does around it (:class:`FoundLogic`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.scaffold._handoff import Handoff

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FoundLogic", "LogicTarget"]


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
    reason: str | None = None
    """Why nothing was bound, when the endpoint calls an abstract method it cannot resolve."""
    answers: bool = False
    """Whether the endpoint answers with what the logic returns (its response model then
    describes the logic's output)."""
    handoff: Handoff = field(default_factory=Handoff)
    """What the endpoint does around the call (``_handoff``)."""
