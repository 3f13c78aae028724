"""Learning-review charts, each as a plotly figure and as matplotlib Axes drawn from the same table.

Agency colours come from :func:`reviewkit.render.palette.agency_colours`: the common agencies always
have the same colour; for charts drawn from findings alone, pass ``agencies=chronology["agency"]``
so that the other agencies match the timeline too. Every plotly figure has one sentence of alt text in ``fig.layout.meta["description"]``;
the ``*_table`` functions in :mod:`reviewkit.render.chart_tables` give the table alternative.
With ``checked=False`` a chart's traces are taken as they are, not checked by plotly one property at
a time, and its template is not copied (the report, which writes the figures out only): the same
figure and JSON, in about a quarter of the time.
"""

from __future__ import annotations

from collections.abc import Iterable

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from reviewkit.messages import message
import reviewkit.render.chart_tables as t
from reviewkit.render.finding_key import wrapped
from reviewkit.render.palette import agency_colours

if TYPE_CHECKING:  # matplotlib is imported only to draw with it (0.2 s)
    from matplotlib.axes import Axes

_FONT = dict(family="Arial, sans-serif", size=13)


def _traces(traces: list[dict], checked: bool) -> go.Figure:
    """A figure of ``traces``: checked by plotly, or taken as they are (``checked=False``)."""
    from reviewkit.render.plotly_timeline import unchecked_figure

    return go.Figure(data=traces) if checked else unchecked_figure(traces)


def _colorscale(name: str, checked: bool) -> str | list:
    """A named colorscale, as plotly's check writes it out (the list of its colours) where the
    figure is not checked.

    Examples
    --------
    >>> _colorscale("Blues", False)[:2]
    [[0.0, 'rgb(247,251,255)'], [0.125, 'rgb(222,235,247)']]
    """
    if checked:
        return name
    from _plotly_utils.basevalidators import ColorscaleValidator  # plotly's own check of it

    return ColorscaleValidator("colorscale", "heatmap").validate_coerce(name)


def _fig(fig: go.Figure, title: str, description: str, height: int = 420, checked: bool = True) -> go.Figure:
    import plotly.io as pio

    # plotly reads a template's name into a checked copy of it (0.02-0.03 s a chart)
    template = "plotly_white" if checked else pio.templates["plotly_white"]
    fig.update_layout(title=dict(text=title, x=0.01), template=template, font=_FONT,
                      height=height, meta={"description": description},
                      legend_title_text=message("charts.legend_agency"))
    return fig


def _ax(ax: Axes | None, size: tuple[float, float] = (8.27, 4.5)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=size, layout="constrained").add_subplot()


def _colours(names: Iterable, agencies: Iterable | None) -> dict[str, str]:
    return agency_colours(list(agencies) if agencies is not None else list(names))


def involvement_heatmap(chronology: pd.DataFrame, *, checked: bool = True) -> go.Figure:
    """Entries per agency per month, as a plotly heatmap (agency involvement over time).

    Examples
    --------
    >>> df = pd.DataFrame({"agency": ["School", "Police"], "date": pd.to_datetime(["2015-01-05", "2015-03-01"])})
    >>> involvement_heatmap(df).data[0].type
    'heatmap'
    """
    table = t.involvement_table(chronology)
    colours = agency_colours(table.index)
    ticks = [f"<span style='color:{colours[a]}'>■</span> {a}" for a in table.index]
    fig = _traces([dict(type="heatmap", z=table.to_numpy(), x=list(table.columns), y=ticks, colorscale=_colorscale("Blues", checked),
                        colorbar=dict(title=dict(text=message("charts.involvement_colourbar"))), xgap=1, ygap=1,
                        hovertemplate=message("charts.involvement_hover", agency="%{y}", month="%{x}",
                                              count="%{z}") + "<extra></extra>")], checked)
    fig.update_yaxes(autorange="reversed")
    return _fig(fig, message("charts.involvement_title"), t.describe_involvement(table),
                height=140 + 34 * len(table), checked=checked)


