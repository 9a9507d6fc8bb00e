"""Exact replay: ``seamguard replay ID`` in a fresh process reproduces a failure under the same
id, and so does the pytest snippet of the failure pasted into a test file; the curl line
reaches the same answer from a served app. All on a copy of examples/bookapp with planted
bugs, every step a separate process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from seamguard.errors import ConfigError
from seamguard.replay import find_failure

BOOKAPP = Path(__file__).resolve().parents[2] / "examples" / "bookapp"
SEAMGUARD = str(Path(sys.executable).with_name("seamguard"))


def run(
    project: Path, *args: str, bug: str = "", timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOOKAPP_BUG": bug}
    return subprocess.run(
        [SEAMGUARD, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def failures_of(project: Path, check: str) -> list[dict[str, Any]]:
    report = json.loads((project / ".seamguard" / "last-report.json").read_text(encoding="utf-8"))
    return [f for r in report["results"] if r["check"] == check for f in r["failures"]]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("replay") / "bookapp"
    shutil.copytree(BOOKAPP, folder, ignore=shutil.ignore_patterns(".seamguard", "__pycache__"))
    return folder


CHECK = ("check", "--seed", "5", "--max-examples", "25", "--example-db", "none")


@pytest.mark.parametrize(
    ("bug", "seam", "check", "how"),
    [
        # A logic-side document, sent straight to the logic.
        ("logic-output-conforms", "books.create", "logic-output-conforms", "the example"),
        # A request, sent once to the app in-process.
        ("api-hands-valid-input", "loans.create", "api-hands-valid-input", "the example"),
        # A cached answer for an id an earlier request made: the request alone passes in a
        # fresh app, so the seam's run is replayed under the report's seed.
        ("api-accepted-crossed", "books.get", "api-accepted-crossed", "the seam's run"),
    ],
)
def test_replay_reproduces_the_failure_in_a_fresh_process_under_its_id(
    project: Path, bug: str, seam: str, check: str, how: str
) -> None:
    checked = run(project, *CHECK, "--seam", seam, bug=bug)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    (failure,) = failures_of(project, check)
    # The terminal names the command, with the id of the run's first failure.
    hint = "replay a failure in a fresh process: seamguard replay "
    (line,) = [line for line in checked.stdout.splitlines() if line.startswith(hint)]
    report = json.loads((project / ".seamguard" / "last-report.json").read_text(encoding="utf-8"))
    first = next(f["id"] for r in report["results"] for f in r["failures"])
    assert line == hint + first

    replayed = run(project, "replay", failure["id"], bug=bug)

    assert replayed.returncode == 1, replayed.stdout + replayed.stderr
    assert f"replay {failure['id']}: [{check}] {seam}@" in replayed.stdout
    assert f"REPRODUCED by {how}" in replayed.stdout
    assert "(same id)" in replayed.stdout
    # A short prefix of the id is enough when only one failure has it.
    prefix = run(project, "replay", failure["id"][:6], bug=bug)
    assert prefix.returncode == 1
    # Fixed: the same replay passes and says so.
    fixed = run(project, "replay", failure["id"], bug="")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "passed:" in fixed.stdout


def test_replay_shows_the_crossing_of_a_request(project: Path) -> None:
    checked = run(project, *CHECK, "--seam", "loans.create", bug="api-hands-valid-input")
    (failure,) = failures_of(project, "api-hands-valid-input")

    replayed = run(project, "replay", failure["id"], bug="api-hands-valid-input")

    assert checked.returncode == replayed.returncode == 1
    url = failure["example"]["url"]
    if failure.get("setup"):
        # The book the failing request lent was made by a setup request: the replay makes
        # it again first and sends the request on the id its own setup got.
        assert "  setup: POST " in replayed.stdout
        made = str(failure["setup"][-1]["made"])
        url = re.escape(url).replace(re.escape(made), "[^/]+")
    else:
        url = re.escape(url)
    assert re.search(rf"^  request: POST {url}$", replayed.stdout, re.MULTILINE), replayed.stdout
    assert "  crossed loans.create: input {" in replayed.stdout
    assert "  answer: " in replayed.stdout


def pytest_part(reproduce: str) -> str:
    """The snippet's pytest test, as a user would paste it (up to the curl line)."""
    assert reproduce.startswith("# pytest\n"), reproduce
    return reproduce.split("# curl", 1)[0]


