"""Logic-side generation on taskapp's contracts: seamguard's generator vs hypothesis-jsonschema.

Run: ``.venv/bin/python benchmarks/bench_logic.py [--examples N] [--rounds N]``
(needs ``hypothesis-jsonschema`` installed in the environment; it is not a dependency).

For the input schemas of tasks.create@1.1 and tasks.update@1.0, examples are drawn the same
way for every generator: one Hypothesis ``@given`` test, ``max_examples`` fixed, no example
database, seeded. Prints examples/s (medians over ``--rounds``), how many of the drawn
examples are distinct, and the share that the format-asserting validator seamguard judges
with (``Validators(registry).of(document).is_valid``) accepts; the goal for seamguard's
``document_strategy`` is 100 %.

hypothesis-jsonschema gets the same schema, dereferenced (``Validators.dereference``) with
``$schema`` and ``$id`` dropped. Version 0.23.1 fails on current Hypothesis on any object
schema; the script prints what it raised, then measures the variant that does run: every
non-object subschema through ``from_schema``, objects assembled with ``st.fixed_dictionaries``
(required and optional properties, ``minProperties`` as a filter), which draws from the same
set of documents.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from seamguard import load_contracts
from seamguard.contracts import CompiledSchema, Validators
from seamguard.generation import document_strategy

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261125
SEAMS = (("tasks.create", "1.1"), ("tasks.update", "1.0"))
#: The smallest object schema; hypothesis-jsonschema 0.23.1 on current Hypothesis fails here too.
MINIMAL_OBJECT = {"type": "object", "properties": {"a": {"type": "integer"}}}


def draw(strategy: st.SearchStrategy[Any], examples: int) -> tuple[list[Any], float]:
    """The examples one seeded ``@given`` test draws, and the seconds it took."""
    drawn: list[Any] = []

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(SEED)
    @given(strategy)
    def test(value: Any) -> None:
        drawn.append(value)

    started = time.perf_counter()
    test()
    return drawn, time.perf_counter() - started


def without_identity(schema: Any) -> Any:
    """The schema without the keys hypothesis-jsonschema does not want (``$schema``, ``$id``)."""
    if not isinstance(schema, dict):
        return schema
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


def assembled(schema: Any) -> st.SearchStrategy[Any]:
    """hypothesis-jsonschema for every non-object subschema; objects built around them."""
    from hypothesis_jsonschema import from_schema

    if isinstance(schema, dict) and schema.get("type") == "object" and "properties" in schema:
        assert schema.get("additionalProperties") is False, "only closed objects are assembled"
        required = set(schema.get("required", ()))
        fields = {name: assembled(sub) for name, sub in schema["properties"].items()}
        strategy = st.fixed_dictionaries(
            {k: v for k, v in fields.items() if k in required},
            optional={k: v for k, v in fields.items() if k not in required},
        )
        least = schema.get("minProperties", 0)
        return strategy.filter(lambda d: len(d) >= least) if least else strategy
    whole: st.SearchStrategy[Any] = from_schema(without_identity(schema))
    return whole


def measure(
    make: Callable[[], st.SearchStrategy[Any]], examples: int, rounds: int
) -> tuple[float, list[Any]]:
    """Median examples/s over ``rounds`` (after a warm-up draw) and the last round's examples."""
    strategy = make()
    draw(strategy, min(examples, 5))  # builds the strategy (lazy in both libraries)
    rates = []
    drawn: list[Any] = []
    for _ in range(rounds):
        drawn, seconds = draw(strategy, examples)
        rates.append(len(drawn) / seconds)
    return statistics.median(rates), drawn


def validity(compiled: CompiledSchema, strict: Any, drawn: list[Any]) -> str:
    """How many of ``drawn`` are valid, distinct, and where the invalid ones break the schema.

    ``compiled`` is seamguard's verdict (jsonschema-rs, confirmed by jsonschema when it says
    invalid); ``strict`` is jsonschema-rs alone, for the cases where the two disagree.
    """
    bad = [value for value in drawn if not compiled.is_valid(value)]
    share = 100 * (len(drawn) - len(bad)) / len(drawn) if drawn else 0.0
    alone = sum(1 for value in drawn if strict.is_valid(value))
    distinct = len({json.dumps(value, sort_keys=True) for value in drawn})
    text = (
        f"{len(drawn) - len(bad)}/{len(drawn)} valid ({share:5.1f} %), {alone} under "
        f"jsonschema-rs alone, {distinct} distinct"
    )
    if bad:
        where = collections.Counter(compiled.errors(value)[0][0] or "/" for value in bad)
        text += "; invalid at " + ", ".join(f"{p} x{n}" for p, n in where.most_common(3))
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="max_examples per draw")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import schemathesis  # noqa: F401  (imported before timing: document_strategy uses it)
    from hypothesis_jsonschema import from_schema

    registry = load_contracts(ROOT / "contracts")
    assert not registry.problems, registry.problems
    validators = Validators(registry)
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("hypothesis", "hypothesis-jsonschema", "schemathesis", "jsonschema-rs")
    )
    print(f"max_examples: {args.examples}, rounds: {args.rounds}, seed: {SEED} ({versions})")
    try:
        draw(from_schema(MINIMAL_OBJECT), 5)
    except Exception as exc:
        print(f"hypothesis-jsonschema on {json.dumps(MINIMAL_OBJECT)}: {type(exc).__name__}: {exc}")
    for seam, version in SEAMS:
        document = registry.get(seam, version).input
        compiled = validators.of(document)
        schema = without_identity(validators.dereference(document))
        strict = jsonschema_rs.validator_for(schema, validate_formats=True)
        print(f"{seam}@{version} input")

        ours, ours_drawn = measure(
            partial(document_strategy, document, validators),
            args.examples,
            args.rounds,
        )
        print(f"  seamguard document_strategy      : {ours:7.1f} ex/s")
        print(f"    {validity(compiled, strict, ours_drawn)}")

        try:
            whole, whole_drawn = measure(partial(from_schema, schema), args.examples, args.rounds)
        except Exception as exc:  # 0.23.1 on current Hypothesis: fails on object schemas
            print(f"  hypothesis-jsonschema from_schema: raised {type(exc).__name__}: {exc}")
        else:
            print(f"  hypothesis-jsonschema from_schema: {whole:7.1f} ex/s")
            print(f"    {validity(compiled, strict, whole_drawn)}")
            print(f"  ratio (seamguard / hypothesis-jsonschema)        : {ours / whole:5.2f}x")
            continue

        theirs, theirs_drawn = measure(partial(assembled, schema), args.examples, args.rounds)
        print(
            f"  hypothesis-jsonschema variant    : {theirs:7.1f} ex/s (from_schema per "
            "non-object subschema, objects by st.fixed_dictionaries)"
        )
        print(f"    {validity(compiled, strict, theirs_drawn)}")
        print(f"  ratio (seamguard / hypothesis-jsonschema variant): {ours / theirs:5.2f}x")


if __name__ == "__main__":
    main()
