"""Running on a pull request's checkout (issue 17): symbolic links it commits lead nowhere
outside, a crash is not a failed check, and every exit code means one thing.

- Reads: every file read under the contracts root resolves inside it. A schema file linked
  out of the root is a ``contract-valid`` failure for ``lint`` and ``check`` and a usage error
  for ``diff`` (also through ``--base``, whose git archive is unpacked with tarfile's data
  filter); its contents never reach any output. A link that stays inside the root is read.
- Writes: no report, ``--output``, ``.seamguard/`` file or scaffolded file is written through
  a link: a link as the target, or a folder link on the way out of the project, is one usage
  line naming the path, and the file it leads to is untouched.
- Exit codes: 0 all hold, 1 a check failed, 2 usage, 3 internal error (one line, traceback in
  ``.seamguard/crash.txt``), 130 interrupted.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from seamguard._files import WriteError, write_file
from seamguard.cli import cli
from seamguard.diff._base import _extract, _leads_outside
from seamguard.errors import ContractViolation, Failure, SeamguardError
from seamguard.report import Reporters
from tests.unit.helpers import (
    DRAFT202012,
    commit_all,
    make_tree,
    needs_git,
    write_config,
    write_contract,
    write_json,
)

SECRET = "SECRET-IN-ERROR"
# A schema an attacker points a contract file at: every field of it would show in lint's
# messages (a type error quoting the example) or in diff's change table.
SECRET_SCHEMA = {"type": "integer", "examples": [SECRET], "auths": {"ghcr.io": SECRET}}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_error_line(result: Result) -> str:
    """The single ``seamguard: error:`` line of a usage error."""
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("seamguard: error: "), line
    return line


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project (the working directory) with a valid tree; a secret file beside it."""
    folder = tmp_path / "project"
    make_tree(folder / "contracts")
    write_config(folder, 'contracts = "contracts"\n')
    write_json(tmp_path / "outside" / "secret.json", SECRET_SCHEMA)
    monkeypatch.chdir(folder)
    return folder


def secret(project: Path) -> Path:
    return project.parent / "outside" / "secret.json"


# -- reads ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["input.schema.json", "output.schema.json"])
def test_a_schema_file_linked_out_of_the_root_fails_contract_valid_unread(
    project: Path, name: str
) -> None:
    link = project / "contracts" / "things.get" / "1.0" / name
    link.unlink()
    link.symlink_to(secret(project))

    result = run("lint", "--report-json", "lint.json")

    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    assert SECRET not in (project / "lint.json").read_text()
    report = json.loads((project / "lint.json").read_text())
    (failed,) = [r for r in report["results"] if r["status"] == "failed"]
    assert (failed["check"], failed["seam"], failed["version"]) == (
        "contract-valid",
        "things.get",
        "1.0",
    )
    (failure,) = failed["failures"]
    assert failure["file"].endswith(f"things.get/1.0/{name}")
    assert "outside the contracts root; refused" in failure["message"]


def test_a_relative_link_climbing_out_and_a_dangling_one_are_refused(project: Path) -> None:
    folder = project / "contracts" / "things.get" / "1.0"
    (folder / "input.schema.json").unlink()
    (folder / "input.schema.json").symlink_to("../../../../outside/secret.json")
    (folder / "output.schema.json").unlink()
    (folder / "output.schema.json").symlink_to("/nonexistent/seamguard/secret.json")

    result = run("lint", "--report-json", "lint.json")

    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    report = json.loads((project / "lint.json").read_text())
    messages = [f["message"] for r in report["results"] for f in r.get("failures", [])]
    assert sum("outside the contracts root; refused" in m for m in messages) == 2, messages


@pytest.mark.parametrize("how", ["config", "--contracts", "diff"])
def test_a_contracts_root_linked_out_of_the_project_is_refused(project: Path, how: str) -> None:
    """The root itself: a committed ``contracts -> ~/.docker`` moves the whole tree out."""
    elsewhere = project.parent / "outside" / "tree"
    shutil.move(project / "contracts", elsewhere)
    write_json(elsewhere / "config.json", SECRET_SCHEMA)  # read as a shared definition
    (project / "contracts").symlink_to(elsewhere)

    if how == "config":
        result = run("lint")
    elif how == "--contracts":
        result = run("lint", "--contracts", "contracts")
    else:
        shutil.copytree(elsewhere, project / "old", ignore=shutil.ignore_patterns("config.json"))
        result = run("diff", "old", "contracts")

    line = one_error_line(result)
    assert "'contracts'" in line
    assert "is a symbolic link leading to" in line
    assert SECRET not in result.output


