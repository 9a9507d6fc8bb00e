"""Binding: import a seam's logic callable, wrap it while a check runs, restore it after.

No application code changes: the callable is replaced where it is defined (the module
attribute, or the class attribute with its staticmethod/classmethod wrapper kept) and in
every loaded module that imported it by name (``from app.logic import create_task``).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seamguard.errors import ConfigError, did_you_mean, raised_at
from seamguard.seams._documents import CallShape, shape_of
from seamguard.seams._provide import is_async_factory, providers_of, yields_value
from seamguard.seams._pytypes import ParameterTypes, parameter_types
from seamguard.seams._recorder import Crossing, Recorder, current_request
from seamguard.seams._yielding import YIELDING, yielded, yields

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from seamguard.config import Binding

__all__ = [
    "BoundSeam",
    "bind",
    "import_object",
    "installed",
    "project_on_path",
    "restore",
    "wrap_all",
]


@contextmanager
def project_on_path(root: Path) -> Iterator[None]:
    """Let the project's modules import: its folder (and ``src/``) first on ``sys.path``."""
    added = [str(p) for p in (root / "src", root) if p.is_dir() and str(p) not in sys.path]
    sys.path[:0] = added
    importlib.invalidate_caches()
    try:
        yield
    finally:
        for entry in added:
            if entry in sys.path:
                sys.path.remove(entry)


def import_object(path: str, *, key: str) -> Any:
    """The object ``module:qualname`` names; a ``ConfigError`` naming ``key`` when it fails.

    A trailing ``()`` calls the object (a factory) and returns the result.
    """
    call = path.endswith("()")
    module_name, _, qualname = path.removesuffix("()").partition(":")
    try:
        target: Any = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise ConfigError(
                f"'{key}' = {path!r}: no module named '{exc.name}' (is the project installed, "
                "or is the config file in the project's folder?)"
            ) from None
        raise ConfigError(
            f"'{key}' = {path!r}: importing {module_name} failed: {exc}{raised_at(exc)}"
        ) from exc
    except Exception as exc:
        # A SyntaxError's own words name the file and line already, by name only.
        what = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise ConfigError(
            f"'{key}' = {path!r}: importing {module_name} failed: {type(exc).__name__}: "
            f"{what}{raised_at(exc)}"
        ) from exc
    walked = module_name
    for part in qualname.split("."):
        if not hasattr(target, part):
            names = [n for n in dir(target) if not n.startswith("_")]
            raise ConfigError(
                f"'{key}' = {path!r}: {walked} has no attribute '{part}'{did_you_mean(part, names)}"
            )
        target = getattr(target, part)
        walked = f"{walked}.{part}" if walked != module_name else f"{module_name}:{part}"
    if call:
        try:
            target = target()
        except Exception as exc:
            raise ConfigError(
                f"'{key}' = {path!r}: calling it failed: {type(exc).__name__}: {exc}"
            ) from exc
    return target


