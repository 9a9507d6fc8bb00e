"""The contracts registry: layout, JSON, drafts, metaschemas, local $refs, examples."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest

from seamguard import ContractError, Version, load_contracts
from seamguard.contracts import ContractRegistry, Problem
from tests.unit.helpers import DRAFT202012, make_tree, write_contract, write_json

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def only_problem(registry: ContractRegistry) -> Problem:
    assert len(registry.problems) == 1, registry.problems
    return registry.problems[0]


def with_property(tree: Path, schema: dict[str, Any]) -> Path:
    """Plant ``schema`` as property ``bad`` of things.get 1.0's input; return the file."""
    path = tree / "things.get" / "1.0" / "input.schema.json"
    write_json(
        path,
        {"$schema": DRAFT202012, "type": "object", "properties": {"bad": schema}},
    )
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "contracts")


def test_a_valid_tree_loads_with_no_problem(tree: Path) -> None:
    registry = load_contracts(tree)

    assert registry.problems == ()
    assert registry.seams == ("things.create", "things.get")
    assert [str(c.version) for c in registry.versions("things.create")] == ["1.0", "1.1"]
    assert registry.get("things.create").version == Version(1, 1)
    assert registry.get("things.create", "1.0").input.contents["required"] == ["name"]


def test_versions_are_ordered_numerically(tmp_path: Path) -> None:
    for version in ("1.10", "1.2", "2.0", "1.9"):
        write_contract(tmp_path, "things.create", version)

    registry = load_contracts(tmp_path)

    assert [str(c.version) for c in registry.versions("things.create")] == [
        "1.2",
        "1.9",
        "1.10",
        "2.0",
    ]


def test_unknown_seam_and_version_name_the_near_miss(tree: Path) -> None:
    registry = load_contracts(tree)

    with pytest.raises(ContractError, match=r"did you mean 'things\.create'"):
        registry.get("things.craete")
    with pytest.raises(ContractError, match=r"no version '3.0' \(versions: 1.0, 1.1\)"):
        registry.get("things.create", "3.0")


def test_a_missing_root_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="does not exist"):
        load_contracts(tmp_path / "nowhere")


def test_a_root_named_with_a_newline_is_one_line(tmp_path: Path) -> None:
    # 'contracts = "con\\ntracts"' made a usage error two lines long (self-fuzz).
    with pytest.raises(ContractError) as caught:
        load_contracts(tmp_path / "con\ntracts")

    assert "con\\ntracts' does not exist" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_empty_root_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="holds no seam folders"):
        load_contracts(tmp_path)


def test_invalid_keyword_value_names_file_and_pointer(tree: Path) -> None:
    path = with_property(tree, {"type": "string", "maxLength": -1})

    problem = only_problem(load_contracts(tree))

    assert problem.path == path
    assert problem.pointer == "/properties/bad/maxLength"
    assert "-1 is less than the minimum of 0" in problem.message
    assert (problem.seam, problem.version) == ("things.get", "1.0")


def test_misspelt_type_suggests_the_type(tree: Path) -> None:
    with_property(tree, {"type": "strng"})

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/properties/bad/type"
    assert "did you mean 'string'" in problem.message


def test_invalid_regex_is_reported(tree: Path) -> None:
    with_property(tree, {"type": "string", "pattern": "(unclosed"})

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/properties/bad/pattern"
    assert "regex" in problem.message


@pytest.mark.parametrize("declared", ["\x00", "a b", "caf\u00e9.json", "%ZZ", ":x"])
def test_an_id_that_is_not_a_uri_reference_is_reported(tree: Path, declared: str) -> None:
    # jsonschema-rs cannot register such a document: a ValueError escaped (self-fuzz).
    with_property(tree, {"$id": declared, "type": "string"})

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/properties/bad/$id"
    assert f"{declared!r} is not a 'uri-reference'" in problem.message