@pytest.mark.parametrize(
    ("bug", "seam", "check"),
    [
        ("logic-output-conforms", "books.create", "logic-output-conforms"),
        ("api-rejects-invalid", "loans.return", "api-rejects-invalid"),
    ],
)
def test_the_pasted_pytest_snippet_fails_while_the_bug_lasts(
    project: Path, bug: str, seam: str, check: str
) -> None:
    checked = run(project, *CHECK, "--seam", seam, bug=bug)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    (failure,) = failures_of(project, check)
    test_file = project / f"test_pasted_{check.replace('-', '_')}.py"
    test_file.write_text(pytest_part(failure["reproduce"]), encoding="utf-8")
    command = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_file.name)

    env = {**os.environ, "BOOKAPP_BUG": bug}
    failing = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    env["BOOKAPP_BUG"] = ""
    passing = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False
    )

    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert f"ContractViolation: [{check}] {seam}@" in failing.stdout
    assert passing.returncode == 0, passing.stdout + passing.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on this machine")
def test_the_pasted_curl_line_gets_the_failing_answer_from_the_served_app(project: Path) -> None:
    bug = "api-rejects-invalid"
    checked = run(project, *CHECK, "--seam", "loans.return", bug=bug)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    (failure,) = failures_of(project, "api-rejects-invalid")
    # The curl part: the setup requests that make the ids (into shell variables), then the
    # failing request, run as the user would paste it.
    curl_part = failure["reproduce"].split("# curl (against the app served on 127.0.0.1:8000)\n")
    script = curl_part[-1].rstrip()
    assert script.splitlines()[-1].startswith("curl ")
    port = free_port()
    env = {**os.environ, "BOOKAPP_BUG": bug}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bookapp.api:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=project,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        pasted = script.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        answered = subprocess.run(
            ["bash", "-c", f"{pasted} -s -o {os.devnull} -w '%{{http_code}}'"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert answered.stdout == "500", answered.stdout + answered.stderr


def test_an_unknown_id_is_one_usage_error_line(project: Path) -> None:
    run(project, *CHECK, "--seam", "fees.quote", bug="logic-accepts-input")

    replayed = run(project, "replay", "ffffffffffff")

    assert replayed.returncode == 2
    (line,) = replayed.stderr.splitlines()
    assert line.startswith("seamguard: error: no failure 'ffffffffffff' in ")
    assert "(its failures: " in line


def test_without_a_report_replay_says_how_to_make_one(tmp_path: Path) -> None:
    shutil.copytree(
        BOOKAPP, tmp_path / "app", ignore=shutil.ignore_patterns(".seamguard", "__pycache__")
    )

    replayed = run(tmp_path / "app", "replay", "abc123")

    assert replayed.returncode == 2
    (line,) = replayed.stderr.splitlines()
    assert "no report at " in line
    assert "run 'seamguard check' first, or name one with --report" in line


def test_an_id_prefix_that_names_two_failures_asks_for_more() -> None:
    report = {
        "results": [
            {
                "seam": "a",
                "version": "1.0",
                "check": "logic-accepts-input",
                "failures": [{"id": "abc111"}],
            },
            {
                "seam": "b",
                "version": "1.0",
                "check": "logic-accepts-input",
                "failures": [{"id": "abc222"}],
            },
        ]
    }

    with pytest.raises(ConfigError, match=r"names 2 failures in r\.json; give more of the id"):
        find_failure(report, "abc", "r.json")
    assert find_failure(report, "abc2", "r.json")["seam"] == "b"
