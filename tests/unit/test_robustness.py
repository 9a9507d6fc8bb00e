"""Logic that misbehaves in ways a contract cannot describe, and hostile schemas.

A call that hangs is a failure with its example, within the configured time limit; state
cannot leak between examples (a fresh instance each, or the binding's ``reset`` hook); a
logic that changes the input it was handed is reported, while the API side still judges
what was handed over; an app that fails to start is one line; a pathological ``pattern``
and a huge ``enum`` are judged in bounded time.

Each project is written into a temporary folder and checked by ``python -m seamguard`` in a
child process with a time limit, so a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.unit.helpers import DRAFT202012, write_json

INPUT: dict[str, Any] = {
    "$schema": DRAFT202012,
    "type": "object",
    "properties": {
        "n": {"type": "integer", "minimum": 0, "maximum": 100},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 5}, "maxItems": 3},
    },
    "required": ["n", "tags"],
    "additionalProperties": False,
}
OUTPUT: dict[str, Any] = {
    "$schema": DRAFT202012,
    "type": "object",
    "properties": {"n": {"type": "integer"}, "tags": {"type": "array"}},
    "required": ["n"],
}

# A Starlette app whose POST /things hands {n, tags} to things.make; its OpenAPI document is
# written out by hand. THINGS_FAIL_START makes the lifespan raise.
APP = """
import contextlib
import os

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

import things

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "things", "version": "1.0"},
    "paths": {
        "/things": {
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": INPUT_SCHEMA}},
                },
                "responses": {
                    "200": {"description": "made", "content": {"application/json": {
                        "schema": {"type": "object"}}}},
                    "422": {"description": "invalid", "content": {"application/json": {
                        "schema": {"type": "object"}}}},
                },
            }
        }
    },
}


@contextlib.asynccontextmanager
async def lifespan(app):
    if os.environ.get("THINGS_FAIL_START"):
        raise OSError("the things database is locked")
    yield


async def make(request):
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"error": "not JSON"}, status_code=422)
    n, tags = (body.get("n"), body.get("tags")) if isinstance(body, dict) else (None, None)
    if (
        not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 100
        or not isinstance(tags, list) or len(tags) > 3
        or not all(isinstance(t, str) and len(t) <= 5 for t in tags)
        or set(body) - {"n", "tags"}
    ):
        return JSONResponse({"error": "invalid"}, status_code=422)
    return JSONResponse(things.make(n, tags))


async def openapi(request):
    return JSONResponse(OPENAPI)


