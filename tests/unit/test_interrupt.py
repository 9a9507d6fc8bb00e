"""A Ctrl-C whose ``KeyboardInterrupt`` is swallowed still stops the run.

The interrupt is made to land inside a ``__del__``, where Python prints "Exception ignored
in …" and drops it: without the record kept by :mod:`seamguard._interrupt`, the run went on
to the end and passed. Deterministic (the signal is sent by the ``__del__`` itself) and
in-process; tests/integration/test_signals.py sends real signals to real runs.
"""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seamguard._interrupt import interrupted, stopping_on_sigint, stops_the_run
from seamguard.config import load_config
from seamguard.engine import run_check


@pytest.fixture(autouse=True)
def swallowed(monkeypatch: pytest.MonkeyPatch) -> list[type[BaseException]]:
    """What Python swallowed ("Exception ignored in …"), kept here rather than failing the
    test as pytest's own hook would."""
    seen: list[type[BaseException]] = []

    def hook(unraisable: Any) -> None:
        seen.append(unraisable.exc_type)

    monkeypatch.setattr(sys, "unraisablehook", hook)
    return seen


class _Swallowed:
    """Sends SIGINT to this process from its ``__del__``: the ``KeyboardInterrupt`` is
    raised inside ``__del__`` and swallowed there."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):  # the handler runs here, inside __del__
            pass


def _swallow() -> str:
    _Swallowed()
    return "finished"


def test_a_ctrl_c_swallowed_in_del_is_lost_without_the_record(
    swallowed: list[type[BaseException]],
) -> None:
    # The bug, as Python has it: the call finishes as if no Ctrl-C came.
    assert _swallow() == "finished"
    assert swallowed == [KeyboardInterrupt]


def test_a_swallowed_interrupt_is_raised_again_at_the_end(
    swallowed: list[type[BaseException]],
) -> None:
    with pytest.raises(KeyboardInterrupt):
        stopping_on_sigint(_swallow)()
    assert swallowed == [KeyboardInterrupt]
    assert interrupted()


def test_the_handler_is_put_back_and_the_record_starts_clear() -> None:
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        stopping_on_sigint(_swallow)()
    assert signal.getsignal(signal.SIGINT) is before

    with stops_the_run():
        assert not interrupted()  # the next run starts without the last one's interrupt


LOGIC = """
import os
import signal

calls = 0


class Swallowed:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):
            pass


def echo(n: int) -> dict:
    global calls
    calls += 1
    if calls == 3:
        Swallowed()  # dropped at once: Ctrl-C lands in its __del__ and is swallowed
    return {"n": n}
"""

SCHEMA = '{"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}'


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A logic-only service whose third call swallows a Ctrl-C."""
    version = tmp_path / "contracts" / "swallow.echo" / "1.0"
    version.mkdir(parents=True)
    (version / "input.schema.json").write_text(SCHEMA, encoding="utf-8")
    (version / "output.schema.json").write_text('{"type": "object"}', encoding="utf-8")
    (tmp_path / "swallow_fixture.py").write_text(textwrap.dedent(LOGIC), encoding="utf-8")
    config = tmp_path / "seamguard.toml"
    config.write_text(
        'contracts = "contracts"\n\n[[seams]]\ncontract = "swallow.echo"\n'
        'logic = "swallow_fixture:echo"\n',
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield config
    sys.modules.pop("swallow_fixture", None)


def test_a_run_stops_at_the_next_example_after_a_swallowed_interrupt(
    service: Path, swallowed: list[type[BaseException]]
) -> None:
    import swallow_fixture  # type: ignore[import-not-found]

    with pytest.raises(KeyboardInterrupt):
        run_check(load_config(service), max_examples=50, seed=1)

    # The third call swallowed it; the fourth example was never sent.
    assert swallowed == [KeyboardInterrupt]
    assert swallow_fixture.calls == 3


def test_a_run_without_an_interrupt_is_untouched(service: Path) -> None:
    import swallow_fixture

    swallow_fixture.calls = 10  # past the third call: nothing is swallowed

    run = run_check(load_config(service), max_examples=20, seed=1)

    assert run.ok
    assert not interrupted()
