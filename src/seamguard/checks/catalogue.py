"""The check catalogue: one record per check id, in report order.

Where a check lives, which side runs it and what it fails on, in one place: the engine, the
pytest plugin and ``seamguard replay`` ask :func:`checks_for` which checks a seam gets, and
``--help`` and the docs take each check's one-line summary from here. A record names what
decides it as ``module:name`` (imported on demand by :meth:`Check.decider`), so reading the
catalogue imports no check.

Two ids are decided on two sides: ``logic-accepts-input`` and ``logic-output-conforms`` by the
logic side's own calls and by every crossing the API side causes
(:func:`seamguard.checks.crossing.judge_crossing`); :func:`seamguard.checks.logic.settle_sides`
joins the two into the one result a seam gets.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from seamguard.checks._ids import (
    API_ACCEPTED_CROSSED,
    API_HANDS_VALID_INPUT,
    API_REJECTS_INVALID,
    API_RESPONSE_CONFORMS,
    API_WITHIN_LOGIC,
    CONTRACT_COMPAT,
    CONTRACT_VALID,
    LOGIC_ACCEPTS_INPUT,
    LOGIC_OUTPUT_CONFORMS,
    MODEL_MATCHES_CONTRACT,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["CATALOGUE", "Check", "Side", "check", "checks_for", "ids_on"]

Side = Literal["static", "logic", "api", "static+logic"]


@dataclass(frozen=True, slots=True)
class Check:
    """One check of the catalogue."""

    id: str
    """The id every report shows (``"logic-output-conforms"``)."""
    side: Side
    """Where it is decided: the contracts alone, calls of the logic, requests to the API."""
    order: int
    """Its place in a seam's results (reports list a seam's checks in this order)."""
    decided_by: str
    """What decides it, as ``module:name``: the function, or the runner that drives the
    examples (``ApiSide`` for the API side)."""
    summary: str
    """What it fails on, in one line (``--help``; the table of docs/checks.md)."""
    verdict: str | None = None
    """The function that judges one example for the runner (one request, one crossing),
    as ``module:function``; ``None`` when the runner judges as it goes."""
    tree: bool = False
    """Judged for every seam of the contracts tree by ``seamguard lint``, bound or not;
    the others only for bound seams by ``seamguard check``."""

    def decider(self) -> Callable[..., Any]:
        """What decides it (:attr:`decided_by`), imported now."""
        return _load(self.decided_by)


def _load(where: str) -> Callable[..., Any]:
    """The object ``module:name`` names."""
    module, _, name = where.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found


_CHECKS = "seamguard.checks"

CATALOGUE: tuple[Check, ...] = (
    Check(
        CONTRACT_VALID,
        "static",
        0,
        f"{_CHECKS}.contract_valid:check_contract_valid",
        "a schema is not valid for its draft, a `$ref` does not resolve locally, a version "
        "folder is malformed, no document satisfies an input or output schema",
        tree=True,
    ),
    Check(
        CONTRACT_COMPAT,
        "static",
        1,
        f"{_CHECKS}.compat:check_contract_compat",
        "a MINOR version is not backward compatible with its predecessor, or a published "
        "version changed",
        tree=True,
    ),
    Check(
        API_WITHIN_LOGIC,
        "static",
        2,
        f"{_CHECKS}.within:check_api_within_logic",
        "an API request property admits values the seam input schema forbids, in the same "
        "JSON form (a string the route wraps in a value object is undecided, never failed)",
    ),
    Check(
        MODEL_MATCHES_CONTRACT,
        "static+logic",
        3,
        f"{_CHECKS}.model:check_model_matches_contract",
        "an input model refuses a contract-valid document or lets a forbidden one cross; an "
        "output model turns a contract-valid output into a forbidden one (drops a required "
        "field, renames, reformats), not when it is merely looser than the contract",
    ),
    Check(
        LOGIC_ACCEPTS_INPUT,
        "logic",
        4,
        f"{_CHECKS}.logic:run_logic_checks",
        "the logic raises anything but a declared domain error on a contract-valid input, "
        "does not return within `timeout`, or changes the input it was handed",
        verdict=f"{_CHECKS}.crossing:logic_accepts_input",
    ),
    Check(
        LOGIC_OUTPUT_CONFORMS,
        "logic",
        5,
        f"{_CHECKS}.logic:run_logic_checks",
        "the logic returns a document its output schema forbids",
        verdict=f"{_CHECKS}.crossing:logic_output_conforms",
    ),
    Check(
        API_HANDS_VALID_INPUT,
        "api",
        6,
        f"{_CHECKS}.api._side:ApiSide",
        "a request makes the API hand the logic an input the contract forbids",
        verdict=f"{_CHECKS}.crossing:api_hands_valid_input",
    ),
    Check(
        API_ACCEPTED_CROSSED,
        "api",
        7,
        f"{_CHECKS}.api._side:ApiSide",
        "the API answers 2xx for a bound route but the seam was never crossed",
        verdict=f"{_CHECKS}.api._verdicts:api_accepted_crossed",
    ),
    Check(
        API_REJECTS_INVALID,
        "api",
        8,
        f"{_CHECKS}.api._side:ApiSide",
        "a 4xx after a writing logic returned normally (a possible partial write), or a 5xx",
        verdict=f"{_CHECKS}.api._verdicts:api_rejects_invalid",
    ),
    Check(
        API_RESPONSE_CONFORMS,
        "api",
        9,
        f"{_CHECKS}.api._side:ApiSide",
        "the HTTP response does not match the API's declared response schema",
        verdict=f"{_CHECKS}.api._verdicts:api_response_conforms",
    ),
)
"""Every check, in report order."""

_BY_ID = {entry.id: entry for entry in CATALOGUE}


def check(check_id: str) -> Check:
    """The record of one check id.

    Raises:
        KeyError: no check has this id.
    """
    return _BY_ID[check_id]


def checks_for(*, tree: bool = True, predecessor: bool = True) -> tuple[str, ...]:
    """The check ids a bound seam gets, in report order.

    Args:
        tree: with the checks of the whole contracts tree (``contract-valid``,
            ``contract-compat``); ``False``: only the checks of a bound seam.
        predecessor: the seam's version has a predecessor, which ``contract-compat`` judges
            it against (a first version gets no ``contract-compat``).
    """
    return tuple(
        entry.id
        for entry in CATALOGUE
        if (tree or not entry.tree) and (predecessor or entry.id != CONTRACT_COMPAT)
    )


def ids_on(*sides: Side) -> tuple[str, ...]:
    """The check ids decided on these sides, in report order."""
    return tuple(entry.id for entry in CATALOGUE if entry.side in sides)
