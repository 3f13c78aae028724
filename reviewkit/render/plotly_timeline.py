"""The interactive timeline: :func:`timeline` draws a :class:`TimelineLayout` with plotly."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from reviewkit.messages import message, severity_label
from reviewkit.render.finding_key import bar_labels, finding_key, wrapped
from reviewkit.render.layout import TimelineLayout, compute_layout
from reviewkit.render.palette import PLOTLY_SYMBOLS, SEVERITY_COLOURS, group_labels
from reviewkit.render.review_period_marks import mark_review_period

_POINT_HOVER = ("<b>%{customdata[0]}</b> · {agency}<br>%{customdata[1]}<br>%{customdata[2]}"
                "<br><i>%{customdata[3]}</i><extra></extra>")
_BAND_FILL = {"cluster": "rgba(213,94,0,0.10)", "stasis": "rgba(0,0,0,0.05)", "gap": "rgba(0,0,0,0.07)",
              "repeat": "rgba(213,94,0,0.10)", "unseen": "rgba(0,0,0,0.07)"}


def _html(text: pd.Series) -> np.ndarray:
    r"""Text for plotly's hover labels: ``<`` escaped, new lines as ``<br>`` (plain Python per
    value: a trace holds a few values, where pandas' string methods cost more than the work).

    Examples
    --------
    >>> _html(pd.Series(["a < b\nc", "d"])).tolist()
    ['a &lt; b<br>c', 'd']
    """
    return np.array([v.replace("<", "&lt;").replace("\n", "<br>") if isinstance(v, str) else v
                     for v in text.astype(str).to_numpy()], dtype=object)


def _segments(x0: pd.Series, x1: pd.Series, y: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """x and y of separate line segments (x0→x1 at y), joined by gaps, without a Python loop.

    Dates stay Timestamps (``tolist``): numpy's datetime64 put in an object array becomes
    nanosecond integers, which a date axis reads as milliseconds, decades away.

    Examples
    --------
    >>> xs, ys = _segments(pd.Series(pd.to_datetime(["2015-01-01"])), pd.Series(pd.to_datetime(["2015-01-31"])),
    ...                    pd.Series([0.5]))
    >>> [type(x).__name__ for x in xs], ys.tolist()
    (['Timestamp', 'Timestamp', 'NoneType'], [0.5, 0.5, None])
    """
    n = len(x0)
    xs = np.empty(3 * n, dtype=object)
    xs[0::3], xs[1::3], xs[2::3] = x0.tolist(), x1.tolist(), None
    ys = np.empty(3 * n, dtype=object)
    ys[0::3], ys[1::3], ys[2::3] = y.to_numpy(), y.to_numpy(), None
    return xs, ys


def _base(x0: pd.Series) -> np.ndarray | list:
    """Where bars begin: dates as an array, numbers (months, with ``align_on``) as a list, as
    plotly's check of ``base`` leaves them (so that a figure drawn unchecked writes the same JSON).

    Examples
    --------
    >>> _base(pd.Series([0.5, 1.0]))
    [0.5, 1.0]
    """
    values = x0.to_numpy()
    return values.tolist() if values.dtype.kind in "fiu" else values


def _span(x0: pd.Series, x1: pd.Series, kind: str, minimum: float) -> pd.Series:
    """Bar lengths: milliseconds on a date axis, months otherwise, at least ``minimum`` of the axis."""
    if kind == "date":
        ms = (x1 - x0).dt.total_seconds() * 1000
        return ms.clip(lower=minimum * 86400000)
    return (x1 - x0).clip(lower=minimum / 30.4375)


def draw_plotly(layout: TimelineLayout, *, webgl_threshold: int = 5000, checked: bool = True) -> go.Figure:
    """Draw a computed layout as a plotly figure (see :func:`timeline`).

    The traces are gathered as plain dicts and the figure is made from them at once: plotly
    checks a figure's traces again at every ``add_trace``, and each trace object's properties
    one by one as they are set (about 0.1 s for the sample case's 88 traces). With ``checked``
    False, plotly takes the figure's properties as they are, without checking them (about 0.2 s
    sooner in a fresh process, where checking first loads plotly's checkers; the figure's JSON
    is the same, as the tests assert): for a figure that is only written out, as the report's.
    """
    traces: list[dict] = []
    pts, ivl = layout.points, layout.intervals
    scatter = partial(dict, type="scattergl" if len(pts) > webgl_threshold else "scatter")
    labels = group_labels()
    # shape legend: one neutral entry per marker group; the agency traces join its legend group
    for group in [g for g in labels if g in set(pts["group"])]:
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=labels[group],
                           legendgroup=group, marker=dict(symbol=PLOTLY_SYMBOLS[group],
                           color="#444444", size=10), meta="legend"))
    vague = pts[pts["vague"]]
    if len(vague):
        traces.append(scatter(x=[None], y=[None], mode="lines+markers", legendgroup="vague",
                              name=message("timeline.legend_vague"), meta="legend",
                              line=dict(color="#444444", width=2),
                              marker=dict(symbol="circle-open", color="#444444", size=9)))
    for agency, rows in vague.groupby("agency", sort=False):
        xs, ys = _segments(rows["x0"], rows["x1"], rows["y"])
        traces.append(scatter(x=xs, y=ys, mode="lines", name=message("timeline.trace_ranges", agency=agency),
                              legendgroup="vague", showlegend=False, hoverinfo="skip",
                              line=dict(color=layout.colours.get(agency, "#5E5E5E"), width=2.5),
                              meta="range"))
    for (agency, group, is_vague), rows in pts.groupby(["agency", "group", "vague"], sort=False):
        symbol = PLOTLY_SYMBOLS[group] + ("-open" if is_vague else "")
        custom = np.column_stack([rows["date_text"].astype(str).to_numpy(), _html(rows["event_label"]),
                                  _html(rows["hover_summary"]), _html(rows["source_ref"])])
        traces.append(scatter(
            x=rows["x"].to_numpy(), y=rows["y"].to_numpy(), mode="markers", customdata=custom,
            name=message("timeline.trace_entries", agency=agency, group=labels[group]), legendgroup=group,
            showlegend=False,
            marker=dict(symbol=symbol, color=layout.colours.get(agency, "#5E5E5E"), size=9,
                        line=dict(width=1.5 if is_vague else 0.6, color="white" if not is_vague
                                  else layout.colours.get(agency, "#5E5E5E"))),
            hovertemplate=_POINT_HOVER.replace("{agency}", str(agency).replace("%", "%%")), meta="entries"))
    for agency, rows in ivl.groupby("agency", sort=False):
        colour = layout.colours.get(agency, "#5E5E5E")
        custom = np.column_stack([rows["date_text"].astype(str).to_numpy(), _html(rows["label"]),
                                  _html(rows["hover_summary"]), _html(rows["source_ref"])])
        traces.append(dict(
            type="bar", orientation="h", base=_base(rows["x0"]),
            x=_span(rows["x0"], rows["x1"], layout.x_kind, 1).to_numpy(),
            y=rows["y"].to_numpy(), width=0.34, customdata=custom,
            marker=dict(color=colour, opacity=0.35, line=dict(color=colour, width=1)), cliponaxis=True,
            name=message("timeline.trace_plans", agency=agency), showlegend=False, meta="intervals",
            hovertemplate=_POINT_HOVER.replace("{agency}", str(agency).replace("%", "%%"))))
    where = bar_labels(layout)  # inside the axes: ending at its edge if need be
    if len(where):
        traces.append(dict(type="scatter", x=where["x"], y=where["y"], text=[f" {t} " for t in where["label"]],
                           mode="text",
                           textposition=np.where(where["anchor"] == "right", "middle left", "middle right"),
                           textfont=dict(size=11, color="#111111"), hoverinfo="skip", showlegend=False,
                           name=message("timeline.trace_plan_labels"), meta="plan labels"))
    later = _Later()  # shapes and annotations, added at once
    _draw_findings(traces, layout, later)
    hit = pts[pts["highlighted"]]
    if len(hit):
        traces.append(dict(type="scatter", x=hit["x"], y=hit["y"], mode="markers",
                           name=message("timeline.legend_highlighted"), hoverinfo="skip", meta="highlight",
                           marker=dict(symbol="circle-open", size=18, color="#000000", line=dict(width=2.5))))
    fig = go.Figure(data=traces) if checked else unchecked_figure(traces)
    # plotly reads a template's name into the template itself, checking it (about 0.03 s); an
    # unchecked figure takes the template as it is
    _axes(fig, layout, later, "plotly_white" if checked else pio.templates["plotly_white"])
    return fig


def unchecked_figure(traces: list[dict]) -> go.Figure:
    """A figure of ``traces`` whose properties plotly takes without checking them (plotly's own
    ``_validate=False``, with which it reads its templates), or a checked one where this plotly
    has no such option.

    Examples
    --------
    >>> unchecked_figure([dict(type="scatter", x=[1], y=[2])]).to_plotly_json()["data"]
    [{'x': [1], 'y': [2], 'type': 'scatter'}]
    """
    try:
        return go.Figure(data=traces, _validate=False)
    except TypeError:  # a plotly without the option
        return go.Figure(data=traces)


class _Later:
    """Shapes and annotations to add to a figure at once (:meth:`add_to`): plotly checks every
    shape of a figure again at each ``add_shape``, and every annotation at each
    ``add_annotation``, so the timeline's fifty cost 0.1 s added one by one."""

    def __init__(self) -> None:
        self.items: dict[str, list[dict]] = {}

    def add_shape(self, **shape: object) -> None:
        self.items.setdefault("shapes", []).append(shape)

    def add_annotation(self, **annotation: object) -> None:
        self.items.setdefault("annotations", []).append(annotation)

    def add_to(self, fig: go.Figure) -> None:
        """Add the shapes and annotations to ``fig`` (after its own), in the order given."""
        for key, items in self.items.items():
            fig.layout[key] = (*fig.layout[key], *items)
        self.items.clear()


