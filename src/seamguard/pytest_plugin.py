"""seamguard's pytest plugin: one test item per seam x check, and the ``seams`` fixture.

Kept thin and lazy: nothing of seamguard's engine is imported until a test asks for it.

In a test file::

    from seamguard.pytest_plugin import check_seams

    test_seams = check_seams()   # items like tasks.create@1.1::api-hands-valid-input

In a hand-written integration test::

    def test_create(client, seams):
        response = client.post("/api/tasks", json={"title": "Write"})
        assert seams.only("tasks.create").output["id"] == response.json()["id"]

Under pytest-xdist (``pytest -n auto --dist loadgroup``) each worker runs only the seams of
the items it is given, one run per seam, under the seed the controller chose; every item
carries ``xdist_group(<seam>)`` so that ``--dist loadgroup`` keeps a seam's items on one
worker. Without xdist, the whole run happens once, at the first item.
"""

from __future__ import annotations

import random
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from seamguard.checks import CheckResult
    from seamguard.config import Config
    from seamguard.engine import Run
    from seamguard.project import Project
    from seamguard.seams import Crossing, Recorder

__all__ = ["SeamLog", "check_seams"]

# Runs by (configuration key, seam): seam None is a run of every seam (serial), a name is
# that seam's own run (an xdist worker).
_RUNS = pytest.StashKey[dict[tuple[str, "str | None"], "Run"]]()
# The seed of every run of the session: --seamguard-seed, else the controller's choice.
_SEED = pytest.StashKey[int]()
# The key under which the controller hands its seed to each xdist worker.
_WORKERINPUT_SEED = "seamguard_seed"
# The test functions check_seams() made: their items are the ones this plugin groups.
_CHECK_FUNCTIONS: weakref.WeakSet[Callable[..., None]] = weakref.WeakSet()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("seamguard")
    group.addoption("--seamguard-seed", type=int, help="Seed of seamguard's generated examples.")
    group.addoption(
        "--seamguard-max-examples", type=int, help="Examples per seam and check (seamguard)."
    )
    parser.addini("seamguard_config", "seamguard's config file (default: the nearest one)")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RUNS] = {}
    config.stash[_SEED] = _session_seed(config)
    # pytest-xdist registers this marker too; registered here as well so that
    # --strict-markers accepts the marks check_seams() puts on its items without xdist.
    config.addinivalue_line(
        "markers", "xdist_group(name): pytest-xdist's --dist loadgroup runs a group on one worker"
    )
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistHooks(), "seamguard-xdist")


def pytest_report_header(config: pytest.Config) -> str:
    seed = config.stash[_SEED]
    return f"seamguard: seed {seed} (the same examples again: --seamguard-seed {seed})"