@dataclass(slots=True)
class BoundSeam:
    """A seam's logic callable, imported and understood, ready to wrap and to call."""

    binding: Binding
    """The configuration entry."""
    owner: Any
    """The module or class the callable is an attribute of."""
    attribute: str
    """Its name there."""
    raw: Any
    """The attribute as stored (a function, or a staticmethod/classmethod object)."""
    function: Callable[..., Any]
    """The plain function underneath."""
    kind: str
    """``function``, ``method``, ``staticmethod`` or ``classmethod``."""
    is_async: bool
    """Whether calling it returns a coroutine."""
    yields: str
    """``async`` or ``sync`` for a generator function (its output: the items), else empty."""
    shape: CallShape
    """How its arguments map to the input document."""
    declared: tuple[type[BaseException], ...]
    """The domain errors it may raise on valid input."""
    instance_factory: Callable[[], Any] | None = None
    """Builds ``self`` for direct calls of a method."""
    reset: Callable[..., Any] | None = None
    """The binding's ``reset`` hook, imported; ``None`` when it names none."""
    providers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    """The ``provide`` factories by parameter name, imported."""
    async_providers: bool = False
    """Whether a ``provide`` factory can only be entered in an event loop (decided once, at
    binding, not per example)."""
    route_given: frozenset[str] = frozenset()
    """Parameters ``provide`` names ``"route"``: the route gives them (the row it looked up
    first), so the logic side cannot call the logic; the API side alone judges the seam."""
    pytypes: ParameterTypes | None = None
    """The checkers of its parameters' annotations, compiled once here (``None``: no
    parameter is judged as a Python value, only in JSON form)."""
    _patched: list[tuple[Any, str, Any]] = field(default_factory=list)

    @property
    def seam(self) -> str:
        """The seam name."""
        return self.binding.contract

    @property
    def managed_instance(self) -> bool:
        """Whether ``instance`` yields ``self`` (:func:`yields_value`): made per call."""
        return self.kind == "method" and yields_value(self.instance_factory)

    def make_instance(self) -> Any:
        """``self`` for direct calls of a method (``None`` for anything else)."""
        if self.kind != "method":
            return None
        factory = self.instance_factory or self.owner
        try:
            return factory()
        except Exception as exc:
            how = self.binding.instance or f"{self.owner.__qualname__}()"
            raise ConfigError(
                f"seam '{self.seam}': building `self` with {how} failed: "
                f"{type(exc).__name__}: {exc}; set 'instance' to a factory that takes no "
                "arguments"
            ) from exc

    def target(self, instance: Any = None) -> Callable[..., Any]:
        """Something to call with the document's arguments: the function, or a bound method."""
        if self.kind == "method":
            owner = instance if instance is not None else self.make_instance()
            return getattr(owner, self.attribute)  # type: ignore[no-any-return]
        return getattr(self.owner, self.attribute)  # type: ignore[no-any-return]

    def is_declared(self, error: BaseException) -> bool:
        """Whether ``error`` is a declared domain error of this seam."""
        return isinstance(error, self.declared)


def bind(binding: Binding) -> BoundSeam:
    """Import and inspect the logic callable of one ``[[seams]]`` entry.

    Raises:
        ConfigError: the logic path, a ``raises`` entry, ``instance`` or ``reset`` does not
            import, or the logic is not callable.
    """
    module_name, _, qualname = binding.logic.partition(":")
    owner_path, _, attribute = qualname.rpartition(".")
    import_object(binding.logic, key="logic")  # imports it all, or says what is missing
    owner = (
        import_object(f"{module_name}:{owner_path}", key="logic")
        if owner_path
        else sys.modules[module_name]
    )
    raw = inspect.getattr_static(owner, attribute)
    if isinstance(raw, staticmethod):
        kind, function = "staticmethod", raw.__func__
    elif isinstance(raw, classmethod):
        kind, function = "classmethod", raw.__func__
    elif inspect.isclass(owner) and inspect.isfunction(raw):
        kind, function = "method", raw
    elif callable(raw):
        kind, function = "function", raw
    else:
        raise ConfigError(f"'logic' = {binding.logic!r}: is not callable")
    declared: list[type[BaseException]] = []
    for path in binding.raises:
        error = import_object(path, key="raises")
        if not (isinstance(error, type) and issubclass(error, BaseException)):
            raise ConfigError(f"'raises' = {path!r}: is not an exception class")
        declared.append(error)
    factory = None
    if binding.instance is not None:
        instance_path = binding.instance.removesuffix("()")
        made = import_object(instance_path, key="instance")
        if inspect.isclass(owner) and isinstance(made, owner):
            factory = functools.partial(_same, made)  # the instance itself: the routes' own
        elif not callable(made):
            raise ConfigError(f"'instance' = {binding.instance!r}: is not callable")
        else:
            factory = made
    reset = None
    if binding.reset is not None:
        reset = import_object(binding.reset, key="reset")
        if not callable(reset):
            raise ConfigError(f"'reset' = {binding.reset!r}: is not callable")
    unwrapped = inspect.unwrap(function)
    providers, route_given = providers_of(binding, function, import_object)
    provided = frozenset(providers) | route_given
    skip_first = kind in ("method", "classmethod")
    return BoundSeam(
        binding=binding,
        owner=owner,
        attribute=attribute,
        raw=raw,
        function=function,
        kind=kind,
        is_async=inspect.iscoroutinefunction(unwrapped),
        yields=yields(unwrapped),
        shape=shape_of(
            function,
            skip_first=skip_first,
            provided=provided,
            output_model=import_object(binding.output_model, key="output-model")
            if binding.output_model
            else None,
            owner=owner if inspect.isclass(owner) else None,
        ),
        declared=tuple(declared),
        instance_factory=factory,
        reset=reset,
        providers=providers,
        async_providers=any(is_async_factory(f) for f in providers.values()),
        route_given=route_given,
        pytypes=parameter_types(function, skip_first=skip_first, provided=provided),
    )


