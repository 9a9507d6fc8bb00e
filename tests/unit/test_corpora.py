"""The subschema decision against the labelled corpora the project carries (tests/corpora).

Each corpus is scored by ``benchmarks/score_corpora.py``'s own loaders and rules (the same
skips, the same label noise), so the figures in ``benchmarks/README.md`` and these floors
come from one definition. Confluent's corpus is not here: its license is not open source, so
it stays outside the project and only the script reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.score_corpora import Score, is_valid, score

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

# corpus: (least agreement over the pairs scored, most undecided), both as shares of the pairs
# scored. The goals are jsoncompat >= 97 % and containment undecided <= 10 %; the
# other floors sit just under today's figures so a regression shows.
FLOORS = {
    "json-schema-containment-testsuite": (0.97, 0.10),
    "jsonsubschema-tests": (0.93, 0.07),
    "jsoncompat-backcompat": (0.97, 0.03),
    "getsentry-json-schema-diff": (0.97, 0.03),
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request: pytest.FixtureRequest) -> Score:
    corpus = request.param
    return score(corpus, CORPORA / corpus, None)


def test_every_corpus_is_present() -> None:
    for corpus in FLOORS:
        assert (CORPORA / corpus / "README.md").is_file(), corpus
        assert any((CORPORA / corpus).glob("LICENSE*")), corpus


def test_no_yes_where_the_label_says_not_subset(scored: Score) -> None:
    assert scored.run > 50
    assert [(pair.name, why) for pair, why in scored.misses] == []


def test_the_decision_never_raises(scored: Score) -> None:
    assert [(pair.name, error) for pair, error in scored.errors] == []


def test_every_no_against_a_subset_label_is_a_confirmed_counterexample(scored: Score) -> None:
    # A "no" that disagrees with the label must still show a document jsonschema accepts
    # under a and rejects under b: the label is what is wrong, and the reader can see why.
    for pair, value, _reason, confirmed in scored.alarms:
        assert confirmed, pair.name
        assert is_valid(pair.a, value) is True, pair.name
        assert is_valid(pair.b, value) is False, pair.name


def test_agreement_and_undecided_stay_within_their_floors(scored: Score) -> None:
    least_agreement, most_undecided = FLOORS[scored.corpus]
    agreement = scored.outcomes["agree"] / scored.scored
    undecided = scored.outcomes["undecided"] / scored.scored

    assert agreement >= least_agreement, f"{scored.corpus}: agreement {agreement:.1%}"
    assert undecided <= most_undecided, f"{scored.corpus}: undecided {undecided:.1%}"