def test_a_contracts_root_outside_the_project_as_written_is_the_configs_choice(
    project: Path,
) -> None:
    """``contracts = "../shared/contracts"`` (a monorepo) is read: only links are refused."""
    shutil.move(project / "contracts", project.parent / "shared")
    write_config(project, 'contracts = "../shared"\n')

    assert run("lint").exit_code == 0


def test_a_link_that_stays_inside_the_root_is_read(project: Path) -> None:
    """The decision: a link inside the root is read as the file it leads to."""
    folder = project / "contracts" / "things.get" / "1.0"
    copy = project / "contracts" / "_shared" / "get-input.schema.json"
    shutil.move(folder / "input.schema.json", copy)
    (folder / "input.schema.json").symlink_to("../../_shared/get-input.schema.json")

    result = run("lint")

    assert result.exit_code == 0, result.output


def test_diff_refuses_a_tree_that_links_out_of_itself(project: Path) -> None:
    old = project / "contracts"
    new = project / "new"
    shutil.copytree(old, new)
    write_contract(new, "things.get", "1.1")
    link = new / "things.get" / "1.1" / "input.schema.json"
    link.unlink()
    link.symlink_to(secret(project))

    for fmt in ("text", "markdown", "json"):
        result = run("diff", "contracts", "new", "--format", fmt)
        line = one_error_line(result)
        assert "new/things.get/1.1/input.schema.json: is a symbolic link leading outside" in line
        assert SECRET not in result.output


@needs_git
@pytest.mark.parametrize("target", ["absolute", "relative"])
def test_diff_base_refuses_a_committed_link_out_of_the_tree(project: Path, target: str) -> None:
    link = project / "contracts" / "things.get" / "1.0" / "input.schema.json"
    link.unlink()
    link.symlink_to(secret(project) if target == "absolute" else "../../../../outside/secret.json")
    commit_all(project, "base with a link")
    write_contract(project / "contracts", "things.get", "1.1")

    result = run("diff", "--base", "HEAD", "--format", "markdown")

    line = one_error_line(result)
    assert "things.get/1.0/input.schema.json" in line
    assert "refused" in line
    assert SECRET not in result.output


