"""Units of work and the context that runs them, in this process or a worker's.

A run is cut into units (:data:`Unit`): the logic side of one seam, one planned part of the
API side, and ``api-within-logic`` last. A :class:`SeamContext` runs them: it binds seams on
first use and starts the app once an API unit needs it. A serial run has one context; each
worker process builds its own, so units never share state across processes.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seamguard._interrupt import raise_if_interrupted
from seamguard.generation._applog import LogTally

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from seamguard.checks import CheckResult
    from seamguard.checks.api import ApiFindings, ApiSide, ApiUnit
    from seamguard.checks.logic import AsyncRunner
    from seamguard.config import Binding, Config
    from seamguard.engine._model import OnProgress
    from seamguard.generation._asgi import AsgiDriver
    from seamguard.generation._client import Hook
    from seamguard.project import Project, RunSettings
    from seamguard.seams import BoundSeam

__all__ = [
    "LogicOutcome",
    "LogicUnit",
    "RequestsUnit",
    "SeamContext",
    "Unit",
    "WithinUnit",
    "executor",
    "seam_context",
]


@dataclass(frozen=True, slots=True)
class LogicUnit:
    """The logic side of one seam: ``model-matches-contract`` and the logic checks."""

    seam: str
    """The seam."""


@dataclass(frozen=True, slots=True)
class LogicOutcome:
    """What a :class:`LogicUnit` found."""

    model: CheckResult
    """The ``model-matches-contract`` result."""
    results: tuple[CheckResult, ...]
    """The logic checks' results."""
    hung: bool
    """Whether the logic hung (a request would hang the same way: the API side skips it)."""
    logs: LogTally | None = None
    """The app's log records and warnings during the unit (``None``: none captured)."""


@dataclass(frozen=True, slots=True)
class RequestsUnit:
    """One planned part of the API side (requests to some operations) -> ``ApiFindings``."""

    side: tuple[str, ...]
    """The seams the app side records (the driven ones, then those filling id pools)."""
    unit: ApiUnit
    """The part of the plan."""


@dataclass(frozen=True, slots=True)
class WithinUnit:
    """``api-within-logic`` of some seams -> seam to its result."""

    side: tuple[str, ...]
    """The seams the app side records."""
    seams: tuple[str, ...]
    """The seams to judge."""


Unit = LogicUnit | RequestsUnit | WithinUnit
"""Any unit of work; plain data, so a worker process can be sent one."""


class SeamContext:
    """One process's means to run units: bound seams, and the app once an API unit needs it.

    Over every bound seam whose contract can run (``Project.usable``).
    """

    def __init__(self, project: Project, settings: RunSettings, say: OnProgress) -> None:
        self.project = project
        self.settings = settings
        self.say = say
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(project.on_path())
        self._bound: dict[str, BoundSeam] = {}
        self._api: ApiSide | None = None
        self._driver: AsgiDriver | None = None
        self._openapi: dict[str, Any] | None = None

    @property
    def config(self) -> Config:
        """The project's configuration."""
        return self.project.config

    @property
    def bindings(self) -> tuple[Binding, ...]:
        """Every bound seam whose contract can run, as the configuration lists them."""
        usable = self.project.usable
        return tuple(b for b in self.config.seams if b.contract in usable)

    def close(self) -> None:
        """Stop the app (if it started) and restore the bound callables."""
        self._stack.close()

    def bound(self, name: str) -> BoundSeam:
        """The bound seam ``name``, bound on first use.

        Raises:
            ConfigError: no seam of that name is bound, or its contract cannot run.
        """
        if name not in self._bound:
            self._bound[name] = self.project.bind(self.project.usable_seam(name))
        return self._bound[name]

    def run(self, unit: Unit) -> Any:
        """Run one unit; its outcome (see each unit's class)."""
        from seamguard.generation._applog import captured_app_log

        if isinstance(unit, WithinUnit):
            return self._within(unit.side, unit.seams)
        with captured_app_log() as log:
            if isinstance(unit, LogicUnit):
                outcome = self._logic(unit.seam)
                return dataclasses.replace(outcome, logs=log.tally)
            findings: ApiFindings = self._api_side(unit.side).run(unit.unit)
        if log.outside.count:
            findings.logs.setdefault("", LogTally()).merge(log.outside)
        return findings

    def logic_checks(self, name: str, *, examples: list[Any] | None = None) -> list[CheckResult]:
        """Both logic-side checks of one seam, on generated inputs or on ``examples``."""
        from seamguard.checks.logic import run_logic_checks

        seam = self.bound(name)
        settings = self.settings
        with self._app_loop() as run_async:
            return run_logic_checks(
                seam,
                self.project.usable[name],
                self.project.validators,
                max_examples=settings.max_examples,
                seed=settings.seed,
                relative_to=self.config.root,
                config_file=self.config.source,
                timeout=settings.timeout_of(seam.binding),
                examples=examples,
                run_async=run_async,
            )

    @contextlib.contextmanager
    def _app_loop(self) -> Iterator[AsyncRunner]:
        """How the logic side runs async work: in a fresh event loop per example with no
        ``app`` configured; else inside the app's start-up, made for these examples (the app
        imported, ``app-setup`` called with it, its lifespan run, shut down after them), on
        the app's event loop, so the engine or tables the start-up made are there. The API
        side's app is reused when it is already running in this process."""
        from seamguard.checks.logic import fresh_loop

        if self.config.app is None:
            yield fresh_loop
            return
        if self._driver is not None:
            yield self._driver.run
            return
        with _started(self.config, auth=False) as driver:
            yield driver.run

    def _logic(self, name: str) -> LogicOutcome:
        from seamguard.checks import LOGIC_ACCEPTS_INPUT
        from seamguard.checks.logic import HUNG
        from seamguard.checks.model import check_model_matches_contract

        settings = self.settings
        seam = self.bound(name)
        self.say(f"logic side: {name} ({settings.max_examples} examples, seed {settings.seed})")
        model = check_model_matches_contract(
            seam,
            self.project.usable[name],
            self.project.validators,
            max_examples=settings.max_examples,
            seed=settings.seed,
            relative_to=self.config.root,
        )
        found = self.logic_checks(name)
        hung = any(r.check == LOGIC_ACCEPTS_INPUT and r.reason == HUNG for r in found)
        return LogicOutcome(model, tuple(found), hung)

    def _within(self, side: tuple[str, ...], names: tuple[str, ...]) -> dict[str, CheckResult]:
        from seamguard.checks.within import check_api_within_logic

        self._api_side(side)
        document = self._openapi
        assert document is not None
        self.say("static: api-within-logic")
        return {
            name: check_api_within_logic(
                self.bound(name),
                self.project.usable[name],
                self.project.validators,
                document,
                relative_to=self.config.root,
            )
            for name in names
        }

    def api_side(self) -> ApiSide:
        """The API side over every seam of the context (the app started)."""
        return self._api_side(tuple(b.contract for b in self.bindings))

    def _api_side(self, names: tuple[str, ...]) -> ApiSide:
        """The app, started on first use with every seam of ``names`` recorded."""
        if self._api is not None:
            return self._api
        from seamguard.checks.api import ApiSide, load_openapi
        from seamguard.generation._client import AUTH_REQUEST
        from seamguard.seams import Recorder, installed

        config, settings = self.config, self.settings
        app_path = config.app or ""
        self.say(f"API side: starting {app_path}")
        seams = [self.bound(name) for name in names]
        recorder = Recorder()
        self._stack.enter_context(installed(seams, recorder))
        driver = self._stack.enter_context(_started(config, auth=True))
        self._driver = driver
        recorder.take(AUTH_REQUEST)  # the login's crossings, if any, are not judged
        self._openapi = load_openapi(config, driver)
        self._api = ApiSide(
            config,
            seams,
            self.project.usable,
            self.project.validators,
            driver=driver,
            recorder=recorder,
            openapi=self._openapi,
            max_examples=settings.max_examples,
            seed=settings.seed,
            http_checks_all=settings.http_checks_all,
        )
        return self._api


