"""taskapp under load and faults: concurrent writes over loopback, a SIGKILL, a negative run.

Run: ``.venv/bin/python benchmarks/load_taskapp.py [--clients 8] [--writes 2000] [--seed 1]
[--kill-after N] [--workers 1] [--negative-examples 100]``

1. **Load.** taskapp is served by uvicorn in a subprocess on 127.0.0.1 (port 0: the kernel
   picks a free port, read back from uvicorn's start-up line), over a fresh ``TASKAPP_DB`` in
   a temporary folder. ``--clients`` threads, each with its own ``httpx.Client`` and its own
   tasks, send ``--writes`` writes in all: valid creates, PATCHes, completes and deletes, and
   writes the API must refuse (bad fields, unknown fields, not JSON, the wrong content type,
   a PATCH to a done task or to an unknown id). Every write is journalled: acknowledged (2xx
   and the task the server returned), refused (4xx), ambiguous (the connection failed while
   the request was in flight: it may or may not have been applied) or not sent (no
   connection: sent again later).
2. **Verify.** The database file is read with ``sqlite3`` on a connection of its own, never
   through taskapp: ``PRAGMA integrity_check`` must say ``ok`` and ``PRAGMA journal_mode``
   ``wal``. Each task's row must equal the last acknowledged answer for it, or, when an
   ambiguous write followed, that answer with the ambiguous writes applied or not. *Lost*: an
   acknowledged write the row does not show (a missing task, an older state, a deleted task
   still there). *Phantom*: a refused write that is visible (every refused write carries a
   marker in its title or description), or a task nobody created. A refused complete of a
   done task carries no marker: applied, it leaves a row that no longer equals the
   acknowledged answer, reported as lost. Statuses other than the expected one (a valid
   write refused, a bad one accepted, any 5xx) are listed as *unexpected*.
3. **Fault** (``--kill-after N``). After N acknowledged writes the server's process group
   gets SIGKILL with the clients in flight; it is started again on the same database, the
   file is verified as above while it runs, the clients send the rest of their writes, and
   the file is verified again after a clean shutdown. ``--workers`` > 1 puts that many
   uvicorn processes on the one file.
4. **Negative run.** Schemathesis' negative data (``GenerationMode.NEGATIVE``) for every
   operation of taskapp's OpenAPI document, sent over loopback to a server of its own (a
   fresh database with a few tasks, so PATCH also gets an existing id); a response >= 500,
   or a dropped connection, is a failure.

Exit code 1 when anything is lost, phantom, unexpected, >= 500 or the file is not sound;
0 otherwise. ``tests/integration/test_load_faults.py`` runs the same code with a smaller
budget.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "LoadClient",
    "LoadReport",
    "NegativeReport",
    "Server",
    "Verdict",
    "Write",
    "main",
    "run_load",
    "run_negative",
    "verify",
]

#: The fields of a task a write can change, compared on every verification.
CONTENT = ("title", "description", "status", "priority", "tags", "due_date", "estimate_minutes")
TIMESTAMPS = ("created_at", "updated_at", "completed_at")
#: Every refused write carries this in a title or description; no valid write ever does.
REFUSED = "refused"
#: The kinds of write the API must accept; every other kind it must refuse.
VALID_KINDS = ("create", "update", "complete", "delete")
WORDS = ("alpha", "bravo", "delta", "echo", "kilo", "lima", "oscar", "tango", "zulu")
TAGS = ("home", "work", "urgent-ish", "q3", "a_b", "x1", "ops", "docs")

_RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
_START_TIMEOUT = 30.0
_REQUEST_TIMEOUT = 10.0


# -- the server ------------------------------------------------------------------------


class Server:
    """``uvicorn taskapp.api:app`` in a subprocess on 127.0.0.1, over one database file.

    :meth:`start` may be called again after :meth:`kill` or :meth:`stop`; each start gets a
    free port from the kernel. ``workers`` > 1 runs uvicorn's supervisor with that many
    worker processes on the one file. The server is the leader of a process group of its
    own, so a kill reaches every worker. A context manager: leaving it always ends the group.
    """

    def __init__(self, db_path: Path, *, workers: int = 1) -> None:
        self.db_path = db_path
        self.workers = workers
        self.process: subprocess.Popen[str] | None = None
        self.port = 0
        self.log: list[str] = []
        self._reader: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the server and wait until it answers ``GET /openapi.json``."""
        if self.process is not None:
            raise RuntimeError("the server is already running")
        env = {**os.environ, "TASKAPP_DB": str(self.db_path)}
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "taskapp.api:app",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-access-log",
            "--log-level",
            "info",
            "--workers",
            str(self.workers),
        ]
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.process = process
        port: list[int] = []
        found = threading.Event()

        def read() -> None:
            assert process.stderr is not None
            for line in process.stderr:
                self.log.append(line.rstrip("\n"))
                match = _RUNNING.search(line)
                if match and not found.is_set():
                    port.append(int(match.group(1)))
                    found.set()
            found.set()  # the process ended: stop waiting

        self._reader = threading.Thread(target=read, name="uvicorn-log", daemon=True)
        self._reader.start()
        if not found.wait(_START_TIMEOUT) or not port:
            self.stop()
            raise RuntimeError("uvicorn did not start:\n" + "\n".join(self.log[-20:]))
        self.port = port[0]
        # With workers the supervisor binds the port before any worker listens: retry.
        deadline = time.monotonic() + _START_TIMEOUT
        while True:
            try:
                response = httpx.get(f"{self.base_url}/openapi.json", timeout=_START_TIMEOUT)
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline or process.poll() is not None:
                    self.stop()
                    raise RuntimeError(
                        "uvicorn did not answer:\n" + "\n".join(self.log[-20:])
                    ) from None
                time.sleep(0.05)
        if response.status_code != 200:
            self.stop()
            raise RuntimeError(f"GET /openapi.json answered {response.status_code}")

    def kill(self) -> None:
        """SIGKILL to every process of the server: no shutdown, no checkpoint."""
        if self.process is not None:
            self._kill_group()
            self._reap()

    def stop(self) -> None:
        """A clean shutdown (SIGTERM, then SIGKILL after 10 s); nothing if not running."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self._kill_group()
        self._reap()

    def _kill_group(self) -> None:
        # Only while the leader is not reaped: until then no other process can own its id.
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def _reap(self) -> None:
        assert self.process is not None
        self.process.wait()
        if self._reader is not None:
            self._reader.join(5)
        if self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None
        self._reader = None


# -- writes ------------------------------------------------------------------------------


@dataclass(slots=True)
class Write:
    """One write a client sends, and what became of it."""

    client: int
    seq: int
    kind: str
    """create, update, complete, delete; bad-create, bad-update, done-update, done-complete,
    unknown-update for the writes the API must refuse."""
    method: str
    path: str
    expected: int
    """The status the API must answer: 201, 200, 204, or the 4xx of a refused write."""
    body: Any = None
    content: bytes | None = None
    content_type: str = "application/json"
    task: str | None = None
    """The id of the task written (None for a create)."""
    marker: str = ""
    """The text a refused write carries, or a create's unique title."""
    status: int | None = None
    answer: Any = None
    error: str = ""
    outcome: str = ""
    """acked (2xx), refused (4xx), failed (5xx), ambiguous (the connection failed in
    flight) or unsent (no connection)."""

    def describe(self) -> str:
        sent = self.body if self.content is None else self.content[:60]
        got = self.status if self.status is not None else self.error
        where = f"client {self.client} #{self.seq} {self.kind}"
        return f"{where}: {self.method} {self.path} {sent!r} -> {got}"