app = Starlette(
    routes=[Route("/things", make, methods=["POST"]), Route("/openapi.json", openapi)],
    lifespan=lifespan,
)
"""


def project(
    tmp_path: Path,
    logic: str,
    *,
    config: str = "",
    seam: str = "",
    app: bool = False,
    input_schema: Any = None,
    output_schema: Any = None,
) -> Path:
    """A project folder with ``things.py`` (the logic), one seam ``things.make`` and a config."""
    folder = tmp_path / "project"
    schema = input_schema or INPUT
    write_json(folder / "contracts" / "things.make" / "1.0" / "input.schema.json", schema)
    write_json(
        folder / "contracts" / "things.make" / "1.0" / "output.schema.json",
        output_schema or OUTPUT,
    )
    (folder / "things.py").write_text(textwrap.dedent(logic), encoding="utf-8")
    routes = ""
    if app:
        text = APP.replace(
            "INPUT_SCHEMA", repr({k: v for k, v in schema.items() if k != "$schema"})
        )
        (folder / "things_app.py").write_text(text, encoding="utf-8")
        config = f'app = "things_app:app"\n{config}'
        routes = 'routes = ["POST /things"]\n'
    (folder / "seamguard.toml").write_text(
        f'contracts = "contracts"\nmax-examples = 40\n{config}\n'
        f'[[seams]]\ncontract = "things.make"\nlogic = "things:make"\n{routes}{seam}',
        encoding="utf-8",
    )
    return folder


def seamguard(
    folder: Path, *args: str, env: dict[str, str] | None = None, limit: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seamguard", *args],
        cwd=folder,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=limit,
        check=False,
    )


def report(folder: Path, *args: str, **kwargs: Any) -> tuple[int, dict[str, Any], str]:
    done = seamguard(
        folder, "check", "--seed", "3", "--report-json", "report.json", *args, **kwargs
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    data = json.loads((folder / "report.json").read_text()) if done.returncode != 2 else {}
    return done.returncode, data, done.stdout + done.stderr


def result(data: dict[str, Any], check: str) -> dict[str, Any]:
    (found,) = [r for r in data["results"] if r["check"] == check]
    return found  # type: ignore[no-any-return]


HANGS = {
    "sleep": """
        import time

        def make(n: int, tags: list[str]) -> dict:
            if n > 7:
                time.sleep(3600)
            return {"n": n, "tags": tags}
    """,
    "busy loop": """
        def make(n: int, tags: list[str]) -> dict:
            while n > 7:
                pass
            return {"n": n, "tags": tags}
    """,
    "async sleep": """
        import asyncio

        async def make(n: int, tags: list[str]) -> dict:
            if n > 7:
                await asyncio.sleep(3600)
            return {"n": n, "tags": tags}
    """,
    "swallowed": """
        import time

        def make(n: int, tags: list[str]) -> dict:
            try:
                if n > 7:
                    time.sleep(3600)
            except Exception:
                pass  # the time limit is no Exception: this cannot hide the hang
            return {"n": n, "tags": tags}
    """,
}


@pytest.mark.parametrize("kind", sorted(HANGS))
def test_a_logic_call_that_hangs_fails_with_its_example(tmp_path: Path, kind: str) -> None:
    folder = project(tmp_path, HANGS[kind], config="timeout = 0.5")
    code, data, output = report(folder)
    assert code == 1, output
    accepts = result(data, "logic-accepts-input")
    assert accepts["status"] == "failed", output
    (failure,) = accepts["failures"]
    assert "did not return within 0.5 s" in failure["message"]
    assert "'timeout'" in failure["message"]
    assert failure["example"]["n"] > 7  # the example that hung, as it was generated
    assert "seamguard.reproduce('things.make', 'logic-accepts-input', {" in failure["reproduce"]


def test_a_per_seam_timeout_overrides_the_global_one(tmp_path: Path) -> None:
    slow = """
        import time

        def make(n: int, tags: list[str]) -> dict:
            time.sleep(0.3)
            return {"n": n, "tags": tags}
    """
    folder = project(tmp_path, slow, config="timeout = 0.1", seam="timeout = 5\n")
    code, data, output = report(folder, "--max-examples", "3")
    assert code == 0, output
    assert result(data, "logic-accepts-input")["status"] == "passed"


def test_a_hang_skips_the_seams_api_side_instead_of_hanging_it(tmp_path: Path) -> None:
    folder = project(tmp_path, HANGS["sleep"], config="timeout = 0.5", app=True)
    code, data, output = report(folder)
    assert code == 1, output
    assert result(data, "logic-accepts-input")["status"] == "failed"
    for check in ("api-hands-valid-input", "api-accepted-crossed", "api-rejects-invalid"):
        skipped = result(data, check)
        assert skipped["status"] == "skipped", output
        assert "the logic hung" in skipped["reason"]


STATEFUL = """
    class Things:
        made = 0  # how many instances were built, across the run

        def __init__(self) -> None:
            type(self).made += 1
            self.seen = 0

        def make(self, n: int, tags: list[str]) -> dict:
            self.seen += 1
            if self.seen > 1:
                raise RuntimeError(f"state leaked from an earlier example: call {self.seen}")
            return {"n": n, "tags": tags}


    def reset(things: Things) -> None:
        things.seen = 0


    def no_reset(things: Things) -> None:
        pass
"""


def stateful(tmp_path: Path, seam: str = "") -> Path:
    folder = project(tmp_path, STATEFUL)
    config = folder / "seamguard.toml"
    config.write_text(
        config.read_text().replace('logic = "things:make"', 'logic = "things:Things.make"') + seam,
        encoding="utf-8",
    )
    return folder


def test_every_example_gets_a_fresh_instance(tmp_path: Path) -> None:
    code, data, output = report(stateful(tmp_path))
    assert code == 0, output
    assert result(data, "logic-accepts-input")["examples"] > 1


def test_a_reset_hook_puts_the_one_instance_back(tmp_path: Path) -> None:
    code, _, output = report(stateful(tmp_path, 'reset = "things:reset"\n'))
    assert code == 0, output


def test_a_reset_hook_that_resets_nothing_lets_state_leak_and_fails(tmp_path: Path) -> None:
    code, data, output = report(stateful(tmp_path, 'reset = "things:no_reset"\n'))
    assert code == 1, output
    (failure,) = result(data, "logic-accepts-input")["failures"]
    assert "state leaked from an earlier example" in failure["message"]


def test_a_reset_hook_that_does_not_import_names_the_near_miss(tmp_path: Path) -> None:
    done = seamguard(stateful(tmp_path, 'reset = "things:rest"\n'), "check")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "'reset'" in done.stderr
    assert "did you mean 'reset'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("value", "words"),
    [("0", "a number above 0"), ('"5s"', "got '5s'"), ("7200", "at most 3600")],
)
def test_a_bad_timeout_is_a_usage_error_naming_the_key(
    tmp_path: Path, value: str, words: str
) -> None:
    folder = project(tmp_path, HANGS["sleep"], config=f"timeout = {value}")
    done = seamguard(folder, "check")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "'timeout'" in done.stderr
    assert words in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


MUTATES = """
    def make(n: int, tags: list[str]) -> dict:
        tags.append(12345)  # changes the caller's list, and to what the contract forbids
        return {"n": n}
