"""The vendored services of the real-world suite, how to run seamguard on each, and what it finds.

Each service is a folder of this one holding the service's code as its repository has it
(with its LICENSE), the ``seamguard.toml`` and contracts ``seamguard init`` wrote plus the
edits README.md lists, and our ``seamguard_hooks.py``. ``run_check`` runs ``seamguard check``
on a copy of the folder, as a user would in it: a subprocess, a fresh database, no example
database, a fixed seed. The expectations are README.md's classification of every failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 1


@dataclass(frozen=True, slots=True)
class Service:
    """One vendored service and what a check of it is expected to report."""

    name: str
    """Its folder under tests/realworld."""
    source: str
    """``owner/repository@commit`` (and folder) it was copied from."""
    max_examples: int
    """``--max-examples`` of the suite's run (small: the suite stays under a minute)."""
    env: dict[str, str] = field(default_factory=dict)
    """Environment the service reads at import (its database URL), relative to its folder."""
    real_bugs: dict[tuple[str, str], str] = field(default_factory=dict)
    """``(seam, check)`` -> failure id of a real bug in the service (README.md: file:line)."""
    false_alarms: dict[tuple[str, str], str] = field(default_factory=dict)
    """``(seam, check)`` -> the issue-18 point that removes a known false alarm of
    seamguard's (allowed, not required: the point's fix makes it pass)."""
    noted: dict[tuple[str, str], str] = field(default_factory=dict)
    """``(seam, check)`` -> text its passing result's notes hold: a real problem of the
    service that seamguard notes by default rather than fails (``--http-checks all`` fails
    it), such as date-times answered without an offset."""
    probes: dict[str, str] = field(default_factory=dict)
    """README.md's name of a real bug -> Python run in the service's folder, without
    seamguard, that shows it and prints ``BUG``: each real bug is the service's own."""


# The app in-process, a 500 answered instead of raised.
_CLIENT = (
    "from fastapi.testclient import TestClient\nfrom app.main import app\n"
    "client = TestClient(app, raise_server_exceptions=False)\n"
)

# hexposts' app with its lifespan running (its sessions come from the state it sets).
_HEX_CLIENT = (
    "from fastapi.testclient import TestClient\nfrom main import app\n"
    "with TestClient(app, raise_server_exceptions=False) as client:\n"
)

SERVICES: tuple[Service, ...] = (
    Service(
        name="notes_sync",
        source="testdrivenio/fastapi-crud-sync@d0e0b644bd914b63da95600c81a29c18825295ec (src/)",
        max_examples=20,
        env={"DATABASE_URL": "sqlite:///./notes.db"},
        probes={
            "N1": _CLIENT
            + "print('BUG' if client.get(f'/notes/{2**63}/').status_code == 500 else '')",
            "N2": (
                "from app.main import app\nfrom app.api import crud\n"
                "from app.db import SessionLocal\n"
                "from sqlalchemy.orm.exc import UnmappedInstanceError\n"
                "try:\n    crud.delete(SessionLocal(), 12345)\n"
                "except UnmappedInstanceError:\n    print('BUG')"
            ),
        },
        real_bugs={
            # crud.get: an id past 64 bits reaches SQLite (OverflowError, a 500 on the route)
            ("notes.get", "logic-accepts-input"): "e473ef60de25",
            # crud.delete of an unknown id: session.delete(None)
            ("notes.delete", "logic-accepts-input"): "734fa29d82d5",
        },
    ),
    Service(
        name="notebooks",
        source="rhoboro/async-fastapi-sqlalchemy@6c08827241e9737487905c62d8834edc2a0da8e7",
        max_examples=5,
        env={"APP_CONFIG_FILE": "test", "DB_URI": "sqlite+aiosqlite:///./notebooks.db"},
        probes={
            "B1": (
                "import seamguard_hooks\nseamguard_hooks.create_tables()\n"
                + _CLIENT
                + "answer = client.post('/api/notebooks', json={'title': 't', 'notes': [2**63]})\n"
                "print('BUG' if answer.status_code == 500 else '')"
            ),
        },
        real_bugs={
            # a note id past 64 bits in the body: OverflowError, a 500
            ("notebooks.create", "logic-accepts-input"): "a6fa771c339f",
            ("notebooks.create", "api-rejects-invalid"): "007c1499c9a1",
            ("notebooks.create", "api-response-conforms"): "42683d13ae5b",
            ("notebooks.update", "logic-accepts-input"): "3fe224336f37",
            ("notebooks.update", "api-rejects-invalid"): "41c7a3ac2880",
            ("notebooks.update", "api-response-conforms"): "d7bfef2b1012",
        },
    ),
    Service(
        name="users",
        source="ArjanCodes/examples@69b587d5236211bd5a03d67e289e59a8a90f14a2 (2025/project/)",
        max_examples=20,
        probes={
            "U1": (
                "import gc\ngc.disable()\nfrom app.main import app\n"
                "from app.api.v1.user import get_user_service\nfrom app.db.schema import engine\n"
                "for _ in range(5):\n    get_user_service().list_users()\n"
                "print('BUG' if engine.pool.checkedout() == 5 else '')"
            ),
            "U2": _CLIENT
            + "print('BUG' if client.get(f'/api/v1/users/{2**63}').status_code == 500 else '')",
        },
        real_bugs={
            # a user id past 64 bits reaches SQLite (OverflowError, a 500 on the route)
            ("users.get", "logic-accepts-input"): "f9b9178573a5",
            ("users.delete", "logic-accepts-input"): "190350a64865",
        },
    ),
    Service(
        name="hexposts",
        source="SantiMNV/fastapi-hexagonal-example@cb9dcfdd27a759e3a5379616acad1e9cacd7d684",
        max_examples=20,
        probes={
            "H1": _HEX_CLIENT
            + "    made = client.post('/users', json={'name': 'a', 'email': 'a@example.com'})\n"
            "    read = client.get(f\"/users/{made.json()['id']}\").json()['created_at']\n"
            "print('BUG' if made.json()['created_at'].endswith('Z') and read[-6] not in '+-'"
            " and not read.endswith('Z') else '')",
            "H2": _HEX_CLIENT + "    answer = client.get('/users/nobody/posts')\n"
            "print('BUG' if answer.status_code == 500 else '')",
        },
        noted={
            # created_at comes back from SQLite without its offset: a naive date-time where
            # the OpenAPI document says format: date-time, a note since c4d068a
            ("users.get", "api-response-conforms"): "answered date-times without an offset",
            ("with-posts.list", "api-response-conforms"): "answered date-times without an offset",
        },
        real_bugs={
            # the use case raises PostAuthorNotFoundException, the route catches
            # UserNotFoundException: a 500 for an unknown user
            ("posts.list", "logic-accepts-input"): "b071c1a39730",
        },
    ),
    Service(
        name="tokens",
        source=(
            "PacktPublishing/Building-Data-Science-Applications-with-FastAPI-Second-Edition"
            "@9e50accc61047838df15738c8846822572993a1d (chapter07/authentication/)"
        ),
        max_examples=10,
    ),
)


