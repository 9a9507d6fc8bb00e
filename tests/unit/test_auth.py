"""Routes behind a login (issue 18, point 7): the ``auth`` and ``app-setup`` hooks.

On tests/unit/services/badge, whose ``POST /badges`` needs a bearer token from its own
``POST /login`` and takes its store from a dependency that fails until ``app-setup``
overrides it. ``BADGE_BUG=level-text`` plants a seam bug behind the login.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from seamguard.cli import cli
from seamguard.config import Config, load_config
from seamguard.engine import Run, run_check
from tests.unit.helpers import one_line

BADGE = Path(__file__).resolve().parent / "services" / "badge"


def _forget() -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == "badge_app"]:
        del sys.modules[name]


@pytest.fixture(autouse=True)
def badge(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _forget()
    monkeypatch.delenv("BADGE_BUG", raising=False)
    yield
    _forget()


_UNSET = "unset"


def config(*, auth: str | None = _UNSET, app_setup: str | None = _UNSET) -> Config:
    loaded = load_config(BADGE / "seamguard.toml")
    return replace(
        loaded,
        auth=loaded.auth if auth == _UNSET else auth,
        app_setup=loaded.app_setup if app_setup == _UNSET else app_setup,
    )


def check(cfg: Config, monkeypatch: pytest.MonkeyPatch, bug: str = "") -> Run:
    if bug:
        monkeypatch.setenv("BADGE_BUG", bug)
    return run_check(cfg, seed=1, example_db="none")


def failed(run: Run) -> dict[tuple[str, str], list[str]]:
    return {(r.seam, r.check): [f.message for f in r.failures] for r in run.results if r.failures}


def positive(run: Run) -> tuple[int, int]:
    return run.modes["POST /badges"]["positive"]


def test_without_auth_every_request_is_refused_and_the_bug_behind_the_login_is_missed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = check(config(auth=None, app_setup=None), monkeypatch, bug="level-text")

    # What a run without `auth` gives today: every request answered 401, nothing crossed,
    # nothing failed; a note says the success path was barely tested and one lists the 401.
    assert failed(run) == {}
    sent, success = positive(run)
    assert sent > 0
    assert success == 0
    note = run.low_success()["POST /badges"]
    assert f"{sent} answered 401 or 403: does it need a login? the 'auth' key" in note
    (conforms,) = [r for r in run.results if r.check == "api-response-conforms"]
    assert "POST /badges answered 401" in conforms.reason


def test_with_auth_and_app_setup_the_service_is_green_and_reached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = check(config(), monkeypatch)

    assert failed(run) == {}
    assert run.ok
    sent, success = positive(run)
    assert success == sent > 0


def test_a_seam_bug_behind_the_login_is_caught_and_no_token_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = check(config(), monkeypatch, bug="level-text")

    found = failed(run)
    (message,) = found[("badges.create", "api-hands-valid-input")]
    assert "at /level: " in message
    assert "is not of type 'integer'" in message
    tokens = sys.modules["badge_app.testing"].LAST_TOKEN  # the module the run imported
    report = json.dumps([r.to_json() for r in run.results])
    assert tokens
    assert tokens[-1] not in report
    (failure,) = [f for r in run.results if r.check == "api-hands-valid-input" for f in r.failures]
    assert "Authorization" not in json.dumps(failure.example)
    assert '-H "Authorization: $SEAMGUARD_AUTH_AUTHORIZATION"' in failure.reproduce


def test_each_worker_logs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BADGE_BUG", "level-text")

    run = run_check(config(), seed=1, example_db="none", workers=2)

    assert ("badges.create", "api-hands-valid-input") in failed(run)
    sent, success = positive(run)
    assert success == sent > 0


def test_async_hooks_are_awaited(monkeypatch: pytest.MonkeyPatch) -> None:
    run = check(
        config(
            auth="badge_app.testing:login_async",
            app_setup="badge_app.testing:use_memory_store_async",
        ),
        monkeypatch,
    )

    assert failed(run) == {}
    sent, success = positive(run)
    assert success == sent > 0


def test_auth_without_app_setup_reaches_the_unreachable_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = check(config(app_setup=None), monkeypatch)

    messages = failed(run)[("badges.create", "api-rejects-invalid")]
    assert "RuntimeError: no database configured" in messages[0]


# -- a bad hook is one usage line, exit 2 ------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "badge"
    shutil.copytree(BADGE, root, ignore=shutil.ignore_patterns(".seamguard", ".hypothesis"))
    return root


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '"badge_app.testing:login"',
            '"badge_app.testing:logni"',
            r"'auth' = 'badge_app\.testing:logni': .*no attribute 'logni'.*'login'",
        ),
        (
            '"badge_app.testing:login"',
            '"badge_app.testin:login"',
            r"'auth' = 'badge_app\.testin:login': no module named",
        ),
        (
            '"badge_app.testing:login"',
            '"badge_app.testing:wrong_password"',
            r"'auth' = 'badge_app\.testing:wrong_password' raised HTTPError: 401 .*"
            r"\(at .*, in wrong_password\)",
        ),
        (
            '"badge_app.testing:login"',
            '"badge_app.testing:no_mapping"',
            r"'auth' = 'badge_app\.testing:no_mapping' returned list, not a mapping of header",
        ),
        (
            '"badge_app.testing:use_memory_store"',
            '"badge_app.api:get_store"',
            r"'app-setup' = 'badge_app\.api:get_store' raised TypeError: ",
        ),
        (
            '"badge_app.testing:login"',
            '"badge_app.testing:login()"',
            r"'auth': 'badge_app\.testing:login\(\)' is not 'module:function'.*without '\(\)'",
        ),
        ("auth =", "auht =", r"unknown key 'auht'; did you mean 'auth'\?"),
    ],
)
def test_a_bad_hook_is_one_usage_line(project: Path, old: str, new: str, expected: str) -> None:
    toml = project / "seamguard.toml"
    text = toml.read_text()
    assert old in text
    toml.write_text(text.replace(old, new, 1))

    result = CliRunner().invoke(
        cli, ["check", "--config", str(toml), "--seed", "1", "--max-examples", "2"]
    )

    assert re.search(expected, one_line(result)), one_line(result)


def test_the_reproduce_snippet_logs_in_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import seamguard

    monkeypatch.setenv("BADGE_BUG", "level-text")
    run = run_check(load_config(project / "seamguard.toml"), seed=1, example_db="none")
    (failure,) = [f for r in run.results if r.check == "api-hands-valid-input" for f in r.failures]
    _forget()
    example: Any = failure.example

    with pytest.raises(AssertionError, match="api-hands-valid-input"):
        seamguard.reproduce(
            "badges.create", "api-hands-valid-input", example, config=project / "seamguard.toml"
        )