def _started(config: Config, *, auth: bool) -> AsgiDriver:
    """The configured app with its hooks (``auth`` only when asked), to be entered: entering
    it runs ``app-setup`` and the start-up.

    Raises:
        ConfigError: the app or a hook does not import.
    """
    from seamguard.generation._asgi import AsgiDriver
    from seamguard.seams import import_object

    app = import_object(config.app or "", key="app")
    setup = _hook("app-setup", config.app_setup)
    login = _hook("auth", config.auth) if auth else None
    return AsgiDriver(app, setup=setup, auth=login)


def _hook(key: str, path: str | None) -> Hook | None:
    """The hook the configuration names under ``key``, imported (``None`` when unset).

    Raises:
        ConfigError: it does not import, or is not callable.
    """
    from seamguard.errors import ConfigError
    from seamguard.generation._client import Hook
    from seamguard.seams import import_object

    if path is None:
        return None
    function = import_object(path, key=key)
    if not callable(function):
        raise ConfigError(f"'{key}' = {path!r}: is not callable")
    return Hook(key, path, function)


@contextlib.contextmanager
def seam_context(project: Project, settings: RunSettings) -> Iterator[SeamContext]:
    """A context to run single units and checks in, over every bound seam whose contract
    can run: what ``seamguard replay`` uses."""
    context = SeamContext(project, settings, lambda _line: None)
    try:
        yield context
    finally:
        context.close()


@contextlib.contextmanager
def executor(
    project: Project, settings: RunSettings, say: OnProgress
) -> Iterator[Callable[[list[Unit]], list[Any]]]:
    """A function that runs units and returns their outcomes in the units' order: here,
    one after another, or spread over ``settings.workers`` processes."""
    from seamguard.engine._workers import WorkerPool, can_fork

    workers = settings.workers
    if workers > 1 and not can_fork():
        say(f"--workers {workers}: this platform cannot fork worker processes; running serially")
        workers = 1
    if workers <= 1:
        context = SeamContext(project, settings, say)

        def run_all(units: list[Unit]) -> list[Any]:
            outcomes = []
            for unit in units:
                raise_if_interrupted()  # a Ctrl-C whose KeyboardInterrupt was swallowed
                outcomes.append(context.run(unit))
            return outcomes

        try:
            yield run_all
        finally:
            context.close()
        return
    # Forked workers inherit the project with its contracts and validators already loaded.
    with WorkerPool(workers, lambda report: SeamContext(project, settings, report), say) as pool:
        yield pool.map
