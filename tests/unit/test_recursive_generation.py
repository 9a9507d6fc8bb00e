"""Recursive contracts generate documents in every layout, a value seamguard cannot generate
is an ``error`` result naming where, and every reporter survives any value in a result.

Issue 16, point 1: a Draft 7 ``$ref`` under ``definitions`` drew Schemathesis' ``NotSet``,
``check`` reported a false ``logic-accepts-input`` failure and the JSON reporter crashed.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from schemathesis.core import NOT_SET

from seamguard import load_contracts
from seamguard.checks import CheckResult
from seamguard.cli import cli
from seamguard.contracts import Validators
from seamguard.engine import Run
from seamguard.errors import Failure
from seamguard.generation import GenerationError, document_strategy
from seamguard.report import JsonReporter, JUnitReporter, MarkdownReporter, TerminalReporter
from seamguard.report._escape import example_json, jsonable
from seamguard.schema._bundle import UnresolvableRef, bundle
from tests.unit.helpers import DRAFT202012, write_json

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def org(ref: str) -> dict[str, Any]:
    """An organisation: a name and up to three child organisations (``ref``)."""
    return {
        "type": "object",
        "properties": {
            "name": {"type": "string", "maxLength": 5},
            "children": {"type": "array", "maxItems": 3, "items": {"$ref": ref}},
        },
        "required": ["name"],
    }


SHARED = {"$schema": DRAFT7, "definitions": {"org": org("#/definitions/org")}}
LAYOUTS: dict[str, dict[str, Any]] = {
    # The issue's contract: Draft 7, recursion through definitions.
    "definitions": {
        "$schema": DRAFT7,
        "definitions": {"org": org("#/definitions/org")},
        "$ref": "#/definitions/org",
    },
    "defs": {"$schema": DRAFT202012, "$defs": {"org": org("#/$defs/org")}, "$ref": "#/$defs/org"},
    # "#" is the resource the nested $id starts, not the document.
    "nested-id": {
        "$schema": DRAFT202012,
        "$defs": {"org": {"$id": "org.json", **org("#")}},
        "$ref": "org.json",
    },
    # The recursive pointer is the shared file's, not the seam's document.
    "sibling-file": {"$schema": DRAFT7, "$ref": "../../_shared/org.schema.json#/definitions/org"},
}


def project(tmp_path: Path, layout: str, logic: str) -> Path:
    """A project whose seam ``org.count`` takes ``LAYOUTS[layout]``; returns its config."""
    root = tmp_path / "contracts"
    write_json(root / "_shared" / "org.schema.json", SHARED)
    write_json(root / "org.count" / "1.0" / "input.schema.json", LAYOUTS[layout])
    write_json(root / "org.count" / "1.0" / "output.schema.json", {"type": "integer"})
    module = f"org_logic_{layout.replace('-', '_')}_{abs(hash((str(tmp_path), logic)))}"
    (tmp_path / f"{module}.py").write_text(logic, encoding="utf-8")
    config = tmp_path / "seamguard.toml"
    config.write_text(f'[[seams]]\ncontract = "org.count"\nlogic = "{module}:count"\n')
    return config


CLEAN = """\
def count(document: dict) -> int:
    return 1 + sum(count(child) for child in document.get("children", []))
"""
# Fails on a grandchild: only a document two levels deep shows it.
DEEP_BUG = """\
def count(document: dict) -> int:
    for child in document.get("children", []):
        if child.get("children"):
            raise RuntimeError("a grandchild")
    return 1 + len(document.get("children", []))