def service(name: str) -> Service:
    """The service named ``name``."""
    return next(s for s in SERVICES if s.name == name)


def copy_service(svc: Service, into: Path) -> Path:
    """A copy of the service's folder under ``into`` (no run folder, database or cache)."""
    target = into / svc.name
    shutil.copytree(
        HERE / svc.name,
        target,
        ignore=shutil.ignore_patterns(".seamguard", "*.db", "__pycache__"),
    )
    return target


@dataclass(frozen=True, slots=True)
class Outcome:
    """One ``seamguard check`` run."""

    exit_code: int
    seconds: float
    report: dict[str, Any]
    output: str

    def failures(self) -> dict[tuple[str, str], list[str]]:
        """``(seam, check)`` -> the failure ids reported."""
        found: dict[tuple[str, str], list[str]] = {}
        for result in self.report["results"]:
            for failure in result["failures"]:
                found.setdefault((result["seam"], result["check"]), []).append(failure["id"])
        return found

    def reasons(self) -> dict[tuple[str, str], str]:
        """``(seam, check)`` -> its result's reason (a passing result's notes)."""
        return {(r["seam"], r["check"]): r.get("reason") or "" for r in self.report["results"]}

    def statuses(self) -> dict[tuple[str, str], str]:
        """``(seam, check)`` -> its status (passed, failed, skipped, error)."""
        return {(r["seam"], r["check"]): r["status"] for r in self.report["results"]}


def run_probe(svc: Service, folder: Path, bug: str) -> subprocess.CompletedProcess[str]:
    """``svc.probes[bug]`` run with Python in ``folder`` (a copy)."""
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", svc.probes[bug]],
        cwd=folder,
        env={**os.environ, **svc.env, "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_check(svc: Service, folder: Path, *extra: str) -> Outcome:
    """``seamguard check`` in ``folder`` (a copy of the service) as a subprocess."""
    report = folder / "report.json"
    command = [
        sys.executable,
        "-m",
        "seamguard",
        "check",
        "--seed",
        str(SEED),
        "--max-examples",
        str(svc.max_examples),
        "--example-db",
        "none",
        "--report-json",
        str(report),
        *extra,
    ]
    env = {**os.environ, **svc.env}
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    seconds = time.perf_counter() - started
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return Outcome(done.returncode, seconds, data, done.stdout + done.stderr)