def tar_of(*members: tuple[str, str, str]) -> bytes:
    """A tarball of ``(name, kind, link target)`` members (kind: file, symlink, hardlink)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, kind, target in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                data = b"{}"
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                continue
            info.type = tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE
            info.linkname = target
            tar.addfile(info)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (("c/a/1.0/input.schema.json", "symlink", "/etc/passwd"), "symbolic link"),
        (("c/a/1.0/input.schema.json", "symlink", "../../../../x"), "symbolic link"),
        (("c/a/1.0/input.schema.json", "hardlink", "../x"), "hard link"),
        (("../x.json", "file", ""), "name leads outside"),
    ],
)
def test_base_archives_are_unpacked_inside_the_folder_only(
    tmp_path: Path, member: tuple[str, str, str], reason: str
) -> None:
    """The data filter where Python has it; the same rules by hand where it does not."""
    folder = tmp_path / "base"
    folder.mkdir()
    with pytest.raises(SeamguardError, match=r"^--base main: .*refused"):
        _extract(tar_of(member), folder, "main")
    assert not (tmp_path / "x").exists()
    assert not (tmp_path / "x.json").exists()
    with tarfile.open(fileobj=io.BytesIO(tar_of(member))) as tar:
        (info,) = tar.getmembers()
        assert reason in (_leads_outside(info, folder) or "")


def test_base_archives_keep_files_and_inside_links(tmp_path: Path) -> None:
    archive = tar_of(
        ("c/a/1.0/output.schema.json", "file", ""),
        ("c/a/1.0/input.schema.json", "symlink", "output.schema.json"),
    )
    _extract(archive, tmp_path, "main")
    assert (tmp_path / "c" / "a" / "1.0" / "input.schema.json").read_text() == "{}"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        assert all(_leads_outside(info, tmp_path) is None for info in tar.getmembers())


def test_new_version_refuses_to_copy_a_linked_schema(project: Path) -> None:
    link = project / "contracts" / "things.get" / "1.0" / "input.schema.json"
    link.unlink()
    link.symlink_to(secret(project))

    result = run("new-version", "things.get", "--minor")

    line = one_error_line(result)
    assert "input.schema.json is a symbolic link" in line
    assert "outside the contracts root" in line
    assert not (project / "contracts" / "things.get" / "1.1").exists()


# -- writes -----------------------------------------------------------------------------------


def test_write_file_replaces_nothing_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.pth"
    victim.write_text("original")
    link = tmp_path / "diff.md"
    link.symlink_to(victim)

    with pytest.raises(WriteError, match=r"^refusing to write the diff to .*diff\.md: it is a "):
        write_file(link, "import os; os.system('x')", "the diff", root=tmp_path)

    assert victim.read_text() == "original"
    assert link.is_symlink()


def test_write_file_refuses_a_folder_link_leading_out_of_the_root(tmp_path: Path) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "site-packages"
    project.mkdir()
    elsewhere.mkdir()
    (project / "reports").symlink_to(elsewhere)

    with pytest.raises(WriteError, match=r"a symbolic link on the way leads to .*site-packages"):
        write_file(project / "reports" / "sub" / "zz.pth", "x", "the report", root=project)

    assert list(elsewhere.iterdir()) == []  # not even the folder was made


def test_write_file_follows_a_folder_link_inside_the_root(tmp_path: Path) -> None:
    (tmp_path / "build" / "reports").mkdir(parents=True)
    (tmp_path / "reports").symlink_to("build/reports")

    write_file(tmp_path / "reports" / "r.json", "{}", "the report", root=tmp_path)

    assert (tmp_path / "build" / "reports" / "r.json").read_text() == "{}"


def test_write_file_writes_in_place_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.txt"
    other_name = tmp_path / "hard.txt"
    write_file(target, "old", "the report", root=tmp_path)
    os.link(target, other_name)  # a hard link's other name keeps the old contents

    write_file(target, "new \ud800 text", "the report", root=tmp_path)

    assert target.read_bytes() == b"new \\ud800 text"
    assert other_name.read_text() == "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.txt"]  # no temporary left
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_path_outside_the_root_is_the_callers_choice(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")

    write_file(tmp_path / "alias" / "r.json", "{}", "the report", root=root)

    assert (tmp_path / "real" / "r.json").read_text() == "{}"


@pytest.mark.parametrize("option", ["--report-json", "--output"])
def test_lint_and_diff_refuse_a_committed_report_link(project: Path, option: str) -> None:
    victim = project.parent / "outside" / "zz.pth"
    victim.write_text("original")
    (project / "report.out").symlink_to(victim)

    if option == "--output":
        result = run("diff", "contracts", "contracts", "--format", "markdown", option, "report.out")
    else:
        result = run("lint", option, "report.out")

    line = one_error_line(result)
    assert "report.out" in line
    assert "symbolic link" in line
    assert victim.read_text() == "original"


def test_a_seamguard_folder_linked_out_of_the_project_is_refused(project: Path) -> None:
    elsewhere = project.parent / "outside" / "state"
    elsewhere.mkdir()
    (project / ".seamguard").symlink_to(elsewhere)

    result = run("lint", "--report-json", ".seamguard/lint.json")

    line = one_error_line(result)
    assert "leads to" in line
    assert "outside" in line
    assert list(elsewhere.iterdir()) == []


# -- the example database and the last report, through seamguard check ------------------------

LOGIC = """
def make(n: int) -> dict:
    return {"n": n}
