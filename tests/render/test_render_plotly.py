"""The interactive timeline, tested by its traces, shapes and annotations."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from test_render_layout import synthetic_findings

from reviewkit import timeline


def _count(fig, meta):
    return sum(len(tr.y) if tr.type == "bar" else int(np.sum(pd.notna(np.asarray(tr.y, dtype=object))))
               for tr in fig.data if tr.meta == meta)


def test_lanes_entries_and_ranges(chron):
    fig = timeline(chron)
    assert isinstance(fig, go.Figure)
    ticks = list(fig.layout.yaxis.ticktext)
    for agency in chron["agency"].dropna().unique():
        assert sum(t.endswith(agency) for t in ticks) == 1
    n_intervals = int((chron["end"].notna() | chron["end_latest"].notna()).sum())
    assert _count(fig, "entries") + _count(fig, "intervals") == int(chron["date"].notna().sum())
    assert _count(fig, "intervals") == n_intervals
    ranges = [tr for tr in fig.data if tr.meta == "range"]
    n_vague = int(((chron["date_latest"] - chron["date"]) > pd.Timedelta(days=1)).sum())
    assert sum(len(tr.x) for tr in ranges) == 3 * (n_vague - int(((chron["date_latest"] - chron["date"])
                                                                  > pd.Timedelta(days=1))[chron["end"].notna()].sum()))
    # the ranges are dates on the date axis (not nanosecond integers, which it reads as ms)
    ends = [x for tr in ranges for x in tr.x if x is not None]
    assert ends and all(isinstance(x, pd.Timestamp) for x in ends)
    assert chron["date"].min() <= min(ends) and max(ends) <= chron["date_latest"].max()
    assert any(str(tr.marker.symbol).endswith("-open") for tr in fig.data if tr.meta == "entries")
    assert not fig.layout.xaxis.rangeslider.visible  # no squashed copy of the timeline under it
    assert "Timeline of" in fig.layout.meta["description"]


def test_hover_has_date_as_written_and_source(chron):
    fig = timeline(chron)
    trace = next(tr for tr in fig.data if tr.meta == "entries")
    assert "%{customdata[0]}" in trace.hovertemplate and "%{customdata[3]}" in trace.hovertemplate
    row = trace.customdata[0]
    assert row[0] in set(chron["date_text"]) and ", row " in row[3]
    assert all(len(tr.customdata[0]) == 4 for tr in fig.data if tr.meta == "entries")


def test_legend_explains_marker_shapes(chron):
    fig = timeline(chron)
    names = [tr.name for tr in fig.data if tr.meta == "legend"]
    assert "Concern, incident or referral" in names and "Vague date: range of possible dates" in names
    assert not any(tr.showlegend for tr in fig.data if tr.meta == "entries")


def test_findings_drawn_on_top(chron):
    findings = synthetic_findings(chron)
    fig = timeline(chron, findings)
    bars = [tr for tr in fig.data if tr.meta == "findings"]
    assert sum(len(tr.y) for tr in bars) == len(findings)  # no two synthetic findings share a span
    hover = " ".join(str(c) for tr in bars for c in tr.customdata)
    assert all(s in hover for s in findings["summary"])
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert {a.name for a in arrows} == {"arrow F-1", "arrow F-3"}
    assert any(a.text == "2 · 21–22 days" for a in fig.layout.annotations)
    for arrow in arrows:  # level along the trigger's lane; a dotted vertical line to the response
        assert arrow.y == arrow.ay
    assert all(s.x0 == s.x1 for s in fig.layout.shapes if s.name and s.name.startswith("response "))
    assert {s.name.split(":")[0] for s in fig.layout.shapes
            if s.name and not s.name.startswith(("lane", "response ", "review period"))} == {"cluster", "stasis", "gap"}
    marks = [tr for tr in fig.data if tr.meta == "marks"]
    assert len(marks[0].x) == 1
    assert [a.text for a in fig.layout.annotations if a.name == "mark label F-7"] == ["Police absent"]


def test_a_key_names_every_finding_number_and_severity_survives_greyscale(chron):
    findings = synthetic_findings(chron)
    fig = timeline(chron, findings)
    key = [tr for tr in fig.data if tr.meta == "key"]
    assert [tr.name.split(".")[0] for tr in key] == [str(n) for n in range(1, len(findings) + 1)]
    assert all(tr.legend == "legend2" and tr.showlegend is not False for tr in key)
    assert fig.layout.legend2.title.text.startswith("Findings")
    bars = {tr.name: tr.marker for tr in fig.data if tr.meta == "findings"}
    styles = {(m.color, m.line.color, str(m.pattern.shape)) for m in bars.values()}
    assert len(styles) == len(bars)  # each severity drawn differently, not only by shade
    low = [m for name, m in bars.items() if "low" in name]
    assert low and low[0].color == "#FFFFFF"  # hollow, with an outline
    medium = [m for name, m in bars.items() if "medium" in name]
    assert medium and "." in str(medium[0].pattern.shape)
    assert all(tr.textfont.size >= 10 for tr in fig.data if tr.meta in ("findings", "plan labels"))
    printed, screen = fig.layout.meta["print"], fig.layout.meta["screen"]  # the report's print script
    assert printed["legend2.entrywidth"] == 1 and screen["legend2.entrywidth"] == 0.5
    assert printed["height"] > screen["height"] == fig.layout.height


def test_focus_align_and_highlight(chron):
    fig = timeline(chron, focus=("2015-01-01", "2015-12-31"), highlight=chron["entry_id"].head(2))
    assert [pd.Timestamp(v) for v in fig.layout.xaxis.range] == [pd.Timestamp("2015-01-01"), pd.Timestamp("2015-12-31")]
    assert [tr.meta for tr in fig.data].count("highlight") <= 1
    aligned = timeline(chron, align_on="icpc")
    assert aligned.layout.xaxis.title.text == "Months since the reference event"
    xs = np.concatenate([np.asarray(tr.x, dtype=float) for tr in aligned.data if tr.meta == "entries"])
    assert np.nanmin(xs) < 0 < np.nanmax(xs)


def _big(chron: pd.DataFrame, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    big = chron.sample(n, replace=True, random_state=0).reset_index(drop=True)
    shift = pd.to_timedelta(rng.integers(-2000, 2000, n), unit="D")
    big["date"] = big["date"] + shift
    big["date_latest"] = big["date_latest"] + shift
    big["end"] = big["end"] + shift
    big["end_latest"] = big["end_latest"] + shift
    big["entry_id"] = [f"big:{i}" for i in range(n)]
    return big


def test_webgl_and_lean_json_for_100k_entries(chron):
    big = _big(chron, 100_000)
    started = time.perf_counter()
    fig = timeline(big)
    built = time.perf_counter() - started
    assert built < 60, built
    entries = [tr for tr in fig.data if tr.meta == "entries"]
    assert entries and all(tr.type == "scattergl" for tr in entries)
    assert len(fig.data) < 300
    size = len(fig.to_json())
    assert size < 600 * len(big), size  # hover text is truncated; no per-point constants


def test_small_case_uses_svg_traces(chron):
    fig = timeline(chron.head(50))
    assert all(tr.type == "scatter" for tr in fig.data if tr.meta == "entries")