@dataclass(slots=True)
class Tracked:
    """A task a client created: its last acknowledged state, and the ambiguous writes since."""

    id: str
    state: dict[str, Any] | None
    """The last acknowledged answer (None once a delete was acknowledged)."""
    by: Write
    pending: list[Write] = field(default_factory=list)
    """Ambiguous writes after ``state``; a task with any is not written again."""


class LoadClient:
    """One client: its own random stream, its own tasks, a journal of every write."""

    def __init__(self, index: int, seed: int, quota: int) -> None:
        self.index = index
        self.rng = random.Random(seed * 1000 + index)
        self.quota = quota
        self.sent = 0
        self.journal: list[Write] = []
        self.tasks: dict[str, Tracked] = {}
        self.ambiguous_creates: list[Write] = []
        self._next: Write | None = None
        self._seq = 0

    # The mix: most writes valid, about one in six one the API must refuse.
    def plan(self) -> Write:
        """The next write: the one not sent last time, else a new one."""
        if self._next is not None:
            return self._next
        self._seq += 1
        live = [t for t in self.tasks.values() if t.state is not None and not t.pending]
        open_ = [t for t in live if t.state is not None and t.state["status"] != "done"]
        done = [t for t in live if t.state is not None and t.state["status"] == "done"]
        roll = self.rng.random()
        if roll < 0.16:
            write = self._refused(open_, done)
        elif roll < 0.46 or not open_:
            write = self._create()
        elif roll < 0.90:
            write = self._update(self.rng.choice(open_))
        elif roll < 0.95:
            task = self.rng.choice(open_)
            path = f"/api/tasks/{task.id}/complete"
            write = self._write("complete", "POST", path, 200, task=task.id)
        else:
            task = self.rng.choice(live)
            path = f"/api/tasks/{task.id}"
            write = self._write("delete", "DELETE", path, 204, task=task.id)
        self._next = write
        return write

    def _write(self, kind: str, method: str, path: str, expected: int, **extra: Any) -> Write:
        return Write(self.index, self._seq, kind, method, path, expected, **extra)

    def _name(self, what: str = "") -> str:
        words = " ".join(self.rng.sample(WORDS, 2))
        return f"w{self.index}-{self._seq}{what} {words}"

    def _fields(self) -> dict[str, Any]:
        rng = self.rng
        fields: dict[str, Any] = {}
        if rng.random() < 0.5:
            fields["description"] = " ".join(rng.choices(WORDS, k=rng.randint(0, 12)))
        if rng.random() < 0.5:
            fields["priority"] = rng.choice(("low", "normal", "high", "urgent"))
        if rng.random() < 0.5:
            fields["tags"] = rng.sample(TAGS, rng.randint(0, 4))
        if rng.random() < 0.3:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            fields["due_date"] = rng.choice((None, f"2027-{month:02}-{day:02}"))
        if rng.random() < 0.3:
            fields["estimate_minutes"] = rng.choice((None, rng.randint(1, 10080)))
        return fields

    def _create(self) -> Write:
        title = self._name()
        body = {"title": title, **self._fields()}
        return self._write("create", "POST", "/api/tasks", 201, body=body, marker=title)

    def _update(self, task: Tracked) -> Write:
        body = self._fields()
        if self.rng.random() < 0.4 or not body:
            body["title"] = self._name(" renamed")
        if self.rng.random() < 0.3:
            body["status"] = self.rng.choice(("todo", "in_progress", "in_progress", "done"))
        path = f"/api/tasks/{task.id}"
        return self._write("update", "PATCH", path, 200, body=body, task=task.id)

    def _refused(self, open_: list[Tracked], done: list[Tracked]) -> Write:
        rng = self.rng
        marker = f"{REFUSED} w{self.index}-{self._seq}"
        choice = rng.randrange(8)
        if choice == 0 and done:
            task = rng.choice(done)
            path = f"/api/tasks/{task.id}"
            body = {"title": marker}
            return self._write("done-update", "PATCH", path, 409, body=body, task=task.id)
        if choice == 1 and done:
            task = rng.choice(done)
            path = f"/api/tasks/{task.id}/complete"
            return self._write("done-complete", "POST", path, 409, task=task.id)
        if choice == 2:
            path = f"/api/tasks/{uuid.UUID(int=rng.getrandbits(128), version=4)}"
            body = {"title": marker}
            return self._write("unknown-update", "PATCH", path, 404, body=body)
        if choice in (3, 4) and open_:
            task = rng.choice(open_)
            bad_changes: list[dict[str, Any]] = [
                {"title": marker, "priority": "someday"},
                {"description": marker, "estimate_minutes": 10081},
                {"title": marker, "status": None},
                {"title": marker, "tags": ["Not A Tag"]},
                {"description": marker, "id": task.id},
                {"title": marker, "due_date": "2027-02-30"},
            ]
            body = rng.choice(bad_changes)
            path = f"/api/tasks/{task.id}"
            return self._write("bad-update", "PATCH", path, 422, body=body, task=task.id)
        if choice == 5:
            text = json.dumps({"title": marker}).encode()
            return self._write(
                "bad-create", "POST", "/api/tasks", 400, content=text[:-1], marker=marker
            )
        if choice == 6:
            text = json.dumps({"title": marker}).encode()
            return self._write(
                "bad-create",
                "POST",
                "/api/tasks",
                415,
                content=text,
                content_type="text/plain",
                marker=marker,
            )
        bad_tasks: list[dict[str, Any]] = [
            {"title": marker, "priority": "someday"},
            {"title": marker, "tags": ["ok", "ok"]},
            {"title": marker, "estimate_minutes": 0},
            {"title": marker, "extra": True},
            {"title": " \t ", "description": marker},
            {"title": marker + "x" * 200},
            {"title": marker, "due_date": "tomorrow"},
        ]
        body = rng.choice(bad_tasks)
        return self._write("bad-create", "POST", "/api/tasks", 422, body=body, marker=marker)

    # -- sending -------------------------------------------------------------------------

    def run(self, base_url: str, stop: threading.Event, acked: AckCounter) -> None:
        """Send writes until the quota is used or ``stop`` is set."""
        with httpx.Client(base_url=base_url, timeout=_REQUEST_TIMEOUT) as http:
            while self.sent < self.quota and not stop.is_set():
                write = self.plan()
                self.send(http, write)
                if write.outcome == "unsent":
                    if stop.is_set():
                        return  # the server is down on purpose: sent again after the restart
                    raise RuntimeError(f"the server is unreachable: {write.describe()}")
                self._next = None
                self.sent += 1
                self.journal.append(write)
                self.record(write)
                if write.outcome == "acked":
                    acked.add()

    def send(self, http: httpx.Client, write: Write) -> None:
        headers = {"content-type": write.content_type}
        content = write.content if write.content is not None else json.dumps(write.body).encode()
        if write.method == "DELETE" or (write.method == "POST" and write.path.endswith("complete")):
            headers, content = {}, b""
        try:
            response = http.request(write.method, write.path, content=content, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            write.outcome, write.error = "unsent", type(exc).__name__
            return
        except httpx.TransportError as exc:
            write.outcome, write.error = "ambiguous", type(exc).__name__
            return
        write.status = response.status_code
        with contextlib.suppress(ValueError):
            write.answer = response.json()
        if response.status_code < 300:
            write.outcome = "acked"
        elif response.status_code < 500:
            write.outcome = "refused"
        else:
            write.outcome = "failed"  # a fault: applied or not, nobody can say

    def record(self, write: Write) -> None:
        """Fold one sent write into what the client knows of its tasks."""
        # A write the API must refuse is never folded in, even when it was acknowledged: its
        # marker in the file then shows as a phantom.
        if write.kind not in VALID_KINDS:
            return
        if write.outcome in ("ambiguous", "failed"):
            if write.kind == "create":
                self.ambiguous_creates.append(write)
            elif write.task in self.tasks:
                self.tasks[write.task].pending.append(write)
            return
        if write.outcome != "acked":
            return
        if write.kind == "create" and isinstance(write.answer, dict):
            task_id = str(write.answer.get("id"))
            self.tasks[task_id] = Tracked(task_id, write.answer, write)
        elif write.task in self.tasks:
            tracked = self.tasks[write.task]
            tracked.state = None if write.method == "DELETE" else write.answer
            tracked.by = write


class AckCounter:
    """Acknowledged writes across clients; sets ``reached`` at the kill point."""

    def __init__(self, kill_after: int | None) -> None:
        self.count = 0
        self.kill_after = kill_after
        self.reached = threading.Event()
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.count += 1
            if self.kill_after is not None and self.count >= self.kill_after:
                self.reached.set()


# -- verification ------------------------------------------------------------------------


@dataclass(slots=True)
class Verdict:
    """What the database file holds against what the clients were told."""

    integrity: str
    journal_mode: str
    rows: int
    lost: list[str] = field(default_factory=list)
    phantom: list[str] = field(default_factory=list)
    ambiguous_applied: int = 0
    ambiguous_not_applied: int = 0

    @property
    def sound(self) -> bool:
        return self.integrity == "ok" and self.journal_mode == "wal"


def read_rows(db_path: Path) -> tuple[str, str, dict[str, dict[str, Any]], list[str]]:
    """integrity_check, journal_mode, every task as the API writes it, and the ids of tags
    whose task is gone; read with sqlite3 on a connection of its own, never through taskapp.
    """
    uri = f"file:{db_path}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        integrity = "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        (journal_mode,) = connection.execute("PRAGMA journal_mode").fetchone()
        connection.execute("BEGIN")  # one snapshot for both tables
        tasks = connection.execute(
            "SELECT id, title, description, status, priority, due_date, estimate_minutes, "
            "created_at, updated_at, completed_at FROM tasks"
        ).fetchall()
        tags = connection.execute(
            "SELECT task_id, tag FROM task_tags ORDER BY task_id, position"
        ).fetchall()
        connection.execute("COMMIT")
    rows: dict[str, dict[str, Any]] = {}
    for values in tasks:
        row = dict(zip(("id", *CONTENT[:4], *CONTENT[5:], *TIMESTAMPS), values, strict=True))
        row["tags"] = []
        rows[row["id"]] = row
    orphans = []
    for task_id, tag in tags:
        if task_id in rows:
            rows[task_id]["tags"].append(tag)
        else:
            orphans.append(task_id)
    return integrity, str(journal_mode), rows, orphans


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _same(row: dict[str, Any], state: dict[str, Any], *, exact: bool) -> bool:
    if any(row[key] != state[key] for key in CONTENT):
        return False
    if (row["completed_at"] is None) != (state["completed_at"] is None):
        return False
    if _instant(row["created_at"]) != _instant(state["created_at"]):
        return False
    if exact:
        return all(_instant(row[key]) == _instant(state[key]) for key in TIMESTAMPS[1:])
    return True


def _applied(state: dict[str, Any] | None, write: Write) -> dict[str, Any] | None:
    """The task after ``write``, if it was applied, as far as its content goes."""
    if state is None or write.method == "DELETE":
        return None
    if state["status"] == "done":
        return state  # refused: a done task is final
    after = dict(state)
    if write.method == "PATCH":
        after.update(write.body)
    if write.kind == "complete" or after["status"] == "done":
        after["status"] = "done"
        after["completed_at"] = after["completed_at"] or "applied"
    return after


def _short(state: dict[str, Any] | None) -> str:
    if state is None:
        return "no row"
    return json.dumps({k: state[k] for k in ("title", *CONTENT[1:], "updated_at") if k in state})


def verify(db_path: Path, clients: list[LoadClient]) -> Verdict:
    """Check the database file against every client's journal (the server may be running)."""
    integrity, journal_mode, rows, orphans = read_rows(db_path)
    verdict = Verdict(integrity, journal_mode, len(rows))
    verdict.phantom += [f"tags of task {task_id}, which is not there" for task_id in orphans]
    known: set[str] = set()
    for client in clients:
        for task in client.tasks.values():
            known.add(task.id)
            row = rows.get(task.id)
            # The acknowledged state exactly, or it with the later ambiguous writes applied.
            candidates: list[tuple[dict[str, Any] | None, bool]] = [(task.state, True)]
            for write in task.pending:
                candidates += [(_applied(state, write), False) for state, _ in candidates]
            matched = [
                exact
                for state, exact in candidates
                if (state is None and row is None)
                or (state is not None and row is not None and _same(row, state, exact=exact))
            ]
            if task.pending and matched:
                if matched[0]:
                    verdict.ambiguous_not_applied += len(task.pending)
                else:
                    verdict.ambiguous_applied += len(task.pending)
            if matched:
                continue
            what = (
                f"task {task.id} (client {client.index}): acknowledged {task.by.kind} "
                f"#{task.by.seq} expects {_short(task.state)}, the file has {_short(row)}"
            )
            if row is not None and REFUSED in row["title"] + row["description"]:
                verdict.phantom.append(what)
            else:
                verdict.lost.append(what)
    creates = {w.marker: w for client in clients for w in client.ambiguous_creates}
    for task_id, row in sorted(rows.items()):
        if REFUSED in row["title"] + row["description"] and task_id not in known:
            verdict.phantom.append(f"a refused write is visible: {_short(row)}")
        elif task_id not in known:
            if row["title"] not in creates:
                verdict.phantom.append(f"task {task_id}: nobody created it: {_short(row)}")
            else:
                del creates[row["title"]]
                verdict.ambiguous_applied += 1
    verdict.ambiguous_not_applied += len(creates)
    return verdict


# -- the load run ------------------------------------------------------------------------


@dataclass(slots=True)
class LoadReport:
    """Figures of one load run."""

    clients: list[LoadClient]
    """Every client with its journal and its tasks, for :func:`verify` again."""
    db_path: Path
    writes: int
    acked: int
    refused: int
    ambiguous: int
    unexpected: list[str]
    server_errors: int
    seconds: float
    verdicts: list[tuple[str, Verdict]]
    killed_at: int | None = None
    wal_bytes_at_kill: int | None = None
    restart_seconds: float | None = None
    """From the restart to the first answer."""
    workers: int = 1
    server_log: list[str] = field(default_factory=list)

    @property
    def final(self) -> Verdict:
        return self.verdicts[-1][1]

    @property
    def lost(self) -> list[str]:
        return [item for _, verdict in self.verdicts for item in verdict.lost]

    @property
    def phantom(self) -> list[str]:
        return [item for _, verdict in self.verdicts for item in verdict.phantom]

    @property
    def ok(self) -> bool:
        return (
            not self.lost
            and not self.phantom
            and not self.unexpected
            and self.server_errors == 0
            and all(verdict.sound for _, verdict in self.verdicts)
        )


def _run_clients(
    clients: list[LoadClient], base_url: str, stop: threading.Event, acked: AckCounter
) -> tuple[list[threading.Thread], list[BaseException]]:
    errors: list[BaseException] = []

    def work(client: LoadClient) -> None:
        try:
            client.run(base_url, stop, acked)
        except BaseException as exc:  # reported by the caller, never swallowed
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c,), name=f"client-{c.index}") for c in clients]
    for thread in threads:
        thread.start()
    return threads, errors


