"""Learning-review charts: plotly figure and matplotlib Axes from the same table."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from test_render_layout import synthetic_findings  # noqa: E402

import reviewkit  # noqa: E402
from reviewkit.render.palette import agency_colours  # noqa: E402


@pytest.fixture
def findings(chron):
    return synthetic_findings(chron)


def test_involvement_heatmap(chron):
    table = reviewkit.involvement_table(chron)
    assert int(table.to_numpy().sum()) == int(chron["date"].notna().sum())
    assert table.index[0] == "Children's Services"
    fig = reviewkit.involvement_heatmap(chron)
    assert fig.data[0].type == "heatmap" and fig.data[0].z.shape == table.shape
    assert "Heatmap" in fig.layout.meta["description"]
    _, ax = plt.subplots()
    assert reviewkit.plot_involvement_heatmap(chron, ax=ax) is ax
    assert ax.images[0].get_array().shape == table.shape


def test_findings_by_theme_colours_match_timeline(chron, findings):
    table = reviewkit.findings_theme_table(findings)
    assert int(table.to_numpy().sum()) == len(findings)
    fig = reviewkit.findings_by_theme(findings, agencies=chron["agency"])
    colours = agency_colours(chron["agency"])
    assert {tr.name: tr.marker.color for tr in fig.data} == {a: colours[a] for a in table.columns}
    _, ax = plt.subplots()
    out = reviewkit.plot_findings_by_theme(findings, ax=ax, agencies=chron["agency"])
    assert out is ax and len(ax.patches) == table.size


def test_response_delays(findings):
    table = reviewkit.response_delay_table(findings)
    assert table["responded"].tolist() == [True, False]
    assert table.loc[0, "delay_min_days"] == 21 and table.loc[0, "limit_days"] == pytest.approx(1.4)
    fig = reviewkit.response_delays(findings)
    assert fig.layout.xaxis.type == "log"
    assert any(tr.name == "Limit" and len(tr.x) == 2 for tr in fig.data)
    assert "2 response findings" in fig.layout.meta["description"]
    ax = reviewkit.plot_response_delays(findings)
    assert "none recorded" in [t.get_text() for t in ax.texts]
    assert len(ax.get_yticklabels()) == 2


def test_who_knew(chron):
    table = reviewkit.who_knew_table(chron)
    assert not table.duplicated(["concern", "agency"]).any()
    shared = table.groupby("concern")["agency"].nunique()
    assert (shared > 1).any()
    assert (table["days_after_first"] >= 0).all()
    fig = reviewkit.who_knew(chron)
    points = sum(len(tr.x) for tr in fig.data if tr.name != "known to")
    assert points == len(table)


def test_who_knew_draws_dates_on_a_date_axis(chron):
    """The spans were once nanosecond integers on a linear axis (1.4e18...), with no bars."""
    table = reviewkit.who_knew_table(chron)
    fig = reviewkit.who_knew(chron)
    assert fig.layout.xaxis.type == "date"
    span = fig.data[0]
    drawn = pd.to_datetime([x for x in span.x if x is not None])
    assert drawn.min() == table["knew_from"].min() and drawn.max() == table["knew_from"].max()
    for trace in fig.data[1:]:
        assert pd.api.types.is_datetime64_any_dtype(pd.Series(trace.x))
    _, ax = plt.subplots()
    assert reviewkit.plot_who_knew(chron, ax=ax) is ax
    assert sum(len(c.get_offsets()) for c in ax.collections[1:]) == len(table)


def test_empty_findings_give_empty_charts():
    empty = pd.DataFrame(columns=["finding_id", "kind", "theme", "agency", "rule", "start", "limit",
                                  "delay_min", "delay_max", "summary"])
    assert reviewkit.findings_by_theme(empty).layout.meta["description"] == "No findings to show."
    assert reviewkit.response_delay_table(empty).empty


def test_common_agencies_keep_their_colour_without_being_told_the_case(sample_chronology):
    from reviewkit.check.engine import detect
    from reviewkit.render.charts import findings_by_theme
    from reviewkit.render.plotly_timeline import timeline

    findings = detect(sample_chronology, procedures="wales")
    bars = {bar.name: bar.marker.color for bar in findings_by_theme(findings).data}
    lanes = timeline(sample_chronology).layout.yaxis.ticktext
    for agency, colour in bars.items():
        assert any(f"color:{colour}'>■</span> {agency}" in tick for tick in lanes), agency


def test_every_colour_and_mark_of_the_delay_chart_is_in_its_legend(chron):
    from reviewkit import detect
    from reviewkit.render import plot_response_delays, response_delays

    findings = detect(chron)
    fig = response_delays(findings)
    shown = [tr for tr in fig.data if tr.showlegend is not False]
    named = {tr.name for tr in shown}
    colours = {tr.marker.line.color for tr in fig.data if tr.marker.line.color}
    legend_colours = {tr.marker.line.color for tr in shown if tr.marker.line.color}
    assert colours <= legend_colours  # the 'none recorded' marks were in agency colours no legend named
    assert "No response recorded" in named and "Limit" in named
    assert all(len(tr.x) for tr in fig.data)  # no empty agency trace
    ax = plot_response_delays(findings)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "No response recorded" in labels and "Limit" in labels
