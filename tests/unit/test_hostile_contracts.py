"""Hostile contracts (issue 13, attacks 3 and 4): bounded work on any contract tree.

- A "billion laughs" (40 ``$defs``, each using the one before twice: 4 KB that inline to 2^40
  schema objects) grew ``diff`` to 24 GB; now ``lint``, ``diff`` and ``check`` each stop with
  exit 2 and one line naming the file and the JSON pointer where inlining exploded.
- 2,000 (and 20,000) properties each with ``maxLength`` lowered by one ran for minutes
  (quadratic in the property count); now ``diff`` answers in seconds, breaking.
- A schema file of more than ``DOCUMENT_BUDGET`` JSON objects is one usage line.

Every command runs in a subprocess with an address-space limit and a timeout, so a regression
fails the test instead of taking the machine down.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from benchmarks.bench_hostile import laughs, wide, write_tree

from seamguard.schema import admits_only
from seamguard.schema._budget import (
    DOCUMENT_BUDGET,
    INLINE_BUDGET,
    InlineBudgetError,
    check_inline_budget,
)
from seamguard.schema._changes import classify

ADDRESS_SPACE = 2_000_000_000


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def seamguard(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m seamguard ARGS`` in ``cwd``, at most 2 GB of address space."""
    return subprocess.run(
        [sys.executable, "-m", "seamguard", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit,
        env={"PYTHONPATH": f"{cwd}:{Path(__file__).resolve().parents[2]}", "NO_COLOR": "1"},
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout[-2000:], result.stderr)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("seamguard: error: "), line
    return line


@pytest.fixture
def laughing(tmp_path: Path) -> Path:
    write_tree(tmp_path, *laughs(40))
    return tmp_path


@pytest.mark.parametrize(
    ("command", "where"),
    [
        (("lint",), "new"),
        (("diff", "old/contracts", "new/contracts"), "."),
        (("check", "--max-examples", "1", "--example-db", "none"), "new"),
    ],
    ids=["lint", "diff", "check"],
)
def test_billion_laughs_is_one_line_naming_file_and_pointer(
    laughing: Path, command: tuple[str, ...], where: str
) -> None:
    started = time.monotonic()
    line = one_line(seamguard(laughing / where, *command))
    assert time.monotonic() - started < 30
    assert "contracts/x.create/1.1/input.schema.json: at /$defs/d13: " in line
    assert f"more than {INLINE_BUDGET:,} schema objects" in line


def test_the_pointer_is_the_smallest_schema_that_explodes() -> None:
    _, document = laughs(40)
    with pytest.raises(InlineBudgetError) as caught:
        check_inline_budget(document, "urn:doc", "doc.json", lambda uri: None)
    # Inlined, d_k holds 2^(k+2) - 3 objects, 2^(k+2) - 6 of them added by its two $refs:
    # d12 adds 16,378, d13 32,762, the first past 25,000.
    assert str(caught.value).startswith("doc.json: at /$defs/d13: inlining its $refs")


def test_the_pointer_names_the_shared_file_that_explodes() -> None:
    _, shared = laughs(40)
    shared.pop("$ref")
    files = {"https://x.example/shared.json": (shared, "contracts/_shared/s.schema.json")}
    document = {"properties": {"a": {"$ref": "shared.json#/$defs/d39"}}}
    with pytest.raises(InlineBudgetError) as caught:
        check_inline_budget(document, "https://x.example/doc.json", "doc.json", files.get)
    assert str(caught.value).startswith("contracts/_shared/s.schema.json: at /$defs/d13:")


def test_shared_definitions_used_often_are_within_budget() -> None:
    """A definition used by many properties is counted once per use, not exploded."""
    title = {"type": "string", "maxLength": 50}
    document = {
        "$defs": {"Title": title},
        "properties": {f"p{i}": {"$ref": "#/$defs/Title"} for i in range(1000)},
    }
    assert check_inline_budget(document, "urn:doc", "doc.json", lambda uri: None) == 1000


def test_a_recursive_ref_counts_once() -> None:
    node = {"$defs": {"n": {"properties": {"next": {"$ref": "#/$defs/n"}}}}, "$ref": "#/$defs/n"}
    assert check_inline_budget(node, "urn:doc", "doc.json", lambda uri: None) < 10


def test_narrowing_two_thousand_properties_is_breaking_in_seconds(tmp_path: Path) -> None:
    write_tree(tmp_path, *wide(2000))
    started = time.monotonic()
    result = seamguard(tmp_path, "diff", "old/contracts", "new/contracts", "--format", "json")
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    assert "max-length-decreased" in result.stdout


def test_narrowing_twenty_thousand_properties_is_breaking(tmp_path: Path) -> None:
    write_tree(tmp_path, *wide(20_000))
    result = seamguard(tmp_path, "diff", "old/contracts", "new/contracts", timeout=90)
    assert result.returncode == 1, result.stderr
    assert "breaking" in result.stdout


def test_a_file_past_the_document_budget_is_one_line(tmp_path: Path) -> None:
    write_tree(tmp_path, *wide(DOCUMENT_BUDGET + 1))
    for args, where in ((("lint",), "new"), (("diff", "old/contracts", "new/contracts"), ".")):
        line = one_line(seamguard(tmp_path / where, *args))
        assert "contracts/x.create/1.0/input.schema.json: holds more than 25,000" in line


def test_admits_only_is_linear_in_failing_properties() -> None:
    a: Any = {"type": "object", "properties": {f"p{i}": {"maxLength": 9} for i in range(5000)}}
    b: Any = {"type": "object", "properties": {f"p{i}": {"maxLength": 8} for i in range(5000)}}
    started = time.monotonic()
    verdict = admits_only(a, b, time_budget=60)
    assert time.monotonic() - started < 10
    assert verdict.outcome == "no"
    assert json.dumps(verdict.counterexample) == json.dumps({"p0": "a" * 9})


def test_classify_bounds_the_single_change_proofs() -> None:
    old: Any = {"type": "object", "properties": {f"p{i}": {"maxLength": 9} for i in range(5000)}}
    new: Any = {"type": "object", "properties": {f"p{i}": {"maxLength": 8} for i in range(5000)}}
    started = time.monotonic()
    changes = classify(old, new, direction="backward")
    assert time.monotonic() - started < 20
    assert len(changes) == 5000
    assert all(c.breaking for c in changes)
    assert any("not proved alone" in c.note for c in changes)
