"""taskapp under load and faults: real uvicorn subprocesses on 127.0.0.1, a real SQLite file.

The machinery is ``benchmarks/load_taskapp.py``'s (the figures in ``benchmarks/README.md``
come from the same code), here with a budget that keeps the file to about 15 s on two
cores: 8 clients and 400 writes per load run, 25 negative examples per operation. Every
server is a subprocess on a port the kernel picks, ended by ``Server``'s context manager
whatever the test does.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from benchmarks.load_taskapp import LoadReport, Write, run_load, run_negative, verify


@pytest.fixture(scope="module")
def no_fault(tmp_path_factory: pytest.TempPathFactory) -> LoadReport:
    """8 clients, 400 writes, no fault; the database stays in the returned folder."""
    return run_load(tmp_path_factory.mktemp("no_fault"), clients=8, writes=400, seed=3)


def test_concurrent_writes_are_all_kept(no_fault: LoadReport) -> None:
    report = no_fault
    assert report.writes == 400
    assert report.acked > 200
    assert report.refused > 30  # the mix sends writes the API must refuse
    assert report.ambiguous == 0  # no fault: every request got its answer
    assert report.unexpected == []
    assert report.server_errors == 0
    assert report.final.integrity == "ok"
    assert report.final.journal_mode == "wal"
    assert report.lost == []
    assert report.phantom == []


def test_sigkill_mid_run_loses_nothing_acknowledged(tmp_path: Path) -> None:
    # Given: 8 clients writing. When: SIGKILL after 150 acknowledged writes, a restart on the
    # same file, the rest of the writes.
    report = run_load(tmp_path, clients=8, writes=400, seed=4, kill_after=150)
    # Then: the file opens clean after the kill and again at the end, nothing acknowledged
    # is missing, nothing refused is there.
    assert report.killed_at is not None
    assert 150 <= report.killed_at < report.acked
    assert report.wal_bytes_at_kill  # the restart had a WAL to recover from
    assert report.writes == 400
    assert [when for when, _ in report.verdicts] == [
        "after SIGKILL and restart",
        "after the run and a clean shutdown",
    ]
    for _, verdict in report.verdicts:
        assert (verdict.integrity, verdict.journal_mode) == ("ok", "wal")
    assert report.unexpected == []
    assert report.server_errors == 0
    assert report.lost == []
    assert report.phantom == []


def test_verify_finds_planted_lost_and_phantom_writes(no_fault: LoadReport, tmp_path: Path) -> None:
    # Given: a copy of the no-fault run's file, with one acknowledged task deleted, one
    # refused write applied to another, and a task nobody created.
    db_path = tmp_path / "tasks.db"
    shutil.copy(no_fault.db_path, db_path)
    tracked = [t for c in no_fault.clients for t in c.tasks.values() if t.state is not None]
    gone, changed = tracked[0], tracked[1]
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("PRAGMA foreign_keys = ON")  # its tags go too
        connection.execute("DELETE FROM tasks WHERE id = ?", (gone.id,))
        connection.execute("UPDATE tasks SET title = 'refused w0-9999' WHERE id = ?", (changed.id,))
        connection.execute(
            "INSERT INTO tasks SELECT '00000000-0000-4000-8000-000000000000', 'stray', "
            "description, status, priority, due_date, estimate_minutes, created_at, "
            "updated_at, completed_at FROM tasks WHERE id = ?",
            (changed.id,),
        )
    # When: the file is verified against the clients' journals.
    verdict = verify(db_path, no_fault.clients)
    # Then: each plant is found, and only those.
    assert [item.split(" ", 2)[1] for item in verdict.lost] == [gone.id]
    assert len(verdict.phantom) == 2
    assert changed.id in verdict.phantom[0]
    assert "nobody created it" in verdict.phantom[1]


def test_verify_accepts_an_ambiguous_write_either_way(no_fault: LoadReport, tmp_path: Path) -> None:
    # Given: an update journalled as ambiguous (in flight at a fault) after a task's last
    # acknowledged state.
    db_path = tmp_path / "tasks.db"
    shutil.copy(no_fault.db_path, db_path)
    task = next(
        t
        for c in no_fault.clients
        for t in c.tasks.values()
        if t.state is not None and t.state["status"] != "done"
    )
    path = f"/api/tasks/{task.id}"
    task.pending.append(Write(0, 0, "update", "PATCH", path, 200, {"title": "maybe"}, task=task.id))
    try:
        # Then: not applied is fine, applied is fine, anything else is lost.
        assert verify(db_path, no_fault.clients).ambiguous_not_applied == 1
        for title, lost in (("maybe", 0), ("neither", 1)):
            with closing(sqlite3.connect(db_path)) as connection, connection:
                connection.execute("UPDATE tasks SET title = ? WHERE id = ?", (title, task.id))
            verdict = verify(db_path, no_fault.clients)
            assert len(verdict.lost) == lost, verdict.lost
            assert verdict.ambiguous_applied == 1 - lost
    finally:
        task.pending.clear()


def test_negative_data_gets_no_5xx(tmp_path: Path) -> None:
    report = run_negative(tmp_path, examples=25, seed=1)
    assert len(report.by_operation) == 7  # 6 operations, PATCH also on an existing task
    assert report.requests >= 7 * 20
    assert report.server_errors == []