def plot_involvement_heatmap(chronology: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Entries per agency per month, as a matplotlib heatmap (returns the Axes).

    Examples
    --------
    >>> df = pd.DataFrame({"agency": ["School", "Police"], "date": pd.to_datetime(["2015-01-05", "2015-03-01"])})
    >>> ax = plot_involvement_heatmap(df); len(ax.images)
    1
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = t.involvement_table(chronology)
    ax = _ax(ax)
    image = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues", interpolation="nearest")
    ax.set_yticks(range(len(table)), table.index, fontsize=8)
    colours = agency_colours(table.index)
    for label in ax.get_yticklabels():
        label.set_color(colours.get(label.get_text(), "#222222"))
    starts = [i for i, m in enumerate(table.columns) if m.endswith("-01")] or [0]
    step = max(1, len(starts) // 10)
    ax.set_xticks(starts[::step], [table.columns[i][:4] for i in starts[::step]], fontsize=7)
    ax.figure.colorbar(image, ax=ax, label=message("charts.involvement_colourbar"), shrink=0.8)
    ax.set_title(message("charts.involvement_title"), loc="left", fontsize=10, fontweight="bold")
    return ax


def findings_by_theme(findings: pd.DataFrame, *, agencies: Iterable | None = None,
                      checked: bool = True) -> go.Figure:
    """Findings by learning theme, stacked by agency (plotly).

    Examples
    --------
    >>> f = pd.DataFrame({"theme": ["neglect"], "agency": ["School"]})
    >>> [bar.name for bar in findings_by_theme(f).data]
    ['School']
    """
    table = t.findings_theme_table(findings)
    colours = _colours(table.columns, agencies)
    fig = _traces([dict(type="bar", y=list(table.index), x=table[a].to_numpy(), name=a, orientation="h",
                        marker=dict(color=colours.get(a, "#5E5E5E")),
                        hovertemplate=message("charts.theme_hover", agency=a, theme="%{y}",
                                              count="%{x}") + "<extra></extra>")
                   for a in table.columns], checked)
    fig.update_layout(barmode="stack").update_xaxes(title=dict(text=message("charts.theme_axis")))
    fig.update_yaxes(autorange="reversed")
    return _fig(fig, message("charts.theme_title"), t.describe_findings_by_theme(table),
                height=160 + 40 * max(len(table), 1), checked=checked)


def plot_findings_by_theme(findings: pd.DataFrame, *, ax: Axes | None = None,
                           agencies: Iterable | None = None) -> Axes:
    """Findings by learning theme, stacked by agency (matplotlib; returns the Axes)."""
    table = t.findings_theme_table(findings)
    colours = _colours(table.columns, agencies)
    ax = _ax(ax)
    left = np.zeros(len(table))
    for agency in table.columns:
        ax.barh(table.index, table[agency], left=left, color=colours.get(agency, "#5E5E5E"),
                edgecolor="white", label=agency)
        left += table[agency].to_numpy()
    ax.invert_yaxis()
    ax.set_xlabel(message("charts.theme_axis"), fontsize=8)
    ax.legend(title=message("charts.legend_agency"), fontsize=7, title_fontsize=8, frameon=False, loc="lower right")
    ax.set_title(message("charts.theme_title"), loc="left", fontsize=10, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


#: Characters of a line of a response-delay row's label before it wraps.
DELAY_LABEL_CHARS = 48


def _delay_rows(table: pd.DataFrame, sep: str) -> tuple[pd.DataFrame, list[str]]:
    """The rows of the response-delay chart and their labels: number, agency and the finding's
    whole title, wrapped with ``sep`` (``"<br>"`` for plotly, a new line for matplotlib)."""
    labels = [wrapped(f"{n}. {agency}: {title}", DELAY_LABEL_CHARS, sep=sep)
              for n, agency, title in zip(table["number"], table["agency"], table["title"])]
    late = table["responded"]
    x_none = np.maximum(table["limit_days"].fillna(1) * 3, 1.0)
    return table.assign(y=np.arange(len(table)), x_none=np.where(late, np.nan, x_none)), labels


def _most_lines(labels: list[str], sep: str) -> int:
    """The lines of the longest label (rows are evenly spaced, so each needs room for it)."""
    return max((label.count(sep) + 1 for label in labels), default=1)


def response_delays(findings: pd.DataFrame, *, agencies: Iterable | None = None,
                    checked: bool = True) -> go.Figure:
    """Delays of response findings (as ranges) against their limits, in days on a log scale (plotly).

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1"], "kind": ["response"], "rule": ["r"], "agency": ["School"],
    ...     "start": pd.to_datetime(["2015-02-09"]), "limit": ["2 hours"], "summary": ["s"],
    ...     "delay_min": [pd.Timedelta(hours=3)], "delay_max": [pd.Timedelta(hours=4)]})
    >>> sorted({tr.name for tr in response_delays(f).data})
    ['Limit', 'School']
    """
    table, labels = _delay_rows(t.response_delay_table(findings), "<br>")
    colours = _colours(table["agency"], agencies)
    traces = []
    for agency, rows in table.groupby("agency", sort=False):
        c = colours.get(agency, "#5E5E5E")
        late = rows[rows["responded"]]
        if late.empty:
            continue
        traces.append(dict(
            type="scatter", x=late["delay_min_days"].to_numpy(), y=late["y"].to_numpy(), name=agency,
            mode="markers", legendgroup=agency, marker=dict(symbol="line-ns", size=12, line=dict(width=2, color=c)),
            error_x=dict(type="data", symmetric=False,
                         array=(late["delay_max_days"] - late["delay_min_days"]).to_numpy(),
                         arrayminus=np.zeros(len(late)), color=c, thickness=6, width=0),
            customdata=late["summary"].to_numpy(), hovertemplate="%{customdata}<extra></extra>"))
    none = table[~table["responded"]]  # one mark for all agencies (the row names the agency), in the legend
    if len(none):
        traces.append(dict(type="scatter", x=none["x_none"].to_numpy(), y=none["y"].to_numpy(),
                           mode="markers+text", name=message("charts.delays_none_trace"),
                           text=[message("charts.delays_none")] * len(none),
                           textposition="middle right", customdata=none["summary"].to_numpy(),
                           cliponaxis=False,  # the words may run into the right margin
                           hovertemplate="%{customdata}<extra></extra>",
                           marker=dict(symbol="x-thin-open", size=11, color="#222222",
                                       line=dict(width=2, color="#222222"))))
    traces.append(dict(type="scatter", x=table["limit_days"].to_numpy(), y=table["y"].to_numpy(), mode="markers",
                       name=message("charts.delays_limit"),
                       marker=dict(symbol="line-ns-open", size=18, color="#222222", line=dict(width=2)),
                       hovertemplate=message("charts.delays_limit_hover", days="%{x:.2f}") + "<extra></extra>"))
    fig = _traces(traces, checked)
    xs = pd.concat([table["delay_min_days"], table["delay_max_days"], table["limit_days"],
                    pd.Series(table["x_none"])]).dropna()
    xs = xs[xs > 0]
    fig.update_xaxes(type="log", title=message("charts.delays_axis"),
                     range=[np.log10(xs.min() / 2), np.log10(xs.max() * 8)] if len(xs) else None)  # room for labels
    fig.update_yaxes(tickmode="array", tickvals=table["y"], ticktext=labels, autorange="reversed")
    fig = _fig(fig, message("charts.delays_title"), t.describe_response_delays(table),
               height=220 + max(len(table), 1) * (10 + 16 * _most_lines(labels, "<br>")), checked=checked)
    # the legend under the plot, so that the rows' labels and the plot share the width (an A4 page's too)
    return fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.08, x=0))


def plot_response_delays(findings: pd.DataFrame, *, ax: Axes | None = None,
                         agencies: Iterable | None = None) -> Axes:
    """Delays of response findings against their limits (matplotlib; returns the Axes)."""
    table, labels = _delay_rows(t.response_delay_table(findings), "\n")
    colours = _colours(table["agency"], agencies)
    ax = _ax(ax, (8.27, max(3.0, 0.9 + len(table) * (0.06 + 0.13 * _most_lines(labels, "\n")))))
    c = table["agency"].map(colours).fillna("#5E5E5E")
    late = table["responded"].to_numpy()
    width = np.maximum(table["delay_max_days"] - table["delay_min_days"], table["delay_max_days"] * 0.04)
    ax.barh(table["y"][late], width[late], left=table["delay_min_days"][late], height=0.5, color=c[late])
    ax.scatter(table["delay_max_days"][late], table["y"][late], marker="o", s=22, c=c[late], zorder=3)
    ax.scatter(table["x_none"][~late], table["y"][~late], marker="x", s=30, c="#222222", zorder=3,
               label=message("charts.delays_none_trace"))
    for x, y in zip(table["x_none"][~late], table["y"][~late]):
        ax.text(x * 1.15, y, message("charts.delays_none"), va="center", fontsize=7, color="#333333")
    ax.scatter(table["limit_days"], table["y"], marker="|", s=160, color="#222222", zorder=4,
               label=message("charts.delays_limit"))
    ax.set_xscale("log")
    from matplotlib.patches import Patch

    handles = [Patch(color=colours.get(a, "#5E5E5E"), label=a) for a in dict.fromkeys(table["agency"])]
    handles += [h for h in ax.get_legend_handles_labels()[0]]
    ax.legend(handles=handles, fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_yticks(table["y"], labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(message("charts.delays_axis_print"), fontsize=8)
    ax.set_title(message("charts.delays_title"), loc="left", fontsize=10, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def who_knew(chronology: pd.DataFrame, *, checked: bool = True) -> go.Figure:
    """Who knew what, when: for each concern, the agencies that knew of it and from when (plotly).

    Examples
    --------
    >>> df = pd.DataFrame({"entry_id": ["a"], "event_type": ["injury"], "agency": ["School"],
    ...     "duplicate_group": [None], "date": pd.to_datetime(["2015-01-05"]), "reported": pd.NaT,
    ...     "subject": ["Child A"]})
    >>> [tr.name for tr in who_knew(df).data]
    ['known to', 'School']
    """
    table = t.who_knew_table(chronology)
    colours = agency_colours(chronology["agency"])
    spans = table.groupby("concern_label", sort=False)["knew_from"].agg(["min", "max"])
    # Timestamps, not numpy's datetime64 turned to object (nanosecond integers on a linear axis)
    xs = [x for pair in zip(spans["min"].tolist(), spans["max"].tolist(), [None] * len(spans)) for x in pair]
    ys = np.repeat(spans.index.to_numpy(), 3)
    traces = [dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color="#999999", width=2),
                   name=message("charts.who_knew_span"), hoverinfo="skip", showlegend=False)]
    for agency, rows in table.groupby("agency", sort=False):
        traces.append(dict(type="scatter", x=rows["knew_from"].to_numpy(), y=rows["concern_label"].to_numpy(),
                           mode="markers", name=agency, marker=dict(color=colours.get(agency, "#5E5E5E"), size=10),
                           customdata=rows["days_after_first"].to_numpy(),
                           hovertemplate=message("charts.who_knew_hover", agency=agency, date="%{x|%d %b %Y}",
                                                 days="%{customdata:.0f}") + "<extra></extra>"))
    fig = _traces(traces, checked)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="date")
    return _fig(fig, message("charts.who_knew_title"), t.describe_who_knew(table),
                height=160 + 24 * max(len(spans), 1), checked=checked)


def plot_who_knew(chronology: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Who knew what, when (matplotlib; returns the Axes)."""
    import matplotlib.dates as mdates

    table = t.who_knew_table(chronology)
    colours = agency_colours(chronology["agency"])
    order = list(dict.fromkeys(table["concern_label"]))
    ax = _ax(ax, (8.27, max(3.0, 1.0 + 0.2 * len(order))))
    nudge = table.groupby("concern").cumcount() * 0.18
    y = table["concern_label"].map({c: i for i, c in enumerate(order)}) + nudge - nudge.groupby(table["concern"]).transform("max") / 2
    spans = table.groupby(y.round())["knew_from"].agg(["min", "max"])
    ax.hlines(spans.index, mdates.date2num(spans["min"].to_numpy()), mdates.date2num(spans["max"].to_numpy()),
              color="#999999", lw=1.5, zorder=1)
    for agency, rows in table.groupby("agency", sort=False):
        ax.scatter(mdates.date2num(rows["knew_from"].to_numpy()), y[rows.index], s=22, zorder=2,
                   color=colours.get(agency, "#5E5E5E"), label=agency)
    ax.set_yticks(range(len(order)), order, fontsize=6.5)
    ax.invert_yaxis()
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.legend(title=message("charts.legend_agency"), fontsize=7, title_fontsize=8, frameon=False,
              loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_title(message("charts.who_knew_title"), loc="left", fontsize=10, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