#: How each severity is drawn, so that it reads in greyscale too: fill, outline and pattern
#: (high solid black, medium grey dotted, low hollow with a grey outline).
SEVERITY_STYLE: dict[str, dict] = {
    "high": dict(fill=SEVERITY_COLOURS["high"], line=SEVERITY_COLOURS["high"], pattern=""),
    "medium": dict(fill=SEVERITY_COLOURS["medium"], line="#000000", pattern="."),
    "low": dict(fill="#FFFFFF", line=SEVERITY_COLOURS["low"], pattern=""),
}


def _severity_marker(severity: str, possible: np.ndarray | bool = False) -> dict:
    style = SEVERITY_STYLE.get(severity, SEVERITY_STYLE["medium"])
    shape = np.where(possible, "/", style["pattern"]) if isinstance(possible, np.ndarray) else (
        "/" if possible else style["pattern"])
    return dict(color=style["fill"], line=dict(color=style["line"], width=1.5),
                pattern=dict(shape=shape, fillmode="overlay", fgcolor="#000000" if severity != "high" else "#FFFFFF",
                             size=6, solidity=0.35))


def _draw_findings(traces: list[dict], layout: TimelineLayout, later: _Later) -> None:
    bars = layout.findings
    for severity, rows in bars.groupby("severity", sort=False):
        possible = rows["certainty"].eq("possible").to_numpy()
        traces.append(dict(
            type="bar", orientation="h", base=_base(rows["x0"]), x=_span(rows["x0"], rows["x1"], layout.x_kind, 4).to_numpy(),
            y=rows["y"].to_numpy(), width=0.3, text=rows["label"].to_numpy(), textposition="outside",
            textfont=dict(size=11, color="#111111"), cliponaxis=False, constraintext="none",
            customdata=_html(rows["hover"]), hovertemplate="%{customdata}<extra></extra>",
            marker=_severity_marker(severity, possible),
            name=message("timeline.legend_finding", severity=severity_label(severity)), legendgroup="findings",
            meta="findings"))
    for band in layout.bands.itertuples():
        later.add_shape(type="rect", x0=band.x0, x1=band.x1, y0=band.y0, y1=band.y1, layer="below",
                        line=dict(width=0), fillcolor=_BAND_FILL.get(band.kind, "rgba(0,0,0,0.06)"),
                        name=f"{band.kind}: {' '.join(band.finding_ids)}")
    for arrow in layout.arrows.itertuples():
        # level, along the trigger's lane; a dotted line down (or up) to the response itself
        later.add_annotation(x=arrow.x1, y=arrow.y1, ax=arrow.x0, ay=arrow.y0, xref="x", yref="y",
                             axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1.1,
                             arrowwidth=1.6, arrowcolor="#222222", text="",
                             hovertext=_html(pd.Series([arrow.hover]))[0],
                             name=f"arrow {arrow.finding_id}")
        if abs(arrow.y_response - arrow.y1) > 0.05:
            later.add_shape(type="line", x0=arrow.x1, x1=arrow.x1, y0=arrow.y1, y1=arrow.y_response, layer="above",
                            line=dict(color="#222222", width=1.2, dash="dot"), name=f"response {arrow.finding_id}")
        later.add_annotation(x=arrow.label_x, y=arrow.y0, text=arrow.label, showarrow=False,
                             xanchor=arrow.label_anchor, font=dict(size=11, color="#111111"),
                             bgcolor="rgba(255,255,255,0.9)", borderpad=0, name=f"delay {arrow.finding_id}")
    seen = layout.sightings
    if len(seen):  # the child seen before and after a stretch no one saw them
        traces.append(dict(type="scatter", x=seen["x"], y=seen["y"], mode="markers",
                           customdata=_html(seen["hover"]), hovertemplate="%{customdata}<extra></extra>",
                           name=message("timeline.legend_seen"),
                           marker=dict(symbol="diamond-open", size=15, color="#222222", line=dict(width=2)),
                           meta="sightings"))
    marks = layout.marks
    if len(marks):
        traces.append(dict(type="scatter", x=marks["x"], y=marks["y"], mode="markers",
                           customdata=_html(marks["hover"]), hovertemplate="%{customdata}<extra></extra>",
                           name=message("timeline.legend_agency_missing"),
                           marker=dict(symbol="circle-x-open", size=18, color="#222222", line=dict(width=2)),
                           meta="marks"))
        for mark in marks.itertuples():
            later.add_annotation(x=mark.label_x, y=mark.label_y, text=mark.label, showarrow=False,
                                 font=dict(size=11, color="#111111"), bgcolor="rgba(255,255,255,0.9)",
                                 borderpad=0, name=f"mark label {mark.finding_id}")
    _draw_key(traces, layout)


