"""The national pack's kinds drawn like their nearest: ``unseen`` like a gap (a band over the stretch
no one saw the child, across every agency's lane, the sightings before and after it marked) and
``repeat`` like a cluster (a span over the repeated entries, an arrow to a late follow-up), in
both timelines and in the report's evidence."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
import pytest
from chronology_factory import make_chronology

from reviewkit.check.engine import detect
from reviewkit.messages import message
from reviewkit.publish.evidence import evidence_html
from reviewkit.render import plot_timeline, timeline
from reviewkit.render.layout import compute_layout
from reviewkit.render.overlays import FINDING_KINDS

UNSEEN, REPEAT = "child-seen-while-on-a-plan", "was-not-brought-repeatedly-followed-up"


def _seen(date: str, agency: str = "School") -> dict:
    return {"date": date, "event_type": "child_seen", "subject": "Child A", "agency": agency}


def _missed(date: str) -> dict:
    return {"date": date, "event_type": "missed_appointment", "subject": "Child A", "agency": "GP"}


@pytest.fixture(scope="module")
def case() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A child on a plan nobody sees from 20 February to 1 July 2015 (over 3 months), and not
    brought to the GP on 1 and 20 September, referred only on 5 November (over 4 weeks later)."""
    rows = [{"date": "01/01/2015", "event_type": "cp_plan_start", "subject": "Child A", "concern": "neglect",
             "end": "31/12/2015", "agency": "Children's Services"},
            _seen("10/01/2015"), _seen("20/02/2015", "GP"), _seen("01/07/2015"),
            _missed("01/09/2015"), _missed("20/09/2015"), _seen("01/10/2015"),
            {"date": "05/11/2015", "event_type": "referral", "subject": "Child A", "agency": "GP"},
            _seen("20/12/2015")]
    chronology = make_chronology(rows)
    findings = detect(chronology, rules=["learning", "national"])
    assert {UNSEEN, REPEAT} <= set(findings["rule"])
    return chronology, findings


def _one(findings: pd.DataFrame, rule: str) -> pd.Series:
    chosen = findings[findings["rule"] == rule]
    assert len(chosen) == 1
    return chosen.iloc[0]


def test_the_new_kinds_have_rows_labelled_in_words(case):
    assert {"repeat", "unseen"} <= set(FINDING_KINDS)
    layout = compute_layout(*case)
    labels = dict(zip(layout.lanes["lane"], layout.lanes["label"]))
    assert labels["finding:repeat"] == message("finding_rows.repeat") == "Findings: repeated, not followed up"
    assert labels["finding:unseen"] == message("finding_rows.unseen") == "Findings: child not seen"
    assert not any(label.startswith("Findings: repeat") and label.endswith("repeat") for label in labels.values())


def test_an_unseen_stretch_is_a_band_across_every_agency_with_its_sightings_marked(case):
    chronology, findings = case
    layout = compute_layout(chronology, findings)
    unseen = _one(findings, UNSEEN)
    band = layout.bands[layout.bands["kind"] == "unseen"]
    assert len(band) == 1
    entries = layout.lanes[layout.lanes["kind"] == "entries"]
    assert band["y0"].iloc[0] == entries["top"].min() and band["y1"].iloc[0] == entries["bottom"].max()
    assert band["x0"].iloc[0] == unseen["start"] == pd.Timestamp("2015-02-20")
    assert band["x1"].iloc[0] == unseen["end"]
    assert list(band["finding_ids"].iloc[0]) == [unseen["finding_id"]]
    seen = layout.sightings
    ids = chronology.set_index("date_text")["entry_id"]
    assert seen["part"].tolist() == ["before", "after"]
    assert seen["entry_id"].tolist() == [ids["20/02/2015"], ids["01/07/2015"]]
    points = layout.points.set_index("entry_id")
    assert seen["y"].tolist() == points.loc[seen["entry_id"], "y"].tolist()
    assert seen["hover"].str.contains("no record of any professional seeing Child A").all()


