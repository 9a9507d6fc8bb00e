"""The project one entry point works on: its configuration, contracts and bound seams.

Every entry point (``seamguard check``, ``lint`` and ``replay``, :func:`~seamguard.guard`,
:func:`~seamguard.call_seam`, the pytest plugin's ``check_seams`` and ``seams`` fixture)
starts with :meth:`Project.open`: the configuration, with the seams declared by
``@seamguard.seam`` merged in; the contracts tree and its validators, loaded on first use;
:meth:`Project.seam`, the one lookup of a seam by name (and the one wording when there is no
such seam); :meth:`Project.bind`, a seam's logic callable imported and inspected.

:class:`RunSettings` carries the options of one run (seed, examples, time limit, workers, ...)
from the entry point to the engine as one value.

Layering: above ``config``, ``contracts``, ``schema``, ``seams`` and ``checks``; below
``engine``, which runs checks on a project.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seamguard.config import Config, load_config
from seamguard.errors import ConfigError, ContractError, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from contextlib import AbstractContextManager
    from pathlib import Path

    from seamguard.config import Binding
    from seamguard.contracts import Contract, ContractRegistry, Validators
    from seamguard.seams import BoundSeam

__all__ = ["Project", "RunSettings", "call_seam", "no_config_found"]


def no_config_found(start: Path) -> str:
    """What to say when no configuration file was found from ``start`` upwards, and there is
    nothing to run without one."""
    return (
        "no configuration file found (pyproject.toml with [tool.seamguard], or "
        f"seamguard.toml) from {start} upwards; run `seamguard init --app MODULE:APP` to "
        "create one"
    )


@dataclass(frozen=True, slots=True)
class RunSettings:
    """The options of one run, resolved: what every unit of work runs by."""

    seed: int
    """The seed of every generated example."""
    max_examples: int
    """Examples per seam and check."""
    timeout: float
    """Seconds one logic call may take, for a seam whose binding sets no ``timeout``."""
    seams: tuple[str, ...] = ()
    """Only these bound seams (all when empty)."""
    http_checks_all: bool = False
    """Whether Schemathesis' checks beyond the documented operations run too."""
    base: str | None = None
    """A git ref whose published contract versions must not have changed."""
    example_db: str | None = "none"
    """Where failing examples are saved (see ``checks._database.open_database``)."""
    workers: int = 1
    """Worker processes."""
    shard: tuple[int, int] | None = None
    """``(i, n)``: only the i-th of n shards of the seams x checks."""

    @classmethod
    def of(
        cls,
        config: Config,
        *,
        seed: int | None = None,
        max_examples: int | None = None,
        **options: Any,
    ) -> RunSettings:
        """Settings for a run on ``config``: a random seed when ``seed`` is ``None``, the
        configuration's examples and time limit unless given; ``options`` are the other
        fields."""
        return cls(
            seed=random.randrange(2**32) if seed is None else seed,
            max_examples=config.max_examples if max_examples is None else max_examples,
            timeout=config.timeout,
            **options,
        )

    def timeout_of(self, binding: Binding) -> float:
        """Seconds one call of this seam's logic may take."""
        return binding.timeout or self.timeout