def _draw_key(traces: list[dict], layout: TimelineLayout) -> None:
    """The key of the finding numbers: a second legend below the first, one entry per finding,
    its title whole and wrapped (:func:`key_lines`)."""
    for row, text in zip(finding_key(layout.findings).itertuples(), key_lines(layout)):
        traces.append(dict(type="bar", x=[None], y=[None], orientation="h", name=text, legend="legend2",
                           marker=_severity_marker(row.severity, row.certainty == "possible"),
                           hoverinfo="skip", meta="key"))


def _axes(fig: go.Figure, layout: TimelineLayout, later: _Later, template: str | go.layout.Template) -> None:
    lanes = layout.lanes
    tick = np.where(lanes["colour"].notna(), "<span style='color:" + lanes["colour"].fillna("") +
                    "'>■</span> " + lanes["label"], "<i>" + lanes["label"] + "</i>")
    for i, lane in enumerate(lanes.itertuples()):
        fill = "rgba(0,0,0,0.035)" if lane.kind == "findings" else ("rgba(0,0,0,0.0)" if i % 2 else "rgba(0,60,120,0.035)")
        later.add_shape(type="rect", xref="paper", x0=0, x1=1, y0=lane.top, y1=lane.bottom, layer="below",
                        line=dict(width=0), fillcolor=fill, name=f"lane {lane.lane}")
    later.add_to(fig)
    first = lanes.index[lanes["kind"] == "entries"]
    if len(first) and first[0] > 0:
        fig.add_hline(y=float(lanes.loc[first[0], "top"]), line=dict(color="#444444", width=1.5))
    xaxis = dict(showgrid=True, gridcolor="#DDDDDD", zeroline=False)
    if layout.x_kind == "date":
        xaxis.update(type="date")  # no range slider: zoom and pan from the toolbar
    else:
        xaxis.update(title=message("timeline.axis_months"), zeroline=True, zerolinecolor="#444444")
    if layout.x_range is not None:
        xaxis["range"] = list(layout.x_range)
    keys = [text.count("<br>") + 1 for text in key_lines(layout)]  # lines of each entry
    plot_px = max(int(34 * layout.height), 260)
    screen = _legend_room(plot_px, keys, legend_px=110, columns=2)
    height, legend_px, key_px = screen["height"], 110, screen["key_px"]
    fig.update_layout(
        title=dict(text=layout.title, x=0.01), template=template, height=height,
        barmode="overlay", xaxis=xaxis, hovermode="closest",
        margin=dict(l=10, r=10, t=60, b=40 + legend_px + key_px),
        yaxis=dict(tickmode="array", tickvals=lanes["centre"].to_numpy(), ticktext=tick,
                   range=[layout.height + 0.1, -0.1], showgrid=False, zeroline=False, fixedrange=True),
        legend=dict(orientation="h", yref="container", yanchor="top", y=(legend_px + key_px) / height, x=0,
                    title_text=message("timeline.legend_title")),
        legend2=dict(orientation="h", yref="container", yanchor="top", y=key_px / height if keys else 0, x=0,
                     entrywidth=0.5, entrywidthmode="fraction", font=dict(size=11),
                     title=dict(text=message("timeline.key_title"), side="top left")),
        meta={"description": describe_layout(layout),
              # what the report's print script changes for a page (680 px wide: the key in one
              # column, the marker legend on more rows), and back
              "print": _legend_room(plot_px, keys, legend_px=200, columns=1, as_relayout=True),
              "screen": _legend_room(plot_px, keys, legend_px=110, columns=2, as_relayout=True)},
    )
    if layout.notes:
        fig.add_annotation(text=" ".join(layout.notes), xref="paper", yref="paper", x=0, y=1.0,
                           yanchor="bottom", showarrow=False, font=dict(size=11, color="#555555"))


