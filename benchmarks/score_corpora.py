"""How ``admits_only`` scores on the shared compatibility / subschema corpora.

Run: ``.venv/bin/python benchmarks/score_corpora.py CORPORA_DIR [--corpus NAME ...] [--limit N]``
(CORPORA_DIR: ``../shared/corpora`` beside the repository for all five corpora, or
``tests/corpora`` for the four whose licenses let the project carry them).

For every labelled pair of each corpus folder it knows (see ``CORPORA_DIR/README.md``), asks
``admits_only(a, b)`` the subset question the label answers (a compatibility label is turned
into its direction: BACKWARD / deserializer is old ⊆ new, serializer is new ⊆ old) and prints,
per corpus: pairs run and skipped (with why), agreement with the label, soundness misses (a
"yes" where the label says not-subset; each is printed), false alarms (a "no" where the label
says subset; the first few are printed with the counterexample, which jsonschema confirmed,
so a reader can judge the label), the undecided rate and the time per pair. A summary table
ends the output. It is a measurement: the exit code is 0 whatever the figures, 2 only for a
CORPORA_DIR that is not a folder.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry

from seamguard.generation import find_counterexample
from seamguard.schema import Verdict, admits_only

V = jsonschema.Draft202012Validator
SHOWN_FALSE_ALARMS = 5
SHOWN_TEXT = 160


@dataclass(frozen=True)
class Pair:
    """One subset question: is L(a) ⊆ L(b)? ``subset`` is the corpus's answer."""

    name: str
    group: str
    a: Any
    b: Any
    subset: bool
    noise: str = ""  # the corpus README calls this label wrong, and why
    witnesses: tuple[Any, ...] = ()  # values the corpus says a admits and b rejects


@dataclass
class Score:
    corpus: str
    skipped: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    groups: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    misses: list[tuple[Pair, str]] = field(default_factory=list)
    alarms: list[tuple[Pair, Any, str, bool]] = field(default_factory=list)
    noise: list[tuple[Pair, str, Any]] = field(default_factory=list)
    undecided: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[Pair, str]] = field(default_factory=list)
    witnessed: Counter[str] = field(default_factory=Counter)  # verdicts on witnessed pairs

    @property
    def run(self) -> int:
        return len(self.seconds)

    @property
    def scored(self) -> int:
        """Pairs run minus those whose label the corpus README names as wrong."""
        return self.run - self.outcomes["label noise"]


Loaded = Iterator["Pair | tuple[str, str]"]  # a pair to run, or (name, why it is skipped)


# -- what Draft 2020-12 reads differently ----------------------------------------------------

# Keywords beside a "$ref" that Draft 4-7 ignored and that change nothing in 2020-12 either.
_INERT_BESIDE_REF = {
    "$schema", "$id", "id", "$comment", "title", "description", "default", "examples",
    "definitions", "$defs",
}  # fmt: skip


def older_draft_difference(*schemas: Any) -> str | None:
    """Why a Draft 4-7 pair would mean something else in Draft 2020-12, or None."""

    def walk(node: Any) -> str | None:
        if isinstance(node, list):
            return next((why for why in map(walk, node) if why), None)
        if not isinstance(node, dict):
            return None
        if isinstance(node.get("items"), list):
            return "draft-7 syntax: `items` as an array (tuple form)"
        for keyword in ("additionalItems", "dependencies"):
            if keyword in node:
                return f"draft-7 syntax: `{keyword}` (ignored by Draft 2020-12)"
        for keyword in ("exclusiveMinimum", "exclusiveMaximum"):
            if isinstance(node.get(keyword), bool):
                return f"draft-4 syntax: boolean `{keyword}`"
        if "$ref" in node and set(node) - _INERT_BESIDE_REF - {"$ref"}:
            return "draft-7 semantics: keywords beside `$ref` (ignored before 2019-09)"
        return next((why for why in map(walk, node.values()) if why), None)

    return walk(list(schemas))


def mentions_format(*schemas: Any) -> bool:
    return '"format"' in json.dumps(schemas)


def is_valid(schema: Any, value: Any) -> bool | None:
    """jsonschema's own answer, formats asserted as ``admits_only`` asserts them; None if it
    raises (a regex Python cannot compile, a ``$ref`` it cannot resolve)."""
    try:
        return V(schema, format_checker=V.FORMAT_CHECKER, registry=Registry()).is_valid(value)
    except Exception:
        return None


def read_json(path: Path, *, lenient: bool = False) -> Any:
    text = path.read_text(encoding="utf-8")
    if lenient:  # trailing commas (see the Confluent README)
        text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


