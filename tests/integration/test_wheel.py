"""The wheel installs: built from this repository, installed in a fresh venv, used with no clone.

``python -m build`` makes the sdist and, from the sdist, the wheel (so a file missing from the
sdist breaks the wheel too). The wheel goes into a new venv with pip, its dependencies coming
from the package index as pip's own configuration finds it (``PIP_INDEX_URL``,
``PIP_FIND_LINKS``, pip.conf: the environment is passed on). There ``seamguard --help`` runs,
and on a copy of examples/bookapp without its seamguard configuration ``seamguard init --app
bookapp.api:app --yes`` then ``seamguard check`` exit 0: the first hour of a new user, from
the wheel alone. One test and one venv: it takes about a minute (``-m "not wheel"`` leaves
it out). Without the package index it fails under ``CI=true`` and is skipped elsewhere.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

REPO = Path(__file__).resolve().parents[2]
BOOKAPP = REPO / "examples" / "bookapp"
# Nothing of the clone nor of this run may leak into the fresh venv's commands: no path to
# src/, no active venv, no planted bookapp bug, no GitHub step summary written by the check.
LEAKS = (
    "PYTHONPATH",
    "PYTHONHOME",
    "VIRTUAL_ENV",
    "BOOKAPP_BUG",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "COVERAGE_PROCESS_START",
)


def _env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in LEAKS}


def _run(args: list[str | Path], cwd: Path, timeout: float = 600) -> str:
    """Run ``args``; return stdout and stderr together, failing the test on a non-zero exit."""
    done = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, (
        f"{' '.join(str(arg) for arg in args)} exited {done.returncode}:\n{output[-6000:]}"
    )
    return output


def _unavailable(reason: str) -> None:
    """Fail under CI (the test must run there), skip elsewhere."""
    if os.environ.get("CI", "").lower() in {"true", "1"}:
        pytest.fail(f"{reason}; CI must run the wheel test", pytrace=False)
    pytest.skip(reason)


def _require_build_and_index(scratch: Path) -> None:
    """Skip (or fail under CI) when ``build`` is missing or pip cannot reach the index."""
    if importlib.util.find_spec("build") is None:
        _unavailable("the 'build' package is not installed (pip install -e '.[dev]')")
    # The build backend and seamguard's dependencies come from the index: ask it for one.
    probe = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", scratch, "hatchling"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if probe.returncode != 0:
        lines = (probe.stdout + probe.stderr).strip().splitlines() or ["no output"]
        _unavailable(f"pip cannot reach the package index (pip download hatchling: {lines[-1]})")


def _build(outdir: Path) -> Path:
    """``python -m build`` the repository into ``outdir``; return the wheel."""
    _run([sys.executable, "-m", "build", "--outdir", outdir, REPO], cwd=REPO)
    wheels = sorted(outdir.glob("seamguard-*-py3-none-any.whl"))
    sdists = sorted(outdir.glob("seamguard-*.tar.gz"))
    assert len(wheels) == 1, wheels
    assert len(sdists) == 1, sdists
    return wheels[0]


def _assert_wheel_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    # The data files the code reads at run time, and the marker of its type hints.
    assert "seamguard/report/report.schema.json" in names
    assert "seamguard/py.typed" in names
    assert "seamguard/cli/__init__.py" in names
    # The repository's example service is not shipped as a top-level package.
    assert not [name for name in names if name.startswith("taskapp/")]
    assert "seamguard = seamguard.cli:main" in scripts
    assert "seamguard = seamguard.pytest_plugin" in scripts


def _fresh_venv(wheel: Path, home: Path) -> Path:
    """A new venv with the wheel and its ``example`` extra (FastAPI, for bookapp); its bin/."""
    _run([sys.executable, "-m", "venv", home], cwd=home.parent, timeout=300)
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", f"{wheel}[example]"], home)
    return bin_dir


def _bookapp_without_config(destination: Path) -> Path:
    """A copy of examples/bookapp as a user's own project: the app, no seamguard files."""
    shutil.copytree(
        BOOKAPP,
        destination,
        ignore=shutil.ignore_patterns("seamguard.toml", "contracts", ".seamguard", "__pycache__"),
    )
    assert not (destination / "seamguard.toml").exists()
    assert not (destination / "contracts").exists()
    assert not (destination / "pyproject.toml").exists()
    return destination


def test_the_wheel_installs_in_a_fresh_venv_and_checks_an_inited_bookapp(
    tmp_path: Path,
) -> None:
    _require_build_and_index(tmp_path / "probe")
    wheel = _build(tmp_path / "dist")
    _assert_wheel_contents(wheel)
    bin_dir = _fresh_venv(wheel, tmp_path / "venv")

    # seamguard is imported from the venv's site-packages, its data files with it; the
    # clone's src/ is nowhere on the path, and taskapp is not installed.
    where = _run(
        [
            bin_dir / "python",
            "-c",
            "import importlib.resources, importlib.util, seamguard; print(seamguard.__file__); "
            "print(importlib.resources.files('seamguard.report')"
            ".joinpath('report.schema.json').is_file()); "
            "print(importlib.util.find_spec('taskapp'))",
        ],
        cwd=tmp_path,
    ).splitlines()
    assert Path(where[0]).is_relative_to(tmp_path / "venv"), where
    assert where[1:] == ["True", "None"], where

    usage = _run([bin_dir / "seamguard", "--help"], cwd=tmp_path)
    assert "init" in usage
    assert "check" in usage
    # The wheel's version (pyproject reads it from __version__) is the one the command says.
    version = wheel.name.split("-")[1]
    assert _run([bin_dir / "seamguard", "--version"], cwd=tmp_path).strip() == (
        f"seamguard, version {version}"
    )

    project = _bookapp_without_config(tmp_path / "project")
    _run([bin_dir / "seamguard", "init", "--app", "bookapp.api:app", "--yes"], cwd=project)
    assert (project / "seamguard.toml").is_file()
    assert sorted(path.name for path in (project / "contracts").iterdir()) == [
        "books.create",
        "books.get",
        "books.list",
        "fees.quote",
        "loans.create",
        "loans.return",
    ]
    report = _run([bin_dir / "seamguard", "check"], cwd=project)
    assert "failed" not in report.splitlines()[-1], report[-3000:]
