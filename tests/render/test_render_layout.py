"""The shared timeline layout, the palette, and synthetic findings of every kind (used by the renderer tests)."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.render.layout import compute_layout
from reviewkit.render.palette import (
    AGENCY_COLOURS,
    SEVERITY_COLOURS,
    agency_colours,
    contrast_ratio,
    relative_luminance,
)

KINDS = ("response", "cluster", "stasis", "absence", "gap", "attendance")


def synthetic_findings(chron: pd.DataFrame) -> pd.DataFrame:
    """One or two findings of every kind, built from real entries of the sample case."""
    def ids(mask, n=1):
        return tuple(chron.loc[mask, "entry_id"].head(n))
    et = chron["event_type"].astype("object")
    injury = ids((et == "injury") & (chron["agency"] == "School"))
    referral = ids(et == "referral")
    conference = ids(et == "icpc")
    gcp = ids(et == "gcp2_assessment", 4)
    row = lambda fid, kind, entries, start, end, **kw: dict(  # noqa: E731
        finding_id=fid, case_id="child_d", rule=f"rule-{kind}", kind=kind, theme=kw.get("theme", "neglect"),
        agency=kw.get("agency", "School"), severity=kw.get("severity", "high"),
        certainty=kw.get("certainty", "certain"), start=pd.Timestamp(start), end=pd.Timestamp(end),
        entries=entries, summary=f"A {kind} finding.", learning="", delay_min=kw.get("dmin", pd.NaT),
        delay_max=kw.get("dmax", pd.NaT), limit=kw.get("limit"), count=None, link=kw.get("link"),
        verdict="breached")
    rows = [
        row("F-1", "response", injury + referral, "2014-05-12", "2014-06-02", link="inferred",
            dmin=pd.Timedelta(days=21), dmax=pd.Timedelta(days=22), limit="1 working day"),
        row("F-2", "response", injury, "2014-05-12", "2014-05-13", limit="1 working day", severity="medium"),
        row("F-3", "cluster", ids(et.isin(["injury", "referral", "assault"]), 3) + conference, "2014-05-12",
            "2014-06-25", link="inferred", dmin=pd.Timedelta(days=20), dmax=pd.Timedelta(days=20),
            certainty="possible"),
        row("F-4", "stasis", gcp, "2014-06-12", "2016-06-09", agency="Children's Services"),
        row("F-5", "absence", (), "2014-06-25", "2016-11-22", agency="Children's Services", theme="parenting"),
        row("F-6", "gap", gcp[:1], "2015-01-01", "2015-06-01", agency="Children's Services", severity="low"),
        row("F-7", "attendance", conference, "2014-06-25", "2014-06-25", agency="Police"),
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def findings(chron):
    return synthetic_findings(chron)


def test_a_lane_per_agency_in_sensible_order(chron):
    lay = compute_layout(chron)
    entry_lanes = lay.lanes[lay.lanes["kind"] == "entries"]["lane"].tolist()
    assert sorted(entry_lanes) == sorted(chron["agency"].dropna().unique())
    assert entry_lanes[:2] == ["Children's Services", "Police"]
    assert entry_lanes.index("Health Visiting") < entry_lanes.index("School") < entry_lanes.index("Probation")
    assert lay.lanes["top"].is_monotonic_increasing


def test_every_dated_entry_laid_out_once(chron):
    lay = compute_layout(chron)
    drawn = pd.concat([lay.points["entry_id"], lay.intervals["entry_id"]])
    assert drawn.is_unique
    assert set(drawn) == set(chron.loc[chron["date"].notna(), "entry_id"])


def test_vague_dates_are_ranges_and_intervals_are_bars(chron):
    lay = compute_layout(chron)
    vague = lay.points[lay.points["vague"]]
    assert len(vague) > 0 and (vague["x1"] - vague["x0"] > pd.Timedelta(days=1)).all()
    assert ((vague["x"] > vague["x0"]) & (vague["x"] < vague["x1"])).all()
    labels = " ".join(lay.intervals["label"])
    for word in ("CP plan", "PLO", "Care proceedings", "Placement", "Police investigation", "(neglect)"):
        assert word in labels
    assert (lay.intervals["x1"] >= lay.intervals["x0"]).all()
    # bars in one lane that overlap never share a track
    for _lane, rows in lay.intervals.groupby("lane"):
        for _t, same in rows.groupby("track"):
            same = same.sort_values("x0")
            assert (same["x0"].iloc[1:].to_numpy() > same["x1"].iloc[:-1].to_numpy()).all()


def test_every_finding_drawn_with_overlays(chron, findings):
    lay = compute_layout(chron, findings)
    drawn = {fid for ids in lay.findings["finding_ids"] for fid in ids}
    assert drawn == set(findings["finding_id"])
    rows = lay.lanes[lay.lanes["kind"] == "findings"]["lane"].tolist()
    assert rows == [f"finding:{k}" for k in ("response", "cluster", "attendance", "stasis", "absence", "gap")]
    assert set(lay.arrows["finding_id"]) == {"F-1", "F-3"}
    assert lay.arrows.loc[lay.arrows["finding_id"] == "F-1", "label"].item() == "2 · 21–22 days"
    assert set(lay.bands["kind"]) == {"cluster", "stasis", "gap"}
    assert lay.marks["label"].tolist() == ["Police absent"]
    assert lay.findings.loc[lay.findings["kind"] == "cluster", "certainty"].item() == "possible"


def test_focus_keeps_what_overlaps(chron, findings):
    lay = compute_layout(chron, findings, focus=("2015-01-01", "2015-06-30"))
    assert lay.x_range == (pd.Timestamp("2015-01-01"), pd.Timestamp("2015-06-30"))
    assert (lay.points["x1"] >= pd.Timestamp("2015-01-01")).all()
    assert (lay.points["x0"] <= pd.Timestamp("2015-06-30")).all()
    assert "F-1" not in {f for ids in lay.findings["finding_ids"] for f in ids}
    assert any("outside the period" in note for note in lay.notes)


def test_align_on_gives_months_since_the_event(chron):
    other = chron.assign(case_id="sibling", entry_id="sib/" + chron["entry_id"],
                         date=chron["date"] + pd.Timedelta(days=400),
                         date_latest=chron["date_latest"] + pd.Timedelta(days=400))
    lay = compute_layout(pd.concat([chron, other], ignore_index=True), align_on="icpc")
    assert lay.x_kind == "months"
    icpc = lay.points[lay.points["event_type"] == "icpc"]
    assert icpc.groupby("case_id")["x"].min().abs().max() < 0.05
    assert any(lane.startswith("sibling · ") for lane in lay.lanes["lane"])


def test_other_lane_kinds(chron):
    subj = compute_layout(chron, lanes="subject")
    assert "Child A" in set(subj.lanes["lane"]) and subj.lanes["lane"].iloc[0].startswith("Child")
    types = compute_layout(chron, lanes="event_type")
    assert "Initial child protection conference (ICPC)" in set(types.lanes["lane"])
    with pytest.raises(ValueError, match="lanes='team' is not a lane kind"):
        compute_layout(chron, lanes="team")


def test_undated_entries_are_noted(chron):
    chron.loc[chron.index[:2], ["date", "date_latest"]] = pd.NaT
    lay = compute_layout(chron)
    assert lay.notes[0] == "2 entries without a readable date are not drawn."


def test_a_few_early_history_entries_do_not_squeeze_the_review_period(chron):
    lay = compute_layout(chron)
    assert lay.x_range is not None
    assert pd.Timestamp("2013-12-01") <= lay.x_range[0] <= pd.Timestamp("2014-04-18")  # the first finding starts then
    assert lay.x_range[1] >= pd.Timestamp("2017-02-14")  # the final hearing
    earlier = chron["date"] < lay.x_range[0]
    assert lay.notes == [f"{int(earlier.sum())} earlier entries (from March 2009) are before the period drawn."]
    assert len(lay.points) + len(lay.intervals) == len(chron)  # still laid out: plotly can pan to them
    focused = compute_layout(chron, focus=("2015-01-01", "2015-06-30"))
    assert focused.x_range == (pd.Timestamp("2015-01-01"), pd.Timestamp("2015-06-30"))
    recent = compute_layout(chron[chron["date"] >= "2014-04-01"])
    assert recent.x_range is None and recent.notes == []


def test_lasting_bands_merge_only_where_they_overlap(chron):
    findings = synthetic_findings(chron)
    late = findings[findings["kind"] == "gap"].assign(finding_id="F-late", start=pd.Timestamp("2016-01-01"),
                                                      end=pd.Timestamp("2016-03-01"))
    bands = compute_layout(chron, pd.concat([findings, late], ignore_index=True)).bands
    gaps = bands[bands["kind"] == "gap"].sort_values("x0")
    assert gaps["finding_ids"].tolist() == [("F-6",), ("F-late",)]
    assert gaps["x1"].iloc[0] == pd.Timestamp("2015-06-01") and gaps["x0"].iloc[1] == pd.Timestamp("2016-01-01")


def test_palette_contrast_and_stable_colours(chron):
    for colour in (*AGENCY_COLOURS, *SEVERITY_COLOURS.values()):
        assert contrast_ratio(colour) >= 3.0, colour
    assert relative_luminance("#FFFFFF") == 1.0
    def lightness(colour: str) -> float:  # CIE L*, 0 (black) to 100 (white)
        y = relative_luminance(colour)
        return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y

    high, medium, low = (lightness(SEVERITY_COLOURS[s]) for s in ("high", "medium", "low"))
    assert medium - high >= 35 and low - medium >= 15  # apart in greyscale (were 13, 36, 50)
    assert len(set(AGENCY_COLOURS)) == len(AGENCY_COLOURS)
    colours = agency_colours(chron["agency"])
    assert colours == agency_colours(reversed(chron["agency"].tolist()))
    assert list(colours) == sorted(colours)
    assert len(set(colours.values())) == len(colours)


def test_delay_arrows_run_level_in_their_trigger_lane_and_labels_cover_no_marker(chron):
    from reviewkit.check.engine import detect

    lay = compute_layout(chron, detect(chron, procedures="wales"))
    assert len(lay.arrows) >= 4 and len(lay.marks) == 1
    lanes = lay.lanes.set_index("lane")
    points_top = lay.points.groupby("lane")["y"].min() - 0.15  # top of the highest marker of a lane
    for arrow in lay.arrows.itertuples():
        assert arrow.y0 == arrow.y1  # level: no diagonal across lanes
        assert lanes.loc[arrow.lane, "top"] < arrow.y0 < points_top[arrow.lane]  # in the band above its points
        assert arrow.label.split(" · ")[0].isdigit()  # the finding's number, as in the key
    (police,) = lay.marks.itertuples()
    assert police.label == "Police absent" and police.label_y < points_top[police.lane]
    # labels in one band that overlap in x are on different tracks
    per_char = (lay.x_range[1] - lay.x_range[0]) / lay.label_chars
    boxes = pd.concat([
        pd.DataFrame({"lane": lay.arrows["lane"], "y": lay.arrows["y0"],
                      "lo": lay.arrows["x0"], "hi": lay.arrows["label_x"] + per_char * lay.arrows["label"].str.len()}),
        pd.DataFrame({"lane": lay.marks["lane"], "y": lay.marks["label_y"],
                      "lo": lay.marks["x"] - per_char * 7, "hi": lay.marks["x"] + per_char * 7})])
    for (_lane, _y), same in boxes.groupby(["lane", "y"]):
        same = same.sort_values("lo")
        assert (same["lo"].iloc[1:].to_numpy() > same["hi"].iloc[:-1].to_numpy()).all()


def test_bar_labels_stay_inside_the_axes(chron):
    from reviewkit.render.finding_key import bar_labels

    lay = compute_layout(chron, focus=("2014-06-01", "2016-09-01"))  # plans begun near its end
    where = bar_labels(lay)
    lo, hi = lay.x_range
    assert len(where) and ((where["x"] >= lo) & (where["x"] <= hi)).all()
    per_char = (hi - lo) / lay.label_chars
    ends = where["x"] + per_char * (where["label"].str.len() * (where["anchor"] == "left")).astype(int)
    assert (ends <= hi + per_char).all() and (where["anchor"] == "right").any()


def test_the_key_names_every_finding_number(chron):
    from reviewkit.check.engine import detect
    from reviewkit.render.finding_key import finding_key

    findings = detect(chron)
    key = finding_key(compute_layout(chron, findings).findings)
    assert key["number"].tolist() == list(range(1, len(findings) + 1))
    assert key["text"].str.match(r"^\d+\. \w").all() and not key["text"].str.contains("-after-|_").any()


def test_entries_a_reviewer_tagged_are_highlighted_or_shown_alone(chron):
    from reviewkit.render.mpl_timeline import plot_timeline
    from reviewkit.render.plotly_timeline import timeline

    tagged = chron["event_type"].astype("object").isin(["assault_witnessed", "child_home_alone"])
    chron = chron.assign(tags=chron["tags"].where(~tagged, chron["tags"] + ";key practice episode"))
    expected = set(chron.loc[tagged, "entry_id"])
    lay = compute_layout(chron, highlight="key practice episode")
    assert set(lay.points.loc[lay.points["highlighted"], "entry_id"]) == expected
    only = compute_layout(chron, highlight="key practice episode", highlight_only=True)
    assert set(only.points["entry_id"]) | set(only.intervals["entry_id"]) == expected
    fig = timeline(chron, highlight="key practice episode")
    (ring,) = [t for t in fig.data if t.meta == "highlight"]
    assert len(ring.x) == len(expected)
    ax = plot_timeline(chron, highlight="key practice episode")
    (rings,) = [c for c in ax.collections if c.get_gid() == "highlight"]
    assert len(rings.get_offsets()) == len(expected)
    assert "Highlighted entry" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_a_timeline_aligned_on_an_event_draws_delay_arrows_without_marks():
    """Months since an event on x, delay arrows and no mark labels: the empty marks' columns
    were text, and packing the labels raised TypeError (notebook 4 found it)."""
    import reviewkit
    from reviewkit.synth import synth_cases

    chronology = synth_cases(3, entries_per_case=100, seed=2024).chronology
    chronology = chronology[chronology["agency"].isin(["Children's Services", "Police"])]
    findings = reviewkit.detect(chronology)
    aligned = reviewkit.timeline(chronology, findings, align_on="icpc")
    assert aligned.layout.xaxis.type != "date" and len(aligned.data) > 0