# -- the corpora -------------------------------------------------------------------------------


def _constants(schema: Any) -> list[Any] | None:
    """The values of ``{"const": v}`` or ``{"anyOf": [{"const": v}, ...]}``, else None."""
    if isinstance(schema, dict) and set(schema) == {"const"}:
        return [schema["const"]]
    if isinstance(schema, dict) and set(schema) == {"anyOf"}:
        parts = schema["anyOf"]
        if all(isinstance(p, dict) and set(p) == {"const"} for p in parts):
            return [p["const"] for p in parts]
    return None


def containment(folder: Path) -> Loaded:
    """s1 ⊆ s2 (and s2 ⊆ s1 where labelled); the draft2020-12 cases only."""
    for path in sorted((folder / "draft7").rglob("*.json")):
        for case in read_json(path):
            for _ in range(1 + ("s2SubsetEqOfs1" in case["tests"])):
                yield (f"draft7/{path.name}#{case['id']}", "draft7/ folder: Draft 7 copy, not run")
    base = folder / "draft2020-12"
    for path in sorted(base.rglob("*.json")):
        relative = path.relative_to(base)
        group = "optional/" if relative.parts[1] == "optional" else relative.parts[0]
        for case in read_json(path):
            name = f"{relative.with_suffix('')}#{case['id']}"
            s1, s2, tests = case["schema1"], case["schema2"], case["tests"]
            questions = [(name, s1, s2, tests["s1SubsetEqOfs2"])]
            if "s2SubsetEqOfs1" in tests:
                questions.append((name + "'", s2, s1, tests["s2SubsetEqOfs1"]))
            for qname, a, b, label in questions:
                if "localhost:1234" in json.dumps([a, b]):
                    yield qname, "remote $ref to localhost:1234 (remotes not in the corpus)"
                    continue
                values = _constants(a)
                answers = [is_valid(b, v) for v in values or []]
                if None in answers:
                    yield qname, "jsonschema raises on the listed values (regex dialect, $ref)"
                    continue
                if values is not None and all(answers) != label:
                    yield (
                        qname,
                        "label and jsonschema (formats asserted) disagree on the listed values",
                    )
                    continue
                yield Pair(qname, group, a, b, label)


def jsonsubschema(folder: Path) -> Loaded:
    """lhs ⊆ rhs, Draft 4 semantics: only the pairs that read the same in 2020-12."""
    for case in read_json(folder / "cases.json"):
        name, lhs, rhs = case["id"], case["lhs"], case["rhs"]
        if not isinstance(case["expected"], bool):
            yield name, f"label {case['expected']!r}: about jsonsubschema raising, not ⊆"
        elif case.get("draft4_only"):
            yield name, "draft-4 syntax: boolean `exclusiveMinimum/Maximum`"
        elif why := older_draft_difference(lhs, rhs):
            yield name, why
        elif mentions_format(lhs, rhs):
            yield name, "`format`: the label reads it as an annotation, admits_only asserts it"
        else:
            yield Pair(name, case["source_file"].removeprefix("test/"), lhs, rhs, case["expected"])


def jsoncompat(folder: Path) -> Loaded:
    """deserializer: old ⊆ new; serializer: new ⊆ old (backcompat/ only)."""
    for case in sorted(p for p in (folder / "backcompat").iterdir() if p.is_dir()):
        old, new = read_json(case / "old.json"), read_json(case / "new.json")
        expect = read_json(case / "expect.json")
        examples = read_json(case / "examples.json") if (case / "examples.json").is_file() else {}
        for role, a, b, only in (
            ("deserializer", old, new, "old_only"),
            ("serializer", new, old, "new_only"),
        ):
            name = f"{case.name}:{role}"
            if "unsupported" in case.name:
                yield name, "`unsupported_*`: the label is the tool giving up, not ⊆"
            elif mentions_format(old, new):
                yield name, "`format`: the label reads it as an annotation, admits_only asserts it"
            else:
                witnesses = tuple(examples.get(only, []))
                noise = ""
                if expect[role] and witnesses:
                    noise = (
                        f"the corpus's own {only} witness {short(witnesses[0])} contradicts "
                        "the subset label (README: tolerant deserializer policy)"
                    )
                yield Pair(name, role, a, b, expect[role], noise, witnesses)
    openapi = folder / "openapi_compat"  # not in the copy under tests/corpora
    for case in sorted(p for p in openapi.iterdir() if p.is_dir()) if openapi.is_dir() else ():
        yield f"openapi/{case.name}", "OpenAPI documents: a whole-API verdict, not one pair"