def key_lines(layout: TimelineLayout) -> list[str]:
    """The key's entries as plotly draws them: each whole, wrapped with ``<br>`` to fit a column."""
    return [wrapped(text, sep="<br>") for text in finding_key(layout.findings)["text"]]


def _legend_room(plot_px: int, keys: list[int], *, legend_px: int, columns: int, as_relayout: bool = False) -> dict:
    """Height, bottom margin and legend positions for the marker legend and a key in ``columns``
    (``keys``: the lines of each key entry, in order; a row is as tall as its tallest entry).
    Both legends stay in the lower half of the figure.

    Examples
    --------
    >>> _legend_room(300, [1, 1, 1, 1], legend_px=110, columns=2)["height"]
    582
    >>> _legend_room(300, [2, 1, 1, 1], legend_px=110, columns=2)["height"]
    598
    >>> sorted(_legend_room(300, [1] * 4, legend_px=200, columns=1, as_relayout=True))
    ['height', 'legend.y', 'legend2.entrywidth', 'legend2.y', 'margin.b']
    >>> _legend_room(300, [3] * 16, legend_px=200, columns=1, as_relayout=True)["legend.y"] <= 0.5
    True
    """
    rows = [max(keys[i:i + columns]) for i in range(0, len(keys), columns)]
    key_px = 30 + sum(21 + 16 * (lines - 1) for lines in rows) if keys else 0  # a line 21 px, 16 more each
    # plotly takes a legend placed above half the height (yref container) for a top legend and
    # pushes the top margin by it, leaving no room for the plot: a long key makes the plot taller
    height = max(60 + plot_px + 40 + legend_px + key_px, 2 * (legend_px + key_px) + 2)
    if not as_relayout:
        return {"height": height, "key_px": key_px}
    return {"height": height, "margin.b": 40 + legend_px + key_px, "legend.y": (legend_px + key_px) / height,
            "legend2.y": key_px / height if keys else 0, "legend2.entrywidth": 1 / columns}


