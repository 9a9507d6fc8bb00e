"""The cost of capturing the app's log records and warnings per request (issue 18, point 10).

Run: ``.venv/bin/python benchmarks/bench_app_log.py [--requests N] [--rounds N]``

Sends ``--requests`` requests per round (default 2,000) to the pantry test service
(``tests/unit/services/pantry``, FastAPI) through seamguard's in-process driver, with and
without :func:`seamguard.generation._applog.captured_app_log`, for a quiet app and for one
that logs an INFO record and a warning on every request (``PANTRY_BUG=noisy``). Printed: the
µs per request of the fastest of ``--rounds`` interleaved rounds (the least disturbed by
other processes on a shared machine) for each, and the capture's cost over no capture; then
the cost of one INFO record (100,000 ``logger.info`` calls, no request) without and with the
capture: the capture's own cost, free of the app's noise.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
import time
import warnings
from pathlib import Path

PANTRY = Path(__file__).resolve().parents[1] / "tests" / "unit" / "services" / "pantry"


def one_round(app: object, requests: int, *, capture: bool) -> float:
    """µs per request of one round."""
    from seamguard.generation._applog import captured_app_log
    from seamguard.generation._asgi import AsgiDriver

    with AsgiDriver(app) as driver:
        context = captured_app_log() if capture else contextlib.nullcontext()
        with context:
            started = time.perf_counter()
            for number in range(requests):
                driver.request(
                    "POST",
                    "http://localhost/items",
                    [("content-type", "application/json")],
                    b'{"name": "a"}',
                    request_id=f"r{number}",
                )
            return (time.perf_counter() - started) / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    sys.path.insert(0, str(PANTRY))
    app = importlib.import_module("pantry_app.api").app

    warnings.simplefilter("ignore")  # the app's warning is counted, not printed
    logging.getLogger().addHandler(logging.NullHandler())  # no last-resort output either
    for noisy in (False, True):
        os.environ["PANTRY_BUG"] = "noisy" if noisy else ""
        rounds: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(options.rounds):  # interleaved: a busy spell hits both alike
            for capture in (False, True):
                rounds[capture].append(one_round(app, options.requests, capture=capture))
        times = {capture: min(found) for capture, found in rounds.items()}
        kind = "noisy (1 INFO + 1 warning per request)" if noisy else "quiet"
        print(
            f"{kind}: {times[False]:.0f} µs per request without capture, "
            f"{times[True]:.0f} µs with ({times[True] - times[False]:+.0f} µs)"
        )
    without, within = per_record(100_000)
    print(
        f"one INFO record: {without:.2f} µs without capture, {within:.2f} µs with "
        f"({within - without:+.2f} µs)"
    )


def per_record(records: int) -> tuple[float, float]:
    """µs per ``logger.info`` of a logger at INFO, without and with the capture."""
    from seamguard.generation._applog import captured_app_log

    logger = logging.getLogger("bench.sql")
    logger.setLevel(logging.INFO)

    def timed() -> float:
        started = time.perf_counter()
        for number in range(records):
            logger.info("SELECT %d", number)
        return (time.perf_counter() - started) / records * 1e6

    without = min(timed() for _ in range(3))
    with captured_app_log():
        within = min(timed() for _ in range(3))
    return without, within


if __name__ == "__main__":
    main()
