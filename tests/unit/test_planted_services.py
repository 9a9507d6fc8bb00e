"""The planted-defect services behave as the tests of ``seamguard check`` rely on.

``tests/unit/services/notes`` is a small notes service (in-memory store, Starlette API, three
seams) whose environment variable ``NOTES_BUG`` plants one defect per check id. These tests
do not run seamguard: they prove the fixture itself right. The clean service answers every
route as its OpenAPI document says and hands the logic only contract-valid input; each
planted defect shows, through the API or the logic, exactly as its check should see it; the
contracts are valid Draft 2020-12 with valid examples.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote
from uuid import UUID

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from seamguard.config import load_config

with warnings.catch_warnings():
    # Starlette 1.x prefers the `httpx2` package for its test client; with `httpx` it warns
    # once at import, which `filterwarnings = error` would fail.
    warnings.filterwarnings(
        "ignore", message="Using `httpx` with `starlette.testclient`", category=UserWarning
    )
    from starlette.testclient import TestClient

NOTES_DIR = Path(__file__).parent / "services" / "notes"
CONTRACTS = NOTES_DIR / "contracts"
SEAMS = ("notes.create", "notes.get", "notes.search")
SCHEMA_FILES = [CONTRACTS / seam / "1.0" / f"{kind}.schema.json" for seam in SEAMS
                for kind in ("input", "output")]  # fmt: skip
FORMATS = Draft202012Validator.FORMAT_CHECKER
WELCOME = "7d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"
UNKNOWN = "0c9a4e8b-2d61-4f3a-9b57-e1d2c3b4a596"
OPENAPI_URI = "urn:notes-fixture:openapi"
OPERATIONS = {("POST", "/notes"), ("GET", "/notes"), ("GET", "/notes/{note_id}")}
BUGS = (
    "logic-accepts-input",
    "logic-output-conforms",
    "api-hands-valid-input",
    "api-accepted-crossed",
    "api-rejects-invalid",
    "api-response-conforms",
)


@dataclass(frozen=True)
class Service:
    logic: ModuleType
    api: ModuleType


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    """The notes modules, imported the way seamguard does: the config's folder on sys.path."""
    folder = str(NOTES_DIR)
    sys.path.insert(0, folder)
    try:
        logic = importlib.import_module("notes_fixture.logic")
        api = importlib.import_module("notes_fixture.api")
        assert api.__file__ is not None
        assert Path(api.__file__).parent == NOTES_DIR / "notes_fixture"
        yield Service(logic=logic, api=api)
    finally:
        sys.path.remove(folder)
        for name in [n for n in sys.modules if n.partition(".")[0] == "notes_fixture"]:
            del sys.modules[name]


