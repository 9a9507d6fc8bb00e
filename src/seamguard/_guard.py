"""The runtime guard: judge a sample of a running service's seam crossings against the contracts.

Opt-in, for staging and production::

    app = create_app()
    guard = seamguard.guard(app, sample=0.01)      # 1 % of the calls of every bound seam

:func:`guard` loads the configuration and the contracts, binds every configured seam and puts
a long-lived wrapper on each bound logic callable, with the machinery ``seamguard check``
records crossings with (``seams.wrap_all``: where the callable is defined, and in every loaded
module that imported it by name; functions and methods, static and class methods, sync and
``async``). On each call the wrapper makes one draw (``random.Random.random``, safe under
threads): an unsampled call goes straight to the logic; a sampled call has its input document
built and judged before the logic runs and its output document judged when it returns, by the
compiled validators ``seamguard check`` uses. A mismatch is logged (logger
``seamguard.guard``, one WARNING line) or raised as :class:`~seamguard.ContractViolation`.

Nothing else about a call changes: the logic's exceptions (declared domain errors and any
other) pass through as they are, with no output to judge, and a fault of the guard itself
(a document it cannot build) is logged and the call goes on.
"""

from __future__ import annotations

import functools
import logging
import math
import random
from typing import TYPE_CHECKING, Any, TypeVar

from seamguard._guard_state import Guard, GuardCounts, _Tally
from seamguard.checks.crossing import judge_crossing
from seamguard.errors import ConfigError, ContractViolation, Failure, did_you_mean
from seamguard.seams import YIELDING, Crossing, recorded_items

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from seamguard.checks.crossing import Breach
    from seamguard.config import Binding, Config
    from seamguard.contracts import CompiledSchema, Contract
    from seamguard.project import Project
    from seamguard.seams import BoundSeam

__all__ = ["ON_MISMATCH", "Guard", "GuardCounts", "guard"]

ON_MISMATCH = ("log", "raise")
"""What a sampled call whose document breaks the contract does."""

_log = logging.getLogger("seamguard.guard")

_SHORT = 200
"""Characters of a document shown in a log line."""

AppT = TypeVar("AppT")


class _Gate:
    """The draw every wrapper makes, and the fraction it is compared with (0 once stopped)."""

    __slots__ = ("draw", "sample")

    def __init__(self, sample: float, seed: int | None) -> None:
        self.sample = sample
        # Random.random is one C call that holds the GIL (a lock in free-threaded builds):
        # safe to share between threads, and seedable for a reproducible choice of calls.
        self.draw = random.Random(seed).random