"""


def test_a_logic_that_changes_its_input_is_reported_at_the_pointer(tmp_path: Path) -> None:
    code, data, output = report(project(tmp_path, MUTATES))
    assert code == 1, output
    (failure,) = result(data, "logic-accepts-input")["failures"]
    assert "changed the input it was handed, at /tags" in failure["message"]
    assert "12345" in failure["message"]


def test_a_single_document_parameter_changed_in_place_is_reported(tmp_path: Path) -> None:
    logic = """
        def make(document: dict) -> dict:
            document["n"] = -1
            return {"n": 1}
    """
    code, data, output = report(project(tmp_path, logic))
    assert code == 1, output
    (failure,) = result(data, "logic-accepts-input")["failures"]
    assert "changed the input it was handed, at /n" in failure["message"]
    assert "it left -1" in failure["message"]


def test_a_logic_that_copies_before_changing_passes(tmp_path: Path) -> None:
    logic = """
        def make(n: int, tags: list[str]) -> dict:
            tags = [*tags, "x"]
            return {"n": n, "tags": tags}
    """
    code, _, output = report(project(tmp_path, logic))
    assert code == 0, output


def test_the_api_side_judges_what_was_handed_over_not_what_the_logic_made_of_it(
    tmp_path: Path,
) -> None:
    code, data, output = report(project(tmp_path, MUTATES, app=True))
    assert code == 1, output
    assert result(data, "logic-accepts-input")["status"] == "failed"
    # The list the API handed over was contract-valid; the 12345 came later.
    assert result(data, "api-hands-valid-input")["status"] == "passed", output
    assert result(data, "api-accepted-crossed")["status"] == "passed", output


def test_an_app_that_fails_to_start_is_one_line_with_its_error(tmp_path: Path) -> None:
    clean = """
        def make(n: int, tags: list[str]) -> dict:
            return {"n": n, "tags": tags}
    """
    folder = project(tmp_path, clean, app=True)
    done = seamguard(folder, "check", env={"THINGS_FAIL_START": "1"})
    assert done.returncode == 2, done.stdout + done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("seamguard: error: the app failed to start: OSError: ")
    assert "the things database is locked" in line
    assert "things_app.py:" in line
    assert "in lifespan" in line
    assert "Traceback" not in done.stdout + done.stderr

    started = seamguard(folder, "check", "--max-examples", "5")
    assert started.returncode == 0, started.stdout + started.stderr


def test_a_catastrophic_pattern_is_judged_in_bounded_time(tmp_path: Path) -> None:
    # ^(a+)+$ backtracks exponentially in a backtracking engine on "aaaa…a!".
    logic = """
        def make(n: int, tags: list[str]) -> dict:
            return {"n": n, "code": "a" * 40 + "!"}
    """
    output_schema = {
        **OUTPUT,
        "properties": {**OUTPUT["properties"], "code": {"type": "string", "pattern": "^(a+)+$"}},
    }
    folder = project(tmp_path, logic, output_schema=output_schema)
    lint = seamguard(folder, "lint", limit=60)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    code, data, output = report(folder, limit=60)
    assert code == 1, output
    (failure,) = result(data, "logic-output-conforms")["failures"]
    assert "/code" in failure["message"]


def test_a_huge_enum_is_judged_in_bounded_time(tmp_path: Path) -> None:
    names = [f"name-{i}" for i in range(100_000)]
    input_schema = {
        **INPUT,
        "properties": {**INPUT["properties"], "tags": {"type": "array", "items": {"enum": names}}},
    }
    logic = """
        def make(n: int, tags: list[str]) -> dict:
            assert all(t.startswith("name-") for t in tags)
            return {"n": n, "tags": tags}
    """
    folder = project(tmp_path, logic, input_schema=input_schema)
    lint = seamguard(folder, "lint", limit=60)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    code, _, output = report(folder, limit=60)
    assert code == 0, output
