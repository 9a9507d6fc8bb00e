"""The OpenAPI document is served, complete, and true of every answer the API gives."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from taskapp.api import MAX_BODY_BYTES, openapi_document
from taskapp.logic import TaskManager
from tests.integration.helpers import TestClient, execute_script

MISSING = "3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f"

OPERATIONS = {
    ("/api/tasks", "post"): {"201", "400", "413", "415", "422", "500"},
    ("/api/tasks", "get"): {"200", "422", "500"},
    ("/api/tasks/{task_id}", "get"): {"200", "404", "422", "500"},
    ("/api/tasks/{task_id}", "patch"): {"200", "400", "404", "409", "413", "415", "422", "500"},
    ("/api/tasks/{task_id}", "delete"): {"204", "404", "422", "500"},
    ("/api/tasks/{task_id}/complete", "post"): {"200", "404", "409", "422", "500"},
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    served: dict[str, Any] = response.json()
    return served


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def test_the_document_is_openapi_3_1_and_lists_every_route_and_method(
    document: dict[str, Any],
) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"]
    assert document["info"]["version"]
    listed = {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    assert listed == set(OPERATIONS)
    assert document == openapi_document()


def test_every_operation_documents_every_status_it_can_answer(document: dict[str, Any]) -> None:
    for (path, method), statuses in OPERATIONS.items():
        operation = document["paths"][path][method]
        assert set(operation["responses"]) == statuses, (path, method)
        assert operation["operationId"]
        for status, response in operation["responses"].items():
            response = resolve(document, response)
            assert response["description"]
            if status == "204":
                assert "content" not in response
            else:
                assert set(response["content"]) == {"application/json"}, (path, method, status)
                assert "schema" in response["content"]["application/json"]


def test_the_task_id_is_a_uuid_path_parameter(document: dict[str, Any]) -> None:
    for path in ("/api/tasks/{task_id}", "/api/tasks/{task_id}/complete"):
        [parameter] = document["paths"][path]["parameters"]
        assert parameter["name"] == "task_id"
        assert parameter["in"] == "path"
        assert parameter["required"] is True
        assert parameter["schema"] == {"type": "string", "format": "uuid"}


def test_request_bodies_are_closed_json_objects(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for path, method, name in [
        ("/api/tasks", "post", "TaskCreate"),
        ("/api/tasks/{task_id}", "patch", "TaskUpdate"),
    ]:
        body = document["paths"][path][method]["requestBody"]
        assert body["required"] is True
        assert body["content"] == {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
        }
        assert schemas[name]["type"] == "object"
        assert schemas[name]["additionalProperties"] is False
    assert schemas["TaskCreate"]["required"] == ["title"]
    assert "required" not in schemas["TaskUpdate"]
    assert schemas["TaskUpdate"]["minProperties"] == 1
    assert "default" not in json.dumps(schemas["TaskUpdate"])


def test_documented_defaults_are_the_logic_defaults(document: dict[str, Any]) -> None:
    create_params = inspect.signature(TaskManager.create_task).parameters
    properties = document["components"]["schemas"]["TaskCreate"]["properties"]
    for name, prop in properties.items():
        if name != "title":
            default = create_params[name].default
            expected = list(default) if isinstance(default, tuple) else default
            assert prop["default"] == getattr(expected, "value", expected), name

    list_params = inspect.signature(TaskManager.list_tasks).parameters
    for parameter in document["paths"]["/api/tasks"]["get"]["parameters"]:
        if "default" in parameter["schema"]:
            assert parameter["schema"]["default"] == list_params[parameter["name"]].default


def test_the_201_documents_its_location_header(document: dict[str, Any]) -> None:
    created = document["paths"]["/api/tasks"]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["required"] is True
    assert created["headers"]["Location"]["schema"]["type"] == "string"


def test_the_error_body_is_a_component(document: dict[str, Any]) -> None:
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error", "message", "fields"]
    assert set(error["properties"]["error"]["enum"]) == {
        "invalid_json",
        "unsupported_media_type",
        "payload_too_large",
        "validation_failed",
        "not_found",
        "conflict",
        "method_not_allowed",
        "internal_error",
    }


def test_every_answer_matches_what_the_document_says(
    client: TestClient, document: dict[str, Any], db_path: Path
) -> None:
    # Given a validator for the document's own schemas, formats included
    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(document, default_specification=DRAFT202012)
    )

    def check(template: str, method: str, response: Any) -> None:
        status = str(response.status_code)
        operation = document["paths"][template][method]
        assert status in operation["responses"], (template, method, status, response.text)
        documented = resolve(document, operation["responses"][status])
        if "content" not in documented:
            assert response.content == b""
            return
        assert response.headers["content-type"] == "application/json"
        pointer = f"/paths/{template.replace('/', '~1')}/{method}/responses/{status}"
        if "$ref" in operation["responses"][status]:
            pointer = operation["responses"][status]["$ref"].removeprefix("#")
        schema = {"$ref": f"urn:openapi#{pointer}/content/application~1json/schema"}
        validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
        errors = [error.message for error in validator.iter_errors(response.json())]
        assert errors == [], (template, method, status, response.text)
        for name, header in documented.get("headers", {}).items():
            assert re.search(header["schema"]["pattern"], response.headers[name])

    # When every route answers each status it can
    todo = client.post("/api/tasks", json={"title": "Doc", "tags": ["a"], "due_date": "2026-12-01"})
    check("/api/tasks", "post", todo)
    task_id = todo.json()["id"]
    raw = {"content-type": "application/json"}
    check("/api/tasks", "post", client.post("/api/tasks", content=b"{", headers=raw))
    check("/api/tasks", "post", client.post("/api/tasks", content=b"{}", headers={}))
    big = b'{"title": "' + b"x" * MAX_BODY_BYTES + b'"}'
    check("/api/tasks", "post", client.post("/api/tasks", content=big, headers=raw))
    check("/api/tasks", "post", client.post("/api/tasks", json={"title": ""}))

    check("/api/tasks", "get", client.get("/api/tasks"))
    check("/api/tasks", "get", client.get("/api/tasks?status=todo&limit=1&offset=0"))
    check("/api/tasks", "get", client.get("/api/tasks?limit=0"))

    item = "/api/tasks/{task_id}"
    check(item, "get", client.get(f"/api/tasks/{task_id}"))
    check(item, "get", client.get(f"/api/tasks/{MISSING}"))
    check(item, "get", client.get("/api/tasks/nope"))
    check(item, "patch", client.patch(f"/api/tasks/{task_id}", json={"due_date": None}))
    check(item, "patch", client.patch(f"/api/tasks/{task_id}", content=b"[", headers=raw))
    check(item, "patch", client.patch(f"/api/tasks/{task_id}", content=b"{}"))
    check(item, "patch", client.patch(f"/api/tasks/{task_id}", content=big, headers=raw))
    check(item, "patch", client.patch(f"/api/tasks/{task_id}", json={}))
    check(item, "patch", client.patch(f"/api/tasks/{MISSING}", json={"title": "x"}))

    complete = "/api/tasks/{task_id}/complete"
    check(complete, "post", client.post(f"/api/tasks/{task_id}/complete"))
    check(complete, "post", client.post(f"/api/tasks/{task_id}/complete"))
    check(complete, "post", client.post(f"/api/tasks/{MISSING}/complete"))
    check(complete, "post", client.post("/api/tasks/nope/complete"))
    check(item, "patch", client.patch(f"/api/tasks/{task_id}", json={"title": "x"}))

    check(item, "delete", client.delete(f"/api/tasks/{task_id}"))
    check(item, "delete", client.delete(f"/api/tasks/{task_id}"))
    check(item, "delete", client.delete("/api/tasks/nope"))

    # And a real fault answers the documented 500
    execute_script(
        db_path,
        "CREATE TRIGGER planted_fault BEFORE INSERT ON tasks "
        "BEGIN SELECT RAISE(ABORT, 'planted fault'); END;",
    )
    check("/api/tasks", "post", client.post("/api/tasks", json={"title": "Fails"}))
