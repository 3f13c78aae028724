"""A timeline left with no entry to draw says why and what would work, in both renderers
(it raised a TypeError from deep in the layout: ``highlight_only`` with finding ids and no
findings, an empty chronology, a focus or an alignment that leaves nothing)."""

from __future__ import annotations

import pytest

from reviewkit.exceptions import ExportError, ReviewkitError
from reviewkit.render.layout import compute_layout
from reviewkit.render.mpl_timeline import plot_timeline
from reviewkit.render.plotly_timeline import timeline


@pytest.fixture(scope="module")
def sample_findings(sample_chronology):
    from reviewkit.check.engine import detect

    return detect(sample_chronology)


def test_finding_ids_without_the_findings_say_so(chron, sample_findings):
    ids = sample_findings["finding_id"].head(2).tolist()
    for draw in (timeline, plot_timeline):
        with pytest.raises(ExportError, match=r"nothing to draw: highlight_only=True .* none of "
                           rf"'{ids[0]}', '{ids[1]}' is an entry_id.*\(no findings were given\)") as caught:
            draw(chron, None, highlight=ids, highlight_only=True)
        assert isinstance(caught.value, (ReviewkitError, ValueError))
    # with the findings, the same ids draw their evidence and the findings alone
    lay = compute_layout(chron, sample_findings, highlight=ids, highlight_only=True)
    evidence = {entry for entries in sample_findings["entries"].head(2) for entry in entries}
    drawn = set(lay.points["entry_id"]) | set(lay.intervals["entry_id"])
    assert evidence <= drawn and lay.points["highlighted"].any()
    assert len(timeline(chron, sample_findings, highlight=ids, highlight_only=True).data) > 0


def test_highlight_only_without_a_highlight_or_with_an_unknown_tag(chron):
    with pytest.raises(ExportError, match="no highlight= was given"):
        compute_layout(chron, highlight_only=True)
    with pytest.raises(ExportError, match="none of 'no such tag' is an entry_id, a tag of an entry"):
        compute_layout(chron, highlight="no such tag", highlight_only=True)


def test_an_empty_chronology_a_focus_or_an_alignment_that_leaves_nothing(chron):
    with pytest.raises(ExportError, match="the chronology has no entries"):
        timeline(chron.iloc[:0])
    with pytest.raises(ExportError, match="no entry falls between 01 January 1990 and 01 February 1990"):
        timeline(chron, focus=("1990-01-01", "1990-02-01"))
    with pytest.raises(ExportError, match="no case has a 'no_such_type' entry to align on"):
        timeline(chron, align_on="no_such_type")
    with pytest.raises(ExportError, match="no entry to draw has a readable date"):
        compute_layout(chron.assign(date=chron["date"].where(chron["date"].isna())))
