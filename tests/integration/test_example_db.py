"""The example database: a failing example one run found is tried first by the next.

``seamguard check`` saves failing examples in ``.seamguard/examples`` under the project by
default, in Redis with ``--example-db redis://...`` (a real ``redis-server`` started here on
a free loopback port), nowhere with ``--example-db none``.

"Tried first" is shown with a planted bug that the simplest input does not trigger: with
``--max-examples 1`` a fresh run draws only that input, whatever the seed, and passes (the
control run); the same run with the database fails at once with the saved example. Without
the database being read, those tests would fail.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from seamguard.checks._database import (
    DEFAULT_DIRECTORY,
    REDIS_KEY_PREFIX,
    open_database,
    use_database,
)
from seamguard.checks._hypothesis import run_examples
from seamguard.errors import ConfigError, ContractViolation, Failure

BOOKAPP = Path(__file__).resolve().parents[2] / "examples" / "bookapp"

# A one-seam project: the logic fails from a quantity of 7 on, so the simplest input (0)
# passes and a run of one example cannot find the bug on its own.
SHOP_CONFIG = """\
contracts = "contracts"

[[seams]]
contract = "orders.quote"
version = "1.0"
logic = "shop:quote"
"""
SHOP_LOGIC = """\
def quote(quantity: int) -> dict[str, int]:
    if quantity >= 7:  # planted: the bulk discount divides by zero
        return {"total": quantity * 3 // (quantity - quantity)}
    return {"total": quantity * 3}
"""
SHOP_INPUT = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"quantity": {"type": "integer", "minimum": 0, "maximum": 1000}},
    "required": ["quantity"],
    "additionalProperties": False,
}
SHOP_OUTPUT = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"total": {"type": "integer", "minimum": 0}},
    "required": ["total"],
    "additionalProperties": False,
}
SHOP_LOGIC_KEY = b"logic/orders.quote@1.0/"  # the first logic pass of orders.quote


# -- fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The one-seam project, written fresh (its own ``.seamguard/`` starts absent)."""
    root = tmp_path / "shop"
    folder = root / "contracts" / "orders.quote" / "1.0"
    folder.mkdir(parents=True)
    (root / "seamguard.toml").write_text(SHOP_CONFIG, encoding="utf-8")
    (root / "shop.py").write_text(SHOP_LOGIC, encoding="utf-8")
    (folder / "input.schema.json").write_text(json.dumps(SHOP_INPUT), encoding="utf-8")
    (folder / "output.schema.json").write_text(json.dumps(SHOP_OUTPUT), encoding="utf-8")
    return root


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server on loopback, on a free port, for this test only."""
    import redis

    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail(
                "redis-server is not installed, and CI must run the Redis example-database "
                "tests: .ci/run installs it (apt-get install redis-server)"
            )
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    workdir = tmp_path / "redis"
    workdir.mkdir()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                pytest.fail(f"redis-server exited with {process.returncode}:\n{output}")
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not answer PING on port {port} in 10 s")
                time.sleep(0.05)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def check(
    cwd: Path, *args: str, bug: str | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, dict[str, Any]]]:
    """``seamguard check ARGS`` in a process of its own in ``cwd``; its results by check."""
    report = cwd / "report.json"
    report.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "BOOKAPP_BUG"}
    if bug is not None:
        env["BOOKAPP_BUG"] = bug
    done = subprocess.run(
        [sys.executable, "-m", "seamguard", "check", "--report-json", str(report), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    results: dict[str, dict[str, Any]] = {}
    if report.exists():
        for result in json.loads(report.read_text(encoding="utf-8"))["results"]:
            results[f"{result['seam']} {result['check']}"] = result
    return done, results


def example_of(result: dict[str, Any]) -> Any:
    (failure,) = result["failures"]
    return failure["example"]


def saved(database: DirectoryBasedExampleDatabase, key: bytes) -> list[bytes]:
    return list(database.fetch(key))


def keys_of(database: DirectoryBasedExampleDatabase) -> set[bytes]:
    # Hypothesis' directory database lists every key it created under this meta key.
    return set(database.fetch(b".hypothesis-keys"))


# -- replayed first -----------------------------------------------------------------------------


def test_a_failure_saved_in_the_default_directory_is_replayed_first(shop: Path) -> None:
    # Given a run that finds the planted bug, with no --example-db
    found, first = check(shop, "--seed", "1", "--max-examples", "100")
    assert found.returncode == 1, found.stdout + found.stderr
    failed = first["orders.quote logic-accepts-input"]
    assert failed["status"] == "failed"
    assert example_of(failed)["quantity"] >= 7

    # Then its example is saved under the project, keyed by seam and check pass
    database = DirectoryBasedExampleDatabase(shop / DEFAULT_DIRECTORY)
    assert saved(database, SHOP_LOGIC_KEY)
    assert not (shop / ".hypothesis").exists()

    # And a fresh run of one example with another seed cannot find the bug (the control)
    fresh, control = check(shop, "--seed", "2", "--max-examples", "1", "--example-db", "none")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert control["orders.quote logic-accepts-input"]["status"] == "passed"

    # When the same run reads the database
    again, second = check(shop, "--seed", "2", "--max-examples", "1")

    # Then the saved example is tried first and fails it again
    assert again.returncode == 1, again.stdout + again.stderr
    replayed = second["orders.quote logic-accepts-input"]
    assert replayed["status"] == "failed"
    assert example_of(replayed) == example_of(failed)
    assert replayed["failures"][0]["seed"] == 2


def test_a_failure_found_by_one_process_is_replayed_first_by_another_through_redis(
    shop: Path, redis_url: str
) -> None:
    import redis

    # Given process 1 (a CI shard, say) finds the planted bug with the Redis database
    found, first = check(shop, "--seed", "11", "--max-examples", "100", "--example-db", redis_url)
    assert found.returncode == 1, found.stdout + found.stderr
    failed = first["orders.quote logic-accepts-input"]
    assert failed["status"] == "failed"

    # Then the example is in Redis under seamguard's prefix, and nothing is on disk
    client = redis.Redis.from_url(redis_url)
    try:
        keys = set(client.keys(REDIS_KEY_PREFIX + b"*"))
    finally:
        client.close()
    assert REDIS_KEY_PREFIX + SHOP_LOGIC_KEY in keys, keys
    assert not (shop / ".seamguard" / "examples").exists()  # (the last report is written)

    # And a fresh run of one example with another seed cannot find the bug (the control)
    fresh, control = check(shop, "--seed", "12", "--max-examples", "1", "--example-db", "none")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert control["orders.quote logic-accepts-input"]["status"] == "passed"

    # When process 2 (a laptop, say) runs with that seed and the same Redis database
    again, second = check(shop, "--seed", "12", "--max-examples", "1", "--example-db", redis_url)

    # Then it tries process 1's example first and fails with it
    assert again.returncode == 1, again.stdout + again.stderr
    replayed = second["orders.quote logic-accepts-input"]
    assert replayed["status"] == "failed"
    assert example_of(replayed) == example_of(failed)


def test_the_fastapi_example_saves_a_planted_bug_and_forgets_it_once_fixed(
    tmp_path: Path,
) -> None:
    # Given a copy of bookapp (the run writes .seamguard/ under the project) with a bug
    project = tmp_path / "bookapp"
    shutil.copytree(
        BOOKAPP,
        project,
        ignore=shutil.ignore_patterns(".hypothesis", ".mypy_cache", ".seamguard", "__pycache__"),
    )
    args = ("--seam", "fees.quote", "--max-examples", "10")

    # When seamguard finds it, on the logic side and through the API (a 500)
    found, first = check(project, *args, "--seed", "7", bug="logic-accepts-input")
    assert found.returncode == 1, found.stdout + found.stderr
    assert first["fees.quote logic-accepts-input"]["status"] == "failed"

    # Then both sides' examples are saved under keys naming the seam or the operation
    database = DirectoryBasedExampleDatabase(project / DEFAULT_DIRECTORY)
    logic_key = b"logic/fees.quote@1.0/"
    api_key = b"api/GET /api/v1/fees/late/positive/"
    assert saved(database, logic_key)
    assert saved(database, api_key), sorted(keys_of(database))

    # When the bug is fixed and another seed runs
    fixed, second = check(project, *args, "--seed", "8")

    # Then the saved examples were replayed, passed, and are dropped from the database
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert second["fees.quote logic-accepts-input"]["status"] == "passed"
    assert saved(database, logic_key) == []
    assert saved(database, api_key) == []


def test_none_saves_nothing(shop: Path) -> None:
    done, results = check(shop, "--seed", "1", "--max-examples", "100", "--example-db", "none")

    assert done.returncode == 1, done.stdout + done.stderr
    assert results["orders.quote logic-accepts-input"]["status"] == "failed"
    assert not (shop / ".seamguard" / "examples").exists()  # (the last report is written)
    assert not (shop / ".hypothesis").exists()


# -- usage errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("http://127.0.0.1/examples", "unknown scheme 'http'; use a directory path, redis://"),
        ("redis://127.0.0.1:{port}/0", "cannot reach Redis (Error 111 connecting"),
        ("shop.py", "exists and is not a directory"),
    ],
)
def test_an_unusable_example_db_is_a_usage_error_on_one_line(
    shop: Path, spec: str, says: str
) -> None:
    done, _results = check(
        shop, "--max-examples", "1", "--example-db", spec.format(port=_free_port())
    )

    assert done.returncode == 2, done.stdout + done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("seamguard: error: --example-db ")
    assert says in line
    assert not (shop / ".seamguard" / "examples").exists()  # (the last report is written)


def test_a_redis_url_without_the_redis_package_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # what `import redis` meets when absent

    # The package itself, not the extra: `pip install 'seamguard[redis]'` asks the package
    # index, where seamguard is not (docs/install.md).
    with pytest.raises(
        ConfigError, match=r"\(seamguard's \[redis\] extra\): pip install 'redis>=5'$"
    ):
        open_database("redis://127.0.0.1:6379/0", tmp_path)


def test_a_password_in_the_url_stays_out_of_the_message(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        open_database(f"redis://:hunter2@127.0.0.1:{_free_port()}/0", tmp_path)

    assert "hunter2" not in str(raised.value)
    assert "redis://:***@127.0.0.1:" in str(raised.value)


def test_the_spec_forms(tmp_path: Path) -> None:
    default = open_database(None, tmp_path)
    assert isinstance(default, DirectoryBasedExampleDatabase)
    assert default.path == tmp_path / ".seamguard" / "examples"
    relative = open_database("cache/examples", tmp_path)
    assert isinstance(relative, DirectoryBasedExampleDatabase)
    assert relative.path == tmp_path / "cache" / "examples"
    elsewhere = tmp_path / "elsewhere"
    absolute = open_database(str(elsewhere), tmp_path / "project")
    assert isinstance(absolute, DirectoryBasedExampleDatabase)
    assert absolute.path == elsewhere
    assert open_database("none", tmp_path) is None
    assert open_database("NONE", tmp_path) is None
    assert not any(tmp_path.iterdir())  # opening writes nothing


# -- run_examples and the database --------------------------------------------------------------


def _violation(check_id: str) -> ContractViolation:
    return ContractViolation(Failure(check=check_id, seam="s", version="1", message="", file=""))


def test_an_empty_database_draws_what_no_database_draws(tmp_path: Path) -> None:
    strategy = st.tuples(st.integers(), st.text(max_size=8), st.floats(allow_nan=False))
    plain: list[Any] = []
    run_examples(strategy, plain.append, max_examples=150, seed=7)
    with use_database(open_database(None, tmp_path)):
        keyed: list[Any] = []
        run_examples(strategy, keyed.append, max_examples=150, seed=7, key="k")
        unkeyed: list[Any] = []
        run_examples(strategy, unkeyed.append, max_examples=150, seed=7)

    assert len(plain) == 150
    assert keyed == plain
    assert unkeyed == plain
    assert not (tmp_path / ".seamguard").exists()  # nothing failed, nothing saved


def test_each_pass_keeps_its_own_examples(tmp_path: Path) -> None:
    # Two checks over one strategy, as the logic side runs them: a check found in the first
    # pass is left out of the second. One key for both passes would let the second pass
    # replay the first one's example, see it pass, and delete it.
    strategy = st.integers(0, 10_000)

    def passes(seed: int, max_examples: int) -> tuple[dict[str, int], int]:
        found: dict[str, int] = {}
        calls = 0

        def body(value: int) -> None:
            if value >= 500 and "big" not in found:
                raise _violation("big")
            if value % 2 == 1 and "odd" not in found:
                raise _violation("odd")

        for _ in range(3):
            key = "demo/" + "+".join(sorted(found))
            holder: list[int] = []

            def recorded(value: int, holder: list[int] = holder) -> None:
                holder.append(value)
                body(value)

            outcome = run_examples(
                strategy, recorded, max_examples=max_examples, seed=seed, key=key
            )
            calls += outcome.calls
            if outcome.violation is None:
                break
            found[outcome.violation.failure.check] = holder[-1]
        return found, calls

    database = open_database(None, tmp_path)
    assert isinstance(database, DirectoryBasedExampleDatabase)
    with use_database(database):
        first, _ = passes(seed=1, max_examples=300)
        assert set(first) == {"big", "odd"}
        saved_first = {k: sorted(saved(database, k)) for k in (b"demo/", b"demo/big", b"demo/odd")}
        second, calls = passes(seed=2, max_examples=1)

    # The second run replays each pass's example first: both checks again, from one example
    # per pass, whatever the first pass of the first run happened to find first
    assert second == first
    assert calls <= 2 * 2 + 1
    for key, entries in saved_first.items():
        assert sorted(saved(database, key)) == entries, key
