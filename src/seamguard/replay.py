"""Replay one failure: the exact example, through the check that failed on it.

``seamguard replay ID`` finds the failure in the last report (``.seamguard/last-report.json``,
written by every ``seamguard check``) or in a report named with ``--report``, and sends its
example again: a logic-side input document straight to the logic, a request to the app
in-process, with every crossing recorded. ``seamguard.reproduce(...)``, which every
failure's pytest snippet calls, does the same from the example itself and raises the
failure as an ``AssertionError`` while it lasts.

A request on an id the service made earlier in the run carries the requests that made
it (the failure's ``setup``): they are sent first, and the id the replay's own creating
request returned takes the stored one's place in the failing request.

What has no single example to send (a static check, ``model-matches-contract``), or a
request whose failure needed other state the run built before it, is replayed by running
that seam again under the report's seed: the same seed and code give the same examples, so
the same failure comes back under the same id.
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seamguard.checks._text import printable
from seamguard.errors import ConfigError, ContractViolation, Failure

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from seamguard.checks.api import Exchange
    from seamguard.config import Config
    from seamguard.project import Project

__all__ = [
    "LAST_REPORT",
    "MAX_REPLAY_EXAMPLES",
    "MAX_REPORT_BYTES",
    "Replayed",
    "check_report",
    "find_failure",
    "load_report",
    "replay_examples",
    "replay_failure",
    "reproduce",
]

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
    setup: tuple[dict[str, Any], ...] = ()
    """For a request on ids the run made: the requests sent first, each with the id it
    made this time (``made``)."""
    setup_note: str = ""
    """Why the setup could not make its ids again (the request went with the stored ones)."""


def _is_request(example: Any) -> bool:
    return isinstance(example, dict) and "method" in example and "url" in example


def replay_example(
    project: Project,
    seam: str,
    check: str,
    example: Any,
    *,
    seed: int = 0,
    http_checks_all: bool = False,
    setup: Sequence[Any] = (),
) -> Replayed:
    """Send ``example`` again and judge it by ``check`` of ``seam``, as the run did
    (``setup``: the requests that made the ids of a request's path, sent first)."""
    from seamguard.checks.catalogue import ids_on
    from seamguard.engine import seam_context
    from seamguard.project import RunSettings

    settings = RunSettings.of(
        project.config, seed=seed, max_examples=1, http_checks_all=http_checks_all
    )
    with seam_context(project, settings) as context:
        if _is_request(example):
            if project.config.app is None:
                raise ConfigError("the failure's example is a request, but no 'app' is configured")
            api = context.api_side()
            from seamguard.checks.api._setup import setup_first, with_setup

            example, sent, note = setup_first(api.driver, api.recorder, list(setup), example)
            found, exchange = api.replay(example)
            failure = found.failures.get((seam, check))
            if failure is not None:
                failure = with_setup(failure, sent)
            return Replayed(failure, "the example", exchange=exchange, setup=sent, setup_note=note)
        if check not in ids_on("logic"):
            raise ConfigError(
                f"{check} has no single example to send; replay it by its id "
                "(seamguard replay ID), which runs the seam again under the report's seed"
            )
        results = context.logic_checks(seam, examples=[example])
    failure = next((f for r in results if r.check == check for f in r.failures), None)
    return Replayed(failure, "the example", crossing_input=example)


def reproduce(
    seam: str,
    check: str,
    example: Any,
    *,
    config: str | Path | None = None,
    seed: int = 0,
    setup: Sequence[Any] = (),
) -> Replayed:
    """Send one failure's example again through ``check``; raise it while it still fails.

    This is what a failure's pytest snippet calls::

        seamguard.reproduce("tasks.create", "logic-output-conforms", {"title": "a"})

    ``example`` is an input document for a logic-side check, or a request
    (``{"method", "url", "headers", "body"}``) for one found through the API. ``setup``:
    the requests that made the ids of the request's path (the failure's ``setup``), sent
    first; the ids they make take the stored ones' place.

    ``config`` is the path the snippet names, relative to the folder ``seamguard check``
    ran in (the project's root). When it is relative and not found from the working
    directory, it is looked for upwards from the file of the test that calls this, so the
    pasted test passes or fails alike under ``pytest`` run from any folder.

    Raises:
        ContractViolation: the example still fails the check (an ``AssertionError``, so
            pytest shows it as a failed test).
        ConfigError: the seam, the check or the example cannot be replayed.
    """
    from seamguard.checks.catalogue import ids_on
    from seamguard.errors import did_you_mean
    from seamguard.project import Project

    sendable = ids_on("logic", "api")
    if check not in sendable:
        raise ConfigError(
            f"reproduce: {check!r} is not a check with an example to send"
            f"{did_you_mean(check, sendable)} (checks: {', '.join(sendable)})"
        )
    caller = sys._getframe(1).f_code.co_filename  # the pasted test's file
    replayed = replay_example(
        Project.open(_config_near(config, caller)), seam, check, example, seed=seed, setup=setup
    )
    if replayed.failure is not None:
        raise ContractViolation(replayed.failure)
    return replayed


def _config_near(config: str | Path | None, caller: str) -> str | Path | None:
    """``config`` as given when it is absolute, missing, or found from the working
    directory; else the first ``<folder>/<config>`` that is a file, for the folders from
    ``caller``'s up (the path as given when none is, so the error names it)."""
    if config is None or Path(config).is_absolute() or Path(config).is_file():
        return config
    for folder in Path(caller).resolve().parents:
        candidate = folder / config
        if candidate.is_file():
            return candidate
    return config


def find_failure(report: dict[str, Any], ident: str, where: str) -> dict[str, Any]:
    """The failure whose id is ``ident`` (or starts with it, when only one does), with its
    result's seam, version and check merged in.

    Raises:
        ConfigError: no failure, or more than one, has that id.
    """
    where = printable(where)
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


MAX_REPORT_BYTES = 256 * 2**20
"""The largest report ``seamguard replay`` reads (256 MiB); a bigger file is refused unread."""

MAX_REPLAY_EXAMPLES = 10_000
"""The most examples per check a replay runs when it reruns a seam, or the configuration's
``max-examples`` when that is higher: a report's ``max_examples`` is capped there."""


@functools.cache
def _report_validator() -> Any:
    """The validator of the JSON report format (``report/report.schema.json``)."""
    from importlib.resources import files

    from jsonschema import Draft202012Validator

    text = files("seamguard.report").joinpath("report.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def _pointer(parts: Iterable[Any]) -> str:
    """A JSON pointer (RFC 6901) from a path of keys and indexes; ``""`` for the document."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _cut(text: str, limit: int = 200) -> str:
    text = printable(text)
    return text if len(text) <= limit else text[:limit] + "…"


def check_report(report: Any, where: str) -> dict[str, Any]:
    """``report`` when it is a JSON report of the format this seamguard writes.

    Every report ``seamguard replay`` reads is checked against the format's schema
    (``seamguard/report/report.schema.json``) before anything in it is used, so a report
    that was edited by hand, tampered with or written by another version is one usage
    error naming the JSON pointer of its first problem, never a traceback.

    Raises:
        ConfigError: the report does not match the format.
    """
    from jsonschema.exceptions import best_match

    from seamguard.report.json import REPORT_VERSION

    where = printable(where)
    if isinstance(report, dict) and report.get("version") != REPORT_VERSION:
        raise ConfigError(
            f"{where} is a report of format version {_cut(repr(report.get('version')), 40)}, "
            f"not {REPORT_VERSION} (at /version): run 'seamguard check' again with this "
            "seamguard"
        )
    error = best_match(_report_validator().iter_errors(report))
    if error is None:
        return dict(report)
    pointer = _pointer(error.absolute_path)
    raise ConfigError(
        f"{where} is not a seamguard JSON report replay can use: at {_cut(pointer, 120) or '/'}"
        f" (the {'document' if not pointer else 'value'}): {_cut(error.message)}"
    )


def load_report(path: Path) -> dict[str, Any]:
    """The JSON report at ``path``, checked against the report format (:func:`check_report`).

    Raises:
        ConfigError: no such file, it cannot be read, it is not JSON (a truncated file), it
            is larger than :data:`MAX_REPORT_BYTES`, or it is not a seamguard report of this
            format version.
    """
    shown = printable(str(path))
    try:
        with path.open("rb") as file:
            data = file.read(MAX_REPORT_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(
            f"no report at {shown}: run 'seamguard check' first, or name one with --report"
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"cannot read the report {shown}: {printable(exc.strerror or str(exc))}"
        ) from None
    if len(data) > MAX_REPORT_BYTES:
        raise ConfigError(
            f"the report {shown} is larger than {MAX_REPORT_BYTES // 2**20} MiB; "
            "no report seamguard writes is"
        )
    try:
        report = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"the report {shown} is not UTF-8 text (byte {exc.start}): not a seamguard report"
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"the report {shown} is not JSON (truncated or damaged?): {exc.msg} at line "
            f"{exc.lineno}, column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:  # a 5000-digit number; nesting past the stack
        what = "nested too deeply" if isinstance(exc, RecursionError) else _cut(str(exc), 120)
        raise ConfigError(f"the report {shown} cannot be read as JSON: {what}") from None
    return check_report(report, str(path))


def replay_examples(config: Config, report: dict[str, Any]) -> tuple[int | None, str]:
    """The examples per check a rerun of the report's seam uses, and a note when the
    report asked for more than the cap (:data:`MAX_REPLAY_EXAMPLES`, or the configuration's
    ``max-examples`` when higher); ``None`` (the configuration's) when the report names none.
    """
    asked = report.get("max_examples")
    if not isinstance(asked, int) or isinstance(asked, bool) or asked < 1:
        return None, ""
    cap = max(MAX_REPLAY_EXAMPLES, config.max_examples)
    if asked <= cap:
        return asked, ""
    return cap, (
        f"the report asks for {asked} examples per check; a replay runs at most {cap} "
        f"(the larger of {MAX_REPLAY_EXAMPLES} and the configuration's max-examples)"
    )


def replay_failure(config: Config, report: dict[str, Any], failure: dict[str, Any]) -> Replayed:
    """Replay one failure of ``report``: its example when it has one to send; otherwise, or
    when the example alone passes, the seam's run under the report's seed."""
    seed = failure.get("seed")
    seed = int(seed) if isinstance(seed, int) else int(report.get("seed") or 0)
    http_all = report.get("http_checks") == "all"
    seam, check, example = failure["seam"], failure["check"], failure.get("example")
    from seamguard.checks.catalogue import ids_on
    from seamguard.project import Project

    project = Project.open(config)
    if example is not None and (_is_request(example) or check in ids_on("logic")):
        replayed = replay_example(
            project,
            seam,
            check,
            example,
            seed=seed,
            http_checks_all=http_all,
            setup=failure.get("setup") or (),
        )
        if replayed.failure is not None:
            return replayed
    return _rerun(project, report, failure, seed)


def _rerun(
    project: Project, report: dict[str, Any], failure: dict[str, Any], seed: int
) -> Replayed:
    """The seam's whole run under ``seed``; the failure with the same id, or of the check."""
    from seamguard.engine import run_check

    seam, check = failure["seam"], failure["check"]
    examples, _ = replay_examples(project.config, report)
    run = run_check(
        project.config,
        seams=[seam] if seam in project.names else [],
        seed=seed,
        max_examples=examples,
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