"""
INPUT = {
    "$schema": DRAFT202012,
    "type": "object",
    "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 100}},
    "required": ["n"],
    "additionalProperties": False,
}


def service(folder: Path, logic: str = LOGIC) -> Path:
    """A project with one seam ``things.make`` bound to ``things:make``."""
    write_json(folder / "contracts" / "things.make" / "1.0" / "input.schema.json", INPUT)
    write_json(
        folder / "contracts" / "things.make" / "1.0" / "output.schema.json", {"type": "object"}
    )
    (folder / "things.py").write_text(logic, encoding="utf-8")
    write_config(
        folder,
        'contracts = "contracts"\nmax-examples = 10\n'
        '[[seams]]\ncontract = "things.make"\nlogic = "things:make"\n',
    )
    return folder


def seamguard(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seamguard", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=300,
        check=False,
    )


def test_check_fails_contract_valid_on_a_linked_schema_and_shows_nothing_of_it(
    tmp_path: Path,
) -> None:
    folder = service(tmp_path / "project")
    write_json(tmp_path / "secret.json", SECRET_SCHEMA)
    link = folder / "contracts" / "things.make" / "1.0" / "output.schema.json"
    link.unlink()
    link.symlink_to(tmp_path / "secret.json")

    done = seamguard(folder, "check", "--seed", "1", "--report-json", "r.json")

    assert done.returncode == 1, done.stdout + done.stderr
    assert SECRET not in done.stdout + done.stderr + (folder / "r.json").read_text()
    report = json.loads((folder / "r.json").read_text())
    valid = next(r for r in report["results"] if r["check"] == "contract-valid")
    assert valid["status"] == "failed"
    assert "outside the contracts root; refused" in valid["failures"][0]["message"]


def test_check_refuses_an_example_database_linked_out_of_the_project(tmp_path: Path) -> None:
    folder = service(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / ".seamguard").mkdir()
    (folder / ".seamguard" / "examples").symlink_to(elsewhere)

    done = seamguard(folder, "check", "--seed", "1")

    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("seamguard: error: --example-db ")
    assert "symbolic link" in done.stderr
    assert list(elsewhere.iterdir()) == []


def test_check_refuses_a_link_inside_the_example_database(tmp_path: Path) -> None:
    folder = service(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / ".seamguard" / "examples").mkdir(parents=True)
    (folder / ".seamguard" / "examples" / "0123abcd").symlink_to(elsewhere)

    done = seamguard(folder, "check", "--seed", "1")

    assert done.returncode == 2, done.stdout + done.stderr
    assert "0123abcd is a symbolic link" in done.stderr
    assert list(elsewhere.iterdir()) == []


def test_check_writes_no_last_report_through_a_link(tmp_path: Path) -> None:
    folder = service(tmp_path / "project")
    victim = tmp_path / "victim.pth"
    victim.write_text("original")
    (folder / ".seamguard").mkdir()
    (folder / ".seamguard" / "last-report.json").symlink_to(victim)

    done = seamguard(folder, "check", "--seed", "1", "--example-db", "none")

    # The last report is a convenience: refused with a note, the verdict stands.
    assert done.returncode == 0, done.stdout + done.stderr
    assert "last-report.json: it is a symbolic link" in done.stderr
    assert victim.read_text() == "original"


# -- crashes and exit codes -------------------------------------------------------------------

HOSTILE = """
def make(n: int) -> dict:
    if n % 2:
        return b"\\xff\\x00 bytes \\xed\\xa0\\x80"
    raise ValueError("bad \\ud800 value \\x00 ]]> <!-- " + "x" * 1_000_000)