"""


def original_validator(tmp_path: Path) -> Any:
    """jsonschema's validator of the seam's input as written, over the files as written."""
    root = tmp_path / "contracts"
    resources = []
    for path in root.rglob("*.schema.json"):
        contents = json.loads(path.read_text())
        spec = referencing.jsonschema.specification_with(contents.get("$schema", DRAFT202012))
        resources.append((path.as_uri(), spec.create_resource(contents)))
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
    path = root / "org.count" / "1.0" / "input.schema.json"
    # Reached by its URI: Draft 7 ignores an $id beside the root's $ref.
    cls = jsonschema.validators.validator_for(json.loads(path.read_text()))
    return cls({"$ref": path.as_uri()}, registry=registry)


def depth(document: Any) -> int:
    children = document.get("children", []) if isinstance(document, dict) else []
    return 1 + max((depth(child) for child in children), default=0)


def check(config: Path, *args: str) -> tuple[Result, dict[str, Any]]:
    report = config.parent / "report.json"
    result = CliRunner().invoke(
        cli, ["check", "--config", str(config), "--report-json", str(report), *args]
    )
    assert "internal error" not in result.output, result.output
    return result, json.loads(report.read_text())


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {r["check"]: r["status"] for r in report["results"] if r["check"].startswith("logic")}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_draws_50_documents_valid_under_the_schema_as_written(
    tmp_path: Path, layout: str
) -> None:
    project(tmp_path, layout, CLEAN)
    registry = load_contracts(tmp_path / "contracts")
    assert not registry.problems
    document = registry.get("org.count", "1.0").input
    validator = original_validator(tmp_path)
    drawn: list[Any] = []

    @settings(max_examples=50, database=None, deadline=None)
    @given(document_strategy(document, Validators(registry)))
    def draw(value: Any) -> None:
        drawn.append(value)
        assert validator.is_valid(value), value

    draw()

    assert len(drawn) == 50
    assert max(depth(value) for value in drawn) >= 3  # the recursion is drawn, not cut off


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_check_passes_a_clean_logic_on_each_layout(tmp_path: Path, layout: str) -> None:
    result, report = check(project(tmp_path, layout, CLEAN), "--max-examples", "25", "--seed", "1")

    assert result.exit_code == 0, result.output
    assert statuses(report) == {"logic-accepts-input": "passed", "logic-output-conforms": "passed"}


@pytest.mark.parametrize("layout", ["definitions", "sibling-file"])
def test_a_logic_that_fails_on_a_deep_child_is_caught(tmp_path: Path, layout: str) -> None:
    config = project(tmp_path, layout, DEEP_BUG)

    result, report = check(config, "--max-examples", "100", "--seed", "2")

    assert result.exit_code == 1, result.output
    assert statuses(report)["logic-accepts-input"] == "failed"
    (failed,) = [r for r in report["results"] if r["status"] == "failed"]
    example = failed["failures"][0]["example"]
    assert depth(example) == 3  # shrunk to a grandchild, and a real document
    assert original_validator(tmp_path).is_valid(example)
    assert "RuntimeError: a grandchild" in failed["failures"][0]["message"]


def test_an_unsatisfiable_part_is_an_error_result_naming_its_pointer(tmp_path: Path) -> None:
    config = project(tmp_path, "defs", CLEAN)
    write_json(
        tmp_path / "contracts" / "org.count" / "1.0" / "input.schema.json",
        {
            "type": "object",
            "properties": {"a": {"type": "string", "format": "uuid", "minLength": 40}},
            "required": ["a"],
        },
    )

    result, report = check(config, "--max-examples", "10", "--seed", "1")

    assert result.exit_code == 1, result.output
    assert statuses(report) == {"logic-accepts-input": "error", "logic-output-conforms": "error"}
    reason = next(r["reason"] for r in report["results"] if r["check"] == "logic-accepts-input")
    assert reason.startswith(
        "contracts/org.count/1.0/input.schema.json: cannot generate documents from this "
        "schema: at /properties/a: "
    )
    assert "\n" not in reason


@pytest.mark.parametrize(
    ("drawn", "expected"),
    [
        (NOT_SET, "at /: Schemathesis drew no document (NotSet)"),
        ({"name": "toolong"}, "a document the schema forbids, at /name of the document"),
    ],
)
def test_a_draw_seamguard_cannot_use_is_an_error_result_not_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn: Any, expected: str
) -> None:
    # What the issue saw: the generator's NotSet reached the logic as its input, failed
    # logic-accepts-input and crashed the JSON reporter. A draw the schema forbids would
    # read as the logic's fault the same way.
    config = project(tmp_path, "definitions", CLEAN)
    monkeypatch.setattr(
        "seamguard.generation._logic.schema_strategy", lambda *a, **k: st.just(drawn)
    )

    result, report = check(config, "--max-examples", "5", "--seed", "1")

    assert result.exit_code == 1, result.output
    assert statuses(report) == {"logic-accepts-input": "error", "logic-output-conforms": "error"}
    reason = next(r["reason"] for r in report["results"] if r["check"] == "logic-accepts-input")
    assert expected in reason


def test_a_ref_the_bundle_cannot_follow_names_its_pointer() -> None:
    schema = {"type": "object", "properties": {"a/b": {"items": {"$ref": "#/$defs/gone"}}}}

    with pytest.raises(UnresolvableRef) as caught:
        bundle(schema)

    assert caught.value.pointer == "/properties/a~1b/items/$ref"
    assert "'#/$defs/gone' at /properties/a~1b/items/$ref" in str(caught.value)


def test_a_bundle_of_a_nested_id_and_an_anchor_is_self_contained() -> None:
    schema = {
        "$schema": DRAFT202012,
        "$defs": {
            "leaf": {"$anchor": "leaf", "type": "integer"},
            "tree": {"$id": "tree.json", "type": "array", "items": {"$ref": "#"}},
        },
        "properties": {"x": {"$ref": "#leaf"}, "t": {"$ref": "tree.json"}},
    }

    bundled = bundle(schema)

    assert bundled["properties"] == {
        "x": {"$ref": "#/$defs/leaf"},
        "t": {"$ref": "#/$defs/tree.json"},
    }
    assert bundled["$defs"]["tree.json"]["items"] == {"$ref": "#/$defs/tree.json"}
    validator = jsonschema.Draft202012Validator(bundled)
    assert validator.is_valid({"x": 1, "t": [[], [[]]]})
    assert not validator.is_valid({"t": [[1]]})


def test_a_strategy_that_cannot_be_built_is_one_line_naming_the_file(tmp_path: Path) -> None:
    project(tmp_path, "defs", CLEAN)
    write_json(
        tmp_path / "contracts" / "org.count" / "1.0" / "input.schema.json",
        {"type": "object", "enum": [{"$ref": "nowhere.json"}]},
    )
    registry = load_contracts(tmp_path / "contracts")

    with pytest.raises(GenerationError) as caught:
        document_strategy(registry.get("org.count", "1.0").input, Validators(registry), shown="x")

    assert str(caught.value).startswith("x: cannot generate documents from this schema: ")
    assert "\n" not in str(caught.value)


# Every reporter survives any value in a result.

ODD_EXAMPLES = [NOT_SET, object(), {1, 2}, {"set": {3}, "notset": NOT_SET}]


def odd_run(tmp_path: Path) -> Run:
    write_json(tmp_path / "contracts" / "odd" / "1.0" / "input.schema.json", {"type": "object"})
    write_json(tmp_path / "contracts" / "odd" / "1.0" / "output.schema.json", {})
    failures = tuple(
        Failure(
            check="logic-accepts-input",
            seam="odd",
            version="1.0",
            message=f"odd example {index}",
            example=example,
            seed=1,
        )
        for index, example in enumerate(ODD_EXAMPLES)
    )
    result = CheckResult("odd", "1.0", "logic-accepts-input", "failed", 4, failures=failures)
    return Run(registry=load_contracts(tmp_path / "contracts"), results=(result,), bound={}, seed=1)


def test_every_reporter_writes_a_parseable_report_of_any_example(tmp_path: Path) -> None:
    run = odd_run(tmp_path)
    out = io.StringIO()
    terminal = TerminalReporter(Console(file=out, highlight=False, soft_wrap=True, width=80))

    for reporter in (
        JsonReporter(tmp_path / "report.json"),
        JUnitReporter(tmp_path / "junit.xml"),
        MarkdownReporter(tmp_path / "summary.md"),
        terminal,
    ):
        for result in run.results:
            reporter.result(result)
        reporter.finish(run)

    report = json.loads((tmp_path / "report.json").read_text())
    examples = [f["example"] for f in report["results"][0]["failures"]]
    assert examples[0].startswith("<schemathesis.core.NotSet object")
    assert examples[3]["set"] == "{3}"
    ET.parse(tmp_path / "junit.xml")
    assert "NotSet object" in (tmp_path / "summary.md").read_text()
    assert "NotSet object" in out.getvalue()


def test_example_json_and_jsonable_hold_keys_and_cycles_json_cannot() -> None:
    cycle: list[Any] = [1]
    cycle.append(cycle)
    odd = {(1, 2): "tuple key", 3: float("nan"), "cycle": cycle, "obj": NOT_SET}

    text = example_json(odd)

    assert json.loads(text) == json.loads(json.dumps(jsonable(odd)))
    loaded = json.loads(text)
    assert loaded["(1, 2)"] == "tuple key"
    assert loaded["3"] == "nan"
    assert loaded["cycle"][1] == "<class 'list'> (already shown above)"
