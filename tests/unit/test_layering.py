"""Imports flow one way: a layer of seamguard never imports a layer above it.

Each module of a layer is imported (so the test fails on a module that no longer loads) and
its source is read with ``ast``: every ``import`` and ``from`` statement counts, at module
level, under ``if TYPE_CHECKING:`` and inside functions alike, since a lazy import still
ties the layer to what it names. To guard another layer, add a row to ``FORBIDDEN``.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

# The facade (``seamguard/__init__``) reaches every layer: ``from seamguard import x`` of a
# name that is not a module counts as importing it.
FACADE = "seamguard"

# ARCHITECTURE.md's layers, lowest first: a layer may import the layers below it and its own,
# never one above it. The consumers at the top (cli, the pytest plugin, the facade) are free.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "seamguard.errors",
        "seamguard._files",
        "seamguard._interrupt",
        "seamguard._formats",
        "seamguard._progress",
    ),
    ("seamguard.schema",),
    ("seamguard.contracts", "seamguard.config"),
    ("seamguard.seams",),
    ("seamguard.generation",),
    ("seamguard.checks",),
    ("seamguard.diff",),
    ("seamguard.project",),
    ("seamguard.engine",),
    ("seamguard.report", "seamguard.scaffold", "seamguard._guard_state", "seamguard._guard"),
    ("seamguard.replay",),
    ("seamguard.cli", "seamguard.pytest_plugin", "seamguard.__main__"),
)

FORBIDDEN: dict[str, tuple[str, ...]] = {
    # layer (a package or module of seamguard): what none of its modules may import
    layer: (*(above for upper in LAYERS[level + 1 :] for above in upper), FACADE)
    for level, layers in enumerate(LAYERS[:-1])
    for layer in layers
}
# contracts and config share a level but do not know each other's
FORBIDDEN["seamguard.contracts"] += ("seamguard.config",)
FORBIDDEN["seamguard.config"] += ("seamguard.contracts",)


def test_every_module_of_seamguard_has_a_layer() -> None:
    placed = {layer for layers in LAYERS for layer in layers}
    top = {
        m.name
        for m in pkgutil.iter_modules(importlib.import_module(FACADE).__path__, prefix="seamguard.")
    }

    assert top - placed == set()


def modules_of(layer: str) -> list[str]:
    """The layer's module and, for a package, every module below it."""
    module = importlib.import_module(layer)
    found = [layer]
    if hasattr(module, "__path__"):
        found += [m.name for m in pkgutil.walk_packages(module.__path__, prefix=layer + ".")]
    return sorted(found)


def imported(module_name: str) -> list[tuple[int, str]]:
    """``(line, module)`` for each module the named module's source imports."""
    module = importlib.import_module(module_name)
    assert module.__file__ is not None
    path = Path(module.__file__)
    package = module_name if path.name == "__init__.py" else module_name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:
                found.append((node.lineno, _target(base, alias.name)))
    return found


def _target(base: str, name: str) -> str:
    """What ``from base import name`` loads: the submodule ``base.name`` when there is one."""
    if name != "*" and importlib.util.find_spec(base) is not None:
        try:
            if importlib.util.find_spec(f"{base}.{name}") is not None:
                return f"{base}.{name}"
        except ModuleNotFoundError:  # base is a module, not a package
            pass
    return base


def forbidden(name: str, rules: tuple[str, ...]) -> bool:
    return any(name == rule or (rule != FACADE and name.startswith(rule + ".")) for rule in rules)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    rules = FORBIDDEN[layer]
    breaches = [
        f"{module}:{line} imports {name}"
        for module in modules_of(layer)
        for line, name in imported(module)
        if forbidden(name, rules)
    ]

    assert breaches == []


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_importing_a_layer_loads_nothing_above_it(layer: str) -> None:
    # A fresh interpreter: the modules this test process has loaded say nothing.
    script = (
        "import importlib, sys\n"
        f"for name in {modules_of(layer)!r}:\n"
        "    importlib.import_module(name)\n"
        "print('\\n'.join(sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    rules = tuple(rule for rule in FORBIDDEN[layer] if rule != FACADE)  # the lazy package

    assert [name for name in loaded if forbidden(name, rules)] == []


def test_the_check_sees_every_kind_of_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a package whose modules import an upper layer in each way Python allows
    package = tmp_path / "layered"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plain.py").write_text("import seamguard.engine\n", encoding="utf-8")
    (package / "hinted.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from seamguard.checks import CheckResult\n",
        encoding="utf-8",
    )
    (package / "lazy.py").write_text(
        "def f():\n    from seamguard import report\n", encoding="utf-8"
    )
    (package / "facade.py").write_text("from seamguard import Run\n", encoding="utf-8")
    (package / "clean.py").write_text(
        "from seamguard.errors import SeamguardError\nfrom . import plain\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    # When each module's imports are read
    rules = FORBIDDEN["seamguard.schema"]
    caught = {
        module.rpartition(".")[2]
        for module in modules_of("layered")
        for _, name in imported(module)
        if forbidden(name, rules)
    }

    # Then every breach is caught, and nothing else
    assert caught == {"plain", "hinted", "lazy", "facade"}
