"""The report's four charts drawn without plotly's checks are the same figures, as JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_render_layout import synthetic_findings

import reviewkit

CHARTS = {
    "involvement": lambda chron, findings, **kw: reviewkit.involvement_heatmap(chron, **kw),
    "themes": lambda chron, findings, **kw: reviewkit.findings_by_theme(findings, **kw),
    "themes, the case's colours": lambda chron, findings, **kw: reviewkit.findings_by_theme(
        findings, agencies=chron["agency"], **kw),
    "delays": lambda chron, findings, **kw: reviewkit.response_delays(findings, **kw),
    "who knew": lambda chron, findings, **kw: reviewkit.who_knew(chron, **kw),
}


@pytest.fixture(scope="module")
def detected(sample_chronology):
    return reviewkit.detect(sample_chronology)


@pytest.mark.parametrize("chart", list(CHARTS))
@pytest.mark.parametrize("case", ["sample", "every other entry", "synthetic findings", "no findings"])
def test_an_unchecked_chart_is_the_checked_one(sample_chronology, chron, detected, chart, case):
    if case == "sample":
        chronology, findings = sample_chronology, detected
    elif case == "every other entry":
        chronology = sample_chronology.iloc[::2]
        findings = reviewkit.detect(chronology)
    elif case == "synthetic findings":
        chronology, findings = chron, synthetic_findings(chron)
    else:
        chronology, findings = sample_chronology, detected.iloc[:0]
    checked = CHARTS[chart](chronology, findings)
    unchecked = CHARTS[chart](chronology, findings, checked=False)
    assert json.loads(unchecked.to_json()) == json.loads(checked.to_json())
    assert unchecked.layout.template.layout.paper_bgcolor == "white"


def test_the_report_writes_the_checked_figures(tmp_path, sample_chronology, detected):
    """Each chart's data and layout in the report are those of the checked figure."""
    page = reviewkit.export_report(sample_chronology, detected, tmp_path / "r.html").read_text("utf-8")
    decoder = json.JSONDecoder()
    for div, chart in (("involvement", "involvement"), ("themes", "themes"), ("delays", "delays"),
                       ("who-knew", "who knew")):
        start = page.index('"chart-' + div + '",', page.index("Plotly.newPlot")) + len(div) + 9
        data, end = decoder.raw_decode(page, page.index("[", start))
        layout, _ = decoder.raw_decode(page, page.index("{", end))
        expected = json.loads(CHARTS[chart](sample_chronology, detected).to_json())
        assert (data, layout) == (expected["data"], expected["layout"])


def test_a_default_chart_still_checks_what_a_user_changes(sample_chronology):
    fig = reviewkit.involvement_heatmap(sample_chronology)
    with pytest.raises(ValueError, match="colour|color|Invalid"):
        fig.update_layout(xaxis=dict(gridcolor="not a colour"))
    assert isinstance(fig.data[0].z, type(pd.DataFrame().to_numpy()))
