"""Chains of requests: ids for the path parameters of positive requests, made on demand.

An operation on ``{id}`` reaches its success path only with an id that exists and that the
operation has not used up: a loan returned once answers 409 the second time, a deleted task
404. So a positive request takes, most of the time (:data:`POOL_SHARE`), an id of its
parameter's noun that this operation has neither answered 2xx nor refused yet; when there is
none, the unit's creator of that noun (``POST /books/{book_id}/loans`` makes loans) is sent
first to make one, itself fed the same way (create -> lend -> return). The rest of the
requests keep Schemathesis' own ids, so the 404 paths stay covered.

Every id a creating request made (a ``POST`` or ``PUT`` answered 2xx) keeps the requests
that made it (:attr:`IdBook.origins`: the creators of the ids that request used, then the
request), so a failure on that id carries them (:attr:`seamguard.Failure.setup`) and a
replay sends them first. Those ids are chosen first, in the order the run made them: an id
seen only in another answer (a listing ordered by the uuids the app made afresh) is chosen
only when no made one is left, so the same seed feeds the same requests the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.checks.api._pools import noun_of_parameter, noun_of_path, pool_for
from seamguard.checks.api._reproduce import request_example

if TYPE_CHECKING:
    from collections.abc import Callable

    import requests

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
    origins: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    """Id to the requests that made it, in order: the creators of the ids the creating
    request used, then that request (each as a failure's example gives it, with ``made``:
    the id it made)."""
    pinned: dict[tuple[str, str], str] = field(default_factory=dict)
    """(operation label, parameter) to the id its next request takes: one the setup of a
    failure kept in the example database made again (:func:`._setup.saved_setup`)."""

    def fresh(self, label: str, name: str, noun: str) -> list[str]:
        """The ids for parameter ``name`` of ``label`` that it has neither used nor refused
        (only those a request of the run made, when there are any: :meth:`_made_first`)."""
        spent = self.used.get(label, set()) | self.refused.get(label, set())
        pool = pool_for(name, self.pools, noun)
        return self._made_first([i for i in pool if i not in spent | self.gone])

    def known(self, label: str, name: str, noun: str) -> list[str]:
        """The ids for the parameter that still exist and ``label`` did not refuse."""
        spent = self.refused.get(label, set()) | self.gone
        return self._made_first([i for i in pool_for(name, self.pools, noun) if i not in spent])

    def _made_first(self, ids: list[str]) -> list[str]:
        """The ids a request of the run made (in the order it made them: the seed's), when
        there are any; else all. An id seen only in another answer comes in an order the
        app may take from the values (``ORDER BY id`` over fresh uuids), which differ from
        run to run: the same seed would pick other ids."""
        made = [i for i in ids if i in self.origins]
        return made or ids

    def made_by(
        self,
        made: list[str],
        prepared: requests.PreparedRequest,
        payload: bytes,
        used: list[str],
    ) -> None:
        """Note that the request ``prepared`` (its body ``payload``), on the pooled ids
        ``used``, made the ids ``made``: when it is a creating request (``POST``, ``PUT``),
        each new one keeps it, after the requests that made ``used``."""
        if not made or str(prepared.method or "").upper() not in _CREATES:
            return
        before = self.setup_for(used)
        request = request_example(prepared, payload)
        for one in made:
            if one not in self.origins:
                self.origins[one] = (*before, {**request, "made": one})

    def setup_for(self, ids: list[str]) -> tuple[dict[str, Any], ...]:
        """The requests that made ``ids`` (those the run made), in order, each once."""
        setup: list[dict[str, Any]] = []
        for one in ids:
            for request in self.origins.get(one, ()):
                if request not in setup:
                    setup.append(request)
        return tuple(setup)

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
        """An id for parameter ``name`` of ``label``: a fresh one the run made, else one
        ``make(noun)`` made (it answers whether it made any), else a fresh one seen in an
        answer, else any that still exists."""
        pinned = self.pinned.pop((label, name), None)
        if pinned is not None:
            return pinned
        noun = noun_of_parameter(name, path)
        again = self._again(label, name, noun, index)
        if again is not None:
            return again
        fresh = self.fresh(label, name, noun)
        if (not fresh or fresh[0] not in self.origins) and noun and make(noun):
            fresh = self.fresh(label, name, noun)
        if not fresh:
            fresh = self.known(label, name, noun)
        return fresh[index % len(fresh)] if fresh else None

    def _again(self, label: str, name: str, noun: str, index: int) -> str | None:
        """For every fourth choice of a ``GET``, an id it already answered 2xx to (in pool
        order: the seed's), when one still exists: a second read of the same id is what
        finds a cache in front of the logic (the seam never crossed again), which fresh ids
        alone never meet."""
        if index % 4 != 3 or not label.upper().startswith("GET "):
            return None
        used = self.used.get(label, set())
        again = [i for i in self.known(label, name, noun) if i in used]
        return again[index % len(again)] if again else None


def chosen_ids(case: Any, names: list[str]) -> list[str]:
    """The path parameter values of a case, as text."""
    parameters = case.path_parameters or {}
    return [str(parameters[n]) for n in names if n in parameters]
