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

import dataclasses
import functools
import logging
import math
import random
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from seamguard.config import Config, load_config
from seamguard.errors import ConfigError, ContractError, ContractViolation, Failure, did_you_mean
from seamguard.seams import to_json

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path
    from types import TracebackType

    from seamguard.contracts import Contract
    from seamguard.schema._validators import CompiledSchema
    from seamguard.seams import BoundSeam

__all__ = ["ON_MISMATCH", "Guard", "GuardCounts", "guard"]

ON_MISMATCH = ("log", "raise")
"""What a sampled call whose document breaks the contract does."""

_log = logging.getLogger("seamguard.guard")

_SHORT = 200
"""Characters of a document shown in a log line."""

AppT = TypeVar("AppT")


@dataclass(frozen=True, slots=True)
class GuardCounts:
    """How many calls of a seam (or of all seams) the guard saw, judged and found wrong."""

    calls: int = 0
    """Calls of the bound logic callable while the guard ran."""
    sampled: int = 0
    """Calls drawn for judging."""
    mismatches: int = 0
    """Documents that broke the contract: an input and an output of one call count twice."""

    def __add__(self, other: GuardCounts) -> GuardCounts:
        return GuardCounts(
            self.calls + other.calls,
            self.sampled + other.sampled,
            self.mismatches + other.mismatches,
        )


