"""Builders of small contracts trees and config files for the toolkit's own tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

DRAFT202012 = "https://json-schema.org/draft/2020-12/schema"


def write_json(path: Path, document: Any) -> Path:
    """Write ``document`` as JSON, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def write_contract(
    root: Path,
    seam: str,
    version: str,
    *,
    input_schema: Any = None,
    output_schema: Any = None,
) -> Path:
    """A version folder with an input and an output schema; returns the folder."""
    folder = root / seam / version
    write_json(
        folder / "input.schema.json",
        input_schema
        if input_schema is not None
        else {
            "$schema": DRAFT202012,
            "type": "object",
            "properties": {"name": {"type": "string", "maxLength": 20}},
            "required": ["name"],
            "additionalProperties": False,
            "examples": [{"name": "ada"}],
        },
    )
    write_json(
        folder / "output.schema.json",
        output_schema
        if output_schema is not None
        else {"$schema": DRAFT202012, "type": "object", "properties": {"id": {"type": "integer"}}},
    )
    return folder


def make_tree(root: Path) -> Path:
    """A valid tree: ``things.create`` 1.0 and 1.1, ``things.get`` 1.0, a shared file."""
    write_json(
        root / "_shared" / "thing.schema.json",
        {
            "$schema": DRAFT202012,
            "$defs": {"Name": {"type": "string", "maxLength": 20}},
        },
    )
    write_contract(root, "things.create", "1.0")
    write_contract(
        root,
        "things.create",
        "1.1",
        input_schema={
            "$schema": DRAFT202012,
            "type": "object",
            "properties": {
                "name": {"$ref": "../../_shared/thing.schema.json#/$defs/Name"},
                "size": {"type": "integer", "minimum": 0},
            },
            "required": ["name"],
        },
    )
    write_contract(root, "things.get", "1.0")
    return root


def write_config(directory: Path, body: str, *, name: str = "seamguard.toml") -> Path:
    """A config file with ``body`` as its text."""
    path = directory / name
    path.write_text(body, encoding="utf-8")
    return path


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def commit_all(repo: Path, message: str) -> None:
    """Commit the whole work tree of ``repo`` (made a repository on first use)."""
    if not (repo / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True, capture_output=True)
    for args in (("add", "."), ("commit", "-qm", message)):
        subprocess.run(
            ["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=ci", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )


def one_line(result: Result) -> str:
    """The one usage line of a CLI run that must end in exit 2, with no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