def describe_layout(layout: TimelineLayout) -> str:
    """One sentence describing the timeline, for alt text."""
    pts, ivl = layout.points, layout.intervals
    entries = layout.lanes[layout.lanes["kind"] == "entries"]
    span = ""
    if layout.x_kind == "date" and (len(pts) or len(ivl)):
        lo = min(pts["x0"].min(), ivl["x0"].min()) if len(ivl) and len(pts) else (pts if len(pts) else ivl)["x0"].min()
        hi = max(pts["x1"].max(), ivl["x1"].max()) if len(ivl) and len(pts) else (pts if len(pts) else ivl)["x1"].max()
        span = message("timeline.description_span", start=f"{lo:%B %Y}", end=f"{hi:%B %Y}")
    n_find = int(layout.findings["count"].sum()) if len(layout.findings) else 0
    return message("timeline.description", entries=len(pts) + len(ivl), lanes=len(entries),
                   lane_names=", ".join(entries["label"].head(12)), span=span, bars=len(ivl), findings=n_find)


def timeline(chronology: pd.DataFrame, findings: pd.DataFrame | None = None, *, lanes: str = "agency",
             focus: tuple | None = None, align_on: str | None = None, title: str | None = None,
             highlight: str | Iterable[str] | None = None, highlight_only: bool = False,
             webgl_threshold: int = 5000, label_chars: int = 80, checked: bool = True) -> go.Figure:
    """Interactive multi-agency timeline of a chronology, with its findings on top.

    Parameters
    ----------
    chronology
        A chronology from :func:`reviewkit.read_chronology`.
    findings
        Findings from :func:`reviewkit.detect` (optional).
    lanes
        One swimlane per ``"agency"``, ``"subject"`` or ``"event_type"``.
    focus
        ``(start, end)``: show only that period.
    align_on
        An event type id (e.g. ``"icpc"``): x becomes months since each case's first such entry.
    title
        The figure title.
    highlight
        Entries to ring: ``entry_id`` values, ``finding_id`` values (their evidence), or a tag
        such as a reviewer's ``"key practice episode"`` from the decisions file.
    highlight_only
        Show only the highlighted entries (and the findings they are evidence of).
    webgl_threshold
        Above this many point entries, WebGL traces are used.
    label_chars
        Characters of label text the axes hold across: labels are kept apart by it (80 keeps
        them apart on a wide screen and on the report's A4 page, 680 px wide).
    checked
        Let plotly check every property as the figure is made (the default). ``False`` is
        about 0.2 s sooner in a fresh process, with the same figure, but plotly then checks
        nothing later changed in it either: for a figure only written out (the HTML report
        draws its timeline so).

    Returns
    -------
    plotly.graph_objects.Figure
        ``layout.meta["description"]`` is one sentence of alt text.

    Examples
    --------
    >>> import reviewkit, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d")
    >>> fig = timeline(chron)
    >>> fig.layout.yaxis.ticktext[0].endswith("Children's Services")
    True
    """
    lay = compute_layout(chronology, findings, lanes=lanes, focus=focus, align_on=align_on, title=title,
                         highlight=highlight, highlight_only=highlight_only, label_chars=label_chars)
    return mark_review_period(draw_plotly(lay, webgl_threshold=webgl_threshold, checked=checked), chronology)
