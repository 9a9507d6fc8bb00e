"""Same seed and same code give the same examples, in the same order, whatever the process
imported before: a pytest session, a worker, ``seamguard replay`` and ``seamguard check``
must all draw alike."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_DRAW = textwrap.dedent(
    """
    import json, sys
    if len(sys.argv) > 1:
        sys.path.insert(0, sys.argv[1])
        import magic_numbers  # a local module full of constants
    from hypothesis import strategies as st
    from seamguard.checks._hypothesis import run_examples
    seen = []
    strategy = st.tuples(st.integers(), st.text(max_size=8), st.floats(allow_nan=False))
    run_examples(strategy, seen.append, max_examples=200, seed=7)
    print(json.dumps(seen))
    """
)


def _draws(*args: str) -> list[object]:
    done = subprocess.run(
        [sys.executable, "-c", _DRAW, *args], capture_output=True, text=True, check=True
    )
    drawn: list[object] = json.loads(done.stdout)
    return drawn


def test_same_seed_same_examples_whatever_was_imported(tmp_path: Path) -> None:
    # Hypothesis mixes constants of the process's local modules into its draws; a module
    # full of them would change what a seed draws unless seamguard turns that off.
    folder = tmp_path / "project"
    folder.mkdir()
    constants = "\n".join(f"N{i} = {1_000_003 * i + 17}\nS{i} = 'magic-{i}'" for i in range(300))
    (folder / "magic_numbers.py").write_text(constants + "\n", encoding="utf-8")
    plain = _draws()
    assert len(plain) == 200
    assert _draws() == plain
    with_module = _draws(str(folder))
    assert with_module == plain
    assert not any("magic-" in str(example) for example in with_module)


def test_local_constants_are_restored_after_a_run() -> None:
    from hypothesis import strategies as st
    from hypothesis.internal.conjecture import providers

    from seamguard.checks._hypothesis import run_examples

    before = providers._get_local_constants
    run_examples(st.integers(), lambda _x: None, max_examples=5, seed=0)
    assert providers._get_local_constants is before
