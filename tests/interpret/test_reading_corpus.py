"""Floors on the labelled reading corpora: a change that reads agencies' text worse fails here.

``tests/data/reading_corpus.csv`` (4598 rows) is the corpus the reading engine was developed
against, written in batches, each before the changes it led to (rows R799-R998 to R4399-R4598,
nineteen batches of 200 by other authors, read at 64 % / 85 %, 54 % / 80 %, 75 % / 88 %, 57 % /
77 %, 76 % / 86 %, 47 % / 78 %, 70 % / 83 %, 62 % / 83 %, 66 % / 88 %, 52 % / 78 %, 78 % / 87 %,
69 % / 78 %, 82 % / 82 % (kept aside: no change was made from it), 72 % / 77 %, 80 % / 82 %,
82 % / 80 %, 69 % / 84 %, 66 % / 80 % (R4199-R4398, kept aside) and 77 % / 86 % before the
changes they led to); ``tests/data/reading_holdout.csv``
(258 rows) was written apart by another author and is only ever looked at as these aggregate
figures, so that it shows how the reading does on rows nobody tuned it to. Each row is loaded with ``read_chronology`` exactly as a user
loads an agency file. The floors sit a little below the figures measured when they were set
(``benchmarks/bench_reading.py`` prints them all); raise them when the reading improves. The
goals of the reading issue (every expected tag in 95 % of rows, no forbidden tag in 97 %) are
not met yet: see benchmarks/README.md.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import reviewkit
from reading_corpus import CORPUS, as_agency_file, load_corpus, score, tags_by_row

HOLDOUT = Path(CORPUS).with_name("reading_holdout.csv")

#: (expected_present, forbidden_absent) floors by category on the development corpus.
CORPUS_FLOORS = {
    "plain": (0.85, 0.90),
    "negated": (0.88, 0.91),
    "planned": (0.87, 0.90),
    "historical": (0.84, 0.79),
    "other_sense": (0.84, 0.86),
    "third_party": (0.75, 0.84),
    "shorthand": (0.84, 0.85),
    "several": (0.77, 0.85),
    "misspelled": (0.87, 0.90),
    "all": (0.82, 0.87),
}
#: The same on the held-out corpus, for all its rows together.
HOLDOUT_FLOORS = {"all": (0.82, 0.87)}


def _scores(path: Path) -> pd.DataFrame:
    corpus = load_corpus(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        chronology = reviewkit.read_chronology(as_agency_file(corpus))
    return score(corpus, tags_by_row(corpus, chronology))


@pytest.fixture(scope="module")
def corpus_scores() -> pd.DataFrame:
    return _scores(CORPUS)


@pytest.fixture(scope="module")
def holdout_scores() -> pd.DataFrame:
    return _scores(HOLDOUT)


@pytest.mark.parametrize("category", list(CORPUS_FLOORS))
def test_the_corpus_reads_above_its_floors(corpus_scores, category):
    present, absent = CORPUS_FLOORS[category]
    row = corpus_scores.loc[category]
    assert row["expected_present"] >= present, row
    assert row["forbidden_absent"] >= absent, row


def test_the_held_out_corpus_reads_above_its_floors(holdout_scores):
    present, absent = HOLDOUT_FLOORS["all"]
    row = holdout_scores.loc["all"]
    assert row["expected_present"] >= present, row
    assert row["forbidden_absent"] >= absent, row


def test_the_corpora_are_the_size_the_figures_speak_of(corpus_scores, holdout_scores):
    assert corpus_scores.loc["all", "rows"] == 4598 and holdout_scores.loc["all", "rows"] == 258
    assert (corpus_scores["rows"].drop("all") >= 45).all()
