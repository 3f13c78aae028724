"""The interactive timeline marks the review period of case.toml; entries outside it stay drawn."""

from __future__ import annotations

import pandas as pd

import reviewkit


def _marks(fig):
    return {shape.name: shape.x0 for shape in fig.layout.shapes if (shape.name or "").startswith("review")}


def test_the_timeline_marks_where_the_review_period_starts_and_ends(sample_chronology):
    fig = reviewkit.timeline(sample_chronology)
    marks = _marks(fig)
    assert {k: pd.Timestamp(v).normalize() for k, v in marks.items()} == {
        "review period start": pd.Timestamp("2014-06-01"), "review period end": pd.Timestamp("2016-08-31")}
    labels = [a.text for a in fig.layout.annotations if (a.name or "").startswith("review period")]
    assert labels == ["Review period from 01/06/2014", "Review period to 31/08/2016"]
    drawn = {pd.Timestamp(x).normalize() for t in fig.data if t.meta == "entries" for x in t.x}
    outside = sample_chronology.loc[sample_chronology["in_review_period"].eq(False).to_numpy(), "date"]
    assert pd.Timestamp("2009-03-14") in set(outside) and pd.Timestamp("2009-03-14") in drawn  # context


def test_no_marks_without_a_period_or_on_an_aligned_axis(sample_chronology):
    chron = sample_chronology.copy()
    assert _marks(reviewkit.timeline(chron, align_on="icpc")) == {}
    chron.attrs = {}
    assert _marks(reviewkit.timeline(chron)) == {}
