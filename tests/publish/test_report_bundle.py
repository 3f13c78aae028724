"""The plotly.js bundle a report embeds: the packaged cartesian one, its licence, its version."""

from __future__ import annotations

import hashlib
from importlib import resources

import plotly.graph_objects as go
import plotly.offline
import pytest

import reviewkit
from reviewkit.publish.plotly_bundle import BUNDLE_DIR, BUNDLE_FILE, CARTESIAN_TRACES, bundle_version, plotly_script

BUNDLE_SHA256 = "79542150855a52c567260e3137095dbe2b744e6d702a5cabe67da246942fba7a"


def _packaged(name: str) -> bytes:
    return resources.files("reviewkit").joinpath(f"{BUNDLE_DIR}/{name}").read_bytes()


def test_the_packaged_bundle_is_plotlys_own_and_matches_the_installed_plotly():
    script = _packaged(BUNDLE_FILE)
    assert hashlib.sha256(script).hexdigest() == BUNDLE_SHA256  # unchanged from npm
    assert bundle_version(script.decode()) == plotly.offline.get_plotlyjs_version(), (
        "plotly was upgraded: pack plotly.js-cartesian-dist-min of the new plotly.js version "
        "into reviewkit/data/plotly (see its README)")
    assert len(script) < len(plotly.offline.get_plotlyjs().encode()) / 2


def test_the_bundle_ships_its_mit_licence_and_the_report_embeds_it():
    licence = _packaged("LICENSE").decode()
    assert licence.startswith("MIT License") and "Plotly Technologies" in licence
    script, kind = plotly_script(["scatter"])
    assert kind == "cartesian" and licence.strip().splitlines()[-1] in script[:2000]
    # the licence is one comment, closed after its last line and before the bundle's own header
    assert script.index("THE SOFTWARE.") < script.index("*/") < script.index("plotly.js (cartesian")


def test_every_trace_type_the_report_draws_is_in_the_bundle(sample_chronology):
    findings = reviewkit.detect(sample_chronology)
    figures = [reviewkit.timeline(sample_chronology, findings),
               reviewkit.render.involvement_heatmap(sample_chronology),
               reviewkit.render.findings_by_theme(findings),
               reviewkit.render.response_delays(findings),
               reviewkit.render.who_knew(sample_chronology)]
    assert {trace.type for fig in figures for trace in fig.data} <= CARTESIAN_TRACES


@pytest.mark.parametrize("types", [["scattergl"], ["scatter", "scatter3d"], ["choropleth"]])
def test_a_trace_outside_the_bundle_gets_the_full_bundle(types):
    script, kind = plotly_script(types)
    assert kind == "full" and script == plotly.offline.get_plotlyjs()


def test_a_report_with_a_webgl_chart_embeds_the_full_bundle():
    from reviewkit.publish.report import _page

    webgl = go.Figure(go.Scattergl(x=[1, 2], y=[3, 4]))  # as a timeline of > 5,000 entries draws
    page = _page("T", [("timeline", "Timeline", "<p>chart</p>", [("Timeline", webgl)])], "0")
    assert plotly.offline.get_plotlyjs()[:300] in page
    page = _page("T", [("timeline", "Timeline", "<p>chart</p>", [("Timeline", go.Figure(go.Bar(x=[1])))])], "0")
    assert plotly.offline.get_plotlyjs()[:300] not in page and "cartesian - minified" in page
