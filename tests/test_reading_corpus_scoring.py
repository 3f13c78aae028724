"""The reading corpus's harness (tests/reading_corpus.py) on small hand-made frames with known
answers."""

from __future__ import annotations

import io
import math
import warnings

import pandas as pd
import pytest
from reading_corpus import (
    SCORE_COLUMNS,
    as_agency_file,
    failures,
    load_corpus,
    score,
    tags_by_row,
)

import reviewkit

HEADER = "row_id,category,agency,contact_type,details,outcome,must,must_not,why\n"


def frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A corpus from (row_id, category, must, must_not) rows, as load_corpus returns it."""
    text = HEADER + "".join(f"{r},{c},Police,Note,text {r},,{m},{n},\n" for r, c, m, n in rows)
    return load_corpus(io.StringIO(text), known_types=())


@pytest.fixture
def corpus() -> pd.DataFrame:
    return frame(
        [
            ("p1", "plain", "a;b", ""),  # tags {a, b}: all present
            ("p2", "plain", "a;c", ""),  # tags {a}: misses c
            ("n1", "negated", "", "x"),  # tags {x}: forbidden x present
            ("n2", "negated", "d", "x"),  # tags {d, z}: fine (z is unlabelled)
            ("h1", "historical", "", ""),  # tags {q}: no labels at all
        ]
    )


@pytest.fixture
def tags(corpus) -> pd.Series:
    return pd.Series(
        [frozenset("ab"), frozenset("a"), frozenset("x"), frozenset({"d", "z"}), frozenset("q")],
        index=corpus.index,
    )


def test_score_per_category_and_over_all(corpus, tags):
    table = score(corpus, tags)
    assert list(table.index) == ["plain", "negated", "historical", "all"]
    assert list(table.columns) == list(SCORE_COLUMNS)
    assert table["rows"].tolist() == [2, 2, 1, 5]
    plain, negated, historical, every = (table.loc[k] for k in table.index)
    # plain: p1 has a and b, p2 lacks c; 3 of 4 must tags; every labelled tag predicted is in must
    assert (plain.expected_present, plain.recall, plain.precision) == (0.5, 0.75, 1.0)
    assert math.isnan(plain.forbidden_absent)
    # negated: n2's must d found; n1 carries x, n2 does not; labelled predicted: x (n1), d (n2)
    assert (negated.expected_present, negated.forbidden_absent) == (1.0, 0.5)
    assert (negated.recall, negated.precision) == (1.0, 0.5)
    # historical: no labels, so nothing to divide by
    assert historical[["expected_present", "forbidden_absent", "recall", "precision"]].isna().all()
    # all: 2 of 3 rows with must; 1 of 2 with must_not; 4 of 5 must tags; 4 of 5 labelled in must
    assert (every.expected_present, every.forbidden_absent) == (2 / 3, 0.5)
    assert (every.recall, every.precision) == (0.8, 0.8)


def test_score_follows_the_index_not_the_order(corpus, tags):
    assert score(corpus, tags[::-1]).equals(score(corpus, tags))


def test_score_refuses_missing_tags(corpus, tags):
    with pytest.raises(ValueError, match="no value"):
        score(corpus, tags.iloc[:-1])


def test_failures_name_what_was_missed_and_what_is_extra(corpus, tags):
    found = failures(corpus, tags)
    assert found[["row_id", "category", "missed", "extra", "tags"]].to_dict("records") == [
        {"row_id": "p2", "category": "plain", "missed": "c", "extra": "", "tags": "a"},
        {"row_id": "n1", "category": "negated", "missed": "", "extra": "x", "tags": "x"},
    ]
    assert found["text"].tolist() == ["Note | text p2", "Note | text n1"]


def test_no_failures_when_every_label_is_met(corpus):
    perfect = pd.Series([m | frozenset("z") for m in corpus["must"]], index=corpus.index)
    assert failures(corpus, perfect).empty
    assert score(corpus, perfect).loc["all", "expected_present"] == 1.0


def test_load_corpus_checks_its_labels():
    with pytest.raises(ValueError, match="categories"):
        frame([("a", "plainish", "", "")])
    with pytest.raises(ValueError, match="more than once"):
        frame([("a", "plain", "", ""), ("a", "plain", "", "")])
    with pytest.raises(ValueError, match="both must and must_not"):
        frame([("a", "plain", "x", "x")])
    text = HEADER + "a,plain,Police,Note,,,no_such_type,,\n"
    with pytest.raises(ValueError, match="no_such_type"):
        load_corpus(io.StringIO(text))


def test_tags_come_back_per_row_without_derived_action_entries():
    corpus = load_corpus(
        io.StringIO(
            HEADER
            + "a,plain,School,Incident,Bruise seen,Referral to MASH at 10:15,injury;referral,,\n"
            + "b,plain,Police,Strategy meeting,,,strategy_discussion,,\n"
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        chronology = reviewkit.read_chronology(as_agency_file(corpus))
    assert chronology["entry_id"].str.contains("#action-").sum() == 1
    assert sorted(chronology["source_row"].tolist()) == [2, 2, 3]
    tags = tags_by_row(corpus, chronology)
    assert {"injury", "referral"} <= tags[0] and "strategy_discussion" in tags[1]
    with pytest.raises(ValueError, match="exactly one"):
        tags_by_row(corpus, chronology[chronology["source_row"] != 3])
    with pytest.raises(ValueError, match="no corpus row"):
        tags_by_row(corpus.iloc[:1], chronology)