@pytest.mark.parametrize("ref", ["\x00", "x%00.json"])
def test_a_ref_holding_a_nul_is_reported(tree: Path, ref: str) -> None:
    # Path.resolve raised "embedded null byte" (self-fuzz).
    with_property(tree, {"$ref": ref})

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/properties/bad/$ref"
    assert (
        problem.message == f"$ref {ref!r} holds a NUL character, which no file name or URI can hold"
    )


def test_a_ref_inside_an_unknown_keyword_must_resolve_but_data_is_data(tree: Path) -> None:
    # jsonschema-rs's dereference follows a $ref wherever it is but in data; one that led
    # nowhere raised ValueError out of contract-compat (self-fuzz).
    with_property(
        tree,
        {
            "x-doc": {"a": [{"$ref": "#/$defs/Missing"}], "b": {"$ref": "#/properties"}},
            "enum": [{"$ref": "#/$defs/Missing"}],
            "examples": [{"$ref": "nowhere.json"}],
        },
    )

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/properties/bad/x-doc/a/0/$ref"
    assert "$ref '#/$defs/Missing' does not resolve" in problem.message


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("#/$defs/Missing", "nothing at '/$defs/Missing'"),
        ("../../_shared/thing.schema.json#/$defs/Nope", "nothing at '/$defs/Nope'"),
        ("../../_shared/missing.schema.json", "neither a file in the contracts tree"),
        ("#no-such-anchor", "no anchor 'no-such-anchor'"),
    ],
)
def test_unresolvable_ref_is_reported(tree: Path, ref: str, words: str) -> None:
    with_property(tree, {"$ref": ref})

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/properties/bad/$ref"
    assert "does not resolve" in problem.message
    assert words in problem.message


