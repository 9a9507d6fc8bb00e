"""A report ``seamguard replay`` cannot use is one usage line naming the report and the JSON
pointer of its first problem, never a traceback; a report's examples count is capped.

Each tampered report starts from one that ``report/json.py`` wrote for a real run, so the
format's schema (``seamguard/report/report.schema.json``) is held to what the writer
writes. Fast: nothing here starts an app, except the one test that replays a failure whose
message holds a lone surrogate, in a fresh process on the notes service.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import seamguard.checks._ids as ids
import seamguard.engine
from seamguard.checks import CheckResult
from seamguard.config import load_config
from seamguard.contracts import load_contracts
from seamguard.engine import Run
from seamguard.errors import ConfigError, Failure
from seamguard.replay import (
    MAX_REPLAY_EXAMPLES,
    check_report,
    find_failure,
    load_report,
    replay_examples,
    replay_failure,
)
from seamguard.report.json import build_report

NOTES = Path(__file__).parent / "services" / "notes"
CONFIG = NOTES / "seamguard.toml"
SEAMGUARD = str(Path(sys.executable).with_name("seamguard"))

LOGIC_FAILURE = Failure(
    check="logic-output-conforms",
    seam="notes.create",
    version="1.0",
    message="the logic returned a document the contract forbids",
    file="contracts/notes.create/1.0/output.schema.json",
    example={"title": "a", "body": ""},
    seed=7,
    reproduce="# pytest\n...",
)
REQUEST_FAILURE = Failure(
    check="api-hands-valid-input",
    seam="notes.search",
    version="1.0",
    message="GET /notes: the API handed the logic an input the contract forbids",
    example={
        "method": "GET",
        "url": "/notes?q=a",
        "headers": {"Content-Type": "application/json"},
        "body": {"q": "a"},
    },
    seed=7,
)


def written() -> dict[str, Any]:
    """A report as report/json.py writes it, for a run with a logic-side and a request
    failure (results 0 and 1)."""
    run = Run(
        registry=load_contracts(NOTES / "contracts"),
        results=(
            CheckResult(
                "notes.create",
                "1.0",
                "logic-output-conforms",
                "failed",
                examples=3,
                failures=(LOGIC_FAILURE,),
            ),
            CheckResult(
                "notes.search",
                "1.0",
                "api-hands-valid-input",
                "failed",
                examples=5,
                failures=(REQUEST_FAILURE,),
            ),
            CheckResult("notes.get", "1.0", "contract-valid", "passed"),
            CheckResult(
                "notes.get", "1.0", "api-rejects-invalid", "skipped", reason="no 'app' here"
            ),
        ),
        bound={"notes.create": "1.0", "notes.search": "1.0", "notes.get": "1.0"},
        seed=7,
        operations={"GET /notes": (5, 4)},
        max_examples=30,
    )
    report: dict[str, Any] = json.loads(json.dumps(build_report(run)))
    return report


def test_a_report_the_writer_wrote_is_usable(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(written(), indent=2), encoding="utf-8")

    report = load_report(path)

    assert find_failure(report, LOGIC_FAILURE.id, str(path))["seam"] == "notes.create"
    assert find_failure(report, REQUEST_FAILURE.id, str(path))["check"] == ("api-hands-valid-input")


def test_a_static_run_report_is_usable() -> None:
    # lint and a static run write null seed and max_examples.
    report = written()
    report["seed"] = report["max_examples"] = None
    assert check_report(report, "r.json") == report


def test_the_schema_names_every_check_of_the_catalogue() -> None:
    schema = json.loads(
        files("seamguard.report").joinpath("report.schema.json").read_text(encoding="utf-8")
    )
    catalogue = {
        value for name, value in vars(ids).items() if name.isupper() and isinstance(value, str)
    }
    assert set(schema["$defs"]["result"]["properties"]["check"]["enum"]) == catalogue


def _failure(report: dict[str, Any], result: int = 0) -> dict[str, Any]:
    failure: dict[str, Any] = report["results"][result]["failures"][0]
    return failure


def _set(pointer: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(report: dict[str, Any]) -> None:
        target: Any = report
        for part in pointer[:-1]:
            target = target[part]
        target[pointer[-1]] = value

    return change


def _drop(pointer: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(report: dict[str, Any]) -> None:
        target: Any = report
        for part in pointer[:-1]:
            target = target[part]
        del target[pointer[-1]]

    return change


TAMPERED: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # (what, change, the pointer named, words of the reason)
    ("results not a list", _set(["results"], {"a": 1}), "/results", "is not of type 'array'"),
    (
        "a failure that is not an object",
        _set(["results", 0, "failures", 0], "zz"),
        "/results/0/failures/0",
        "is not of type 'object'",
    ),
    (
        "a result without a version",
        _drop(["results", 0, "version"]),
        "/results/0",
        "'version' is a required property",
    ),
    (
        "a request's headers as a list",
        _set(["results", 1, "failures", 0, "example", "headers"], [["a", "b"]]),
        "/results/1/failures/0/example/headers",
        "is not of type 'object'",
    ),
    (
        "a request's method not a string",
        _set(["results", 1, "failures", 0, "example", "method"], ["GET"]),
        "/results/1/failures/0/example/method",
        "is not of type 'string'",
    ),
    (
        "a header value not a string",
        _set(["results", 1, "failures", 0, "example", "headers", "X"], 1),
        "/results/1/failures/0/example/headers/X",
        "is not of type 'string'",
    ),
    (
        "a failure without a seed",
        _drop(["results", 0, "failures", 0, "seed"]),
        "/results/0/failures/0",
        "'seed' is a required property",
    ),
    (
        "a seed that is text",
        _set(["results", 0, "failures", 0, "seed"], "7"),
        "/results/0/failures/0/seed",
        "is not of type",
    ),
    (
        "an id that is not a failure id",
        _set(["results", 0, "failures", 0, "id"], "../../etc"),
        "/results/0/failures/0/id",
        "does not match",
    ),
    (
        "a check that is not in the catalogue",
        _set(["results", 0, "check"], "rm -rf"),
        "/results/0/check",
        "is not one of",
    ),
    ("max_examples of zero", _set(["max_examples"], 0), "/max_examples", "minimum"),
    (
        "max_examples that is not a number",
        _set(["max_examples"], "1e9"),
        "/max_examples",
        "is not of type",
    ),
    ("no summary", _drop(["summary"]), "/", "'summary' is a required property"),
    (
        "a key with a slash and a lone surrogate",
        _set(["operations", "\ud800/x"], 5),
        "/operations/\\ud800~1x",
        "is not of type 'object'",
    ),
]


@pytest.mark.parametrize(
    ("change", "pointer", "reason"),
    [pytest.param(change, pointer, reason, id=what) for what, change, pointer, reason in TAMPERED],
)
def test_a_tampered_report_is_one_line_naming_the_pointer(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], pointer: str, reason: str
) -> None:
    report = written()
    change(report)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(report), encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        load_report(path)

    message = str(raised.value)
    assert message.startswith(f"{path} is not a seamguard JSON report replay can use: ")
    assert f"at {pointer} (" in message
    assert reason in message
    assert "\n" not in message
    message.encode("utf-8")  # no lone surrogate: it prints anywhere


@pytest.mark.parametrize("version", [2, 0, "1", None])
def test_a_report_of_another_format_version_says_so(version: Any) -> None:
    report = written()
    report["version"] = version

    with pytest.raises(ConfigError, match=r"^r\.json is a report of format version .+, not 1 "):
        check_report(report, "r.json")


def test_a_report_without_a_version_says_so() -> None:
    report = written()
    del report["version"]

    with pytest.raises(ConfigError, match=r"format version None, not 1 \(at /version\)"):
        check_report(report, "r.json")


@pytest.mark.parametrize("document", [[], "text", 3, None])
def test_a_document_that_is_not_an_object_is_refused(document: Any) -> None:
    with pytest.raises(ConfigError, match=r"^r\.json is not a seamguard JSON report .* at / "):
        check_report(document, "r.json")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is not JSON (truncated or damaged?): Expecting value at line 1, column 1"),
        (b'{"version": 1, "results": [', "is not JSON (truncated or damaged?)"),
        (b"\xff\xfe{}", "is not UTF-8 text (byte 0)"),
        (b"[" * 100_000 + b"]" * 100_000, "cannot be read as JSON: nested too deeply"),
        (b'{"seed": ' + b"9" * 5000 + b"}", "cannot be read as JSON: Exceeds the limit"),
    ],
    ids=["empty", "truncated", "not-utf8", "deep", "huge-number"],
)
def test_a_file_that_is_not_json_is_one_line(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content)

    with pytest.raises(ConfigError) as raised:
        load_report(path)

    assert str(raised.value).startswith(f"the report {path} ")
    assert words in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_report_cut_short_is_refused(tmp_path: Path) -> None:
    text = json.dumps(written())
    path = tmp_path / "r.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")

    with pytest.raises(ConfigError, match="is not JSON \\(truncated or damaged\\?\\)"):
        load_report(path)


def test_a_folder_or_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^cannot read the report .*: Is a directory$"):
        load_report(tmp_path)
    with pytest.raises(ConfigError, match=r"^no report at .*: run 'seamguard check' first"):
        load_report(tmp_path / "none.json")


def test_an_oversized_report_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("seamguard.replay.MAX_REPORT_BYTES", 1000)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(written()), encoding="utf-8")

    with pytest.raises(ConfigError, match=r"is larger than 0 MiB"):
        load_report(path)


def test_lone_surrogates_in_a_message_and_an_example_are_usable(tmp_path: Path) -> None:
    # json.loads accepts "\ud800"; a logic's exception message may hold one, so the writer
    # may write one: the report is usable, and what is shown of it prints.
    report = written()
    _failure(report)["message"] = "bad \ud800 text"
    _failure(report)["example"] = {"title": "x\udfff"}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report), encoding="utf-8")

    loaded = load_report(path)

    assert _failure(loaded)["message"] == "bad \ud800 text"


# The cap on a rerun's examples.


def test_the_examples_count_is_capped_with_a_note() -> None:
    config = load_config(CONFIG)  # max-examples = 30
    report = written()

    assert replay_examples(config, report) == (30, "")
    report["max_examples"] = MAX_REPLAY_EXAMPLES
    assert replay_examples(config, report) == (MAX_REPLAY_EXAMPLES, "")
    report["max_examples"] = 10**9
    count, note = replay_examples(config, report)
    assert count == MAX_REPLAY_EXAMPLES == 10_000
    assert note == (
        "the report asks for 1000000000 examples per check; a replay runs at most 10000 "
        "(the larger of 10000 and the configuration's max-examples)"
    )
    report["max_examples"] = None
    assert replay_examples(config, report) == (None, "")


def test_a_configuration_above_the_cap_raises_it() -> None:
    config = load_config(CONFIG)
    report = written()
    report["max_examples"] = 10**9
    higher = type(config)(**{**vars_of(config), "max_examples": 50_000})

    assert replay_examples(higher, report)[0] == 50_000


def vars_of(config: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}


def test_a_rerun_runs_at_most_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # A static check's failure has no example to send: replay reruns the seam, with the
    # report's examples count capped (10**9 ran without bound).
    asked: dict[str, Any] = {}

    def run_check(config: Any, **options: Any) -> Run:
        asked.update(options)
        return Run(registry=load_contracts(NOTES / "contracts"), results=(), bound={})

    monkeypatch.setattr(seamguard.engine, "run_check", run_check)
    report = written()
    report["max_examples"] = 10**9
    failure = {**_failure(report), "seam": "notes.create", "version": "1.0"}
    failure["check"] = "contract-valid"

    replayed = replay_failure(load_config(CONFIG), report, failure)

    assert asked["max_examples"] == MAX_REPLAY_EXAMPLES
    assert replayed.failure is None


def test_replay_prints_a_lone_surrogate_from_the_report(tmp_path: Path) -> None:
    # The message was printed raw: UnicodeEncodeError and a traceback. A fresh process, as
    # a user runs it (a UTF-8 stdout that cannot hold a surrogate).
    report = written()
    _failure(report)["message"] = "bad \ud800 text"
    report["results"] = report["results"][:1]
    report["max_examples"] = 5  # the example passes on the clean service: a short rerun
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    env = {**os.environ, "NOTES_BUG": "", "PYTHONIOENCODING": "utf-8"}

    done = subprocess.run(
        [SEAMGUARD, "replay", LOGIC_FAILURE.id, "--report", str(path), "--config", str(CONFIG)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert "Traceback" not in done.stderr, done.stderr
    assert "was: bad \\ud800 text" in done.stdout
    assert done.returncode == 0, done.stdout + done.stderr  # the bug is not planted: it passes now