def getsentry(folder: Path) -> Loaded:
    """lhs ⊆ rhs, the README's semantic label (not the tool's ``is_breaking``)."""
    for case in read_json(folder / "expected.json"):
        name = case["fixture"].removeprefix("fixtures/").removesuffix(".json")
        fixture = read_json(folder / case["fixture"])
        label = case["semantic_lhs_subset_of_rhs"]
        if label is None:
            yield name, "null label (depends on the format-assertion policy)"
        elif why := older_draft_difference(fixture["lhs"], fixture["rhs"]):
            yield name, why
        else:
            yield Pair(name, name.split("/")[0], fixture["lhs"], fixture["rhs"], label)


# Labels the Confluent README found semantically wrong by hand (description → why).
CONFLUENT_NOISE = {
    "Detect required array to be changed": "README: compatible label, but {'foo': 'x'} breaks",
    "Detect removed boolean additional items": "README: equivalent schemas labelled incompatible",
    "Detect changes to additional items schema": "README: equivalent schemas labelled incompatible",
    "Detect incompatible changes to dependencies schemas": (
        "README: equivalent schemas labelled incompatible"
    ),
}


def confluent(folder: Path) -> Loaded:
    """BACKWARD (STRICT) ``compatible``: original ⊆ update."""
    for path in sorted(folder.glob("*.json")):
        dialect_2020 = path.stem.endswith("2020-12")
        for index, case in enumerate(read_json(path, lenient=dialect_2020)):
            name = f"{path.stem}#{index} {case['description']}"
            old, new = case["original_schema"], case["update_schema"]
            why = None if dialect_2020 else older_draft_difference(old, new)
            if why:
                yield name, why
            else:
                noise = CONFLUENT_NOISE.get(case["description"], "")
                yield Pair(name, path.stem, old, new, case["compatible"], noise)


CORPORA: dict[str, Callable[[Path], Loaded]] = {
    "json-schema-containment-testsuite": containment,
    "jsonsubschema-tests": jsonsubschema,
    "jsoncompat-backcompat": jsoncompat,
    "getsentry-json-schema-diff": getsentry,
    "confluent-schema-registry-jsonschema-diff": confluent,
}


# -- scoring -----------------------------------------------------------------------------------


def score(corpus: str, folder: Path, limit: int | None, search: int = 0) -> Score:
    result = Score(corpus)
    for item in CORPORA[corpus](folder):
        if not isinstance(item, Pair):
            result.skipped[item[1]] += 1
            continue
        if limit is not None and result.run >= limit:
            result.skipped["beyond --limit"] += 1
            continue
        started = time.perf_counter()
        try:
            verdict = admits_only(item.a, item.b)
            if search and verdict.outcome == "undecided":
                # What seamguard's checks do before answering "undecided": a Hypothesis search.
                found = find_counterexample(item.a, item.b, max_examples=search)
                if found is not None:
                    verdict = Verdict("no", found, "a search found it")
        except Exception as error:  # a crash is a finding, not the end
            result.seconds.append(time.perf_counter() - started)
            result.errors.append((item, f"{type(error).__name__}: {error}"))
            outcome = "error"
        else:
            result.seconds.append(time.perf_counter() - started)
            outcome = classify(result, item, verdict)
        result.outcomes[outcome] += 1
        result.groups.setdefault(item.group, Counter())[outcome] += 1
    return result


def classify(result: Score, pair: Pair, verdict: Any) -> str:
    if pair.witnesses:
        result.witnessed[verdict.outcome] += 1
    if verdict.outcome == "yes":
        for value in pair.witnesses:
            if is_valid(pair.a, value) is True and is_valid(pair.b, value) is False:
                result.misses.append((pair, f"yes, but the corpus's witness {short(value)}"))
                return "soundness miss"
    if verdict.outcome == "undecided":
        result.undecided[re.sub(r"^[^:]*: ", "", verdict.reason)[:70]] += 1
        return "undecided"
    if (verdict.outcome == "yes") == pair.subset:
        return "agree"
    if pair.noise:
        result.noise.append((pair, verdict.outcome, verdict.counterexample))
        return "label noise"
    if verdict.outcome == "yes":
        result.misses.append((pair, "yes"))
        return "soundness miss"
    value = verdict.counterexample
    confirmed = is_valid(pair.a, value) is True and is_valid(pair.b, value) is False
    result.alarms.append((pair, value, verdict.reason, confirmed))
    return "false alarm"


def short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    -  "