class _Tally:
    """One seam's counters, under a lock: exact under threads."""

    __slots__ = ("calls", "lock", "mismatches", "sampled")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.sampled = 0
        self.mismatches = 0

    def sampled_call(self) -> None:
        with self.lock:
            self.calls += 1
            self.sampled += 1

    def mismatch(self) -> None:
        with self.lock:
            self.mismatches += 1

    def counts(self) -> GuardCounts:
        with self.lock:
            return GuardCounts(self.calls, self.sampled, self.mismatches)


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
            document = to_json(result)
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
        schema = self._input if side == "input" else self._output
        try:
            if schema.is_valid(document):
                return
            if call is not None and not self._fits(*call):
                # Arguments the signature does not take: the logic raises its own TypeError,
                # which must reach the caller as it is (the input document is only a record
                # of what was passed).
                return
            errors = schema.errors(document) or [("", "the document breaks the schema")]
        except Exception as exc:  # the guard never breaks the call it watches
            self._fault(side, exc)
            return
        self.tally.mismatch()
        failure = self._failure(side, document, errors, input_document)
        if self.raises:
            raise ContractViolation(failure)
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

    def _failure(
        self, side: str, document: Any, errors: list[tuple[str, str]], input_document: Any
    ) -> Failure:
        from seamguard.checks import API_HANDS_VALID_INPUT, LOGIC_OUTPUT_CONFORMS

        pointer, message = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        if side == "input":
            check = API_HANDS_VALID_INPUT
            path = self.contract.input.path
            what = "the API handed the logic an input the contract forbids"
            replay = document
        else:
            check = LOGIC_OUTPUT_CONFORMS
            path = self.contract.output.path
            what = "the logic returned an output the contract forbids"
            replay = input_document
        # As the logic-side checks write it: the input document as a Python literal.
        where = f", config={str(self._source)!r}" if self._source is not None else ""
        reproduce = (
            f"import seamguard\nseamguard.call_seam({self.seam.seam!r}, {replay!r}{where})"
            if replay is not None
            else ""
        )
        return Failure(
            check=check,
            seam=self.seam.seam,
            version=str(self.contract.version),
            message=(
                f"guard: {what}, at {pointer or '/'}: {message}{more}; {side}: {_short(document)}"
            ),
            file=_show(path, self._root),
            example=document,
            reproduce=reproduce,
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
        judge.output(result, document)
        return result

    return guarded


class Guard(Generic[AppT]):
    """A running guard (see :func:`guard`): its counters, and :meth:`stop`.

    A context manager: ``with seamguard.guard(app, sample=1.0) as g: ...`` stops it on exit.
    """

    def __init__(
        self,
        app: AppT,
        config: Config,
        judges: list[_Judge],
        gate: _Gate,
        patched: list[tuple[Any, str, Any]],
        *,
        sample: float,
        on_mismatch: str,
    ) -> None:
        self.app: AppT = app
        """The app passed to :func:`guard`, unchanged."""
        self.config: Config = config
        """The configuration the guard runs by (with the ``@seamguard.seam`` entries)."""
        self.sample: float = sample
        """The fraction of calls judged."""
        self.on_mismatch: str = on_mismatch
        """``"log"`` or ``"raise"``."""
        self._judges = {judge.seam.seam: judge for judge in judges}
        self._gate = gate
        self._patched = patched
        self._final: dict[str, GuardCounts] | None = None
        self._lock = threading.Lock()

    @property
    def seams(self) -> tuple[str, ...]:
        """The guarded seams, as the configuration lists them."""
        return tuple(self._judges)

    def versions(self) -> dict[str, str]:
        """Seam name to the contract version its crossings are judged against."""
        return {name: str(judge.contract.version) for name, judge in self._judges.items()}

    @property
    def active(self) -> bool:
        """True until :meth:`stop`."""
        return self._final is None

    def counts(self, seam: str | None = None) -> GuardCounts:
        """The counters of one seam, or of all of them (``None``); final after :meth:`stop`."""
        by_seam = self.counts_by_seam()
        if seam is None:
            return sum(by_seam.values(), GuardCounts())
        if seam not in by_seam:
            raise ConfigError(
                f"the guard watches no seam '{seam}'{did_you_mean(seam, by_seam)} "
                f"(it watches: {', '.join(by_seam)})"
            )
        return by_seam[seam]

    def counts_by_seam(self) -> dict[str, GuardCounts]:
        """Every guarded seam's counters."""
        if self._final is not None:
            return dict(self._final)
        return {name: judge.tally.counts() for name, judge in self._judges.items()}

    @property
    def calls(self) -> int:
        """Calls of every guarded seam seen so far."""
        return self.counts().calls

    @property
    def sampled(self) -> int:
        """Calls judged so far."""
        return self.counts().sampled

    @property
    def mismatches(self) -> int:
        """Documents found breaking their contract so far."""
        return self.counts().mismatches

    def stop(self) -> None:
        """Put every original callable back where the guard replaced it; idempotent.

        A reference to a wrapper taken while the guard ran (a module imported meanwhile that
        did ``from logic import create_task``) keeps it, but it judges nothing more, and the
        counters keep their final values.
        Guards (and ``seamguard check``'s wrappers) on the same seams stop in the reverse
        order of their start, as nested ``with`` blocks do.
        """
        with self._lock:
            if self._final is not None:
                return
            self._gate.sample = 0.0
            from seamguard.seams import restore

            restore(self._patched)
            self._patched = []
            self._final = {name: judge.tally.counts() for name, judge in self._judges.items()}
        total = self.counts()
        _log.info(
            "seamguard guard: stopped; %d calls, %d judged, %d mismatches",
            total.calls,
            total.sampled,
            total.mismatches,
        )

    def __enter__(self) -> Guard[AppT]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        total = self.counts()
        state = "active" if self.active else "stopped"
        return (
            f"<Guard {state} seams={len(self._judges)} sample={self.sample} "
            f"on_mismatch={self.on_mismatch!r} calls={total.calls} sampled={total.sampled} "
            f"mismatches={total.mismatches}>"
        )


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
    sample = _check_sample(sample)
    if on_mismatch not in ON_MISMATCH:
        raise ConfigError(
            f"guard: on_mismatch={on_mismatch!r} is not one of 'log', 'raise'"
            f"{did_you_mean(str(on_mismatch), ON_MISMATCH)}"
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ConfigError(f"guard: seed={seed!r} must be a whole number or None")
    wanted = [seams] if isinstance(seams, str) else list(seams)

    from seamguard.contracts import load_contracts
    from seamguard.schema import Validators
    from seamguard.seams import bind, project_on_path, with_declared, wrap_all

    loaded = config if isinstance(config, Config) else load_config(config)
    # with_declared imports the config's app to run @seamguard.seam; the app is running
    # already, so its modules (and their declarations) are imported: leave `app` out.
    merged = with_declared(dataclasses.replace(loaded, app=None))
    loaded = dataclasses.replace(merged, app=loaded.app)
    bound_names = [binding.contract for binding in loaded.seams]
    where = str(loaded.source) if loaded.source is not None else str(loaded.root)
    if not bound_names:
        raise ConfigError(
            f"guard: no seams are bound in {where}: add a [[seams]] entry, or decorate the "
            "logic with @seamguard.seam"
        )
    for name in wanted:
        if name not in bound_names:
            raise ConfigError(
                f"guard: seams: no seam {name!r} is bound in {where}"
                f"{did_you_mean(name, bound_names)} (bound: {', '.join(bound_names)})"
            )
    bindings = [b for b in loaded.seams if not wanted or b.contract in wanted]

    registry = load_contracts(loaded.contracts)
    contracts: list[Contract] = []
    for binding in bindings:
        contract = registry.get(binding.contract, binding.version)
        problems = [
            *registry.problems_of(binding.contract, str(contract.version)),
            *registry.shared_problems,
        ]
        if problems:
            first = problems[0]
            raise ContractError(
                f"guard: the contract {binding.contract}@{contract.version} is not valid "
                f"({_show(first.path, loaded.root)}{'#' + first.pointer if first.pointer else ''}"
                f": {first.message}); `seamguard lint` lists every problem"
            )
        contracts.append(contract)
    validators = Validators(registry)

    with project_on_path(loaded.root):
        bound = [bind(binding) for binding in bindings]
    raises = on_mismatch == "raise"
    judges = [
        _Judge(
            seam,
            contract,
            validators.of(contract.input),  # compiled now: the first sampled call pays nothing
            validators.of(contract.output),
            raises=raises,
            root=loaded.root,
            source=loaded.source,
        )
        for seam, contract in zip(bound, contracts, strict=True)
    ]
    gate = _Gate(sample, seed)
    by_name = {judge.seam.seam: judge for judge in judges}
    patched = wrap_all(bound, lambda seam: _wrapper(seam, by_name[seam.seam], gate))
    _log.info(
        "seamguard guard: watching %s (sample %g, on mismatch: %s)",
        ", ".join(f"{j.seam.seam}@{j.contract.version}" for j in judges),
        sample,
        on_mismatch,
    )
    return Guard(app, loaded, judges, gate, patched, sample=sample, on_mismatch=on_mismatch)


def _check_sample(sample: object) -> float:
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
    return float(sample)