class _Judge:
    """Judges one seam's documents against its contract and reports what breaks it."""

    __slots__ = ("_input", "_output", "_root", "_source", "contract", "raises", "seam", "tally")

    def __init__(
        self,
        seam: BoundSeam,
        contract: Contract,
        input_schema: CompiledSchema,
        output_schema: CompiledSchema,
        *,
        raises: bool,
        root: Path,
        source: Path | None,
    ) -> None:
        self.seam = seam
        self.contract = contract
        self._input = input_schema
        self._output = output_schema
        self.raises = raises
        self._root = root
        self._source = source
        self.tally = _Tally()

    def input(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """The input document of a call, judged; ``None`` when the guard could not build it."""
        try:
            document = self.seam.shape.input_document(args, kwargs)
        except Exception as exc:  # the guard never breaks the call it watches
            self._fault("input", exc)
            return None
        self._judge("input", document, None, call=(args, kwargs))
        return document

    def output(self, result: Any, input_document: Any) -> None:
        """Judge the output document of a call that returned ``result``."""
        try:
            document = self.seam.shape.output_document(result)
        except Exception as exc:  # the guard never breaks the call it watches
            self._fault("output", exc)
            return
        self._judge("output", document, input_document)

    def _judge(
        self,
        side: str,
        document: Any,
        input_document: Any,
        *,
        call: tuple[tuple[Any, ...], dict[str, Any]] | None = None,
    ) -> None:
        if side == "input":
            crossing = Crossing(self.seam.seam, document)
            schemas = {"input_schema": self._input, "output_schema": None}
        else:
            crossing = Crossing(self.seam.seam, input_document, output=document)
            schemas = {"input_schema": None, "output_schema": self._output}
        try:
            breaches = judge_crossing(crossing, **schemas)
            if not breaches:
                return
            if call is not None and not self._fits(*call):
                # Arguments the signature does not take: the logic raises its own TypeError,
                # which must reach the caller as it is (the input document is only a record
                # of what was passed).
                return
        except Exception as exc:  # the guard never breaks the call it watches
            self._fault(side, exc)
            return
        self.tally.mismatch()
        breach = breaches[0]
        failure = self._failure(breach, document, input_document)
        if self.raises:
            raise ContractViolation(failure)
        errors = breach.errors
        pointer, message = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        _log.warning(
            "seamguard guard: %s@%s %s breaks the contract at %s: %s%s (%s); %s: %s",
            self.seam.seam,
            self.contract.version,
            side,
            pointer or "/",
            message,
            more,
            failure.file,
            side,
            _short(document),
            extra={
                "seamguard": {
                    "seam": self.seam.seam,
                    "version": str(self.contract.version),
                    "side": side,
                    "pointer": pointer,
                    "message": message,
                    "file": failure.file,
                }
            },
        )

    def _fits(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        """Whether the logic's signature takes these arguments."""
        shape = self.seam.shape
        try:
            shape.signature.bind(*(args[1:] if shape.skip_first else args), **kwargs)
        except TypeError:
            return False
        return True

    def _failure(self, breach: Breach, document: Any, input_document: Any) -> Failure:
        """A mismatch as a failure, worded as ``seamguard check`` words it."""
        if breach.side == "input":
            path = self.contract.input.path
            replay = document
        else:
            path = self.contract.output.path
            replay = input_document
        # As the logic-side checks write it: the input document as a Python literal.
        where = f", config={str(self._source)!r}" if self._source is not None else ""
        reproduce = (
            f"import seamguard\nseamguard.call_seam({self.seam.seam!r}, {replay!r}{where})"
            if replay is not None
            else ""
        )
        return Failure(
            check=breach.check,
            seam=self.seam.seam,
            version=str(self.contract.version),
            message=f"guard: {breach.message}",
            file=_show(path, self._root),
            example=document,
            reproduce=reproduce,
            kind=breach.kind,
        )

    def _fault(self, side: str, exc: Exception) -> None:
        _log.error(
            "seamguard guard: %s@%s: the %s document could not be judged (%s: %s); "
            "the call went on unjudged",
            self.seam.seam,
            self.contract.version,
            side,
            type(exc).__name__,
            exc,
        )


def _short(document: Any, limit: int = _SHORT) -> str:
    """Compact JSON, cut at ``limit`` characters (what ``seamguard check`` shows)."""
    from seamguard.checks._text import short_json

    return short_json(document, limit)


def _show(path: Path, root: Path) -> str:
    from seamguard.checks._text import show_path

    return show_path(path, root)


def _wrapper(seam: BoundSeam, judge: _Judge, gate: _Gate) -> Callable[..., Any]:
    """The long-lived wrapper of one bound callable: one draw, then straight through or judged."""
    function = seam.function
    draw = gate.draw
    tally = judge.tally
    lock = tally.lock  # the unsampled path counts inline: no method call on the way

    if seam.is_async:

        @functools.wraps(function)
        async def guarded_async(*args: Any, **kwargs: Any) -> Any:
            if draw() >= gate.sample:
                with lock:
                    tally.calls += 1
                return await function(*args, **kwargs)
            tally.sampled_call()
            document = judge.input(args, kwargs)
            result = await function(*args, **kwargs)
            if type(result) in YIELDING:
                return _judged_items(result, judge, document)
            judge.output(result, document)
            return result

        return guarded_async

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if draw() >= gate.sample:
            with lock:
                tally.calls += 1
            return function(*args, **kwargs)
        tally.sampled_call()
        document = judge.input(args, kwargs)
        result = function(*args, **kwargs)
        if type(result) in YIELDING:
            return _judged_items(result, judge, document)
        judge.output(result, document)
        return result

    return guarded


def _judged_items(result: Any, judge: _Judge, document: Any) -> Any:
    """A logic that yields: its items passed through to the caller, and their list judged
    as the output once the caller has drained them (not when it stopped early)."""

    def finish(items: list[Any], error: BaseException | None, early: bool) -> None:
        if error is None and not early:
            judge.output(items, document)

    return recorded_items(result, finish)


def guard(
    app: AppT,
    *,
    config: str | Path | Config | None = None,
    sample: float = 0.01,
    on_mismatch: str = "log",
    seed: int | None = None,
    seams: Iterable[str] = (),
) -> Guard[AppT]:
    """Judge a sample of the running service's seam crossings against their contracts.

    Call it once the app is built (its modules imported, so the names they imported the
    logic by are found and wrapped too), e.g. next to the ASGI app in the module a server
    imports::

        app = create_app()
        seam_guard = seamguard.guard(app, sample=0.01)            # log mismatches
        # or: with seamguard.guard(app, sample=1.0, on_mismatch="raise"): ...  (staging)

    Args:
        app: the ASGI app being served, kept as ``Guard.app`` and never changed or wrapped:
            the guard sits on the logic callables, so whatever reaches them (a route, a
            background task, a worker thread) is judged. The configuration's ``app`` is not
            imported again: importing it a second time could build a second app (another
            database connection, another lifespan); the app passed in is the one that runs,
            and its modules, already imported, hold the ``@seamguard.seam`` declarations.
        config: the configuration file (``pyproject.toml`` or ``seamguard.toml``), a loaded
            :class:`~seamguard.Config`, or ``None`` for the nearest file from the working
            directory up, as :func:`~seamguard.load_config` finds it.
        sample: the fraction of calls judged, from 0 (none: each call costs one draw and a
            count) to 1 (every call). Each call is drawn on its own.
        on_mismatch: ``"log"`` (one WARNING line on the ``seamguard.guard`` logger naming
            the seam, version, input or output, the JSON pointer, the message and a short
            form of the document) or ``"raise"`` (:class:`~seamguard.ContractViolation`:
            before the logic runs for an input, after it returned for an output).
        seed: seeds the draws (the same seed picks the same calls in one thread); ``None``
            draws from the operating system's randomness.
        seams: only these seams (all bound seams when empty).

    Returns:
        The running :class:`Guard`: ``.stop()`` restores the original callables; ``.calls``,
        ``.sampled``, ``.mismatches`` and ``.counts(seam)`` count; a context manager.

    Raises:
        ConfigError: an argument is wrong, the configuration is, or a bound logic callable
            does not import.
        ContractError: the contracts tree does not load, or a guarded seam's contract is
            not valid (``seamguard lint`` says why).
    """
    sample, wanted = _checked(sample, on_mismatch, seed, seams)
    from seamguard.project import Project
    from seamguard.seams import wrap_all

    # The app is running: its modules, and the @seamguard.seam declarations they hold, are
    # imported already, so the configuration's `app` is not imported again.
    project = Project.open(config, app_running=True)
    bindings = project.chosen(wanted, who="guard", option="seams")
    judges = _judges(project, bindings, raises=on_mismatch == "raise")
    bound = [judge.seam for judge in judges]
    gate = _Gate(sample, seed)
    by_name = {judge.seam.seam: judge for judge in judges}
    patched = wrap_all(bound, lambda seam: _wrapper(seam, by_name[seam.seam], gate))
    _log.info(
        "seamguard guard: watching %s (sample %g, on mismatch: %s)",
        ", ".join(f"{j.seam.seam}@{j.contract.version}" for j in judges),
        sample,
        on_mismatch,
    )
    return Guard(app, project.config, judges, gate, patched, sample=sample, on_mismatch=on_mismatch)


def _judges(project: Project, bindings: list[Binding], *, raises: bool) -> list[_Judge]:
    """A judge for each guarded seam: its contract checked valid, its logic bound."""
    contracts = [project.valid_contract(binding, who="guard") for binding in bindings]
    validators = project.validators
    root, source = project.config.root, project.config.source
    return [
        _Judge(
            seam,
            contract,
            validators.of(contract.input),  # compiled now: the first sampled call pays nothing
            validators.of(contract.output),
            raises=raises,
            root=root,
            source=source,
        )
        for seam, contract in zip(project.bind_all(bindings), contracts, strict=True)
    ]


def _checked(
    sample: object, on_mismatch: str, seed: int | None, seams: Iterable[str]
) -> tuple[float, list[str]]:
    """The guard's arguments checked: the fraction sampled and the seams asked for."""
    if (
        isinstance(sample, bool)
        or not isinstance(sample, (int, float))
        or math.isnan(sample)
        or not 0 <= sample <= 1
    ):
        raise ConfigError(
            f"guard: sample={sample!r} must be a number from 0 to 1, the fraction of calls "
            "judged (0.01 judges one call in a hundred)"
        )
    if on_mismatch not in ON_MISMATCH:
        raise ConfigError(
            f"guard: on_mismatch={on_mismatch!r} is not one of 'log', 'raise'"
            f"{did_you_mean(str(on_mismatch), ON_MISMATCH)}"
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ConfigError(f"guard: seed={seed!r} must be a whole number or None")
    return float(sample), [seams] if isinstance(seams, str) else list(seams)