def test_a_repeat_is_a_span_over_its_entries_with_an_arrow_to_the_late_follow_up(case):
    chronology, findings = case
    layout = compute_layout(chronology, findings)
    repeat = _one(findings, REPEAT)
    band = layout.bands[layout.bands["kind"] == "repeat"]
    assert len(band) == 1 and band["x0"].iloc[0] == pd.Timestamp("2015-09-01")
    assert band["x1"].iloc[0] < pd.Timestamp("2015-09-21")  # the missed appointments only
    gp = layout.lanes.set_index("lane").loc["GP"]
    assert (band["y0"].iloc[0], band["y1"].iloc[0]) == (gp["top"], gp["bottom"])
    arrow = layout.arrows[layout.arrows["finding_id"] == repeat["finding_id"]]
    assert len(arrow) == 1
    assert arrow["x0"].iloc[0] == pd.Timestamp("2015-09-20") and arrow["x1"].iloc[0] == pd.Timestamp("2015-11-05")
    assert arrow["label"].iloc[0].endswith("days") and arrow["lane"].iloc[0] == "GP"


def test_plotly_draws_the_bands_sightings_and_rows(case):
    chronology, findings = case
    fig = timeline(chronology, findings)
    shapes = {shape.name.split(":")[0]: shape for shape in fig.layout.shapes if shape.name and ":" in shape.name}
    assert shapes["unseen"].fillcolor == shapes["gap"].fillcolor
    assert pd.Timestamp(shapes["unseen"].x0) == pd.Timestamp("2015-02-20")
    assert shapes["repeat"].fillcolor == "rgba(213,94,0,0.10)"  # a cluster's colour
    seen = [trace for trace in fig.data if trace.meta == "sightings"]
    assert len(seen) == 1 and len(seen[0].x) == 2 and seen[0].name == message("timeline.legend_seen")
    assert [pd.Timestamp(x) for x in seen[0].x] == [pd.Timestamp("2015-02-20"), pd.Timestamp("2015-07-01")]
    ticks = " ".join(fig.layout.yaxis.ticktext)
    assert "Findings: child not seen" in ticks and "Findings: repeated, not followed up" in ticks
    assert "Findings: unseen" not in ticks and "Findings: repeat<" not in ticks
    assert any(a.name == f"arrow {_one(findings, REPEAT)['finding_id']}" for a in fig.layout.annotations)


def test_matplotlib_draws_the_bands_sightings_and_rows(case):
    chronology, findings = case
    ax = plot_timeline(chronology, findings)
    bands = {c.get_gid(): c for c in ax.collections if (c.get_gid() or "").startswith("band ")}
    assert {"band unseen", "band repeat", "band gap"} <= set(bands)
    assert tuple(bands["band unseen"].get_facecolor()[0]) == tuple(bands["band gap"].get_facecolor()[0])
    x0 = bands["band unseen"].get_paths()[0].vertices[:, 0].min()
    assert mdates.num2date(x0).date() == pd.Timestamp("2015-02-20").date()
    seen = [c for c in ax.collections if c.get_gid() == "sightings"]
    assert len(seen) == 1 and len(seen[0].get_offsets()) == 2
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "Findings: child not seen" in ticks and "Findings: repeated, not followed up" in ticks
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert message("timeline.legend_seen") in legend


def test_the_evidence_names_the_sightings_around_an_unseen_stretch_and_a_repeats_follow_up(case):
    chronology, findings = case
    unseen, repeat = _one(findings, UNSEEN), _one(findings, REPEAT)
    html = evidence_html(unseen["entries"], "unseen", False, chronology, "Evidence", 1)
    opened, before, after = (message("report.part_opened"), message("report.part_before"),
                             message("report.part_after"))
    first_table = html.split("<details")[0]
    assert first_table.index(opened) < first_table.index(before) < first_table.index(after)
    assert "20/02/2015" in first_table and "01/07/2015" in first_table
    html = evidence_html(repeat["entries"], "repeat", True, chronology, "Evidence", 2)
    first_table = html.split("<details")[0]
    assert message("report.part_trigger") in first_table and message("report.part_response") in first_table
    assert first_table.index("01/09/2015") < first_table.index("05/11/2015")