def report(result: Score) -> None:
    out = result.outcomes
    run = result.run
    print(f"\n=== {result.corpus}")
    print(f"pairs run: {run}, skipped: {sum(result.skipped.values())}")
    for why, count in result.skipped.most_common():
        print(f"  skipped {count:5d}  {why}")
    scored = result.scored
    decided = scored - out["undecided"] - out["error"]
    print(
        f"agreement: {out['agree']}/{scored} ({pct(out['agree'], scored).strip()} of the "
        f"pairs scored, i.e. run less label noise; {pct(out['agree'], decided).strip()} "
        "of decided)"
    )
    print(f"soundness misses (yes, label not-subset): {out['soundness miss']}")
    for pair, why in result.misses:
        print(f"  MISS {pair.name}: {why}\n    a = {short(pair.a)}\n    b = {short(pair.b)}")
    if result.witnessed:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(result.witnessed.items()))
        print(
            f"  pairs with a witness value (a admits it, b rejects it; checked on every yes): "
            f"{sum(result.witnessed.values())}, our verdicts: {verdicts}"
        )
    print(f"false alarms (no, label subset): {out['false alarm']}")
    for pair, value, reason, confirmed in result.alarms[:SHOWN_FALSE_ALARMS]:
        check = "jsonschema confirms it" if confirmed else "NOT confirmed by jsonschema"
        print(f"  {pair.name}\n    counterexample {short(value)} ({check})\n    {reason}")
    if len(result.alarms) > SHOWN_FALSE_ALARMS:
        rest = [pair.name for pair, *_ in result.alarms[SHOWN_FALSE_ALARMS:]]
        print(f"  … and {len(rest)} more: {', '.join(rest)}")
    if result.noise:
        print(f"label noise named by the corpus README (not scored): {len(result.noise)}")
        for pair, outcome, value in result.noise:
            shown = f" (counterexample {short(value)})" if outcome == "no" else ""
            print(f"  {pair.name}: we say {outcome!r}{shown}; {pair.noise}")
    print(f"undecided: {out['undecided']}/{run} ({pct(out['undecided'], run).strip()})")
    for reason, count in result.undecided.most_common(5):
        print(f"  {count:5d}  {reason}")
    if result.errors:
        print(f"errors (admits_only raised): {len(result.errors)}")
        for pair, error in result.errors[:SHOWN_FALSE_ALARMS]:
            print(f"  {pair.name}: {error}")
    if len(result.groups) > 1:
        print("by group: run / agree / undecided / no-vs-subset / yes-vs-not-subset")
        for group, counts in sorted(result.groups.items()):
            total = sum(counts.values())
            print(
                f"  {group:38s} {total:5d} {counts['agree']:5d} {counts['undecided']:5d} "
                f"{counts['false alarm']:5d} {counts['soundness miss']:5d}"
            )
    if run:
        seconds = sum(result.seconds)
        median = statistics.median(result.seconds)
        print(f"time: {seconds:.2f} s total, median {median * 1000:.2f} ms per pair")


def summary(results: list[Score]) -> None:
    print("\n=== summary")
    header = (
        f"{'corpus':42s} {'run':>5s} {'skip':>5s} {'noise':>5s} {'agree':>7s} {'miss':>4s} "
        f"{'alarm':>5s} {'undec':>7s} {'total s':>7s} {'med ms':>6s}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        total = sum(r.seconds)
        median = statistics.median(r.seconds) * 1000 if r.seconds else 0.0
        print(
            f"{r.corpus:42s} {r.run:5d} {sum(r.skipped.values()):5d} "
            f"{r.outcomes['label noise']:5d} "
            f"{pct(r.outcomes['agree'], r.scored):>7s} {r.outcomes['soundness miss']:4d} "
            f"{r.outcomes['false alarm']:5d} {pct(r.outcomes['undecided'], r.run):>7s} "
            f"{total:7.2f} {median:6.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, help="the folder holding the corpus folders")
    parser.add_argument(
        "--corpus", action="append", choices=sorted(CORPORA), help="only these (repeatable)"
    )
    parser.add_argument("--limit", type=int, help="run at most N pairs per corpus")
    parser.add_argument(
        "--search",
        type=int,
        default=0,
        metavar="N",
        help="on 'undecided', search N generated examples for a counterexample first (what "
        "contract-compat, diff and api-within-logic do); 0: the decision alone",
    )
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"not a folder: {args.corpora}", file=sys.stderr)
        return 2
    results = []
    for corpus in args.corpus or list(CORPORA):
        folder = args.corpora / corpus
        if not folder.is_dir():
            print(f"\n=== {corpus}\nnot found at {folder}: not scored")
            continue
        results.append(score(corpus, folder, args.limit, args.search))
        report(results[-1])
    summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