@pytest.fixture(autouse=True)
def clean_state(service: Service, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts with no defect planted and only the welcome note stored."""
    monkeypatch.delenv("NOTES_BUG", raising=False)
    service.logic.reset()
    yield
    service.logic.reset()


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:
    with TestClient(service.api.app) as test_client:
        yield test_client


@pytest.fixture
def crossings(service: Service, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Every call of a seam's logic, as (seam, input document), by the references the API
    uses: the name ``create_note`` in the API module, ``logic.search_notes`` and
    ``Notebook.get``."""
    recorded: list[tuple[str, Any]] = []

    def spy(seam: str, function: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(function)

        def document(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments.pop("self", None)
            return {k: str(v) if isinstance(v, UUID) else v for k, v in arguments.items()}

        if inspect.iscoroutinefunction(function):

            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                recorded.append((seam, document(args, kwargs)))
                return await function(*args, **kwargs)

            return async_wrapper

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            recorded.append((seam, document(args, kwargs)))
            return function(*args, **kwargs)

        return wrapper

    logic = service.logic
    monkeypatch.setattr(service.api, "create_note", spy("notes.create", logic.create_note))
    monkeypatch.setattr(logic, "search_notes", spy("notes.search", logic.search_notes))
    monkeypatch.setattr(logic.Notebook, "get", spy("notes.get", logic.Notebook.get))
    return recorded


def contract(seam: str, kind: str) -> Draft202012Validator:
    path = CONTRACTS / seam / "1.0" / f"{kind}.schema.json"
    return Draft202012Validator(json.loads(path.read_text("utf-8")), format_checker=FORMATS)


def contract_errors(seam: str, kind: str, document: Any) -> list[str]:
    return [error.message for error in contract(seam, kind).iter_errors(document)]


def assert_documented(
    document: dict[str, Any], method: str, template: str, response: Any
) -> list[str]:
    """The status and content type are documented for the operation; returns the errors of
    the body under the documented response schema (empty when it conforms)."""
    responses = document["paths"][template][method.lower()]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method} {template} answered an undocumented {status}"
    media_type = response.headers["content-type"].partition(";")[0].strip()
    assert media_type in responses[status]["content"], f"{status}: undocumented {media_type}"
    parts = ("paths", template, method.lower(), "responses", status, "content", media_type)
    pointer = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in (*parts, "schema"))
    registry: Registry[Any] = Registry().with_resource(
        OPENAPI_URI, DRAFT202012.create_resource(document)
    )
    validator = Draft202012Validator(
        {"$ref": f"{OPENAPI_URI}#{quote(pointer)}"}, registry=registry, format_checker=FORMATS
    )
    return [error.message for error in validator.iter_errors(response.json())]


def assert_problem(response: Any, status: int, *names: str) -> dict[str, Any]:
    """An RFC 9457 problem answer with this status, naming exactly these invalid values."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert body["status"] == status
    assert body["type"].startswith("https://notes.example/problems/")
    assert body["detail"].strip()
    assert [error["name"] for error in body["errors"]] == list(names), body
    return body


def stored_titles(service: Service) -> list[str]:
    return [note.title for note in service.logic.all_notes()]


# -- the contracts -----------------------------------------------------------------------


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: f"{p.parts[-3]}/{p.stem}")
def test_contract_is_valid_2020_12_with_valid_examples(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    seam, version = path.parts[-3], path.parts[-2]
    assert schema["$id"] == f"https://notes.example/contracts/{seam}/{version}/{path.name}"
    assert schema["title"].strip()
    assert schema["description"].strip()
    Draft202012Validator.check_schema(schema)
    assert schema["examples"]
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    for example in schema["examples"]:
        assert [e.message for e in validator.iter_errors(example)] == []


def test_contract_objects_are_closed() -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    found = [o for p in SCHEMA_FILES for o in objects(json.loads(p.read_text("utf-8")))]
    assert len(found) == 6
    assert all(o["additionalProperties"] is False for o in found)


def test_contract_formats_are_checked() -> None:
    """The format checkers are installed: without them the planted bad date-time would pass."""
    note = {
        "id": WELCOME,
        "title": "t",
        "body": "",
        "pinned": False,
        "created_at": "2026-01-01T09:00:00+00:00",
    }
    assert contract_errors("notes.get", "output", note) == []
    assert contract_errors("notes.get", "output", {**note, "created_at": "yesterday"})
    assert contract_errors("notes.get", "output", {**note, "id": "7d4c3b2a"})
    assert contract_errors("notes.search", "output", [{**note, "created_at": "2026"}])
    assert contract_errors("notes.search", "output", [note] * 51)
    assert contract_errors("notes.search", "input", {"text": "a", "limit": "5"})
    assert contract_errors("notes.create", "input", {"title": "", "body": "", "pinned": True})


def test_config_binds_the_three_seams() -> None:
    config = load_config(NOTES_DIR / "seamguard.toml")
    assert config.app == "notes_fixture.api:app"
    assert config.contracts == CONTRACTS
    bound = {(s.contract, s.logic, tuple(map(str, s.routes)), s.instance) for s in config.seams}
    assert bound == {
        ("notes.create", "notes_fixture.logic:create_note", ("POST /notes",), None),
        (
            "notes.get",
            "notes_fixture.logic:Notebook.get",
            ("GET /notes/{note_id}",),
            "notes_fixture.logic:Notebook",
        ),
        ("notes.search", "notes_fixture.logic:search_notes", ("GET /notes",), None),
    }
    assert all(s.raises == ("notes_fixture.logic:NotesError",) for s in config.seams)


# -- the OpenAPI document ----------------------------------------------------------------


def test_openapi_document_is_served(client: TestClient, service: Service) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    assert document == service.api.openapi_document()
    assert document["openapi"] == "3.1.0"
    operations = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert operations == OPERATIONS


def test_openapi_limits_equal_the_contracts(service: Service) -> None:
    document = service.api.openapi_document()
    schemas = document["components"]["schemas"]
    constraints = ("type", "format", "minLength", "maxLength", "minimum", "maximum")

    def limits(schema: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in schema.items() if k in constraints}

    def contract_schema(seam: str, kind: str) -> dict[str, Any]:
        path = CONTRACTS / seam / "1.0" / f"{kind}.schema.json"
        schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return schema

    create = contract_schema("notes.create", "input")
    assert set(schemas["NoteCreate"]["properties"]) == set(create["properties"])
    for name, schema in create["properties"].items():
        assert limits(schemas["NoteCreate"]["properties"][name]) == limits(schema), name
    assert schemas["NoteCreate"]["required"] == create["required"]
    for seam in SEAMS[:2]:
        output = contract_schema(seam, "output")
        assert schemas["Note"]["required"] == output["required"]
        for name, schema in output["properties"].items():
            assert limits(schemas["Note"]["properties"][name]) == limits(schema), name
    search = contract_schema("notes.search", "input")
    parameters = document["paths"]["/notes"]["get"]["parameters"]
    assert {p["name"]: limits(p["schema"]) for p in parameters} == {
        name: limits(schema) for name, schema in search["properties"].items()
    }
    assert [p["name"] for p in parameters if p["required"]] == search["required"]
    note_id = document["paths"]["/notes/{note_id}"]["get"]["parameters"][0]
    assert limits(note_id["schema"]) == limits(
        contract_schema("notes.get", "input")["properties"]["note_id"]
    )
    output = contract_schema("notes.search", "output")
    answer = document["paths"]["/notes"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["maxItems"] == output["maxItems"]


# -- the clean service -------------------------------------------------------------------


def test_create_answers_201_with_the_stored_note(client: TestClient, service: Service) -> None:
    response = client.post("/notes", json={"title": "Groceries", "body": "Milk", "pinned": True})
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    note = response.json()
    assert set(note) == {"id", "title", "body", "pinned", "created_at"}
    assert (note["title"], note["body"], note["pinned"]) == ("Groceries", "Milk", True)
    assert contract_errors("notes.create", "output", note) == []
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []
    stored = service.logic.Notebook().get(UUID(note["id"]))
    assert stored.to_json() == note


def test_create_applies_the_logic_defaults(client: TestClient) -> None:
    note = client.post("/notes", json={"title": "Only a title"}).json()
    assert (note["body"], note["pinned"]) == ("", False)


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "t"},
        {"title": "t" * 80, "body": "b" * 500, "pinned": False},
        {"title": "\ud800 lone surrogate", "body": "\x00"},
    ],
    ids=["shortest", "longest", "odd-characters"],
)
def test_create_accepts_every_contract_valid_body(
    client: TestClient, service: Service, fields: dict[str, Any]
) -> None:
    raw = json.dumps(fields).encode("ascii")
    response = client.post("/notes", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 201, response.text
    assert response.json()["title"] == fields["title"]
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({}, ["title"]),
        ({"title": ""}, ["title"]),
        ({"title": "t" * 81}, ["title"]),
        ({"title": 5}, ["title"]),
        ({"title": "t", "body": "b" * 501}, ["body"]),
        ({"title": "t", "body": None}, ["body"]),
        ({"title": "t", "pinned": 1}, ["pinned"]),
        ({"title": "t", "pinned": "true"}, ["pinned"]),
        ({"title": "t", "tags": []}, ["tags"]),
        ({"colour": "red"}, ["colour", "title"]),
        ([{"title": "t"}], [""]),
        ("t", [""]),
        (None, [""]),
    ],
)
def test_create_rejects_invalid_bodies_with_422(
    client: TestClient, service: Service, body: Any, names: list[str]
) -> None:
    raw = json.dumps(body).encode("ascii")  # json=None would send no body at all
    response = client.post("/notes", content=raw, headers={"content-type": "application/json"})
    problem = assert_problem(response, 422, *names)
    assert problem["type"].endswith("/invalid-input")
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []
    assert stored_titles(service) == ["Welcome"]


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b'{"title": NaN}', b'{"title": "\xff"}', b"\xef\xbb\xbf{}", b"[" * 100_000],
    ids=["empty", "truncated", "nan", "not-utf-8", "bom", "too-deep"],
)
def test_create_answers_400_for_malformed_json(
    client: TestClient, service: Service, raw: bytes
) -> None:
    response = client.post("/notes", content=raw, headers={"content-type": "application/json"})
    assert_problem(response, 400)
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []
    assert stored_titles(service) == ["Welcome"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_create_answers_415_unless_json(
    client: TestClient, service: Service, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/notes", content=b'{"title": "t"}', headers=headers)
    assert_problem(response, 415)
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []
    assert stored_titles(service) == ["Welcome"]


def test_create_takes_json_with_a_charset(client: TestClient) -> None:
    response = client.post(
        "/notes",
        content=b'{"title": "t"}',
        headers={"content-type": "Application/JSON; charset=utf-8"},
    )
    assert response.status_code == 201, response.text


def test_get_answers_the_note(client: TestClient, service: Service) -> None:
    created = client.post("/notes", json={"title": "Read me"}).json()
    document = service.api.openapi_document()
    for note_id in (created["id"], created["id"].upper()):
        response = client.get(f"/notes/{note_id}")
        assert response.status_code == 200, response.text
        assert response.json() == created
        assert assert_documented(document, "GET", "/notes/{note_id}", response) == []
    welcome = client.get(f"/notes/{WELCOME}")
    assert welcome.status_code == 200
    assert contract_errors("notes.get", "output", welcome.json()) == []


def test_get_answers_404_for_an_unknown_id(client: TestClient, service: Service) -> None:
    response = client.get(f"/notes/{UNKNOWN}")
    assert_problem(response, 404)
    document = service.api.openapi_document()
    assert assert_documented(document, "GET", "/notes/{note_id}", response) == []


@pytest.mark.parametrize(
    "note_id", ["abc", WELCOME[:-1], WELCOME + "0", "{" + WELCOME + "}", WELCOME.replace("-", "")]
)
def test_get_answers_422_for_a_bad_id(client: TestClient, service: Service, note_id: str) -> None:
    response = client.get(f"/notes/{note_id}")
    assert_problem(response, 422, "note_id")
    document = service.api.openapi_document()
    assert assert_documented(document, "GET", "/notes/{note_id}", response) == []


def test_search_answers_pinned_first_then_oldest(client: TestClient, service: Service) -> None:
    for title, pinned in (("milk a", False), ("MILK b", True), ("milk c", False), ("eggs", True)):
        client.post("/notes", json={"title": title, "pinned": pinned})
    response = client.get("/notes", params={"text": "Milk"})
    assert response.status_code == 200
    assert [n["title"] for n in response.json()] == ["MILK b", "milk a", "milk c"]
    assert assert_documented(service.api.openapi_document(), "GET", "/notes", response) == []
    limited = client.get("/notes", params={"text": "milk", "limit": "2", "other": "x"})
    assert [n["title"] for n in limited.json()] == ["MILK b", "milk a"]
    assert contract_errors("notes.search", "output", limited.json()) == []
    assert client.get("/notes", params={"text": "nothing like it"}).json() == []


def test_search_limit_defaults_to_10(client: TestClient) -> None:
    for number in range(12):
        client.post("/notes", json={"title": f"note {number}"})
    assert len(client.get("/notes", params={"text": "note "}).json()) == 10
    assert len(client.get("/notes", params={"text": "note ", "limit": "50"}).json()) == 12


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["text"]),
        ("limit=5", ["text"]),
        ("text=", ["text"]),
        ("text=" + "x" * 41, ["text"]),
        ("text=a&text=b", ["text"]),
        ("text=a&limit=0", ["limit"]),
        ("text=a&limit=51", ["limit"]),
        ("text=a&limit=-1", ["limit"]),
        ("text=a&limit=05", ["limit"]),
        ("text=a&limit=%2B5", ["limit"]),
        ("text=a&limit=5.0", ["limit"]),
        ("text=a&limit=five", ["limit"]),
        ("text=a&limit=", ["limit"]),
        ("text=a&limit=1&limit=2", ["limit"]),
    ],
)
def test_search_answers_422_for_bad_queries(
    client: TestClient, service: Service, query: str, names: list[str]
) -> None:
    response = client.get(f"/notes?{query}")
    assert_problem(response, 422, *names)
    assert assert_documented(service.api.openapi_document(), "GET", "/notes", response) == []


def test_unknown_paths_and_methods_answer_problems(client: TestClient) -> None:
    assert_problem(client.get("/nowhere"), 404)
    assert_problem(client.get("/notes/"), 404)
    not_allowed = client.put("/notes", json={"title": "t"})
    assert_problem(not_allowed, 405)
    assert set(not_allowed.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    assert_problem(client.delete(f"/notes/{WELCOME}"), 405)


def test_clean_api_hands_the_logic_only_contract_valid_input(
    client: TestClient, crossings: list[tuple[str, Any]]
) -> None:
    client.post("/notes", json={"title": "t"})
    client.post("/notes", json={"title": "t", "body": "b", "pinned": True})
    client.post("/notes", json={"title": ""})  # rejected: never crosses
    client.get(f"/notes/{WELCOME}")
    client.get(f"/notes/{UNKNOWN}")
    client.get("/notes/abc")  # rejected: never crosses
    client.get("/notes", params={"text": "t"})
    client.get("/notes", params={"text": "t", "limit": "5"})
    client.get("/notes", params={"text": "t", "limit": "500"})  # rejected: never crosses
    assert [seam for seam, _ in crossings] == [
        "notes.create",
        "notes.create",
        "notes.get",
        "notes.get",
        "notes.search",
        "notes.search",
    ]
    for seam, document in crossings:
        assert contract_errors(seam, "input", document) == [], (seam, document)
    assert crossings[0][1] == {"title": "t", "body": "", "pinned": False}
    assert crossings[-1][1] == {"text": "t", "limit": 5}


def test_clean_logic_answers_contract_valid_output(service: Service) -> None:
    logic = service.logic
    for arguments in [("t", "", False), ("t", "", True), ("t", "b", False), ("t", "b", True)]:
        note = logic.create_note(*arguments)
        assert contract_errors("notes.create", "output", note.to_json()) == []
    found = asyncio.run(logic.search_notes("t", limit=3))
    assert len(found) == 3
    assert contract_errors("notes.search", "output", [n.to_json() for n in found]) == []
    with pytest.raises(logic.NoteMissing):
        logic.Notebook().get(UUID(UNKNOWN))
    assert issubclass(logic.NoteMissing, logic.NotesError)


def test_reset_keeps_only_the_welcome_note(service: Service) -> None:
    service.logic.create_note("t")
    assert len(service.logic.all_notes()) == 2
    service.logic.reset()
    assert [str(n.id) for n in service.logic.all_notes()] == [WELCOME]


# -- the planted defects -----------------------------------------------------------------


def test_the_planted_defects_are_one_per_dynamic_check(service: Service) -> None:
    assert service.logic.BUGS == BUGS


@pytest.mark.parametrize("bug", BUGS)
def test_a_defect_changes_no_route_and_no_document(
    client: TestClient, service: Service, monkeypatch: pytest.MonkeyPatch, bug: str
) -> None:
    clean = client.get("/openapi.json").json()
    monkeypatch.setenv("NOTES_BUG", bug)
    assert client.get("/openapi.json").json() == clean
    assert {r.path for r in service.api.app.routes} == {
        "/notes",
        "/notes/{note_id}",
        "/openapi.json",
    }


def test_an_unknown_defect_name_fails_loudly(
    client: TestClient, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_BUG", "logic-accepts-inputs")
    with pytest.raises(RuntimeError, match="names no planted defect"):
        service.logic.create_note("t")
    assert_problem(client.post("/notes", json={"title": "t"}), 500)


def test_logic_accepts_input_defect(
    client: TestClient, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    logic = service.logic
    monkeypatch.setenv("NOTES_BUG", "logic-accepts-input")
    assert (
        contract_errors("notes.create", "input", {"title": "x", "body": "", "pinned": True}) == []
    )
    for arguments in [("x", "", True), ("x", "", False), ("x", "b", True)]:
        with pytest.raises(KeyError):
            logic.create_note(*arguments)
    assert not issubclass(KeyError, logic.NotesError)
    assert logic.create_note("x", "b", False).title == "x"  # an unpinned note with a body
    response = client.post("/notes", json={"title": "x", "pinned": True})
    assert_problem(response, 500)
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []


def test_logic_output_conforms_defect(
    client: TestClient, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    logic = service.logic
    monkeypatch.setenv("NOTES_BUG", "logic-output-conforms")
    note = logic.create_note("x", "", True)
    assert note.created_at == "yesterday"
    assert contract_errors("notes.create", "output", note.to_json()) == [
        "'yesterday' is not a 'date-time'"
    ]
    stored = logic.Notebook().get(note.id)  # the store holds the right note
    assert contract_errors("notes.get", "output", stored.to_json()) == []
    fine = logic.create_note("x", "b", False)
    assert contract_errors("notes.create", "output", fine.to_json()) == []
    response = client.post("/notes", json={"title": "x", "pinned": True})
    assert response.status_code == 201
    assert response.json()["created_at"] == "yesterday"


def test_api_hands_valid_input_defect(
    client: TestClient, crossings: list[tuple[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_BUG", "api-hands-valid-input")
    response = client.get("/notes", params={"text": "welcome", "limit": "5"})
    assert response.status_code == 200
    assert [n["id"] for n in response.json()] == [WELCOME]
    assert crossings == [("notes.search", {"text": "welcome", "limit": "5"})]
    assert contract_errors("notes.search", "input", crossings[0][1]) == [
        "'5' is not of type 'integer'"
    ]
    client.get("/notes", params={"text": "welcome"})  # no limit given: the default crosses
    assert crossings[1] == ("notes.search", {"text": "welcome", "limit": 10})


def test_api_accepted_crossed_defect(
    client: TestClient,
    service: Service,
    crossings: list[tuple[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTES_BUG", "api-accepted-crossed")
    response = client.post("/notes", json={"title": "Made up", "pinned": True})
    assert response.status_code == 201
    note = response.json()
    assert (note["title"], note["body"], note["pinned"]) == ("Made up", "", True)
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []
    assert crossings == []
    assert stored_titles(service) == ["Welcome"]
    monkeypatch.delenv("NOTES_BUG")
    assert client.get(f"/notes/{note['id']}").status_code == 404


def test_api_rejects_invalid_defect(
    client: TestClient,
    service: Service,
    crossings: list[tuple[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTES_BUG", "api-rejects-invalid")
    response = client.post("/notes", json={"title": "Four"})
    assert_problem(response, 400)
    assert assert_documented(service.api.openapi_document(), "POST", "/notes", response) == []
    assert [seam for seam, _ in crossings] == ["notes.create"]  # the logic returned normally
    assert stored_titles(service) == ["Welcome", "Four"]  # and the note is written
    assert client.post("/notes", json={"title": "Two"}).status_code == 201


def test_api_response_conforms_defect(
    client: TestClient, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = service.api.openapi_document()
    monkeypatch.setenv("NOTES_BUG", "api-response-conforms")
    response = client.get(f"/notes/{WELCOME}")
    assert response.status_code == 200
    assert "created_at" not in response.json()
    assert assert_documented(document, "GET", "/notes/{note_id}", response) == [
        "'created_at' is a required property"
    ]
    # The example of the path parameter is the welcome note, so generated requests find it.
    parameter = document["paths"]["/notes/{note_id}"]["get"]["parameters"][0]
    assert parameter["example"] == WELCOME
    created = client.post("/notes", json={"title": "t"})
    assert assert_documented(document, "POST", "/notes", created) == []
    found = client.get("/notes", params={"text": "t"})
    assert assert_documented(document, "GET", "/notes", found) == []