def _same(instance: Any) -> Any:
    """``self`` named by ``instance`` itself (a module-level instance), for every example."""
    return instance


def _wrapper(seam: BoundSeam, recorder: Recorder) -> Callable[..., Any]:
    """The logic wrapped so that each call is recorded as a crossing (sync or async alike:
    what goes in is read before the call, what came out or was raised after it)."""
    function = seam.function
    shape = seam.shape
    name = seam.seam
    declared = seam.declared
    pytypes = seam.pytypes

    def entered(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, str | None, Any, Any]:
        document, unbound = shape.recorded_input(args, kwargs)
        typed = pytypes.mismatches(args, kwargs) if pytypes and not unbound else ()
        return document, current_request.get(), unbound, typed

    def raised(call: tuple[Any, str | None, Any, Any], error: BaseException) -> None:
        document, request, unbound, typed = call
        known = isinstance(error, declared)
        recorder.record(Crossing(name, document, None, error, known, request, unbound, typed))

    def returned(call: tuple[Any, str | None, Any, Any], result: Any) -> Any:
        if type(result) in YIELDING:  # recorded when the route has drained it
            return yielded(result, recorder, seam, call)
        document, request, unbound, typed = call
        output = shape.output_document(result)
        recorder.record(
            Crossing(name, document, output, request=request, unbound=unbound, mistyped=typed)
        )
        return result

    if seam.is_async:

        @functools.wraps(function)
        async def recorded_async(*args: Any, **kwargs: Any) -> Any:
            call = entered(args, kwargs)
            try:
                result = await function(*args, **kwargs)
            except BaseException as error:
                raised(call, error)
                raise
            return returned(call, result)

        return recorded_async

    @functools.wraps(function)
    def recorded(*args: Any, **kwargs: Any) -> Any:
        call = entered(args, kwargs)
        try:
            result = function(*args, **kwargs)
        except BaseException as error:
            raised(call, error)
            raise
        return returned(call, result)

    return recorded


def wrap_all(
    seams: Sequence[BoundSeam], wrap: Callable[[BoundSeam], Callable[..., Any]]
) -> list[tuple[Any, str, Any]]:
    """Replace every bound callable by ``wrap(seam)``; what to hand to :func:`restore`.

    The wrapper goes where the callable is defined (kept a staticmethod or classmethod when it
    was one) and, for a module-level function, into every loaded module that imported it by
    name. If a replacement fails, the ones already made are undone before the error is raised.
    """
    patched: list[tuple[Any, str, Any]] = []
    try:
        for seam in seams:
            wrapper = wrap(seam)
            replacement: Any = wrapper
            if seam.kind == "staticmethod":
                replacement = staticmethod(wrapper)
            elif seam.kind == "classmethod":
                replacement = classmethod(wrapper)
            patched.append((seam.owner, seam.attribute, seam.raw))
            setattr(seam.owner, seam.attribute, replacement)
            if seam.kind == "function":
                # Modules that did `from logic import create_task` hold their own reference.
                for module in list(sys.modules.values()):
                    namespace = getattr(module, "__dict__", None)
                    if not namespace or module is seam.owner:
                        continue
                    for key, value in list(namespace.items()):
                        if value is seam.raw:
                            patched.append((module, key, value))
                            setattr(module, key, wrapper)
    except BaseException:
        restore(patched)
        raise
    return patched


def restore(patched: list[tuple[Any, str, Any]]) -> None:
    """Put back what :func:`wrap_all` replaced, last replacement first."""
    for owner, attribute, original in reversed(patched):
        setattr(owner, attribute, original)


@contextmanager
def installed(seams: list[BoundSeam], recorder: Recorder) -> Iterator[None]:
    """Wrap every bound callable so its calls are recorded; restore them all on exit."""
    patched = wrap_all(seams, lambda seam: _wrapper(seam, recorder))
    try:
        yield
    finally:
        restore(patched)
