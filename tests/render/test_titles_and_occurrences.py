"""Findings named by their whole titles in the timeline's key (plotly and print), and each
occurrence of a grouped finding drawn under the finding's one number; tested by structure."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import reviewkit  # noqa: E402
from reviewkit import plot_timeline, timeline  # noqa: E402
from reviewkit.render.finding_key import KEY_LINE_CHARS, PRINT_LABEL_CHARS, bar_labels  # noqa: E402
from reviewkit.render.layout import compute_layout  # noqa: E402
from reviewkit.render.overlays import number_findings  # noqa: E402


@pytest.fixture(scope="module")
def found(sample_chronology):
    return reviewkit.detect(sample_chronology)


def _expected_key(found: pd.DataFrame) -> list[str]:
    numbers = number_findings(found)
    rows = found.assign(number=numbers).sort_values("number")
    return [f"{n}. {title} ({agency})" for n, title, agency in zip(rows["number"], rows["title"], rows["agency"])]


def test_the_key_names_each_finding_by_its_whole_title_wrapped_not_cut(chron, found):
    fig = timeline(chron, found)
    key = [tr.name for tr in fig.data if tr.meta == "key"]
    assert [name.replace("<br>", " ") for name in key] == _expected_key(found)
    assert not any("\u2026" in name for name in key)
    assert all(len(line) <= KEY_LINE_CHARS for name in key for line in name.split("<br>"))
    assert any("<br>" in name for name in key)  # the long ones wrap
    # facts of the case fill the titles: a vague date as written, what happened, how often
    assert any("'end of March 2015', after 27 to 38 days" in name.replace("<br>", " ") for name in key)
    assert any("none recorded, 7 times" in name.replace("<br>", " ") for name in key)
    # the key has room for every line: the figure grows with them
    lines = sum(name.count("<br>") + 1 for name in key)
    assert fig.layout.margin.b >= 40 + 110 + 30 + 16 * (lines / 2)


def test_no_label_runs_off_the_plotly_figure(chron, found):
    fig = timeline(chron, found)
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    for note in fig.layout.annotations:
        if note.xref in (None, "x") and note.x is not None:
            assert lo <= pd.Timestamp(note.x) <= hi, note.text
        if note.xref == "paper":
            assert 0 <= note.x <= 1, note.text


def test_the_print_key_names_each_finding_by_its_whole_title_and_stays_on_the_page(chron, found):
    ax = plot_timeline(chron, found)
    figure = ax.figure
    legend = figure.legends[-1]
    texts = [text.get_text() for text in legend.get_texts()]
    assert [text.replace("\n", " ") for text in texts] == _expected_key(found)
    assert any("\n" in text for text in texts) and not any("\u2026" in text for text in texts)
    renderer = figure.canvas.get_renderer()
    box, page = legend.get_window_extent(renderer), figure.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 <= box.y0 + 1
    assert all(text.get_fontsize() >= 7 for text in legend.get_texts())


def test_each_occurrence_of_a_grouped_finding_gets_its_arrow_under_one_number(chron, found):
    grouped = found[found["occurrences"].map(len).gt(1) & found["kind"].isin(["response", "cluster"])
                    & found["basis"].eq("recorded")]
    assert len(grouped) >= 2  # the sample's cluster and its records transfer, each found twice
    numbers = number_findings(found)
    fig = timeline(chron, found)
    arrows = [a for a in fig.layout.annotations if a.showarrow and a.name and a.name.startswith("arrow ")]
    for index, finding in grouped.iterrows():
        mine = [a for a in arrows if a.name == f"arrow {finding['finding_id']}"]
        assert len(mine) == len(finding["occurrences"])
        labels = [a.text for a in fig.layout.annotations if a.name == f"delay {finding['finding_id']}"]
        assert len({a.ax for a in mine}) == len(mine)  # each from its own trigger
        assert len(labels) == len(mine) and all(label.startswith(f"{numbers[index]} · ") for label in labels)
        hovers = [a.hovertext for a in mine]  # each with its own sentence
        assert len(set(hovers)) == len(mine) and all(h.startswith(f"{numbers[index]}. ") for h in hovers)
    ax = plot_timeline(chron, found)
    for _, finding in grouped.iterrows():
        drawn = [t for t in ax.texts if t.get_gid() == f"delay {finding['finding_id']}"]
        assert len(drawn) == len(finding["occurrences"])


def test_each_missed_conference_of_a_grouped_attendance_finding_is_marked(chron, found):
    conferences = chron.loc[chron["event_type"].astype("object").eq("rcpc"), "entry_id"].head(2).tolist()
    finding = found[found["kind"].eq("attendance")].head(1).copy()
    finding["entries"] = [tuple(conferences)]
    finding["occurrences"] = [("Police did not attend (1).", "Police did not attend (2).")]
    finding["occurrence_entries"] = [tuple((entry,) for entry in conferences)]
    finding["occurrence_delays"] = [((pd.NaT, pd.NaT), (pd.NaT, pd.NaT))]
    layout = compute_layout(chron, finding)
    assert len(layout.marks) == 2 and set(layout.marks["finding_id"]) == set(finding["finding_id"])
    assert len(layout.findings) == 1  # still one bar, one number in the key
    fig = timeline(chron, finding)
    assert sum(len(tr.x) for tr in fig.data if tr.meta == "marks") == 2
    hovers = " ".join(str(h) for tr in fig.data if tr.meta == "marks" for h in tr.customdata)
    assert "(1)" in hovers and "(2)" in hovers  # each mark with its own occurrence's sentence


def test_a_plan_label_near_the_right_edge_ends_at_it_in_the_print_view_too(chron):
    layout = compute_layout(chron)
    lo, hi = layout.x_range if layout.x_range is not None else (layout.points["x0"].min(), layout.points["x1"].max())
    layout.intervals = layout.intervals.head(1).assign(x0=lo + (hi - lo) * 0.6, x1=lo + (hi - lo) * 0.7,
                                                       label="Care proceedings · Child A, Child B, Child D")
    layout.label_chars = 170  # a wide screen would hold it from its start; the A4 print view not
    where = bar_labels(layout)
    assert where["anchor"].tolist() == ["right"] and where["x"].iloc[0] == hi
    assert 0.4 * PRINT_LABEL_CHARS < len(layout.intervals["label"].iloc[0])


def test_titles_are_plain_text_in_words(found):
    assert found["title"].notna().all()
    assert not found["title"].str.contains(r"[{}]|\b[a-z]+-[a-z]+-[a-z]+\b", regex=True).any()  # no rule ids
    assert all(re.search(r"\d{4}", title) for title in found["title"])  # each names when


def test_a_long_key_keeps_both_legends_in_the_lower_half_on_screen_and_in_print(chron, found):
    # plotly takes a legend above half the height for a top one and leaves the plot no room
    fig = timeline(chron, found)
    for view in ("print", "screen"):
        changes = fig.layout.meta[view]
        assert changes["legend.y"] <= 0.5 and changes["legend2.y"] <= 0.5, view
    assert fig.layout.legend.y <= 0.5