"""


def test_any_text_a_logic_produces_reaches_every_report(tmp_path: Path) -> None:
    """A lone surrogate, NUL, non-UTF-8 bytes, a 1 MB message: a failed check (exit 1) in
    every format, never a crash."""
    folder = service(tmp_path / "project", HOSTILE)

    done = seamguard(
        folder,
        "check",
        "--seed",
        "1",
        "--max-examples",
        "20",
        "--example-db",
        "none",
        "--report-json",
        "r.json",
        "--junit",
        "j.xml",
        "--markdown",
        "m.md",
    )

    assert done.returncode == 1, done.stderr[:2000]
    assert "internal error" not in done.stderr
    report = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    statuses = {r["check"]: r["status"] for r in report["results"]}
    assert statuses["logic-accepts-input"] == "failed"
    assert statuses["logic-output-conforms"] == "failed"  # bytes are judged, not a crash
    json.loads((folder / ".seamguard" / "last-report.json").read_text(encoding="utf-8"))
    ET.parse(folder / "j.xml")
    assert "logic-accepts-input" in (folder / "m.md").read_text(encoding="utf-8")


def test_an_internal_error_exits_3_with_one_line_and_the_traceback_saved(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug in seamguard\nsecond line")

    monkeypatch.setattr("seamguard.engine.run_lint", broken)

    result = run("lint")

    assert result.exit_code == 3, result.output
    (line,) = result.stderr.splitlines()
    assert line == (
        "seamguard: internal error: KeyError: 'a bug in seamguard\\nsecond line'; "
        "please report it (traceback in .seamguard/crash.txt)"
    )
    crash = (project / ".seamguard" / "crash.txt").read_text()
    assert crash.startswith("Traceback (most recent call last)")
    assert "in broken" in crash


def test_a_crash_report_is_not_written_through_a_link(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = project.parent / "outside" / "victim.pth"
    victim.write_text("original")
    (project / ".seamguard").mkdir()
    (project / ".seamguard" / "crash.txt").symlink_to(victim)
    monkeypatch.setattr("seamguard.engine.run_lint", lambda *a, **k: 1 / 0)

    result = run("lint")

    assert result.exit_code == 3, result.output
    (line,) = result.stderr.splitlines()
    assert "ZeroDivisionError" in line
    assert "the traceback could not be saved" in line
    assert victim.read_text() == "original"


def test_ctrl_c_exits_130_with_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("seamguard.engine.run_lint", interrupted)

    result = run("lint")

    assert result.exit_code == 130, result.output
    assert result.stderr.splitlines() == ["seamguard: interrupted"]


def test_click_exits_keep_their_meaning(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("lint", "--no-such-option").exit_code == 2
    assert run("--version").exit_code == 0
    assert run("lint").exit_code == 0

    def aborts(*args: object, **kwargs: object) -> None:
        raise click.Abort

    monkeypatch.setattr("seamguard.engine.run_lint", aborts)
    assert run("lint").exit_code == 1  # click's own "Aborted!"

    def violates(*args: object, **kwargs: object) -> None:
        raise ContractViolation(Failure("contract-valid", "a", "1.0", "broken"))

    monkeypatch.setattr("seamguard.engine.run_lint", violates)
    result = run("lint")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == ["seamguard: [contract-valid] a@1.0: broken"]


class _Recorder:
    def __init__(self, fail: BaseException | None = None) -> None:
        self.fail = fail
        self.finished = False
        self.results = 0

    def start(self, title: str) -> None:
        pass

    def progress(self, line: str) -> None:
        pass

    def result(self, result: object) -> None:
        self.results += 1
        if self.fail is not None:
            raise self.fail

    def finish(self, run: object) -> None:
        self.finished = True
        if self.fail is not None:
            raise self.fail


def test_a_crashing_reporter_costs_no_other_report() -> None:
    crashing, unwritable, fine = (
        _Recorder(UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")),
        _Recorder(SeamguardError("cannot write the JUnit report to j.xml")),
        _Recorder(),
    )
    reporters = Reporters([crashing, unwritable, fine])
    reporters.result(object())  # type: ignore[arg-type]
    reporters.result(object())  # type: ignore[arg-type]

    with pytest.raises(UnicodeEncodeError) as raised:
        reporters.finish(object())  # type: ignore[arg-type]

    assert fine.results == 2
    assert fine.finished
    assert unwritable.finished
    assert crashing.finished
    notes = getattr(raised.value, "__notes__", [])
    if sys.version_info >= (3, 11):
        assert any("cannot write the JUnit report" in note for note in notes)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_a_real_ctrl_c_during_check_exits_130(tmp_path: Path) -> None:
    slow = "import time\n\ndef make(n: int) -> dict:\n    time.sleep(0.2)\n    return {'n': n}\n"
    folder = service(tmp_path / "project", slow)
    out = (tmp_path / "out.txt").open("w+")
    child = subprocess.Popen(
        [sys.executable, "-m", "seamguard", "check", "--seed", "1", "--example-db", "none"],
        cwd=folder,
        stdout=out,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while "logic side" not in (tmp_path / "out.txt").read_text():
            assert child.poll() is None, "check ended before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.1)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
        out.close()

    # Exactly 130, never death by SIGINT (see the next test).
    assert child.returncode == 130, stderr
    assert stderr.splitlines()[-1] == "seamguard: interrupted", stderr
    assert "Traceback" not in stderr


def test_an_interrupt_that_left_an_exec_does_not_turn_the_exit_code_into_sigint(
    tmp_path: Path,
) -> None:
    """CPython remembers a KeyboardInterrupt that left an ``exec()`` of a string and, under
    ``python -m``, ends the process by SIGINT whatever exit code was chosen (a third of the
    real Ctrl-C runs above ended by SIGINT). ``seamguard.cli.main`` clears that flag."""
    (tmp_path / "interrupted_then_seamguard.py").write_text(
        "try:\n"
        "    exec('raise KeyboardInterrupt', {})\n"
        "except KeyboardInterrupt:\n"
        "    pass\n"
        "import sys\n"
        "sys.argv = ['seamguard', '--version']\n"
        "from seamguard.cli import main\n"
        "main()\n",
        encoding="utf-8",
    )
    (tmp_path / "interrupted_alone.py").write_text(
        "try:\n    exec('raise KeyboardInterrupt', {})\nexcept KeyboardInterrupt:\n    pass\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def code(module: str) -> int:
        return subprocess.run(
            [sys.executable, "-m", module], cwd=tmp_path, env=env, capture_output=True
        ).returncode

    assert code("interrupted_alone") == -signal.SIGINT  # the CPython behaviour, shown
    assert code("interrupted_then_seamguard") == 0