class _XdistHooks:
    """pytest-xdist's hooks, registered only when xdist is active (its hook specs exist)."""

    def pytest_configure_node(self, node: Any) -> None:
        """Hand the controller's seed to a worker: every worker generates the same examples."""
        node.workerinput[_WORKERINPUT_SEED] = node.config.stash[_SEED]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--dist loadgroup``, make sure each seam's items carry their group.

    xdist's worker appends ``@<group>`` to the node id of each item marked ``xdist_group``,
    and its scheduler groups by that suffix. On pytest 9.2 the id is a structured ``NodeId``
    and xdist's write (to ``item._nodeid``) no longer shows, so nothing is grouped
    (pytest-dev/pytest-xdist#1386). For check_seams()' own items only, and only when xdist's
    suffix is missing, the same suffix is written where pytest 9.2 reads the id.
    """
    if not (_on_xdist_worker(config) and config.getoption("loadgroup", False)):
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # before pytest 9.2: xdist's own suffix took effect
        return
    for item in items:
        if not isinstance(item, pytest.Function) or item.function not in _CHECK_FUNCTIONS:
            continue
        names = sorted(
            {
                str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                for mark in item.iter_markers("xdist_group")
            }
        )
        nodeid = item.nodeid
        if names and nodeid.rfind("@") <= nodeid.rfind("]"):  # xdist's test for a group
            try:
                item._id = NodeId.parse(f"{nodeid}@{'_'.join(names)}")
            except (AttributeError, TypeError, ValueError):
                # pytest's internals moved again: the items are not grouped, and each seam's
                # run may happen on more than one worker (the results stay the same).
                return


def _session_seed(config: pytest.Config) -> int:
    """The controller's seed in an xdist worker, else --seamguard-seed, else a random one."""
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is not None and _WORKERINPUT_SEED in workerinput:
        return int(workerinput[_WORKERINPUT_SEED])
    given: int | None = config.getoption("--seamguard-seed")
    return given if given is not None else random.randrange(2**32)


def _on_xdist_worker(config: pytest.Config) -> bool:
    """Whether this process is an xdist worker (its config has xdist's ``workerinput``)."""
    return hasattr(config, "workerinput")


def _config_path(pytestconfig: pytest.Config) -> Path | None:
    value = pytestconfig.getini("seamguard_config")
    return Path(pytestconfig.rootpath, value) if value else None


def check_seams(config: str | Path | None = None) -> Callable[..., None]:
    """A parametrized test: one item per bound seam x check, ids ``seam@version::check``.

    The whole run happens once, at the first item; each item then reports its own result.
    In an xdist worker, each seam's run happens at the first of its items there instead
    (``seams=[seam]``, the other bound seams only filling the id pools), so a worker runs
    only the seams it was given; each item is marked ``xdist_group(<seam>)`` so that
    ``--dist loadgroup`` gives all of a seam's items to one worker.
    """
    from seamguard.checks.catalogue import checks_for
    from seamguard.project import Project

    project = Project.open(config)
    loaded, registry = project.config, project.registry
    cases: list[tuple[str, str, str]] = []
    for binding in loaded.seams:
        later = False  # a later version is judged against its predecessor (contract-compat)
        try:
            contract = registry.get(binding.contract, binding.version)
            version = str(contract.version)
            later = registry.versions(binding.contract).index(contract) > 0
        except Exception:  # the run itself reports the bad binding
            version = binding.version or "?"
        cases.extend((binding.contract, version, check) for check in checks_for(predecessor=later))
    key = str(loaded.source or loaded.root)

    params = [
        pytest.param(s, v, c, id=f"{s}@{v}::{c}", marks=pytest.mark.xdist_group(s))
        for s, v, c in cases
    ]

    @pytest.mark.parametrize(("seam", "version", "check"), params)
    def test_seam_check(
        seam: str, version: str, check: str, request: pytest.FixtureRequest
    ) -> None:
        result = _result(request.config, loaded, key, seam, version, check)
        _assert_holds(result)

    _CHECK_FUNCTIONS.add(test_seam_check)
    return test_seam_check


def _result(
    pytestconfig: pytest.Config, loaded: Config, key: str, seam: str, version: str, check: str
) -> CheckResult | None:
    from seamguard.engine import run_check

    runs = pytestconfig.stash[_RUNS]
    only = seam if _on_xdist_worker(pytestconfig) else None
    if (key, only) not in runs:
        runs[key, only] = run_check(
            loaded,
            seams=() if only is None else (only,),
            seed=pytestconfig.stash[_SEED],
            max_examples=pytestconfig.getoption("--seamguard-max-examples"),
        )
    for result in runs[key, only].results:
        if (result.seam, result.version, result.check) == (seam, version, check):
            return result
    return None


def _assert_holds(result: CheckResult | None) -> None:
    from seamguard.errors import ContractViolation

    if result is None:
        pytest.fail("seamguard did not run this check (see the run's configuration errors)")
    if result.status == "skipped":
        pytest.skip(result.reason or "skipped")
    if result.status == "error":
        pytest.fail(f"{result.label} {result.check} could not run: {result.reason}")
    if result.failures:
        failure = result.failures[0]
        violation = ContractViolation(failure)
        lines = [str(violation), f"id: {failure.id}"]
        if failure.example is not None:
            lines.append(f"example: {failure.example!r}")
        if failure.seed is not None:
            lines.append(f"seed: {failure.seed}")
        if failure.reproduce:
            lines.append("reproduce:\n" + failure.reproduce)
        raise AssertionError("\n".join(lines))


class SeamLog:
    """The crossings recorded during one test, judged against their contracts on request."""

    def __init__(self, recorder: Recorder, project: Project) -> None:
        self._recorder = recorder
        self._project = project
        self._registry = project.registry
        self._validators = project.validators
        self._config = project.config

    @property
    def crossings(self) -> list[Crossing]:
        """Every crossing so far, in call order."""
        return self._recorder.crossings

    def of(self, seam: str) -> list[Crossing]:
        """The crossings of one seam."""
        self._project.seam(seam)  # an unknown name fails with the nearest one
        return [c for c in self.crossings if c.seam == seam]

    def only(self, seam: str) -> Crossing:
        """The one crossing of ``seam``; fails when there were none or several."""
        found = self.of(seam)
        if len(found) != 1:
            raise AssertionError(f"expected one crossing of '{seam}', saw {len(found)}")
        return found[0]

    def problems(self) -> list[str]:
        """Every crossing's input and output judged against its contract, worded as
        ``seamguard check`` words it; empty: all valid. (An exception the logic raised is the
        test's to judge: it is no problem here.)"""
        from seamguard.checks import LOGIC_ACCEPTS_INPUT
        from seamguard.checks.crossing import judge_crossing

        problems = []
        for crossing in self.crossings:
            binding = self._config.binding(crossing.seam)
            contract = self._registry.get(crossing.seam, binding.version)
            breaches = judge_crossing(
                crossing,
                input_schema=self._validators.of(contract.input),
                output_schema=self._validators.of(contract.output),
            )
            problems += [
                f"{crossing.seam}: {breach.message}"
                for breach in breaches
                if breach.check != LOGIC_ACCEPTS_INPUT
            ]
        return problems

    def assert_valid(self) -> None:
        """Fail when any crossing broke its contract."""
        problems = self.problems()
        assert not problems, "\n".join(problems)


@pytest.fixture
def seams(pytestconfig: pytest.Config) -> Iterator[SeamLog]:
    """Record every crossing of every bound seam during the test."""
    from seamguard.project import Project
    from seamguard.seams import Recorder, installed

    project = Project.open(_config_path(pytestconfig))
    recorder = Recorder()
    with project.on_path():
        bound = project.bind_all(project.config.seams)
        with installed(bound, recorder):
            yield SeamLog(recorder, project)