class Project:
    """One configuration with its declared seams, and the contracts tree it names.

    The contracts and their validators are loaded on first use: :func:`call_seam` needs
    neither.
    """

    def __init__(self, config: Config, *, contracts: Path | None = None) -> None:
        self.config: Config = config
        """The configuration, with the ``@seamguard.seam`` entries merged in."""
        self._contracts_root = contracts if contracts is not None else config.contracts

    @classmethod
    def open(
        cls,
        config: str | Path | Config | None = None,
        *,
        declared: bool = True,
        app_running: bool = False,
        contracts: Path | None = None,
    ) -> Project:
        """The project of a configuration file (or of a loaded :class:`~seamguard.Config`).

        Args:
            config: the file, a loaded configuration, or ``None`` for the nearest file from
                the working directory up.
            declared: merge in the seams declared by ``@seamguard.seam`` (the app's module
                is imported so that the decorators run); ``lint`` does not.
            app_running: the app is running already (the runtime guard): its modules, and
                their declarations, are imported, so the configuration's ``app`` is not
                imported again.
            contracts: a contracts root that overrides the configuration's.

        Raises:
            ConfigError: the configuration is wrong, or the app's module does not import.
        """
        from seamguard.seams import with_declared

        loaded = config if isinstance(config, Config) else load_config(config)
        if declared and app_running:
            merged = with_declared(dataclasses.replace(loaded, app=None))
            loaded = dataclasses.replace(merged, app=loaded.app)
        elif declared:
            loaded = with_declared(loaded)
        return cls(loaded, contracts=contracts)

    @functools.cached_property
    def registry(self) -> ContractRegistry:
        """The contracts tree, loaded on first use."""
        from seamguard.contracts import load_contracts

        if self.config.source is None and not self._contracts_root.exists():
            raise ConfigError(no_config_found(self.config.root))
        return load_contracts(self._contracts_root)

    @functools.cached_property
    def validators(self) -> Validators:
        """The compiled validators of the contracts tree, each built on first use."""
        from seamguard.contracts import Validators

        return Validators(self.registry)

    @property
    def names(self) -> list[str]:
        """The bound seams, as the configuration lists them."""
        return [binding.contract for binding in self.config.seams]

    @property
    def where(self) -> str:
        """The configuration file, for messages (the project folder when there is none)."""
        config = self.config
        return str(config.source) if config.source is not None else str(config.root)

    def seam(self, name: str, *, given_as: str = "") -> Binding:
        """The binding of the seam ``name``.

        Args:
            given_as: where the name came from, put first in the error (``--seam``).

        Raises:
            ConfigError: no seam of that name is bound; the message names the nearest one
                and every bound seam.
        """
        for binding in self.config.seams:
            if binding.contract == name:
                return binding
        names = self.names
        raise ConfigError(
            f"{given_as + ': ' if given_as else ''}no seam {name!r} is bound in {self.where}"
            f"{did_you_mean(name, names)} (bound: {', '.join(names) or 'none'})"
        )

    def chosen(
        self, names: Iterable[str], *, who: str = "", option: str = "--seam"
    ) -> list[Binding]:
        """The bindings of ``names`` in the configuration's order, all of them when empty.

        Args:
            who: the entry point, put first in an error (``guard``).
            option: the option or argument that gave ``names``.

        Raises:
            ConfigError: no seam is bound at all, or a name is not a bound seam.
        """
        wanted = [names] if isinstance(names, str) else list(names)
        lead = f"{who}: " if who else ""
        if not self.config.seams and self.config.source is None:
            raise ConfigError(f"{lead}{no_config_found(self.config.root)}")
        if not self.config.seams:
            raise ConfigError(
                f"{lead}no seams are bound in {self.where}: add a [[tool.seamguard.seams]] "
                "entry (contract, logic, routes) to pyproject.toml, or [[seams]] to "
                "seamguard.toml, or decorate the logic with @seamguard.seam (the app's "
                "module must import it)"
            )
        for name in wanted:
            self.seam(name, given_as=lead + option)
        return [b for b in self.config.seams if not wanted or b.contract in wanted]

    @functools.cached_property
    def usable(self) -> dict[str, Contract]:
        """Bound seam to its contract, for the seams whose contract loads without a problem
        of its own or of the shared definitions (any contract may use those): what can run."""
        registry = self.registry
        if registry.shared_problems:
            return {}
        found: dict[str, Contract] = {}
        for binding in self.config.seams:
            try:
                contract = registry.get(binding.contract, binding.version)
            except ContractError:
                continue
            if not registry.problems_of(binding.contract, str(contract.version)):
                found[binding.contract] = contract
        return found

    def usable_seam(self, name: str) -> Binding:
        """The binding of ``name`` when its contract can run (see :attr:`usable`).

        Raises:
            ConfigError: no such seam is bound, or its contract is not valid.
        """
        binding = self.seam(name)
        if name not in self.usable:
            raise ConfigError(
                f"no bound seam {name!r} with a valid contract: its contract, or a shared "
                "definition, has problems; `seamguard lint` lists them"
            )
        return binding

    def valid_contract(self, binding: Binding, *, who: str) -> Contract:
        """The contract ``binding`` names, refused when it (or a shared definition) has a
        problem.

        Raises:
            ContractError: no such contract, or it is not valid; the first problem is named.
        """
        from seamguard.checks._text import show_path

        registry = self.registry
        contract = registry.get(binding.contract, binding.version)
        problems = [
            *registry.problems_of(binding.contract, str(contract.version)),
            *registry.shared_problems,
        ]
        if problems:
            first = problems[0]
            raise ContractError(
                f"{who}: the contract {binding.contract}@{contract.version} is not valid "
                f"({show_path(first.path, self.config.root)}"
                f"{'#' + first.pointer if first.pointer else ''}"
                f": {first.message}); `seamguard lint` lists every problem"
            )
        return contract

    def on_path(self) -> AbstractContextManager[None]:
        """The project's modules importable (its folder and ``src/`` first on ``sys.path``)."""
        from seamguard.seams import project_on_path

        return project_on_path(self.config.root)

    def bind(self, binding: Binding | str) -> BoundSeam:
        """A seam's logic callable, imported (with the project on ``sys.path``) and inspected.

        Raises:
            ConfigError: no such seam is bound, or its logic does not import.
        """
        from seamguard.seams import bind

        if isinstance(binding, str):
            binding = self.seam(binding)
        with self.on_path():
            return bind(binding)

    def bind_all(self, bindings: Sequence[Binding]) -> list[BoundSeam]:
        """Every one of ``bindings`` bound, in order."""
        return [self.bind(binding) for binding in bindings]


def call_seam(seam: str, document: Any, *, config: str | Path | None = None) -> Any:
    """Call a bound seam's logic with one input document, as the logic side does.

    The JSON document is converted by the callable's annotations, ``self`` is built from
    ``instance``; the output document (JSON form) is returned. This is what a failure's
    reproduction snippet calls.

    Example::

        seamguard.call_seam("tasks.create", {"title": "Write"})
    """
    from seamguard.checks.logic import call_logic

    project = Project.open(config)
    bound = project.bind(seam)
    with project.on_path():
        return call_logic(bound, document, output=True)
