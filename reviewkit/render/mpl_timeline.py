"""The print timeline: :func:`plot_timeline` draws the same :class:`TimelineLayout` with matplotlib."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from reviewkit.messages import message, severity_label
from reviewkit.render.finding_key import bar_labels, finding_key, wrapped
from reviewkit.render.layout import TimelineLayout, compute_layout
from reviewkit.render.palette import MPL_MARKERS, SEVERITY_COLOURS, group_labels

#: Landscape page sizes in inches.
PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": (11.69, 8.27), "A3": (16.54, 11.69)}
_BAND_FILL = {"cluster": ("#D55E00", 0.10), "stasis": ("#000000", 0.035), "gap": ("#000000", 0.07),
              "repeat": ("#D55E00", 0.10), "unseen": ("#000000", 0.07)}


def _num(values: pd.Series, kind: str) -> np.ndarray:
    if kind == "date":
        return mdates.date2num(pd.to_datetime(values).to_numpy())
    return values.to_numpy(dtype=float)


def _columns(frame: pd.DataFrame, columns: tuple[str, ...], kind: str) -> list[np.ndarray]:
    """Each of ``columns`` as x numbers (converted once, not row by row); nothing for no rows."""
    return [_num(frame[c], kind) for c in columns] if len(frame) else [np.array([])] * len(columns)


def draw_mpl(layout: TimelineLayout, ax: Axes) -> Axes:
    """Draw a computed layout on ``ax`` (see :func:`plot_timeline`)."""
    k = layout.x_kind
    pts, ivl, lanes = layout.points, layout.intervals, layout.lanes
    for i, lane in enumerate(lanes.itertuples()):
        if lane.kind == "findings" or i % 2 == 0:
            ax.axhspan(lane.top, lane.bottom, color="#003C78" if lane.kind == "entries" else "#000000",
                       alpha=0.035, lw=0, zorder=0)
    first = lanes.index[lanes["kind"] == "entries"]
    if len(first) and first[0] > 0:
        ax.axhline(float(lanes.loc[first[0], "top"]), color="#444444", lw=1.2, zorder=1)
    for band, x0, x1 in zip(layout.bands.itertuples(), *_columns(layout.bands, ("x0", "x1"), k)):
        colour, alpha = _BAND_FILL.get(band.kind, ("#000000", 0.06))
        ax.axvspan(x0, x1, ymin=0, ymax=1, alpha=0, lw=0)  # keep x limits honest
        ax.fill_between([x0, x1], band.y0, band.y1, color=colour, alpha=alpha, lw=0, zorder=0.5,
                        gid=f"band {band.kind}")
    if len(ivl):
        x0, x1 = _num(ivl["x0"], k), _num(ivl["x1"], k)
        width = np.maximum(x1 - x0, 1 if k == "date" else 0.03)
        ax.barh(ivl["y"], width, left=x0, height=0.32, color=ivl["colour"], alpha=0.3,
                edgecolor=ivl["colour"], linewidth=0.8, zorder=2, gid="intervals")
        where = bar_labels(layout)  # inside the axes: ending at its edge if need be
        for x, y, label, anchor in zip(_num(where["x"], k), where["y"], where["label"], where["anchor"]):
            ax.text(x, y, f" {label} ", va="center", ha=anchor, fontsize=MIN_PT, color="#111111",
                    zorder=3, clip_on=True, gid="plan label")
    vague = pts[pts["vague"]]
    if len(vague):
        ax.hlines(vague["y"], _num(vague["x0"], k), _num(vague["x1"], k), colors=vague["colour"],
                  linewidth=1.8, zorder=3, gid="ranges")
    # one scatter per agency, marker group and vagueness, in the order they first come; x made
    # numbers once for all (a frame and a date conversion per group took a third of the drawing)
    xs, ys = _num(pts["x"], k), pts["y"].to_numpy(dtype=float)
    numbered = pts.groupby(["agency", "group", "vague"], sort=False).ngroup().to_numpy(dtype=float)
    for number in range(int(np.nanmax(numbered)) + 1 if len(pts) else 0):
        rows = np.flatnonzero(numbered == number)
        agency, group, is_vague = (pts[column].iat[rows[0]] for column in ("agency", "group", "vague"))
        colour = layout.colours.get(agency, "#5E5E5E")
        ax.scatter(xs[rows], ys[rows], marker=MPL_MARKERS[group], s=26,
                   facecolors="white" if is_vague else colour, edgecolors=colour,
                   linewidths=1.0 if is_vague else 0.4, zorder=4, gid=f"entries {agency}: {group}")
    hit = pts[pts["highlighted"]]
    if len(hit):
        ax.scatter(_num(hit["x"], k), hit["y"], s=150, facecolors="none", edgecolors="#000000",
                   linewidths=1.6, zorder=5, gid="highlight")
    _findings(ax, layout)
    _axes(ax, layout)
    return ax


#: How each severity is drawn, so that it reads in greyscale too: (fill, edge, hatch). High solid
#: black, medium grey dotted with a black edge, low hollow with a grey edge; a possible finding
#: is hatched with diagonals.
SEVERITY_STYLE: dict[str, tuple[str, str, str | None]] = {
    "high": (SEVERITY_COLOURS["high"], SEVERITY_COLOURS["high"], None),
    "medium": (SEVERITY_COLOURS["medium"], "#000000", "...."),
    "low": ("#FFFFFF", SEVERITY_COLOURS["low"], None),
}
#: The smallest text on the page, in points.
MIN_PT = 7.0


def severity_patch(severity: str, possible: bool = False, **kwargs) -> Patch:
    """A legend patch drawn as a finding of ``severity`` is drawn."""
    fill, edge, hatch = SEVERITY_STYLE.get(severity, SEVERITY_STYLE["medium"])
    return Patch(facecolor=fill, edgecolor=edge, hatch="////" if possible else hatch, linewidth=1.0, **kwargs)


def _findings(ax: Axes, layout: TimelineLayout) -> None:
    k, bars = layout.x_kind, layout.findings
    if len(bars):
        x0, x1 = _num(bars["x0"], k), _num(bars["x1"], k)
        lo, hi = np.nanmin(x0), np.nanmax(x1)
        width = np.maximum(x1 - x0, (hi - lo) * 0.004)
        possible = bars["certainty"].eq("possible").to_numpy()
        for severity in bars["severity"].unique():
            fill, edge, hatch = SEVERITY_STYLE.get(severity, SEVERITY_STYLE["medium"])
            for chance, rows in ((False, (bars["severity"] == severity).to_numpy() & ~possible),
                                 (True, (bars["severity"] == severity).to_numpy() & possible)):
                if rows.any():
                    ax.barh(bars["y"][rows], width[rows], left=x0[rows], height=0.28, color=fill, edgecolor=edge,
                            linewidth=0.8, hatch="////" if chance else hatch, zorder=3,
                            gid="findings possible" if chance else "findings")
        for x, y, label in zip(x0 + width, bars["y"], bars["label"]):
            ax.text(x, y, " " + label, va="center", ha="left", fontsize=MIN_PT, color="#111111", zorder=4,
                    gid="finding number")
    arrow_x = _columns(layout.arrows, ("x0", "x1", "label_x"), k)
    for a, xa, xb, label_x in zip(layout.arrows.itertuples(), *arrow_x):
        # level, along the trigger's lane; a dotted line to the response itself
        ax.annotate("", xy=(xb, a.y1), xytext=(xa, a.y0), zorder=5,
                    arrowprops=dict(arrowstyle="-|>", color="#222222", lw=1.1, shrinkA=0, shrinkB=0))
        if abs(a.y_response - a.y1) > 0.05:
            ax.plot([xb, xb], [a.y1, a.y_response], color="#222222", lw=0.8, ls=":", zorder=5,
                    gid=f"response {a.finding_id}")
        ax.text(label_x, a.y0, a.label, fontsize=MIN_PT, va="center",
                ha=a.label_anchor, color="#111111", zorder=6, gid=f"delay {a.finding_id}",
                bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.9))
    seen = layout.sightings
    if len(seen):  # the child seen before and after a stretch no one saw them
        ax.scatter(_num(seen["x"], k), seen["y"], s=110, marker="D", facecolors="none", edgecolors="#222222",
                   linewidths=1.4, zorder=6, gid="sightings")
    for m, x, label_x in zip(layout.marks.itertuples(), *_columns(layout.marks, ("x", "label_x"), k)):
        ax.scatter([x], [m.y], s=140, facecolors="none", edgecolors="#222222", linewidths=1.5, zorder=6,
                   gid=f"mark {m.finding_id}")
        ax.text(label_x, m.label_y, m.label, ha="center", va="center",
                fontsize=MIN_PT, zorder=6, gid=f"mark label {m.finding_id}",
                bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.9))


def _key(ax: Axes, layout: TimelineLayout) -> None:
    """The key of the finding numbers, below everything, as many columns as the page holds; each
    title whole, wrapped to its column's width."""
    key = finding_key(layout.findings)
    if key.empty:
        return
    width = ax.figure.get_size_inches()[0]
    columns = max(1, min(3, int(width // 4.6)))
    chars = max(30, int((width / columns - 0.7) / (MIN_PT * 0.55 / 72)))  # a character ~0.55 em wide
    handles = [severity_patch(r.severity, r.certainty == "possible", label=wrapped(r.text, chars))
               for r in key.itertuples()]
    ax.figure.legend(handles=handles, loc="outside lower left", ncol=columns, fontsize=MIN_PT, frameon=False,
                     title=message("timeline.key_title").strip(), title_fontsize=MIN_PT + 0.5,
                     alignment="left", handlelength=1.6, columnspacing=1.2)


def _axes(ax: Axes, layout: TimelineLayout) -> None:
    lanes = layout.lanes
    ax.set_yticks(lanes["centre"], lanes["label"])
    for tick, colour, kind in zip(ax.get_yticklabels(), lanes["colour"], lanes["kind"]):
        tick.set_fontsize(8)
        if kind == "findings":
            tick.set_fontstyle("italic")
    ax.set_ylim(layout.height + 0.05, -0.05)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if layout.x_kind == "date":
        locator = mdates.AutoDateLocator(minticks=5, maxticks=14)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        if layout.x_range is not None:
            ax.set_xlim(*mdates.date2num(pd.to_datetime(list(layout.x_range)).to_numpy()))
    else:
        ax.set_xlabel(message("timeline.axis_months"), fontsize=8)
        ax.axvline(0, color="#444444", lw=1)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.grid(axis="x", color="#DDDDDD", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.set_title(layout.title, loc="left", fontsize=11, fontweight="bold")
    handles = [Line2D([], [], ls="", marker=MPL_MARKERS[g], color="#444444", markersize=6, label=label)
               for g, label in group_labels().items() if g in set(layout.points["group"])]
    if layout.points["vague"].any():
        handles.append(Line2D([], [], color="#444444", marker="o", markerfacecolor="white", lw=1.8,
                              markersize=5, label=message("timeline.legend_vague_short")))
    if len(layout.intervals):
        handles.append(Patch(facecolor="#888888", alpha=0.35, edgecolor="#444444", label=message("timeline.legend_plan")))
    for sev in [s for s in SEVERITY_COLOURS if s in set(layout.findings.get("severity", []))]:
        handles.append(severity_patch(sev, label=message("timeline.legend_finding_short", severity=severity_label(sev))))
    if len(layout.arrows):
        handles.append(Line2D([], [], color="#222222", marker=">", markersize=4, lw=1.1,
                              label=message("timeline.legend_arrow")))
    if layout.points["highlighted"].any():
        handles.append(Line2D([], [], ls="", marker="o", markerfacecolor="none", markeredgecolor="#000000",
                              markersize=8, label=message("timeline.legend_highlighted_entry")))
    if len(layout.sightings):
        handles.append(Line2D([], [], ls="", marker="D", markerfacecolor="none", markeredgecolor="#222222",
                              markersize=7, label=message("timeline.legend_seen")))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06),
              ncol=max(2, min(5, int(ax.figure.get_size_inches()[0] // 2.3))),
              fontsize=MIN_PT, frameon=False)
    _key(ax, layout)
    if layout.notes:
        ax.text(1.0, 1.0, " ".join(layout.notes), transform=ax.transAxes, fontsize=MIN_PT, va="bottom",
                ha="right", color="#555555")


def plot_timeline(chronology: pd.DataFrame, findings: pd.DataFrame | None = None, *, ax: Axes | None = None,
                  lanes: str = "agency", focus: tuple | None = None, size: str | None = "A4",
                  title: str | None = None, highlight: str | Iterable[str] | None = None,
                  highlight_only: bool = False, orientation: str = "landscape") -> Axes:
    """Print-ready timeline (matplotlib): the same layout as :func:`reviewkit.timeline`.

    Parameters
    ----------
    chronology, findings, lanes, focus, title, highlight, highlight_only
        As for :func:`reviewkit.timeline`.
    ax
        Draw on these Axes (returned); default: a new figure of ``size``.
    size
        ``"A4"`` or ``"A3"``, or None for matplotlib's default size (new figure only).
    orientation
        ``"landscape"`` (the default) or ``"portrait"`` for a page of ``size``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import reviewkit, warnings, matplotlib.pyplot as plt
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d")
    >>> ax = plot_timeline(chron, size="A4")
    >>> [round(float(v), 2) for v in ax.figure.get_size_inches()]
    [11.69, 8.27]
    >>> plt.close(ax.figure)
    >>> ax = plot_timeline(chron, size="A4", orientation="portrait")
    >>> [round(float(v), 2) for v in ax.figure.get_size_inches()]
    [8.27, 11.69]
    >>> plt.close(ax.figure)
    """
    if size is not None and size not in PAGE_SIZES:
        raise ValueError(f"size={size!r} is not a page size. Use one of: {', '.join(PAGE_SIZES)}, or None.")
    if orientation not in ("landscape", "portrait"):
        raise ValueError(f"orientation={orientation!r}: use 'landscape' or 'portrait'.")
    if ax is None:
        page = PAGE_SIZES[size][:: -1 if orientation == "portrait" else 1] if size else None
        fig = plt.figure(figsize=page, layout="constrained")
        ax = fig.add_subplot()
        across = fig.get_size_inches()[0] - 2.2  # inches of plot: the lane names take about 2.2
    else:
        across = ax.get_position().width * ax.figure.get_size_inches()[0]
    chars = int(max(40, min(200, across * 72 / (MIN_PT * 0.55))))  # 7 pt characters across it
    lay = compute_layout(chronology, findings, lanes=lanes, focus=focus, title=title, highlight=highlight,
                         highlight_only=highlight_only, label_chars=chars)
    return draw_mpl(lay, ax)