def run_load(
    workdir: Path,
    *,
    clients: int = 8,
    writes: int = 2000,
    seed: int = 1,
    kill_after: int | None = None,
    workers: int = 1,
) -> LoadReport:
    """Serve taskapp over ``workdir/tasks.db``, send the writes, verify the file.

    Args:
        workdir: An empty folder for the database.
        clients: Concurrent clients, each a thread with its own connection and tasks.
        writes: Writes in all, shared out evenly.
        seed: Seeds every client's choices.
        kill_after: SIGKILL the server after this many acknowledged writes, start it again
            on the same file, verify, send the rest.
        workers: uvicorn worker processes, all on the one file.
    """
    if kill_after is not None and not 0 < kill_after < writes:
        raise ValueError(f"--kill-after must be between 1 and {writes - 1}, not {kill_after}")
    db_path = workdir / "tasks.db"
    load = [LoadClient(i, seed, writes // clients + (i < writes % clients)) for i in range(clients)]
    acked = AckCounter(kill_after)
    stop = threading.Event()
    verdicts: list[tuple[str, Verdict]] = []
    killed_at = wal_bytes = None
    restart_seconds: float | None = None
    log: list[str] = []
    seconds = 0.0
    with Server(db_path, workers=workers) as server:
        try:
            server.start()
            started = time.perf_counter()
            threads, errors = _run_clients(load, server.base_url, stop, acked)
            if kill_after is not None:
                while not acked.reached.wait(0.01):
                    if not any(thread.is_alive() for thread in threads):
                        break
                # Given: the clients in flight. When: SIGKILL, no shutdown at all.
                stop.set()
                server.kill()
                for thread in threads:
                    thread.join()
                killed_at = acked.count
                seconds += time.perf_counter() - started
                wal = db_path.with_name(db_path.name + "-wal")
                wal_bytes = wal.stat().st_size if wal.exists() else 0
                if errors:
                    raise errors[0]
                # Then: the server starts on the same file, which holds every acknowledged write.
                log += server.log
                server.log = []
                restarted = time.perf_counter()
                server.start()
                restart_seconds = time.perf_counter() - restarted
                verdicts.append(("after SIGKILL and restart", verify(db_path, load)))
                stop.clear()
                started = time.perf_counter()
                threads, errors = _run_clients(load, server.base_url, stop, acked)
            for thread in threads:
                thread.join()
            seconds += time.perf_counter() - started
            if errors:
                raise errors[0]
        finally:
            server.stop()
            log += server.log
    verdicts.append(("after the run and a clean shutdown", verify(db_path, load)))
    journal = [write for client in load for write in client.journal]
    outcomes = Counter(write.outcome for write in journal)
    unexpected = [
        w.describe() + f" (expected {w.expected})"
        for w in journal
        if w.status is not None and w.status != w.expected
    ]
    return LoadReport(
        clients=load,
        db_path=db_path,
        writes=len(journal),
        acked=outcomes["acked"],
        refused=outcomes["refused"],
        ambiguous=outcomes["ambiguous"],
        unexpected=unexpected,
        server_errors=sum(1 for w in journal if w.status is not None and w.status >= 500),
        seconds=seconds,
        verdicts=verdicts,
        killed_at=killed_at,
        wal_bytes_at_kill=wal_bytes,
        restart_seconds=restart_seconds,
        workers=workers,
        server_log=[line for line in log if "Traceback" in line or "ERROR" in line],
    )


# -- the negative run --------------------------------------------------------------------


@dataclass(slots=True)
class NegativeReport:
    """Schemathesis' negative data against a served taskapp."""

    requests: int
    by_operation: dict[str, Counter[int]]
    server_errors: list[str]
    """Each response >= 500 or dropped connection, with the request that caused it."""
    unsendable: int
    """Cases the HTTP client refused to send (an invalid URL or header), not counted."""
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.server_errors


def run_negative(workdir: Path, *, examples: int = 100, seed: int = 1) -> NegativeReport:
    """Negative data for every operation, over loopback to a server of its own."""
    import requests
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from schemathesis.core.result import Ok
    from schemathesis.generation.modes import GenerationMode

    by_operation: dict[str, Counter[int]] = {}
    server_errors: list[str] = []
    unsendable = 0
    started = time.perf_counter()
    with Server(workdir / "negative.db") as server, requests.Session() as session:
        server.start()
        base_url = server.base_url
        existing = [
            httpx.post(f"{base_url}/api/tasks", json={"title": f"existing {i}"}).json()["id"]
            for i in range(3)
        ]
        schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
        runs: list[tuple[str, Any]] = []
        negative: Any = GenerationMode.NEGATIVE  # schemathesis' StrEnum is a str to mypy on 3.10
        for result in schema.get_all_operations():
            if not isinstance(result, Ok):
                raise RuntimeError(f"an operation Schemathesis cannot read: {result.err()}")
            operation = result.ok()
            runs.append((operation.label, operation.as_strategy(negative)))
            if operation.body and "{task_id}" in operation.path:
                # A negative body for a task that exists reaches further than a 404.
                label = f"{operation.label} (an existing task)"
                strategy = operation.as_strategy(negative, path_parameters={"task_id": existing[0]})
                runs.append((label, strategy))
        current: list[Counter[int]] = []  # the counts of the operation being run
        for label, strategy in runs:
            by_operation[label] = Counter()
            current[:] = [by_operation[label]]

            @settings(
                max_examples=examples,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @hypothesis_seed(seed)
            @given(strategy)
            def send(case: Any) -> None:
                nonlocal unsendable
                try:
                    response = case.call(base_url=base_url, session=session, timeout=10)
                except requests.ConnectionError as exc:
                    server_errors.append(f"{case.method} {case.formatted_path}: {exc!r}")
                    return
                except (requests.exceptions.InvalidURL, requests.exceptions.InvalidHeader):
                    unsendable += 1
                    return
                current[0][response.status_code] += 1
                if response.status_code >= 500:
                    server_errors.append(
                        f"{response.status_code} to {case.as_curl_command()}: {response.text[:300]}"
                    )

            send()
    return NegativeReport(
        requests=sum(sum(c.values()) for c in by_operation.values()),
        by_operation=by_operation,
        server_errors=server_errors,
        unsendable=unsendable,
        seconds=time.perf_counter() - started,
    )


# -- the command -------------------------------------------------------------------------


def print_load(report: LoadReport) -> None:
    if report.killed_at is None:
        mode = "no fault"
    else:
        mode = f"SIGKILL mid-run ({report.killed_at} writes acknowledged before it), restart"
    rows: list[tuple[str, object]] = [
        ("mode", mode),
        ("clients / uvicorn workers", f"{len(report.clients)} / {report.workers}"),
        ("writes sent", report.writes),
        ("  acknowledged (2xx)", report.acked),
        ("  refused (4xx)", report.refused),
        ("  ambiguous (in flight at the kill)", report.ambiguous),
        ("unexpected statuses", len(report.unexpected)),
        ("responses >= 500", report.server_errors),
    ]
    if report.wal_bytes_at_kill is not None:
        rows.append(("WAL file at the kill (bytes)", report.wal_bytes_at_kill))
    if report.restart_seconds is not None:
        rows.append(("restart to first answer (s)", f"{report.restart_seconds:.2f}"))
    for when, verdict in report.verdicts:
        rows += [
            (f"[{when}]", ""),
            ("  integrity_check", verdict.integrity),
            ("  journal_mode", verdict.journal_mode),
            ("  tasks in the file", verdict.rows),
            ("  lost", len(verdict.lost)),
            ("  phantom", len(verdict.phantom)),
            (
                "  ambiguous valid writes applied / not",
                f"{verdict.ambiguous_applied} / {verdict.ambiguous_not_applied}",
            ),
        ]
    rows += [
        ("time sending (s)", f"{report.seconds:.2f}"),
        ("writes/s", f"{report.writes / report.seconds:.0f}" if report.seconds else "-"),
    ]
    _table("load", rows)
    for title, items in (
        ("lost", report.lost),
        ("phantom", report.phantom),
        ("unexpected", report.unexpected),
        ("server log", report.server_log),
    ):
        for item in items[:20]:
            print(f"  {title}: {item}")


def print_negative(report: NegativeReport) -> None:
    rows: list[tuple[str, object]] = [
        (label, ", ".join(f"{s}: {n}" for s, n in sorted(c.items())))
        for label, c in report.by_operation.items()
    ]
    rows += [
        ("requests", report.requests),
        ("unsendable (not counted)", report.unsendable),
        ("responses >= 500 / dropped", len(report.server_errors)),
        ("time (s)", f"{report.seconds:.2f}"),
    ]
    _table("negative run (Schemathesis, GenerationMode.NEGATIVE)", rows)
    for item in report.server_errors[:20]:
        print(f"  5xx: {item}")


def _table(title: str, rows: list[tuple[str, object]]) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"\n{title}")
    print("-" * (width + 24))
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kill-after", type=int, default=None, metavar="N")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--negative-examples", type=int, default=100, help="per operation; 0 skips the run"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="load_taskapp-") as folder:
        report = run_load(
            Path(folder),
            clients=args.clients,
            writes=args.writes,
            seed=args.seed,
            kill_after=args.kill_after,
            workers=args.workers,
        )
        print_load(report)
        ok = report.ok
        if args.negative_examples > 0:
            negative = run_negative(Path(folder), examples=args.negative_examples, seed=args.seed)
            print_negative(negative)
            ok = ok and negative.ok
    print(f"\ntotal {time.perf_counter() - started:.1f} s: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
