"""The cost of judging the seam as a Python call, per crossing, and which library to judge with.

Run: ``.venv/bin/python benchmarks/bench_pytypes.py [--calls N] [--rounds N]``

The workload is a 5-argument logic, ``post(account_id: UUID, kind: Kind, amount: int,
at: datetime, tags: list[str])`` (defined here), bound by a configuration built in memory and
called through seamguard's recording wrapper (``installed``), as the API side records every
crossing. Each round times, in a rotating order, ``--calls`` calls (default 20,000):

- **crossing, not judged**: the wrapper with ``BoundSeam.pytypes`` set to ``None`` (input
  document, output document, the recorded ``Crossing``): the baseline;
- **crossing, judged**: the wrapper as seamguard runs it, each argument judged by the
  beartype checkers ``parameter_types`` compiled at binding;
- **crossing, judged, all refused**: the same call handed five wrong values (a ``str`` for
  each), the path of a failure (the words of each mismatch made);

and the judgement alone, five arguments per call, by each candidate library:

- **beartype, compiled** (taken): ``ParameterTypes.mismatches``, one ``@beartype`` function
  with the logic's signature, made once at binding, called with the call's arguments;
- **beartype, is_bearable**: ``beartype.door.is_bearable(value, hint)`` per argument (the
  checker looked up in beartype's cache on every call);
- **typeguard**: ``typeguard.check_type(value, hint)`` per argument;
- **pydantic strict**: a strict ``TypeAdapter`` per parameter, built once, its
  ``validate_python`` per argument (a copy of the list, a new model instance on the way).

The figures are medians over ``--rounds``, the added cost the median of the per-round
differences from the baseline, with ratios to it. Goal: the judgement adds under 5 µs to a
5-argument crossing. The headline is the judgement alone as the wrapper runs it
(``ParameterTypes.mismatches``, the one call it adds); the difference between the judged and
the unjudged crossing says the same, but the crossing costs 10-20 µs and drifts by more than
the judgement on a shared machine. Then each library's verdicts on the cases that matter
(a ``str`` for a ``UUID`` must fail; an ``int`` for a ``float``, ``True`` for an ``int``, a
``datetime`` for a ``date``, a model subclass, a plain class instance must pass) with its
wrong verdicts counted: a library that raises a false alarm is no candidate, whatever its
speed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import enum
import gc
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, TypeAdapter

GOAL_NS = 5_000


class Kind(str, enum.Enum):
    """An entry's kind."""

    DEBIT = "debit"
    CREDIT = "credit"


def post(account_id: UUID, kind: Kind, amount: int, at: datetime.datetime, tags: list[str]) -> int:
    """The 5-argument logic of the workload."""
    return amount


HINTS: tuple[Any, ...] = (UUID, Kind, int, datetime.datetime, list[str])
GOOD: tuple[Any, ...] = (uuid4(), Kind.DEBIT, 5, datetime.datetime(2026, 1, 1), ["a", "b"])
BAD: tuple[Any, ...] = ("id", "debit", "5", "2026-01-01", "a")


def config(folder: Path) -> Any:
    """A configuration binding ``post`` (as ``__main__:post``) to a two-file contract."""
    from seamguard import Binding, Config

    version = folder / "contracts" / "wallet.post" / "1.0"
    version.mkdir(parents=True)
    dialect = "https://json-schema.org/draft/2020-12/schema"
    (version / "input.schema.json").write_text(json.dumps({"$schema": dialect}))
    (version / "output.schema.json").write_text(json.dumps({"$schema": dialect}))
    binding = Binding(contract="wallet.post", logic="__main__:post")
    return Config(root=folder, contracts=folder / "contracts", seams=(binding,))


def timed_calls(call: Callable[[], object], calls: int) -> float:
    """ns per call of ``call``."""
    started = time.perf_counter_ns()
    for _ in range(calls):
        call()
    return (time.perf_counter_ns() - started) / calls


def candidates() -> dict[str, Callable[[tuple[Any, ...]], object]]:
    """Each library's judgement of five arguments against ``HINTS``, built once."""
    import typeguard
    from beartype import BeartypeConf
    from beartype.door import is_bearable

    from seamguard.seams._pytypes import parameter_types

    compiled = parameter_types(post, skip_first=False)
    assert compiled is not None
    conf = BeartypeConf(is_pep484_tower=True, is_random=False)
    strict = ConfigDict(strict=True, arbitrary_types_allowed=True)
    adapters = [TypeAdapter(hint, config=strict) for hint in HINTS]
    pairs = list(zip(HINTS, adapters, strict=True))

    def bearable(values: tuple[Any, ...]) -> object:
        return [is_bearable(v, h, conf=conf) for v, h in zip(values, HINTS, strict=True)]

    def typeguarded(values: tuple[Any, ...]) -> object:
        refused = []
        for value, hint in zip(values, HINTS, strict=True):
            try:
                typeguard.check_type(value, hint)
            except typeguard.TypeCheckError:
                refused.append(hint)
        return refused

    def pydantic_strict(values: tuple[Any, ...]) -> object:
        refused = []
        for value, (hint, adapter) in zip(values, pairs, strict=True):
            try:
                adapter.validate_python(value)
            except ValueError:
                refused.append(hint)
        return refused

    return {
        "beartype, compiled (taken)": lambda values: compiled.mismatches(values, {}),
        "beartype, is_bearable": bearable,
        "typeguard": typeguarded,
        "pydantic strict": pydantic_strict,
    }


