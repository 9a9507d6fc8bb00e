"""Bad input of every kind gets a 4xx with a JSON error body, never a 500, and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from taskapp.api import MAX_BODY_BYTES
from taskapp.logic import InvalidTask, TaskManager
from tests.integration.helpers import TestClient, assert_error, create, query

JSON = {"content-type": "application/json"}


def post_raw(
    client: TestClient, content: bytes | Iterator[bytes], headers: dict[str, str] | None = None
) -> Any:
    return client.post("/api/tasks", content=content, headers=JSON if headers is None else headers)


# -- 400: the body is not JSON -------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"{'title': 'single quotes'}",
        b'{"title": "a",}',
        b'{"title": NaN}',
        b'{"title": "a", "estimate_minutes": Infinity}',
        b"\xff\xfe\x00garbage",
        b"[" * 50_000,
        b"",
    ],
    ids=["truncated", "quotes", "trailing-comma", "nan", "infinity", "bad-bytes", "deep", "empty"],
)
def test_a_body_that_is_not_json_answers_400(
    client: TestClient, db_path: Path, content: bytes
) -> None:
    assert_error(post_raw(client, content), 400, "invalid_json")
    assert query(db_path, "SELECT count(*) FROM tasks") == [(0,)]


def test_a_patch_body_that_is_not_json_answers_400(client: TestClient) -> None:
    task_id = create(client)["id"]
    response = client.patch(f"/api/tasks/{task_id}", content=b"{oops", headers=JSON)
    assert_error(response, 400, "invalid_json")


# -- 415: the body is not sent as JSON -----------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"content-type": "text/plain"},
        {"content-type": "application/jsonx"},
        {"content-type": "application/x-www-form-urlencoded"},
    ],
    ids=["none", "text", "lookalike", "form"],
)
def test_a_body_without_the_json_content_type_answers_415(
    client: TestClient, headers: dict[str, str]
) -> None:
    assert_error(post_raw(client, b'{"title": "a"}', headers), 415, "unsupported_media_type")
    task_id = create(client)["id"]
    response = client.patch(f"/api/tasks/{task_id}", content=b'{"title": "b"}', headers=headers)
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/json;v=1"]
)
def test_json_with_parameters_or_other_case_is_accepted(
    client: TestClient, content_type: str
) -> None:
    response = post_raw(client, b'{"title": "a"}', {"content-type": content_type})
    assert response.status_code == 201


# -- 413: the body is too large ------------------------------------------------------------


def test_a_body_over_64_kib_answers_413(client: TestClient, db_path: Path) -> None:
    content = json.dumps({"title": "a", "description": "x" * MAX_BODY_BYTES}).encode()
    assert_error(post_raw(client, content), 413, "payload_too_large")
    task_id = create(client)["id"]
    response = client.patch(f"/api/tasks/{task_id}", content=content, headers=JSON)
    assert_error(response, 413, "payload_too_large")
    assert query(db_path, "SELECT count(*) FROM tasks") == [(1,)]


def test_a_streamed_body_over_64_kib_answers_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the size is only known by reading
        yield b'{"title": "a", "description": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    assert_error(post_raw(client, chunks()), 413, "payload_too_large")


# -- 422: well-formed JSON, invalid content ------------------------------------------------


@pytest.mark.parametrize("content", [b"[]", b'"a task"', b"42", b"null", b"true"])
def test_a_body_that_is_not_an_object_answers_422(client: TestClient, content: bytes) -> None:
    assert_error(post_raw(client, content), 422, "validation_failed")


CREATE_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("missing-title", {}, ["title"]),
    ("null-title", {"title": None}, ["title"]),
    ("number-title", {"title": 5}, ["title"]),
    ("empty-title", {"title": ""}, ["title"]),
    ("blank-title", {"title": " \t\n"}, ["title"]),
    ("long-title", {"title": "x" * 201}, ["title"]),
    ("long-description", {"description": "x" * 2001}, ["description"]),
    ("null-description", {"description": None}, ["description"]),
    ("unknown-priority", {"priority": "asap"}, ["priority"]),
    ("tags-string", {"tags": "docs"}, ["tags"]),
    ("bad-tag", {"tags": ["ok", "fine", "Not OK"]}, ["tags.2"]),
    ("number-tag", {"tags": [1]}, ["tags.0"]),
    ("long-tag", {"tags": ["a" * 31]}, ["tags.0"]),
    ("tag-newline", {"tags": ["ok\n"]}, ["tags.0"]),
    ("eleven-tags", {"tags": [f"t{n}" for n in range(11)]}, ["tags"]),
    ("repeated-tag", {"tags": ["a", "b", "a"]}, ["tags"]),
    ("impossible-date", {"due_date": "2026-02-30"}, ["due_date"]),
    ("other-date-format", {"due_date": "01/12/2026"}, ["due_date"]),
    ("date-time", {"due_date": "2026-12-01T10:00:00"}, ["due_date"]),
    ("number-date", {"due_date": 20261201}, ["due_date"]),
    ("string-int", {"estimate_minutes": "5"}, ["estimate_minutes"]),
    ("fraction", {"estimate_minutes": 1.5}, ["estimate_minutes"]),
    ("bool-int", {"estimate_minutes": True}, ["estimate_minutes"]),
    ("zero-minutes", {"estimate_minutes": 0}, ["estimate_minutes"]),
    ("over-a-week", {"estimate_minutes": 10081}, ["estimate_minutes"]),
    ("huge-number", {"estimate_minutes": 10**400}, ["estimate_minutes"]),
    ("unknown-field", {"owner": "me"}, ["owner"]),
    ("server-field", {"status": "done"}, ["status"]),
    ("two-bad-fields", {"title": "", "priority": "x"}, ["title", "priority"]),
]


@pytest.mark.parametrize(
    ("body", "fields"), [case[1:] for case in CREATE_CASES], ids=[case[0] for case in CREATE_CASES]
)
def test_invalid_create_fields_answer_422_naming_each_field(
    client: TestClient, db_path: Path, body: dict[str, Any], fields: list[str]
) -> None:
    if "title" not in fields and "title" not in body:
        body = {"title": "Valid title", **body}

    response = client.post("/api/tasks", json=body)

    assert_error(response, 422, "validation_failed", *fields)
    assert query(db_path, "SELECT count(*) FROM tasks") == [(0,)]


def test_an_integral_float_is_accepted_as_an_integer(client: TestClient) -> None:
    assert create(client, estimate_minutes=60.0)["estimate_minutes"] == 60


PATCH_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("empty", {}, []),
    ("null-title", {"title": None}, ["title"]),
    ("null-status", {"status": None}, ["status"]),
    ("null-tags", {"tags": None}, ["tags"]),
    ("unknown-status", {"status": "archived"}, ["status"]),
    ("id", {"id": "3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f"}, ["id"]),
    ("created-at", {"created_at": "2026-01-01T00:00:00+00:00"}, ["created_at"]),
    ("bad-tag", {"tags": ["ok", "BAD"]}, ["tags.1"]),
    ("string-int", {"estimate_minutes": "30"}, ["estimate_minutes"]),
]


@pytest.mark.parametrize(
    ("body", "fields"), [case[1:] for case in PATCH_CASES], ids=[case[0] for case in PATCH_CASES]
)
def test_invalid_patch_bodies_answer_422_and_change_nothing(
    client: TestClient, db_path: Path, body: dict[str, Any], fields: list[str]
) -> None:
    # Given a task
    task_id = create(client, title="Unchanged", tags=["keep"])["id"]
    before = query(db_path, "SELECT * FROM tasks")

    # When an invalid change is sent
    response = client.patch(f"/api/tasks/{task_id}", json=body)

    # Then the API answers 422 naming the fields, and the task is as it was
    assert_error(response, 422, "validation_failed", *fields)
    assert query(db_path, "SELECT * FROM tasks") == before
    assert query(db_path, "SELECT tag FROM task_tags") == [("keep",)]


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/complete")],
)
@pytest.mark.parametrize(
    "bad_id",
    [
        "42",
        "not-a-uuid",
        "3f2b8c1e5a4d4c2b9e7f1a2b3c4d5e6f",
        "{3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f}",
    ],
)
def test_an_id_that_is_not_a_uuid_answers_422(
    client: TestClient, method: str, suffix: str, bad_id: str
) -> None:
    kwargs: dict[str, Any] = {"json": {"title": "x"}} if method == "PATCH" else {}
    response = client.request(method, f"/api/tasks/{bad_id}{suffix}", **kwargs)
    assert_error(response, 422, "validation_failed", "task_id")


@pytest.mark.parametrize(
    ("query_string", "fields"),
    [
        ("limit=0", ["limit"]),
        ("limit=101", ["limit"]),
        ("limit=ten", ["limit"]),
        ("limit=1.5", ["limit"]),
        ("limit=", ["limit"]),
        ("offset=-1", ["offset"]),
        ("offset=1e3", ["offset"]),
        ("offset=99999999999999999999999", ["offset"]),
        ("status=archived", ["status"]),
        ("status=", ["status"]),
        ("status=TODO", ["status"]),
        ("sort=title", ["sort"]),
        ("limit=1&limit=2", ["limit"]),
        ("limit=0&status=x&page=2", ["limit", "status", "page"]),
    ],
)
def test_bad_or_unknown_list_parameters_answer_422(
    client: TestClient, query_string: str, fields: list[str]
) -> None:
    assert_error(client.get(f"/api/tasks?{query_string}"), 422, "validation_failed", *fields)


def test_query_parameters_on_a_task_route_answer_422(client: TestClient) -> None:
    task_id = create(client)["id"]
    assert_error(client.get(f"/api/tasks/{task_id}?verbose=1"), 422, "validation_failed", "verbose")


def test_a_domain_error_from_the_logic_answers_422_naming_its_field(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a logic that refuses a change the API let through
    def refuse(self: TaskManager, task_id: object, changes: object) -> None:
        raise InvalidTask("tags.1", "is reserved")

    monkeypatch.setattr(TaskManager, "update_task", refuse)
    task_id = create(client)["id"]

    # When the change is sent
    response = client.patch(f"/api/tasks/{task_id}", json={"tags": ["ok", "admin"]})

    # Then the domain error becomes a 422 naming the field the logic named
    body = assert_error(response, 422, "validation_failed", "tags.1")
    assert body["fields"][0]["message"] == "is reserved"


def test_an_unknown_field_name_that_is_not_valid_unicode_is_still_a_json_422(
    client: TestClient,
) -> None:
    content = json.dumps({"title": "a", "\ud800": 1}).encode()
    response = post_raw(client, content)
    assert response.status_code == 422
    assert response.json()["error"] == "validation_failed"


def test_a_title_with_a_lone_surrogate_is_a_422(client: TestClient, db_path: Path) -> None:
    response = post_raw(client, json.dumps({"title": "a\ud800"}).encode())
    assert_error(response, 422, "validation_failed", "title")
    assert query(db_path, "SELECT count(*) FROM tasks") == [(0,)]
