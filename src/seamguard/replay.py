"""Replay one failure: the exact example, through the check that failed on it.

``seamguard replay ID`` finds the failure in the last report (``.seamguard/last-report.json``,
written by every ``seamguard check``) or in a report named with ``--report``, and sends its
example again: a logic-side input document straight to the logic, a request to the app
in-process, with every crossing recorded. ``seamguard.reproduce(...)``, which every
failure's pytest snippet calls, does the same from the example itself and raises the
failure as an ``AssertionError`` while it lasts.

What has no single example to send (a static check, ``model-matches-contract``), or a
request whose failure needed state the run built before it (an id made by an earlier
request), is replayed by running that seam again under the report's seed: the same seed
and code give the same examples, so the same failure comes back under the same id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seamguard.errors import ConfigError, ContractViolation, Failure

if TYPE_CHECKING:
    from pathlib import Path

    from seamguard.checks.api import Exchange
    from seamguard.config import Config

__all__ = ["LAST_REPORT", "Replayed", "find_failure", "replay_failure", "reproduce"]

LAST_REPORT = ".seamguard/last-report.json"
"""Where ``seamguard check`` leaves its report, relative to the project root."""


@dataclass(frozen=True, slots=True)
class Replayed:
    """What a replay did and found."""

    failure: Failure | None
    """The failure as it happened again; ``None`` when the example passed the check."""
    how: str
    """What was replayed: ``"the example"``, or the seam's run under a seed."""
    exchange: Exchange | None = None
    """For a request: what was sent, the answer and the crossings."""
    crossing_input: Any = None
    """For a logic-side example: the input document handed to the logic."""


def _is_request(example: Any) -> bool:
    return isinstance(example, dict) and "method" in example and "url" in example


def replay_example(
    config: Config,
    seam: str,
    check: str,
    example: Any,
    *,
    seed: int = 0,
    http_checks_all: bool = False,
) -> Replayed:
    """Send ``example`` again and judge it by ``check`` of ``seam``, as the run did."""
    from seamguard.checks import LOGIC_CHECKS
    from seamguard.checks.logic import run_logic_checks
    from seamguard.engine import seam_context

    with seam_context(
        config, seed=seed, max_examples=1, http_checks_all=http_checks_all
    ) as context:
        if _is_request(example):
            if context.options.config.app is None:
                raise ConfigError("the failure's example is a request, but no 'app' is configured")
            found, exchange = context.api_side().replay(example)
            failure = found.failures.get((seam, check))
            return Replayed(failure, "the example", exchange=exchange)
        if check not in LOGIC_CHECKS:
            raise ConfigError(
                f"{check} has no single example to send; replay it by its id "
                "(seamguard replay ID), which runs the seam again under the report's seed"
            )
        bound = context.bound(seam)
        options = context.options
        results = run_logic_checks(
            bound,
            options.contracts[seam],
            options.validators,
            max_examples=1,
            seed=seed,
            relative_to=options.config.root,
            config_file=options.config.source,
            timeout=bound.binding.timeout or options.config.timeout,
            examples=[example],
        )
    failure = next((f for r in results if r.check == check for f in r.failures), None)
    return Replayed(failure, "the example", crossing_input=example)


def reproduce(
    seam: str,
    check: str,
    example: Any,
    *,
    config: str | Path | None = None,
    seed: int = 0,
) -> Replayed:
    """Send one failure's example again through ``check``; raise it while it still fails.

    This is what a failure's pytest snippet calls::

        seamguard.reproduce("tasks.create", "logic-output-conforms", {"title": "a"})

    ``example`` is an input document for a logic-side check, or a request
    (``{"method", "url", "headers", "body"}``) for one found through the API.

    Raises:
        ContractViolation: the example still fails the check (an ``AssertionError``, so
            pytest shows it as a failed test).
        ConfigError: the seam, the check or the example cannot be replayed.
    """
    from seamguard.checks import API_CHECKS, LOGIC_CHECKS
    from seamguard.config import load_config
    from seamguard.errors import did_you_mean

    sendable = (*LOGIC_CHECKS, *API_CHECKS)
    if check not in sendable:
        raise ConfigError(
            f"reproduce: {check!r} is not a check with an example to send"
            f"{did_you_mean(check, sendable)} (checks: {', '.join(sendable)})"
        )
    replayed = replay_example(load_config(config), seam, check, example, seed=seed)
    if replayed.failure is not None:
        raise ContractViolation(replayed.failure)
    return replayed


def find_failure(report: dict[str, Any], ident: str, where: str) -> dict[str, Any]:
    """The failure whose id is ``ident`` (or starts with it, when only one does), with its
    result's seam, version and check merged in.

    Raises:
        ConfigError: no failure, or more than one, has that id.
    """
    found = []
    known = []
    for result in report.get("results", []):
        for failure in result.get("failures", []):
            known.append(str(failure.get("id", "")))
            if str(failure.get("id", "")).startswith(ident):
                found.append({**failure, **{k: result[k] for k in ("seam", "version", "check")}})
    if len(found) == 1:
        return found[0]
    if not found:
        listed = ", ".join(known[:10]) + (", …" if len(known) > 10 else "")
        raise ConfigError(
            f"no failure {ident!r} in {where}"
            + (f" (its failures: {listed})" if known else " (it has no failures)")
        )
    raise ConfigError(
        f"{ident!r} names {len(found)} failures in {where}; give more of the id "
        f"({', '.join(str(f['id']) for f in found)})"
    )


def load_report(path: Path) -> dict[str, Any]:
    """A JSON report from ``path``.

    Raises:
        ConfigError: no such file, or it is not a seamguard report.
    """
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"no report at {path}: run 'seamguard check' first, or name one with --report"
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the report {path}: {exc}") from None
    if not isinstance(report, dict) or "results" not in report:
        raise ConfigError(f"{path} is not a seamguard JSON report (no 'results')")
    return report


def replay_failure(config: Config, report: dict[str, Any], failure: dict[str, Any]) -> Replayed:
    """Replay one failure of ``report``: its example when it has one to send; otherwise, or
    when the example alone passes, the seam's run under the report's seed."""
    seed = failure.get("seed")
    seed = int(seed) if isinstance(seed, int) else int(report.get("seed") or 0)
    http_all = report.get("http_checks") == "all"
    seam, check, example = failure["seam"], failure["check"], failure.get("example")
    from seamguard.checks import LOGIC_CHECKS

    if example is not None and (_is_request(example) or check in LOGIC_CHECKS):
        replayed = replay_example(config, seam, check, example, seed=seed, http_checks_all=http_all)
        if replayed.failure is not None:
            return replayed
    return _rerun(config, report, failure, seed)


def _rerun(config: Config, report: dict[str, Any], failure: dict[str, Any], seed: int) -> Replayed:
    """The seam's whole run under ``seed``; the failure with the same id, or of the check."""
    from seamguard.engine import run_check

    seam, check = failure["seam"], failure["check"]
    examples = report.get("max_examples")
    bound = {b.contract for b in config.seams}
    run = run_check(
        config,
        seams=[seam] if seam in bound else [],
        seed=seed,
        max_examples=int(examples) if isinstance(examples, int) else None,
        http_checks_all=report.get("http_checks") == "all",
    )
    same = [
        f
        for r in run.results
        if r.seam == seam and r.check == check
        for f in r.failures
        if f.id == failure["id"]
    ]
    other = [f for r in run.results if r.seam == seam and r.check == check for f in r.failures]
    chosen = same or other
    return Replayed(chosen[0] if chosen else None, f"the seam's run under seed {seed}")