def measure(calls: int, rounds: int) -> dict[str, list[float]]:
    """ns per call in each round, by workload."""
    from seamguard.seams import Recorder, bind, installed

    with tempfile.TemporaryDirectory(prefix="seamguard-bench-") as folder:
        seam = bind(config(Path(folder)).seams[0])
    assert seam.pytypes is not None
    bare = dataclasses.replace(seam, pytypes=None)
    recorder = Recorder()
    module = globals()
    workloads: dict[str, Callable[[], object]] = {}
    with installed([bare], recorder):
        unjudged = module["post"]
    with installed([seam], recorder):
        judged = module["post"]
    workloads["crossing, not judged"] = lambda: unjudged(*GOOD)
    workloads["crossing, judged"] = lambda: judged(*GOOD)
    workloads["crossing, judged, all refused"] = lambda: judged(*BAD)
    for name, judge in candidates().items():
        workloads[f"judgement alone: {name}"] = lambda judge=judge: judge(GOOD)  # type: ignore[misc]
    assert judged(*GOOD) == 5
    assert recorder.take()[-1].mistyped == ()
    judged(*BAD)
    assert len(recorder.take()[-1].mistyped) == 5
    per_call: dict[str, list[float]] = {name: [] for name in workloads}
    names = list(workloads)
    for index in range(rounds):
        for name in names[index % len(names) :] + names[: index % len(names)]:
            gc.collect()
            timed_calls(workloads[name], calls // 10)  # warm
            per_call[name].append(timed_calls(workloads[name], calls))
            recorder.take()
    return per_call


def verdicts() -> None:
    """Each library's verdicts on the cases that matter, wrong ones counted."""
    import datetime as dt

    class Note(BaseModel):
        title: str

    class LongNote(Note):
        body: str = ""

    class Plain:
        pass

    cases: list[tuple[str, Any, Any, bool]] = [
        ("a str for a UUID", "id", UUID, False),
        ("a str for an Enum", "debit", Kind, False),
        ("a dict for a model", {"title": "x"}, Note, False),
        ("a str in a list[UUID]", ["id"], list[UUID], False),
        ("an int for a float", 3, float, True),
        ("True for an int", True, int, True),
        ("a datetime for a date", dt.datetime(2026, 1, 1), dt.date, True),
        ("a model subclass", LongNote(title="x"), Note, True),
        ("a plain class's instance", Plain(), Plain, True),
    ]
    import typeguard
    from beartype import BeartypeConf
    from beartype.door import is_bearable

    conf = BeartypeConf(is_pep484_tower=True)
    strict = ConfigDict(strict=True, arbitrary_types_allowed=True)

    def by_typeguard(value: Any, hint: Any) -> bool:
        try:
            typeguard.check_type(value, hint)
        except typeguard.TypeCheckError:
            return False
        return True

    def by_pydantic(value: Any, hint: Any) -> bool:
        try:
            TypeAdapter(hint, config=strict).validate_python(value)
        except ValueError:
            return False
        return True

    judges: dict[str, Callable[[Any, Any], bool]] = {
        "beartype": lambda value, hint: is_bearable(value, hint, conf=conf),
        "typeguard": by_typeguard,
        "pydantic strict": by_pydantic,
    }
    print("\nverdicts (pass/fail; * a wrong one):")
    print(f"  {'case':28} {'expected':9}" + "".join(f"{name:>17}" for name in judges))
    wrong = dict.fromkeys(judges, 0)
    for label, value, hint, expected in cases:
        row = f"  {label:28} {'pass' if expected else 'fail':9}"
        for name, judge in judges.items():
            try:
                got = judge(value, hint)
            except Exception:  # a library that cannot judge it errs: wrong both ways
                got = not expected
            wrong[name] += got is not expected
            row += f"{('pass' if got else 'fail') + ('*' if got is not expected else ' '):>17}"
        print(row)
    print("  wrong verdicts: " + ", ".join(f"{name} {count}" for name, count in wrong.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="calls per round and workload")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    per_call = measure(args.calls, args.rounds)
    base = per_call["crossing, not judged"]
    baseline = statistics.median(base)
    print(f"calls per round and workload: {args.calls}, rounds: {args.rounds} (medians)")
    print(f"  {'crossing, not judged (baseline)':44}: {baseline / 1000:7.3f} µs per call")
    added: dict[str, float] = {}
    for name, rounds in per_call.items():
        if name == "crossing, not judged":
            continue
        value = statistics.median(rounds)
        if name.startswith("crossing"):
            added[name] = statistics.median(g - b for g, b in zip(rounds, base, strict=True))
            extra = f", adds {added[name] / 1000:+.3f} µs"
        else:
            extra = ""
        print(
            f"  {name:44}: {value / 1000:7.3f} µs per call, {value / baseline:5.2f}x the "
            f"baseline{extra}"
        )
    alone = statistics.median(per_call["judgement alone: beartype, compiled (taken)"])
    met = alone < GOAL_NS
    print(
        f"judging 5 arguments adds {alone / 1000:.3f} µs per crossing (the judged crossing's "
        f"paired difference: {added['crossing, judged'] / 1000:+.3f} µs): goal < "
        f"{GOAL_NS / 1000:.0f} µs {'met' if met else 'NOT met'}"
    )
    verdicts()


if __name__ == "__main__":
    main()
