"""``seamguard check`` on examples/bookapp, the FastAPI example: a project folder that is not
installed, with its own ``seamguard.toml``.

The clean app passes every check (also with ``--http-checks all``); each bug that
``BOOKAPP_BUG`` plants fails its own check id on its seam and nothing else. The FastAPI
quirks are pinned: what crosses the seam after pydantic's lax parsing is the coerced,
contract-valid value; FastAPI's own 400 for a body that is not JSON text; the ``Allow``
header FastAPI gives on a 405.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seamguard.config import Config, load_config
from seamguard.contracts import Validators, load_contracts
from seamguard.engine import Run, run_check
from seamguard.seams import Recorder, bind, installed, project_on_path
from tests.integration.helpers import TestClient

BOOKAPP = Path(__file__).resolve().parents[2] / "examples" / "bookapp"
CONFIG = BOOKAPP / "seamguard.toml"
SEAMS = ("books.create", "books.get", "books.list", "loans.create", "loans.return", "fees.quote")
EXAMPLES = 25
SEED = 7


@pytest.fixture(autouse=True)
def no_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOOKAPP_BUG", raising=False)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(CONFIG)


def failed(run: Run) -> set[tuple[str, str]]:
    return {(r.seam, r.check) for r in run.results if r.status == "failed"}


def test_the_config_folder_makes_bookapp_importable(config: Config) -> None:
    # bookapp is not installed: it imports only with the config's folder on sys.path.
    assert config.root == BOOKAPP
    assert config.app == "bookapp.api:app"
    assert "bookapp" not in importlib.metadata.packages_distributions()
    assert not any(Path(entry or ".").resolve() == BOOKAPP for entry in sys.path)
    with project_on_path(config.root):
        bound = [bind(binding) for binding in config.seams]
    assert not any(Path(entry or ".").resolve() == BOOKAPP for entry in sys.path)
    assert [seam.seam for seam in bound] == list(SEAMS)
    module = sys.modules["bookapp.service"]
    assert Path(module.__file__ or "").parent == BOOKAPP / "bookapp"
    assert {seam.kind for seam in bound} == {"method", "function"}
    assert [seam.is_async for seam in bound] == [True] * 5 + [False]
    assert bound[0].shape.single == "new"  # add_book(new: NewBook): the document is its JSON


def test_the_clean_app_passes_every_check(config: Config) -> None:
    run = run_check(config, max_examples=EXAMPLES, seed=SEED)

    assert run.ok, [f.message for r in run.results for f in r.failures]
    passed = {(r.seam, r.check) for r in run.results if r.status == "passed"}
    for seam in SEAMS:
        for check in (
            "contract-valid",
            "api-within-logic",
            "model-matches-contract",
            "logic-accepts-input",
            "logic-output-conforms",
            "api-hands-valid-input",
            "api-accepted-crossed",
            "api-rejects-invalid",
            "api-response-conforms",
        ):
            assert (seam, check) in passed
    assert all(success > 0 for _, success in run.operations.values()), run.operations


def test_the_clean_app_passes_with_every_http_check(config: Config) -> None:
    run = run_check(config, max_examples=EXAMPLES, seed=SEED + 1, http_checks_all=True)

    assert run.ok, [f.message for r in run.results for f in r.failures]


def test_a_negative_request_coerced_into_a_valid_crossing_is_noted_not_failed(
    tmp_path: Path,
) -> None:
    # Seed 20 draws a negative POST /api/v1/books whose body breaks the schema in a way
    # pydantic's lax mode repairs (`"copies": true` becomes 1): FastAPI answers 201 and the
    # logic gets a contract-valid NewBook. Schemathesis' negative-data-rejection fails it.
    # `seamguard check` runs in a process of its own: the cases a seed draws in-process
    # also depend on which modules the process imported before (found when the whole suite
    # drew other cases than this file alone), so a fresh process pins them.
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "seamguard",
            "check",
            "--config",
            str(CONFIG),
            "--seam",
            "books.create",
            "--http-checks",
            "all",
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            "20",
            "--report-json",
            str(report),
        ],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "BOOKAPP_BUG"},
        timeout=300,
        check=False,
    )

    # seamguard judges what crossed: the seam holds, the coercion is noted on the result
    assert done.returncode == 0, done.stdout + done.stderr
    (result,) = [
        r
        for r in json.loads(report.read_text())["results"]
        if r["check"] == "api-response-conforms"
    ]
    assert result["status"] == "passed"
    assert "coerced into a contract-valid crossing" in result["reason"]
    assert '"url": "/api/v1/books"' in result["reason"]


@pytest.mark.parametrize(
    ("bug", "seam"),
    [
        ("api-hands-valid-input", "loans.create"),
        ("logic-output-conforms", "books.create"),
        ("api-accepted-crossed", "books.get"),
        ("logic-accepts-input", "fees.quote"),
        ("api-rejects-invalid", "loans.return"),
        ("api-response-conforms", "books.list"),
    ],
)
def test_each_planted_bug_fails_its_check(
    config: Config, monkeypatch: pytest.MonkeyPatch, bug: str, seam: str
) -> None:
    # Given bookapp with one seam bug planted
    monkeypatch.setenv("BOOKAPP_BUG", bug)

    # When seamguard checks the seam
    run = run_check(config, seams=[seam], max_examples=EXAMPLES, seed=SEED)

    # Then that check of that seam fails, with an example and a reproduction (a crash of
    # the logic is also the API's 500: api-rejects-invalid may fail beside it)
    assert (seam, bug) in failed(run), [(r.check, r.status) for r in run.results]
    assert {s for s, _ in failed(run)} == {seam}
    (result,) = [r for r in run.results if (r.seam, r.check) == (seam, bug)]
    (failure,) = result.failures
    assert failure.example is not None
    assert failure.seed == SEED
    assert failure.reproduce


@pytest.fixture
def crossings(config: Config) -> Iterator[tuple[TestClient, Recorder]]:
    """The real app (lifespan running) with every seam recorded."""
    recorder = Recorder()
    with project_on_path(config.root):
        bound = [bind(binding) for binding in config.seams]
        from bookapp.api import create_app

        with installed(bound, recorder), TestClient(create_app()) as client:
            yield client, recorder


def valid(config: Config, seam: str, document: Any) -> bool:
    registry = load_contracts(config.contracts)
    return Validators(registry).of(registry.get(seam, "1.0").input).explain(document) is None


def test_lax_parsing_hands_the_logic_the_coerced_value(
    config: Config, crossings: tuple[TestClient, Recorder]
) -> None:
    client, recorder = crossings
    # pydantic's lax mode: a string for an integer, 0 for a boolean, "yes" in a query
    body = {"title": "Dune", "author": "Frank Herbert", "isbn": "9780441013593"}
    created = client.post("/api/v1/books", json={**body, "copies": "5", "reference_only": 0})
    listed = client.get("/api/v1/books", params={"available": "yes", "limit": "5"})

    assert created.status_code == 201, created.text
    assert listed.status_code == 200, listed.text
    create, list_ = recorder.crossings
    # what crosses is what pydantic made of it: contract-valid, so no seam check fails
    assert create.input == {**body, "year": None, "copies": 5, "reference_only": False}
    assert list_.input == {"available": True, "limit": 5, "offset": 0}
    assert valid(config, "books.create", create.input)
    assert valid(config, "books.list", list_.input)


def test_fastapi_answers_400_itself_to_a_body_that_is_not_json_text(
    crossings: tuple[TestClient, Recorder],
) -> None:
    client, recorder = crossings
    headers = {"content-type": "application/json"}

    unreadable = client.post("/api/v1/books", content=b"\xff\xfe\x00", headers=headers)
    not_json = client.post("/api/v1/books", content=b"{title", headers=headers)

    # bytes that are no text at all: 400, before any route code (documented by bookapp);
    # text that is not JSON: FastAPI's 422
    assert unreadable.status_code == 400
    assert not_json.status_code == 422
    assert recorder.crossings == []
    paths = client.get("/openapi.json").json()["paths"]
    assert "400" in paths["/api/v1/books"]["post"]["responses"]


def test_a_lone_surrogate_is_a_422_not_a_500(crossings: tuple[TestClient, Recorder]) -> None:
    client, recorder = crossings
    body = b'{"title": "\\ud800", "author": "Anon", "isbn": "9780441013593"}'

    answer = client.post(
        "/api/v1/books", content=body, headers={"content-type": "application/json"}
    )

    # valid JSON, but pydantic refuses the string; FastAPI's own 422 handler would fail to
    # encode its echo of the input as UTF-8 (a 500), so bookapp renders it escaped
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "title"]
    assert recorder.crossings == []


def test_a_hidden_route_on_an_undocumented_method_is_reported(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given bookapp with a route left out of its OpenAPI document: DELETE /api/v1/books
    with project_on_path(config.root):
        from bookapp.api import app
    monkeypatch.setattr(app.router, "routes", list(app.router.routes))

    async def purge() -> dict[str, str]:
        return {"detail": "purged"}

    app.add_api_route("/api/v1/books", purge, methods=["DELETE"], include_in_schema=False)

    # When seamguard checks it with every HTTP check, and without
    strict = run_check(
        config, seams=["books.create"], max_examples=5, seed=SEED, http_checks_all=True
    )
    seam_only = run_check(config, seams=["books.create"], max_examples=5, seed=SEED)

    # Then the undocumented method that answers 200 is reported under --http-checks all
    assert failed(strict) == {("books.create", "api-response-conforms")}
    (result,) = [r for r in strict.results if r.check == "api-response-conforms"]
    assert result.failures[0].message.startswith(
        "DELETE /api/v1/books (not in the OpenAPI document): answered 200"
    )
    assert result.failures[0].example == {"method": "DELETE", "url": "/api/v1/books"}
    assert seam_only.ok


def test_fastapi_405_names_only_the_methods_of_one_route(
    crossings: tuple[TestClient, Recorder],
) -> None:
    client, _ = crossings

    answer = client.delete("/api/v1/books")

    # GET and POST are both served at /api/v1/books, but Starlette's router stops at the
    # first route whose path matches: its Allow header names that route's methods only.
    # seamguard's probe of undocumented methods (--http-checks all) accepts a partial Allow
    # (test_the_clean_app_passes_with_every_http_check), never one naming other methods.
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    assert json.loads(answer.text) == {"detail": "Method Not Allowed"}