@pytest.mark.parametrize(
    "ref",
    [
        "https://schemas.example.com/thing.json",
        "http://127.0.0.1:9/thing.json#/$defs/Name",
    ],
)
def test_remote_ref_is_refused_and_nothing_is_fetched(
    tree: Path, ref: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("seamguard opened a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with_property(tree, {"$ref": ref})

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/properties/bad/$ref"
    assert "remote $refs are refused, never fetched" in problem.message


def test_ref_escaping_the_root_is_refused(tree: Path) -> None:
    secret = tree.parent / "outside.schema.json"
    write_json(secret, {"type": "string"})
    with_property(tree, {"$ref": "../../../outside.schema.json"})

    problem = only_problem(load_contracts(tree))

    assert "outside the contracts root" in problem.message
    assert str(secret) in problem.message


@pytest.mark.parametrize("form", ["file-url", "absolute-path"])
def test_ref_to_a_file_outside_by_url_or_absolute_path_is_refused(tree: Path, form: str) -> None:
    secret = tree.parent / "outside.schema.json"
    write_json(secret, {"type": "string"})
    ref = secret.as_uri() if form == "file-url" else str(secret)
    with_property(tree, {"$ref": ref})

    problem = only_problem(load_contracts(tree))

    assert "outside the contracts root" in problem.message


@pytest.mark.parametrize(
    ("schema", "pointer", "steps"),
    [
        (
            {
                "type": "object",
                "properties": {"bad": {"$ref": "#/$defs/a"}},
                "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
            },
            "/$defs/a/$ref",
            "/$defs/a -> /$defs/b -> /$defs/a",
        ),
        (
            {"anyOf": [{"type": "null"}, {"$ref": "#"}]},
            "/anyOf/1",
            "# -> /anyOf/1 -> #",
        ),
        (
            {
                "type": "object",
                "allOf": [{"if": {"$ref": "#/$defs/x"}}],
                "$defs": {"x": {"not": {"$ref": "#"}}},
            },
            "/allOf/0",
            "# -> /allOf/0 -> /allOf/0/if -> /$defs/x -> /$defs/x/not -> #",
        ),
    ],
)
def test_a_ref_cycle_with_no_base_case_is_reported_with_its_steps(
    tree: Path, schema: dict[str, Any], pointer: str, steps: str
) -> None:
    path = tree / "things.get" / "1.0" / "input.schema.json"
    write_json(path, {"$schema": DRAFT202012, **schema})

    problem = only_problem(load_contracts(tree))

    assert problem.path == path
    assert problem.pointer == pointer
    assert f"$ref cycle with no base case: {steps}" in problem.message
    assert "properties, items" in problem.message


def test_a_ref_cycle_through_a_shared_file_names_the_other_file(tree: Path) -> None:
    write_json(
        tree / "_shared" / "loop.schema.json",
        {
            "$schema": DRAFT202012,
            "$defs": {"back": {"$ref": "../things.get/1.0/input.schema.json"}},
        },
    )
    path = tree / "things.get" / "1.0" / "input.schema.json"
    write_json(
        path,
        {"$schema": DRAFT202012, "allOf": [{"$ref": "../../_shared/loop.schema.json#/$defs/back"}]},
    )

    (problem,) = load_contracts(tree).problems

    # Reported once, in the file the walk meets first, naming the step in the other file.
    assert "$ref cycle with no base case" in problem.message
    other = "input.schema.json#" if problem.path.name == "loop.schema.json" else "loop.schema.json#"
    assert other in problem.message, problem.message


def test_recursion_that_steps_into_the_value_is_left_alone(tree: Path) -> None:
    path = tree / "things.get" / "1.0" / "input.schema.json"
    write_json(
        path,
        {
            "$schema": DRAFT202012,
            "$ref": "#/$defs/node",
            "$defs": {
                "node": {
                    "type": "object",
                    "properties": {
                        "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
                    },
                    "anyOf": [{"required": ["children"]}, {"not": {"required": ["leaf"]}}],
                }
            },
        },
    )

    assert load_contracts(tree).problems == ()


def test_ref_through_an_id_mirroring_the_tree_resolves(tree: Path) -> None:
    base = "https://contracts.example/"
    write_json(
        tree / "_shared" / "thing.schema.json",
        {"$id": base + "_shared/thing.schema.json", "$defs": {"Name": {"type": "string"}}},
    )
    write_json(
        tree / "things.get" / "1.0" / "input.schema.json",
        {
            "$id": base + "things.get/1.0/input.schema.json",
            "properties": {
                "relative": {"$ref": "../../_shared/thing.schema.json#/$defs/Name"},
                "absolute": {"$ref": base + "_shared/thing.schema.json#/$defs/Name"},
            },
        },
    )

    assert load_contracts(tree).problems == ()


def test_ref_to_an_anchor_and_a_recursive_ref_resolve(tree: Path) -> None:
    with_property(
        tree,
        {
            "$defs": {
                "node": {
                    "$anchor": "node",
                    "type": "object",
                    "properties": {"children": {"type": "array", "items": {"$ref": "#node"}}},
                }
            },
            "$ref": "#node",
        },
    )

    assert load_contracts(tree).problems == ()


def test_malformed_json_names_line_and_column(tree: Path) -> None:
    path = tree / "things.get" / "1.0" / "output.schema.json"
    path.write_text('{\n  "type": "object",\n}\n', encoding="utf-8")

    problem = only_problem(load_contracts(tree))

    assert problem.path == path
    assert "is not valid JSON" in problem.message
    assert "line 3, column 1" in problem.message


def test_duplicate_keys_and_nan_are_not_json(tree: Path) -> None:
    (tree / "things.get" / "1.0" / "output.schema.json").write_text(
        '{"type": "object", "type": "array"}', encoding="utf-8"
    )
    (tree / "things.get" / "1.0" / "input.schema.json").write_text(
        '{"maximum": NaN}', encoding="utf-8"
    )

    messages = [p.message for p in load_contracts(tree).problems]

    assert any("the key 'type' appears twice" in m for m in messages)
    assert any("NaN is not a JSON value" in m for m in messages)


def test_a_schema_must_be_an_object_or_boolean(tree: Path) -> None:
    write_json(tree / "things.get" / "1.0" / "output.schema.json", ["type", "object"])

    problem = only_problem(load_contracts(tree))

    assert "must be a JSON object or a boolean, not an array" in problem.message


@pytest.mark.parametrize("name", ["v1", "1", "1.0.0", "01.0", "1.01", "latest"])
def test_bad_version_folder_name_is_reported(tree: Path, name: str) -> None:
    write_contract(tree, "things.get", name)

    problem = only_problem(load_contracts(tree))

    assert problem.path == tree / "things.get" / name
    assert f"version folder name '{name}' is not MAJOR.MINOR" in problem.message
    assert (problem.seam, problem.version) == ("things.get", name)


def test_missing_output_schema_is_reported(tree: Path) -> None:
    (tree / "things.get" / "1.0" / "output.schema.json").unlink()

    problem = only_problem(load_contracts(tree))

    assert problem.path.name == "output.schema.json"
    assert "is missing" in problem.message


def test_misnamed_schema_file_suggests_the_right_name(tree: Path) -> None:
    folder = tree / "things.get" / "1.0"
    (folder / "input.schema.json").rename(folder / "inputs.schema.json")

    messages = sorted(p.message for p in load_contracts(tree).problems)

    assert any("did you mean 'input.schema.json'" in m for m in messages)
    assert any("is missing" in m for m in messages)


def test_a_seam_without_versions_and_a_stray_file_are_reported(tree: Path) -> None:
    (tree / "things.delete").mkdir()
    write_json(tree / "things.get" / "input.schema.json", {})

    messages = [p.message for p in load_contracts(tree).problems]

    assert any("has no version folder" in m for m in messages)
    assert any("belong in a version folder" in m for m in messages)


@pytest.mark.parametrize(
    ("declared", "words"),
    [
        ("http://json-schema.org/draft-04/schema#", "Draft 4, which seamguard does not support"),
        ("https://example.com/my-dialect", "unknown '$schema'"),
        (7, "'$schema' must be a string"),
    ],
)
def test_unsupported_schema_dialect_is_reported(tree: Path, declared: object, words: str) -> None:
    write_json(tree / "things.get" / "1.0" / "output.schema.json", {"$schema": declared})

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/$schema"
    assert words in problem.message


def test_draft7_is_accepted_and_checked_by_its_own_metaschema(tree: Path) -> None:
    write_json(
        tree / "things.get" / "1.0" / "output.schema.json",
        {"$schema": DRAFT7, "definitions": {"x": {"type": "integer"}}, "items": [{}, {}]},
    )
    assert load_contracts(tree).problems == ()

    write_json(
        tree / "things.get" / "1.0" / "output.schema.json",
        {"$schema": DRAFT7, "minItems": "3"},
    )
    problem = only_problem(load_contracts(tree))
    assert problem.pointer == "/minItems"


def test_draft7_defs_are_checked_as_definitions(tree: Path) -> None:
    # Draft 7 lets anything sit in $defs, but seamguard reads the document as Draft 2020-12,
    # where a 0 there made jsonschema-rs refuse it (self-fuzz).
    path = tree / "things.get" / "1.0" / "output.schema.json"
    write_json(path, {"$schema": DRAFT7, "$defs": {"n": {"type": "integer"}}})
    assert load_contracts(tree).problems == ()

    nested = {"$defs": {"n": {"type": "integer"}, "x": 0}}
    write_json(path, {"$schema": DRAFT7, "properties": {"a": nested}})
    problem = only_problem(load_contracts(tree))
    assert problem.pointer == "/properties/a/$defs/x"
    assert "0 is not of type 'object', 'boolean'" in problem.message


def test_example_that_breaks_its_schema_is_reported(tree: Path) -> None:
    write_json(
        tree / "things.get" / "1.0" / "input.schema.json",
        {
            "type": "object",
            "properties": {"id": {"type": "string", "format": "uuid"}},
            "examples": [{"id": "3f2b8c1e-5a4d-4c2b-9e7f-1a2b3c4d5e6f"}, {"id": "not-a-uuid"}],
        },
    )

    problem = only_problem(load_contracts(tree))

    assert problem.pointer == "/examples/1"
    assert "'not-a-uuid' is not a 'uuid'" in problem.message
    assert "(at /id)" in problem.message


def test_a_broken_shared_file_is_reported_once_under_its_folder(tree: Path) -> None:
    write_json(
        tree / "_shared" / "thing.schema.json",
        {"$defs": {"Name": {"type": "string", "minLength": "one"}}},
    )

    problem = only_problem(load_contracts(tree))

    assert problem.seam == "_shared"
    assert problem.pointer == "/$defs/Name/minLength"


def test_shared_problems_are_those_of_the_shared_files_only(tree: Path) -> None:
    write_json(
        tree / "_shared" / "thing.schema.json",
        {"$defs": {"Name": {"type": "string", "minLength": "one"}}},
    )
    write_json(tree / "things.get" / "1.0" / "output.schema.json", {"type": "strin"})

    registry = load_contracts(tree)

    assert {p.seam for p in registry.problems} == {"_shared", "things.get"}
    assert [p.seam for p in registry.shared_problems] == ["_shared"]


def test_two_files_with_one_id_are_reported(tree: Path) -> None:
    same = {"$id": "https://contracts.example/same.json"}
    write_json(tree / "things.get" / "1.0" / "output.schema.json", same)
    write_json(tree / "things.create" / "1.0" / "output.schema.json", same)

    problem = only_problem(load_contracts(tree))

    assert "is also the $id of" in problem.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="the platform has no symbolic links")
def test_a_link_out_of_the_root_is_not_followed(tree: Path) -> None:
    outside = write_json(tree.parent / "elsewhere" / "input.schema.json", {"type": "string"})
    (tree / "_linked").symlink_to(outside.parent, target_is_directory=True)

    problem = only_problem(load_contracts(tree))

    assert "outside the contracts root" in problem.message


def test_problems_are_collected_across_the_tree_in_a_stable_order(tree: Path) -> None:
    with_property(tree, {"maxLength": -1})
    write_contract(tree, "things.create", "v2")

    first = load_contracts(tree).problems
    second = load_contracts(tree).problems

    assert len(first) == 2
    assert first == second


def test_the_registry_is_immutable(tree: Path) -> None:
    registry = load_contracts(tree)

    with pytest.raises(AttributeError):
        registry.root = tree  # type: ignore[misc]


def test_a_seam_folder_with_a_bad_name_is_reported(tree: Path) -> None:
    write_contract(tree, "things create", "1.0")

    problem = only_problem(load_contracts(tree))

    assert problem.path == tree / "things create"
    assert "is not a seam name such as 'tasks.create'" in problem.message


def test_a_folder_inside_a_version_folder_is_reported(tree: Path) -> None:
    (tree / "things.get" / "1.0" / "extra").mkdir()

    problem = only_problem(load_contracts(tree))

    assert "unexpected folder 'extra' in a version folder" in problem.message


def test_a_file_that_is_not_utf8_is_reported(tree: Path) -> None:
    path = tree / "things.get" / "1.0" / "output.schema.json"
    path.write_bytes(b'{"description": "caf\xe9"}')

    problem = only_problem(load_contracts(tree))

    assert problem.path == path
    assert "is not UTF-8 text" in problem.message


@pytest.mark.parametrize(
    ("text", "pointer", "words"),
    [
        ('{"title": "\\ud800"}', "/title", "holds a lone surrogate (\\ud800)"),
        (
            '{"properties": {"\\udfff": {"type": "string"}}}',
            "/properties",
            "has a member name with a lone surrogate (\\udfff)",
        ),
        ('{"enum": ["ok", "\\ud83d"]}', "/enum/1", "holds a lone surrogate (\\ud83d)"),
    ],
)
def test_a_lone_surrogate_is_reported_where_it_is(
    tree: Path, text: str, pointer: str, words: str
) -> None:
    # jsonschema-rs cannot encode one; it used to escape as a ValueError (self-fuzz).
    path = tree / "things.get" / "1.0" / "output.schema.json"
    path.write_text(text, encoding="utf-8")

    problem = only_problem(load_contracts(tree))

    assert (problem.path, problem.pointer) == (path, pointer)
    assert words in problem.message
    assert "\ud800" not in problem.message  # the message prints anywhere


def test_a_valid_surrogate_pair_is_text(tree: Path) -> None:
    path = tree / "things.get" / "1.0" / "output.schema.json"
    path.write_text('{"title": "\\ud83d\\ude00"}', encoding="utf-8")

    assert load_contracts(tree).problems == ()


@pytest.mark.parametrize("depth", [65, 200, 5000])
@pytest.mark.parametrize(
    ("opening", "leaf", "closing"),
    [('{"not": ', "{}", "}"), ('{"enum": [', "1", "]}"), ('{"allOf": [', "{}", "]}")],
)
def test_a_schema_nested_too_deeply_is_reported(
    tree: Path, depth: int, opening: str, leaf: str, closing: str
) -> None:
    # Deeper than the validators' and jsonschema-rs's stacks go: a RecursionError from the
    # JSON reader, a ValueError from jsonschema-rs, or minutes in the subschema engine.
    path = tree / "things.get" / "1.0" / "input.schema.json"
    path.write_text(opening * depth + leaf + closing * depth, encoding="utf-8")

    problem = only_problem(load_contracts(tree))

    assert problem.path == path
    assert "seamguard reads schemas nested up to 64 objects and arrays deep" in problem.message


def test_a_schema_nested_64_deep_loads(tree: Path) -> None:
    path = tree / "things.get" / "1.0" / "input.schema.json"
    path.write_text('{"items": ' * 63 + "{}" + "}" * 63, encoding="utf-8")

    assert load_contracts(tree).problems == ()


@pytest.mark.skipif(
    os.name != "posix",
    reason="only POSIX file names are bytes that may not decode; Windows names are always "
    "Unicode, so a name that is not UTF-8 cannot be made there",
)
def test_a_name_that_is_not_utf8_is_reported_on_its_folder_and_skipped(tree: Path) -> None:
    # Printing a message that named it raised UnicodeEncodeError on stdout (self-fuzz).
    version = tree / "things.get" / "1.0"
    (version / "\udcff.json").write_bytes(b"{}")
    (tree / "bad\udcffseam" / "1.0").mkdir(parents=True)
    (tree / "_shared" / "\udcffdir").mkdir()
    (tree / "_shared" / "\udcffdir" / "x.json").write_bytes(b"{")

    registry = load_contracts(tree)

    assert [(p.path, p.message) for p in registry.problems] == [
        (tree, "holds b'bad\\xffseam', whose name is not UTF-8; rename it (it is skipped)"),
        (
            tree / "_shared",
            "holds b'\\xffdir/x.json', whose name is not UTF-8; rename it (it is skipped)",
        ),
        (version, "holds b'\\xff.json', whose name is not UTF-8; rename it (it is skipped)"),
    ]
    assert registry.seams == ("things.create", "things.get")


def test_other_files_in_a_version_folder_are_left_alone(tree: Path) -> None:
    (tree / "things.get" / "1.0" / "README.md").write_text("notes", encoding="utf-8")
    (tree / "things.get" / ".hidden.json").write_text("{", encoding="utf-8")

    assert load_contracts(tree).problems == ()
