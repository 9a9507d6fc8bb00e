"""``@seamguard.seam``: a binding written on the logic callable instead of in the config.

The decorator records a ``[[seams]]`` entry and hands the callable back untouched (the same
object: no wrapper, no cost on any call). A check learns of the entries when it imports the
app's module (which imports the logic), and merges them with the file's entries
(``with_declared``); an entry in the file for the same seam wins.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from seamguard.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from seamguard.config import Binding, Config

__all__ = ["declared", "seam", "with_declared"]

F = TypeVar("F")

# (seam name, logic path) to the entry, in declaration order. One process may hold several
# projects (a test suite of services); each check takes the entries of its own project.
_DECLARED: dict[tuple[str, str], Binding] = {}


def seam(
    contract: str,
    *,
    version: str | None = None,
    routes: Iterable[str] = (),
    raises: Iterable[type[BaseException] | str] = (),
    instance: Callable[[], Any] | str | None = None,
    input_model: type | str | None = None,
    output_model: type | str | None = None,
    compatibility: str | None = None,
) -> Callable[[F], F]:
    """Bind the decorated logic callable to a seam, as a ``[[seams]]`` entry would.

    Example::

        @seamguard.seam("tasks.create", version="1.1", routes=["POST /api/tasks"],
                        raises=(TaskError,))
        def create_task(self, title: str) -> Task: ...

    Arguments take the config's keys, with objects allowed where the file names
    ``module:qualname`` (``raises``, ``instance``, ``input_model``, ``output_model``).

    Raises:
        ConfigError: an argument is wrong (the message names it), or the callable cannot be
            imported by its name (a function defined inside another one).
    """

    def decorate(target: F) -> F:
        function = getattr(target, "__func__", target)  # staticmethod / classmethod
        module = getattr(function, "__module__", None)
        qualname = getattr(function, "__qualname__", None)
        if not isinstance(module, str) or not isinstance(qualname, str) or "<" in qualname:
            raise ConfigError(
                f"@seamguard.seam({contract!r}): {target!r} cannot be imported by name; "
                "decorate a module-level function or a method of a module-level class"
            )
        raw: dict[str, Any] = {
            "contract": contract,
            "logic": f"{module}:{qualname}",
            "routes": list(routes),
            "raises": [_path(error) for error in raises],
        }
        for key, value in (
            ("version", version),
            ("instance", instance),
            ("input-model", input_model),
            ("output-model", output_model),
            ("compatibility", compatibility),
        ):
            if value is not None:
                raw[key] = value if isinstance(value, str) else _path(value)
        from seamguard.config._parse import parse_binding

        binding = parse_binding(raw, where=f"@seamguard.seam on {module}:{qualname}")
        _DECLARED[(contract, binding.logic)] = binding
        return target

    return decorate


def _path(value: Any) -> str:
    if isinstance(value, str):
        return value
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str):
        raise ConfigError(f"@seamguard.seam: {value!r} has no importable name")
    return f"{module}:{qualname}"


def declared() -> tuple[Binding, ...]:
    """Every entry declared so far, in declaration order."""
    return tuple(_DECLARED.values())


def with_declared(config: Config) -> Config:
    """``config`` with the seams declared by ``@seamguard.seam`` in the app's code.

    The app's module is imported (with the project on ``sys.path``) so the decorators run.
    Only entries on code under the configuration file's folder count, and an entry in the
    file for the same seam wins over a declared one.

    Raises:
        ConfigError: the app's module does not import.
    """
    if config.app is not None:
        from seamguard.seams._binding import import_object, project_on_path

        module = config.app.partition(":")[0]
        with project_on_path(config.root):
            try:
                importlib.import_module(module)
            except Exception:
                import_object(config.app, key="app")  # raises the config error that says why
    bound = {binding.contract for binding in config.seams}
    extra: dict[str, Binding] = {}
    for binding in declared():
        if binding.contract in bound or not _in_project(binding.logic, config.root):
            continue
        earlier = extra.get(binding.contract)
        if earlier is not None:
            raise ConfigError(
                f"@seamguard.seam({binding.contract!r}) is declared twice: on {earlier.logic} "
                f"and on {binding.logic}"
            )
        extra[binding.contract] = binding
    if not extra:
        return config
    return dataclasses.replace(config, seams=(*config.seams, *extra.values()))


def _in_project(logic: str, root: Path) -> bool:
    """Whether the module of ``logic`` was loaded from a file under ``root`` (the folder of
    the configuration file): a process may have imported other projects' decorated code."""
    module = sys.modules.get(logic.partition(":")[0])
    file = getattr(module, "__file__", None)
    return isinstance(file, str) and Path(file).resolve().is_relative_to(root.resolve())
