"""Bind a vendored service again: ``seamguard init`` on a copy of its code, then our edits.

Run: ``.venv/bin/python -m tests.realworld.rebind [NAME ...]`` (default: every service).

The edits are what ``init`` cannot know (README.md, "Edits to what seamguard init wrote"):
factories and hooks in the service's ``seamguard_hooks.py``, and what the service means
(``read-only``, the model the API answers with). They are applied to init's
``seamguard.toml`` line by line, so init's comments stay; a key init wrote (or left as a
``# key = ...`` TODO) is replaced. The result replaces the folder's ``seamguard.toml``,
``contracts/`` and ``.gitignore``. ``git diff`` then shows what a change of ``init`` changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.realworld.services import SERVICES, Service

HERE = Path(__file__).resolve().parent
Value = str | bool | dict[str, str]


@dataclass(frozen=True, slots=True)
class Edits:
    """Keys to set at the top level, in every seam, and in named seams."""

    app: str = "app.main:app"
    top: dict[str, Value] = field(default_factory=dict)
    every_seam: dict[str, Value] = field(default_factory=dict)
    seams: dict[str, dict[str, Value]] = field(default_factory=dict)
    provided_inputs: dict[str, list[str]] = field(default_factory=dict)
    """Seam -> parameters init wrote into its input contract that a factory now provides."""


EDITS: dict[str, Edits] = {
    "notes_sync": Edits(
        seams={"notes.update": {"provide": {"note": "seamguard_hooks:note"}}},
        provided_inputs={"notes.update": ["note"]},
    ),
    "notebooks": Edits(
        top={"app-setup": "seamguard_hooks:create_tables"},
    ),
    "users": Edits(
        top={"app-setup": "seamguard_hooks:close_sessions"},
        every_seam={
            "instance": "seamguard_hooks:user_service",
            "reset": "seamguard_hooks:close_session",
        },
    ),
    "hexposts": Edits(
        app="main:app",
        seams={
            seam: {"instance": f"seamguard_hooks:{factory}"}
            for seam, factory in (
                ("users.create", "users.create_register_user_use_case"),
                ("users.get", "users.create_get_user_use_case"),
                ("users.delete", "users.create_delete_user_use_case"),
                ("with-posts.list", "users.create_get_user_with_posts_use_case"),
                ("posts.list", "posts.create_list_user_posts_use_case"),
                ("posts.create", "posts.create_create_post_use_case"),
                ("posts.get", "posts.create_get_post_use_case"),
                ("posts.delete", "posts.create_delete_post_use_case"),
            )
        },
    ),
    "tokens": Edits(
        app="chapter07.authentication.app:app",
        top={"auth": "seamguard_hooks:login"},
        seams={
            "token.create": {
                "output-model": "chapter07.authentication.schemas:UserRead",
            }
        },
    ),
}


def toml_value(value: Value) -> str:
    """``value`` as TOML (a string, a boolean, or an inline table of strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'{k} = "{v}"' for k, v in value.items()) + " }"
    return f'"{value}"'


def apply(text: str, edits: Edits) -> str:
    """init's ``seamguard.toml`` with ``edits`` set."""
    blocks = re.split(r"(?m)^(?=\[\[seams\]\]$)", text)
    blocks[0] = _set(blocks[0], edits.top, after="openapi")
    for index, block in enumerate(blocks[1:], start=1):
        name = re.search(r'(?m)^contract = "([^"]+)"$', block)
        keys = {**edits.every_seam, **edits.seams.get(name.group(1) if name else "", {})}
        blocks[index] = _set(block, keys, after="routes")
    return "".join(blocks)


def _set(block: str, keys: dict[str, Value], *, after: str) -> str:
    """``block`` with each of ``keys`` set once, after the line of ``after``."""
    lines = block.splitlines(keepends=True)
    keys = dict(keys)
    for key, value in list(keys.items()):
        if isinstance(value, dict):  # an inline table adds to the one init wrote
            written = next((x for x in lines if x.startswith(f"{key} = {{")), "")
            keys[key] = {**dict(re.findall(r'(\S+) = "([^"]*)"', written)), **value}
        lines = [x for x in lines if not re.match(rf"#? ?{re.escape(key)} = ", x)]
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{after} = ")) + 1
    added = [f"{key} = {toml_value(value)}\n" for key, value in keys.items()]
    return "".join(lines[:at] + added + lines[at:])


def drop_inputs(path: Path, names: list[str]) -> None:
    """Take the parameters ``names`` out of the input contract at ``path``."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    for name in names:
        schema.get("properties", {}).pop(name, None)
        schema["required"] = [r for r in schema.get("required", []) if r != name]
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


def rebind(svc: Service) -> str:
    """Run init on a copy of ``svc``'s code, apply its edits, write the binding back."""
    edits = EDITS[svc.name]
    folder = HERE / svc.name
    written = ("seamguard.toml", "contracts", ".gitignore")
    with tempfile.TemporaryDirectory(prefix="seamguard-rebind-") as tmp:
        copy = Path(tmp) / svc.name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(*written, ".seamguard", "*.db"))
        done = subprocess.run(
            [sys.executable, "-m", "seamguard", "init", "--app", edits.app, "--yes"],
            cwd=copy,
            env={**os.environ, **svc.env},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        config = copy / "seamguard.toml"
        config.write_text(apply(config.read_text(encoding="utf-8"), edits), encoding="utf-8")
        for seam, names in edits.provided_inputs.items():
            drop_inputs(next((copy / "contracts" / seam).glob("*/input.schema.json")), names)
        shutil.rmtree(folder / "contracts", ignore_errors=True)
        shutil.copytree(copy / "contracts", folder / "contracts")
        for name in ("seamguard.toml", ".gitignore"):
            shutil.copy2(copy / name, folder / name)
    return done.stdout


def main() -> None:
    names = sys.argv[1:] or [s.name for s in SERVICES]
    for svc in SERVICES:
        if svc.name in names:
            print(rebind(svc))


if __name__ == "__main__":
    main()
