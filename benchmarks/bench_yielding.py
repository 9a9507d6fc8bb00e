"""The cost of recording a crossing of a logic that yields (issue 18, point 2).

Run: ``.venv/bin/python benchmarks/bench_yielding.py [--calls N] [--rounds N] [--items N]``

A logic that yields ``--items`` pydantic models, sync and async, consumed the way a route
consumes it (``list(...)``, ``[e async for e in ...]``): bare, and through
``seams._yielding.recorded_items`` with the ``finish`` the recording wrapper gives it
(the items' output document, one ``Crossing`` kept by a ``Recorder``). Beside them, the same
items returned as a list and recorded as any return value is (the output document and one
``Crossing``): what a yielding logic costs beyond a logic that returns its list. The async
figures include one event-loop round per call (``run_until_complete``), bare and recorded
alike. Prints µs per call, the fastest of ``--rounds``.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from pydantic import BaseModel

from seamguard.seams import Crossing, Recorder, output_form
from seamguard.seams._yielding import recorded_items


class Entry(BaseModel):
    """One yielded item."""

    id: int
    title: str


def _timed(run: Callable[[], Any], calls: int, rounds: int) -> float:
    """µs per call, the fastest of ``rounds``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        best = min(best, (time.perf_counter() - start) / calls * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    items = [Entry(id=n, title=f"entry {n}") for n in range(1, args.items + 1)]
    form = output_form(None, None)
    recorder = Recorder()

    def finish(got: list[Any], error: BaseException | None, early: bool) -> None:
        output = None if error is not None else form.document(got)
        recorder.record(Crossing("s", {}, output, error, False, None, "", (), early))

    def sync_logic() -> Iterator[Entry]:
        yield from items

    async def async_logic() -> AsyncIterator[Entry]:
        for item in items:
            yield item

    async def collect(source: Any) -> list[Any]:
        return [item async for item in source]

    def returned_list() -> list[Entry]:
        result = list(items)
        recorder.record(Crossing("s", {}, form.document(result)))
        return result

    loop = asyncio.new_event_loop()
    cases: dict[str, Callable[[], Any]] = {
        "sync generator, bare": lambda: list(sync_logic()),
        "sync generator, recorded": lambda: list(recorded_items(sync_logic(), finish)),
        "async generator, bare": lambda: loop.run_until_complete(collect(async_logic())),
        "async generator, recorded": lambda: loop.run_until_complete(
            collect(recorded_items(async_logic(), finish))
        ),
        "list returned, recorded (for comparison)": returned_list,
    }
    print(f"{args.items} items per call, {args.calls} calls, fastest of {args.rounds} rounds")
    for label, run in cases.items():
        run()  # warm
        figure = _timed(run, args.calls, args.rounds)
        recorder.take()
        print(f"  {label:42} {figure:8.2f} µs")
    loop.close()


if __name__ == "__main__":
    main()
