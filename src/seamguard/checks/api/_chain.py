"""Chains of requests: ids for the path parameters of positive requests, made on demand.

An operation on ``{id}`` reaches its success path only with an id that exists and that the
operation has not used up: a loan returned once answers 409 the second time, a deleted task
404. So a positive request takes, most of the time (:data:`POOL_SHARE`), an id of its
parameter's noun that this operation has neither answered 2xx nor refused yet; when there is
none, the unit's creator of that noun (``POST /books/{book_id}/loans`` makes loans) is sent
first to make one, itself fed the same way (create -> lend -> return). The rest of the
requests keep Schemathesis' own ids, so the 404 paths stay covered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.checks.api._pools import noun_of_parameter, noun_of_path, pool_for

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "CHAIN_DEPTH",
    "CHAIN_TRIES",
    "POOL_SHARE",
    "IdBook",
    "answer_noun",
    "chosen_ids",
    "consumed_nouns",
    "creators_of",
]

POOL_SHARE = 85
"""Percent of the positive requests on ``{id}`` that take an id the app returned."""
CHAIN_DEPTH = 3
"""How many creators deep a chain goes (return <- lend <- add a book)."""
CHAIN_TRIES = 3
"""Requests a creator gets to make one new id."""

_CREATES = ("POST", "PUT")


def answer_noun(path: str) -> str:
    """What an operation's answer is: ``POST /books`` a book, ``GET /books/{book_id}`` a
    book, ``POST /books/{book_id}/loans`` a loan."""
    noun = noun_of_path(path)
    if noun:
        return noun
    last = path.rstrip("/").rsplit("/", 1)[-1].strip("{}")
    return noun_of_parameter(last, path)


def creators_of(labels: list[str]) -> dict[str, list[str]]:
    """Noun to the operations among ``labels`` that make one: a ``POST`` or ``PUT`` whose
    path ends in that noun's collection, in the order given."""
    found: dict[str, list[str]] = {}
    for label in labels:
        method, _, path = label.partition(" ")
        noun = noun_of_path(path)
        if method.upper() in _CREATES and noun:
            found.setdefault(noun, []).append(label)
    return found


def consumed_nouns(operations: dict[str, Any]) -> set[str]:
    """The nouns the path parameters of ``operations`` (label to Schemathesis operation)
    take."""
    return {
        noun_of_parameter(p.name, operation.path)
        for operation in operations.values()
        for p in operation.path_parameters
    } - {""}


@dataclass(slots=True)
class IdBook:
    """What a unit knows of the ids the app returned: the pools, and per operation the ids
    it answered 2xx (used) or 4xx (refused) to a positive request."""

    pools: dict[str, list[str]] = field(default_factory=dict)
    """Ids the app returned so far, per key (:mod:`._pools`)."""
    used: dict[str, set[str]] = field(default_factory=dict)
    """Operation label to the ids it answered 2xx."""
    refused: dict[str, set[str]] = field(default_factory=dict)
    """Operation label to the ids it refused."""
    gone: set[str] = field(default_factory=set)
    """Ids a ``DELETE`` answered 2xx to, or any operation 404 or 410."""

    def fresh(self, label: str, name: str, noun: str) -> list[str]:
        """The ids for parameter ``name`` of ``label`` that it has neither used nor refused."""
        spent = self.used.get(label, set()) | self.refused.get(label, set())
        return [i for i in pool_for(name, self.pools, noun) if i not in spent | self.gone]

    def known(self, label: str, name: str, noun: str) -> list[str]:
        """The ids for the parameter that still exist and ``label`` did not refuse."""
        spent = self.refused.get(label, set()) | self.gone
        return [i for i in pool_for(name, self.pools, noun) if i not in spent]

    def answered(self, label: str, ids: list[str], status: int) -> None:
        """Note what ``label`` answered to a positive request on ``ids``."""
        if not ids:
            return
        if 200 <= status < 300:
            self.used.setdefault(label, set()).update(ids)
            if label.upper().startswith("DELETE "):
                self.gone.update(ids)
        elif status in (404, 410):
            self.gone.update(ids)
        elif 400 <= status < 500:
            self.refused.setdefault(label, set()).update(ids)

    def choose(
        self,
        label: str,
        name: str,
        path: str,
        index: int,
        make: Callable[[str], bool],
    ) -> str | None:
        """An id for parameter ``name`` of ``label``: a fresh one, else one ``make(noun)``
        made (it answers whether it made any), else any that still exists."""
        noun = noun_of_parameter(name, path)
        fresh = self.fresh(label, name, noun)
        if not fresh and noun and make(noun):
            fresh = self.fresh(label, name, noun)
        if not fresh:
            fresh = self.known(label, name, noun)
        return fresh[index % len(fresh)] if fresh else None


def chosen_ids(case: Any, names: list[str]) -> list[str]:
    """The path parameter values of a case, as text."""
    parameters = case.path_parameters or {}
    return [str(parameters[n]) for n in names if n in parameters]
