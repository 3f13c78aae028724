"""Finding overlays of the timeline: a findings row per kind, delay arrows, bands, marks.

Every finding is a bar in the row of its kind (findings with the same kind and the same span share
one bar, which lists them all). In the entry lanes, response and cluster findings with a
(late) response get a level arrow along the trigger's lane to the time of the response, labelled
with the finding's number and the delay range;
clusters get a shaded span over their concerns; stasis and gap findings a band over their lane;
attendance findings a mark on the conference an agency missed. The national pack's kinds draw like
their nearest: a ``repeat`` (the same thing again and again, then perhaps a follow-up) like a
cluster, an ``unseen`` stretch (no professional saw the child) like a gap, its band over every
agency's lane, with the sightings before and after the stretch marked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from reviewkit.messages import message
from reviewkit.render.finding_key import key_text

#: The kinds of finding with their own row, top to bottom (labels: the ``[finding_rows]`` messages).
FINDING_KINDS: tuple[str, ...] = ("response", "cluster", "repeat", "attendance", "stasis", "absence", "gap",
                                  "unseen")
#: Kinds drawn like a cluster (a span over their entries, an arrow to a linked follow-up) and like
#: a gap (a band over the stretch between the finding's start and end).
CLUSTER_LIKE: tuple[str, ...] = ("cluster", "repeat")
PERIOD_LIKE: tuple[str, ...] = ("stasis", "gap", "unseen")


def finding_row_label(kind: str) -> str:
    """Label of the findings row of a kind of finding, from the message catalogue.

    Examples
    --------
    >>> finding_row_label("gap"), finding_row_label("custom")
    ('Findings: gap in contact', 'Findings: custom')
    """
    if kind in FINDING_KINDS:
        return message(f"finding_rows.{kind}")
    return message("finding_rows.other", kind=kind)


_SEVERITY = {"high": 0, "medium": 1, "low": 2}
TRACK = 0.42


def pack(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Greedy track of each bar so that bars overlapping in x never share a track.

    Examples
    --------
    >>> pack(np.array([0, 1, 5]), np.array([2, 3, 6])).tolist()
    [0, 1, 0]
    """
    order = np.argsort(starts, kind="stable")
    track_end: list = []
    tracks = np.zeros(len(starts), dtype=int)
    for i in order:
        free = next((t for t, end in enumerate(track_end) if end < starts[i]), None)
        if free is None:
            free = len(track_end)
            track_end.append(ends[i])
        track_end[free] = ends[i]
        tracks[i] = free
    return tracks


def format_delay(low: pd.Timedelta, high: pd.Timedelta) -> str:
    """A delay range as a short label.

    Examples
    --------
    >>> format_delay(pd.Timedelta(days=64, hours=14), pd.Timedelta(days=65, hours=13))
    '64–65 days'
    >>> format_delay(pd.Timedelta(hours=3, minutes=30), pd.Timedelta(hours=3, minutes=30))
    '3.5 hours'
    """
    if pd.isna(low) or pd.isna(high):
        return ""
    if high < pd.Timedelta(days=1):
        a, b = (round(t.total_seconds() / 1800) / 2 for t in (low, high))
        unit = message("timeline.delay_hours")
    else:
        a, b = low.days, high.days
        unit = message("timeline.delay_days") if b != 1 else message("timeline.delay_day")
    num = (lambda v: f"{v:g}")
    return f"{num(a)} {unit}" if a == b else f"{num(a)}–{num(b)} {unit}"


def number_findings(findings: pd.DataFrame) -> pd.Series:
    """Number findings 1..n in date order (the numbers shown on the timeline and in its table).

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-b", "F-a"], "kind": "gap",
    ...                   "start": pd.to_datetime(["2016-01-01", "2015-01-01"])})
    >>> number_findings(f).tolist()
    [2, 1]
    """
    order = findings.sort_values(["start", "kind", "finding_id"], kind="stable").index
    return pd.Series(np.arange(1, len(order) + 1), index=order).reindex(findings.index)


def _ids_label(numbers: list[int]) -> str:
    numbers = sorted(numbers)
    if len(numbers) > 2 and numbers[-1] - numbers[0] == len(numbers) - 1:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(map(str, numbers))


@dataclass
class Overlay:
    """Findings laid out as bars (before lanes have y positions) plus per-finding geometry."""

    bars: pd.DataFrame
    found: pd.DataFrame
    arrows: pd.DataFrame | None = None
    bands: pd.DataFrame | None = None
    marks: pd.DataFrame | None = None
    per_char: object = None
    sightings: pd.DataFrame | None = None

    @cached_property
    def occurrences(self) -> pd.DataFrame:
        """The findings with each occurrence of a grouped finding a row of its own
        (:func:`occurrence_rows`), made once for :meth:`band_tracks` and :meth:`place`."""
        return occurrence_rows(self.found)

    def place(self, lanes: pd.DataFrame, pts: pd.DataFrame, ivl: pd.DataFrame) -> Overlay:
        """Give bars their y and build arrows, bands and marks from entry positions."""
        top = lanes.set_index("lane")["top"]
        bottom = lanes.set_index("lane")["bottom"]
        bars = self.bars.assign(y=self.bars["lane"].map(top) + 0.1 + TRACK * (self.bars["track"] + 0.5))
        pos = pd.concat([pts[["entry_id", "x", "x0", "x1", "y", "lane"]],
                         ivl[["entry_id", "x0", "y", "lane"]].assign(x=ivl["x0"], x1=ivl["x0"])])
        pos = pos.drop_duplicates("entry_id").set_index("entry_id")
        f = self.occurrences  # a grouped finding's occurrences each drawn
        arrows, marks = _arrows_and_marks(f, pos)
        linked = f["link"].notna() & (f["entries"].map(len) > 1)
        concerns = f["entries"].where(~linked, f["entries"].map(lambda t: t[:-1]))
        ex = concerns.explode().dropna()
        geo = pd.DataFrame({"i": ex.index, "x0": ex.map(pos["x0"]).to_numpy(),
                            "x1": ex.map(pos["x1"]).to_numpy(), "lane": ex.map(pos["lane"]).to_numpy()}).dropna()
        geo["top"], geo["bottom"] = geo["lane"].map(top), geo["lane"].map(bottom)
        g = geo.groupby("i").agg(x0=("x0", "min"), x1=("x1", "max"), y0=("top", "min"),
                                 y1=("bottom", "max"), lane=("lane", "first"))
        band = f.join(g.rename(columns={"x0": "x0_e", "x1": "x1_e"}))
        is_cluster = band["kind"].isin(CLUSTER_LIKE)
        band["x0"] = band["x0_e"].where(is_cluster, band["x0"])
        band["x1"] = band["x1_e"].where(is_cluster, band["x1"])
        entry_lanes = lanes[lanes["kind"] == "entries"] if "kind" in lanes else lanes.iloc[:0]
        if len(entry_lanes):  # nobody of any agency saw the child: the band crosses every lane
            unseen = band["kind"] == "unseen"
            band.loc[unseen, "y0"], band.loc[unseen, "y1"] = entry_lanes["top"].min(), entry_lanes["bottom"].max()
        bands = band[band["kind"].isin(CLUSTER_LIKE + PERIOD_LIKE)].dropna(subset=["x0", "x1", "y0", "y1"])
        bands = merge_overlapping(bands)
        arrows, marks = in_label_band(arrows, marks, top, self.per_char)
        arrows, marks = arrows.dropna(subset=["y_trigger", "y_response"]), marks.dropna(subset=["y"])
        return Overlay(bars, f, arrows, bands, marks, self.per_char, sightings(f, pos))

    def band_tracks(self, pts: pd.DataFrame, ivl: pd.DataFrame) -> pd.Series:
        """How many tracks of delay arrows and mark labels each lane needs above its entries."""
        pos = pd.concat([pts[["entry_id", "x", "lane"]], ivl[["entry_id", "x0", "lane"]].rename(columns={"x0": "x"})])
        pos = pos.drop_duplicates("entry_id").set_index("entry_id").assign(y=np.nan)
        arrows, marks = _arrows_and_marks(self.occurrences, pos)
        if arrows.empty and marks.empty:
            return pd.Series(dtype=int)
        items = _band_items(arrows, marks, self.per_char)
        return items.groupby("lane")["track"].max().add(1).clip(upper=BAND_TRACKS)


def occurrence_rows(f: pd.DataFrame) -> pd.DataFrame:
    """The findings with each occurrence of a grouped response, cluster or attendance finding as a
    row of its own (its entries, delays and sentence; the finding's number), so that each is drawn;
    a finding found once is its own row. A recorded occurrence links its trigger to its response.

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1"], "kind": ["response"], "number": [3], "basis": ["recorded"],
    ...     "entries": [("t1", "r1", "t2", "r2")], "link": [None], "hover": ["3. Late, twice."],
    ...     "delay_min": pd.to_timedelta(["1D"]), "delay_max": pd.to_timedelta(["1D"]),
    ...     "occurrences": [("Late once.", "Late again.")], "occurrence_entries": [(("t1", "r1"), ("t2", "r2"))],
    ...     "occurrence_delays": [((pd.Timedelta("1D"), pd.Timedelta("1D")), (pd.Timedelta("3D"), pd.Timedelta("4D")))]})
    >>> occurrence_rows(f)[["finding_id", "entries", "link", "hover"]].values.tolist()
    [['F-1', ('t1', 'r1'), 'grouped', '3. Late once.'], ['F-1', ('t2', 'r2'), 'grouped', '3. Late again.']]
    """
    if "occurrence_entries" not in f or f.empty:
        return f
    counts = f["occurrence_entries"].map(lambda found: len(found) if isinstance(found, tuple) else 0)
    many = (counts > 1) & f["kind"].isin(["response", *CLUSTER_LIKE, "attendance"])
    if not many.any():
        return f
    grouped = f[many]
    rows = grouped.loc[grouped.index.repeat(counts[many])].copy()
    rows["entries"] = [tuple(entries) for found in grouped["occurrence_entries"] for entries in found]
    delays = [pair for found in grouped["occurrence_delays"] for pair in found]
    rows["delay_min"] = pd.to_timedelta([pair[0] for pair in delays])
    rows["delay_max"] = pd.to_timedelta([pair[1] for pair in delays])
    recorded = rows["basis"].eq("recorded") if "basis" in rows else pd.Series(True, index=rows.index)
    rows["link"] = np.where(recorded.fillna(False).to_numpy(dtype=bool), "grouped", None)
    sentences = [sentence for found in grouped["occurrences"] for sentence in found]
    rows["hover"] = rows["number"].astype(str).to_numpy(dtype=object) + ". " + np.asarray(sentences, dtype=object)
    rows["occurrence_entries"] = None  # each row is one occurrence now
    return pd.concat([f[~many], rows]).sort_index(kind="stable").reset_index(drop=True)


def _arrows_and_marks(f: pd.DataFrame, pos: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Delay arrows (trigger to response) and absence marks of the findings (each occurrence of a
    grouped finding, see :func:`occurrence_rows`), from entry positions."""
    f = occurrence_rows(f)
    first = f["entries"].map(lambda t: t[0] if len(t) else None)
    last = f["entries"].map(lambda t: t[-1] if len(t) else None)
    prev = f["entries"].map(lambda t: t[-2] if len(t) > 1 else None)
    linked = f["link"].notna() & (f["entries"].map(len) > 1)
    src = first.where(~f["kind"].isin(CLUSTER_LIKE), prev)
    arrows = pd.DataFrame({
        "finding_id": f["finding_id"], "kind": f["kind"], "lane": src.map(pos["lane"]),
        "x0": src.map(pos["x"]), "y_trigger": src.map(pos["y"]),
        "x1": last.map(pos["x"]), "y_response": last.map(pos["y"]),
        "label": [message("timeline.delay_label", number=n, delay=format_delay(a, b)) if pd.notna(a)
                  else str(n) for n, a, b in zip(f["number"], f["delay_min"], f["delay_max"])],
        "hover": f["hover"],
    })[linked & f["kind"].isin(["response", *CLUSTER_LIKE])].dropna(subset=["x0", "x1", "lane"])
    arrows = arrows.drop_duplicates(["x0", "lane", "x1", "y_response"]).reset_index(drop=True)
    att = f[f["kind"] == "attendance"]
    marks = pd.DataFrame({"finding_id": att["finding_id"], "lane": first[att.index].map(pos["lane"]),
                          "x": first[att.index].map(pos["x"]), "y": first[att.index].map(pos["y"]),
                          "label": [message("timeline.mark_absent", agency=a) for a in
                                    att["agency"].astype("object").fillna(message("timeline.an_agency"))],
                          "hover": att["hover"]}).dropna(subset=["x", "lane"]).reset_index(drop=True)
    return arrows, marks


def sightings(f: pd.DataFrame, pos: pd.DataFrame) -> pd.DataFrame:
    """The entries that bound each ``unseen`` stretch: the child seen before it and after it.

    Of an unseen finding's entries (the period's opening, the sighting before, the sighting
    after: :mod:`reviewkit.check.detectors.unseen`), the one nearest the finding's start is the
    sighting before and the one nearest its end the sighting after (a stretch that runs to the
    period's end has none after). Columns ``finding_id``, ``entry_id``, ``part`` (``before`` or
    ``after``), ``x``, ``y``, ``hover``.

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1"], "kind": ["unseen"], "entries": [("p", "b", "a")],
    ...                   "x0": [2.0], "x1": [9.0], "hover": ["1. Not seen."]})
    >>> pos = pd.DataFrame({"x": [0.0, 2.0, 9.0], "y": [1.0, 2.0, 3.0]}, index=["p", "b", "a"])
    >>> sightings(f, pos)[["entry_id", "part", "x"]].values.tolist()
    [['b', 'before', 2.0], ['a', 'after', 9.0]]
    """
    columns = ["finding_id", "entry_id", "part", "x", "y", "hover"]
    unseen = f[f["kind"] == "unseen"] if len(f) else f
    ex = unseen["entries"].explode().dropna() if len(unseen) else pd.Series(dtype=object)
    ex = ex[ex.isin(pos.index)]
    if ex.empty:
        return pd.DataFrame(columns=columns)
    e = pd.DataFrame({"i": ex.index, "entry_id": ex.to_numpy(), "x": ex.map(pos["x"]).to_numpy(),
                      "y": ex.map(pos["y"]).to_numpy()})
    e["to_start"] = (e["x"] - e["i"].map(unseen["x0"])).abs()
    e["to_end"] = (e["x"] - e["i"].map(unseen["x1"])).abs()
    before = e.loc[e.groupby("i")["to_start"].idxmin()].assign(part="before")
    after = e.loc[e.groupby("i")["to_end"].idxmin()].assign(part="after")
    after = after[(after["to_end"] < after["to_start"]).to_numpy()]
    out = pd.concat([before, after]).sort_values(["i", "x"], kind="stable")
    out["finding_id"] = out["i"].map(unseen["finding_id"])
    said = {"before": message("timeline.seen_before"), "after": message("timeline.seen_after")}
    out["hover"] = [said[part] + "\n" + str(hover) for part, hover in zip(out["part"], out["i"].map(unseen["hover"]))]
    return out[columns].dropna(subset=["x", "y"]).reset_index(drop=True)


def merge_overlapping(bands: pd.DataFrame) -> pd.DataFrame:
    """One band per run of overlapping stasis (or gap) bands of a lane; cluster bands stay apart.

    Examples
    --------
    >>> bands = pd.DataFrame({"kind": "gap", "finding_id": ["F-1", "F-2", "F-3"], "hover": "h",
    ...     "x0": [0, 5, 20], "x1": [10, 12, 25], "y0": 1.0, "y1": 2.0})
    >>> merge_overlapping(bands)[["x0", "x1", "finding_ids"]].values.tolist()
    [[0, 12, ('F-1', 'F-2')], [20, 25, ('F-3',)]]
    """
    bands = bands.sort_values(["kind", "y0", "y1", "x0"], kind="stable")
    lane = ["kind", "y0", "y1"]
    reach = bands.groupby(lane, sort=False)["x1"].cummax().groupby([bands[c] for c in lane], sort=False).shift()
    starts = ~(bands["x0"] <= reach).fillna(False) | ~bands["kind"].isin(PERIOD_LIKE)
    bands = bands.assign(block=starts.cumsum())
    return (bands.groupby(["kind", "y0", "y1", "block"], sort=False)
            .agg(x0=("x0", "min"), x1=("x1", "max"), finding_ids=("finding_id", tuple), hover=("hover", "first"))
            .reset_index()[["kind", "x0", "x1", "y0", "y1", "finding_ids", "hover"]])


#: The band above a lane's point entries where its delay arrows and mark labels go: the first
#: track's centre below the lane's top, the height of a track (a line of label text), the most
#: tracks a lane gets (more share the last).
BAND_Y, BAND_STEP, BAND_TRACKS = 0.17, 0.3, 3


def band_height(tracks: int) -> float:
    """Height of a lane's band for ``tracks`` tracks (none without arrows or marks).

    Examples
    --------
    >>> band_height(0), round(band_height(2), 2)
    (0.0, 0.64)
    """
    return BAND_STEP * tracks + 0.04 if tracks else 0.0


def _band_items(arrows: pd.DataFrame, marks: pd.DataFrame, per_char: object) -> pd.DataFrame:
    """Arrows (with their labels) and mark labels as x extents per lane, packed into tracks."""
    if marks.empty:  # an empty frame's columns may have any dtype (text for x, as seen)
        marks = pd.DataFrame({"lane": pd.Series(dtype=object), "label": pd.Series(dtype="string"),
                              "x": arrows["x0"].iloc[:0]})
    if arrows.empty:
        arrows = pd.DataFrame({"lane": pd.Series(dtype=object), "label": pd.Series(dtype="string"),
                               "x0": marks["x"].iloc[:0], "x1": marks["x"].iloc[:0]})
    everything = pd.concat([arrows["x0"], arrows["x1"], marks["x"]])
    step = per_char if per_char is not None else (everything.max() - everything.min()) / 170
    width = arrows["label"].astype("string").str.len().fillna(0).add(1) * step
    fits = (arrows["x1"] - arrows["x0"]) >= width + 2 * step
    half = marks["label"].astype("string").str.len().fillna(0).add(1) * step / 2
    items = pd.concat([
        pd.DataFrame({"what": "arrow", "i": arrows.index, "lane": arrows["lane"], "lo": arrows["x0"],
                      "hi": arrows["x1"].where(fits, arrows["x1"] + step * 0.6 + width),
                      "label_x": (arrows["x0"] + (arrows["x1"] - arrows["x0"]) / 2).where(fits, arrows["x1"] + step * 0.6),
                      "anchor": np.where(fits, "center", "left")}),
        pd.DataFrame({"what": "mark", "i": marks.index, "lane": marks["lane"], "lo": marks["x"] - half,
                      "hi": marks["x"] + half, "label_x": marks["x"], "anchor": "center"}),
    ], ignore_index=True)
    items["track"] = 0
    for _lane, idx in items.groupby("lane", sort=False).groups.items():
        ends = items.loc[idx, "hi"] + step  # a character apart at least
        items.loc[idx, "track"] = pack(items.loc[idx, "lo"].to_numpy(), ends.to_numpy())
    return items


def in_label_band(arrows: pd.DataFrame, marks: pd.DataFrame, top: pd.Series,
                  per_char: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Place delay arrows and mark labels in the band above the trigger's (or mark's) lane.

    An arrow runs level from the trigger to the time of the response, in its trigger's lane
    (the renderers mark the response where it is with a dotted vertical line); its label sits on
    it, or after its head when the arrow is too short to hold it. A mark's label sits in the
    band above its ring. Things that would meet in a lane go on separate tracks, so no label
    covers a marker or another label. Adds ``y0``, ``y1``, ``label_x`` and ``label_anchor`` to
    the arrows and ``label_x``, ``label_y`` to the marks.
    """
    arrows, marks = arrows.copy(), marks.copy()
    if arrows.empty and marks.empty:
        return (arrows.assign(y0=[], y1=[], label_x=[], label_anchor=[]), marks.assign(label_x=[], label_y=[]))
    items = _band_items(arrows, marks, per_char)  # the arrows in their order, then the marks
    items["y"] = (items["lane"].map(top).astype(float) + BAND_Y
                  + BAND_STEP * items["track"].clip(upper=BAND_TRACKS - 1))
    is_arrow = (items["what"] == "arrow").to_numpy()
    placed, labelled = items[is_arrow], items[~is_arrow]
    arrows["y0"] = arrows["y1"] = placed["y"].to_numpy() if len(arrows) else []
    arrows["label_x"] = placed["label_x"].to_numpy() if len(arrows) else []
    arrows["label_anchor"] = placed["anchor"].to_numpy() if len(arrows) else []
    marks["label_x"] = labelled["label_x"].to_numpy() if len(marks) else []
    marks["label_y"] = labelled["y"].to_numpy() if len(marks) else []
    return arrows, marks


def _bar_hover(hovers: pd.Series) -> str:
    """Hover text of a findings bar: its first four findings, and how many more."""
    more = ["\n" + message("timeline.more_findings", count=len(hovers) - 4)] if len(hovers) > 4 else []
    return "\n".join(hovers.iloc[:4]) + "".join(more)


def finding_overlays(findings: pd.DataFrame | None, *, focus: tuple | None, refs: pd.Series | None,
                     to_x: Callable, per_char=None) -> tuple[pd.DataFrame, Overlay]:
    """The findings rows needed (lane, label, tracks) and the unplaced overlay."""
    cols = ["finding_id", "case_id", "kind", "severity", "certainty", "start", "end", "entries",
            "summary", "agency", "link", "delay_min", "delay_max"]
    f = pd.DataFrame(columns=cols) if findings is None else findings.reset_index(drop=True).copy()
    f = f.assign(number=number_findings(f) if len(f) else pd.Series(dtype=int),
                 start=pd.to_datetime(f["start"]), end=pd.to_datetime(f["end"]),
                 delay_min=pd.to_timedelta(f["delay_min"]), delay_max=pd.to_timedelta(f["delay_max"]))
    f["entries"] = f["entries"].map(lambda t: tuple(t) if isinstance(t, (tuple, list)) else ())
    if focus is not None and len(f):
        lo, hi = pd.Timestamp(focus[0]), pd.Timestamp(focus[1])
        f = f[(f["end"].fillna(f["start"]) >= lo) & (f["start"] <= hi)]
    case = f["case_id"].astype("object")
    f = f.assign(x0=to_x(f["start"], case, refs), x1=to_x(f["end"].fillna(f["start"]), case, refs))
    f = f.dropna(subset=["x0"]).reset_index(drop=True)
    f["hover"] = f["number"].astype(str) + ". " + f["summary"].astype("object").fillna("")
    rules = f["rule"] if "rule" in f else pd.Series("", index=f.index)
    titles = f["title"].astype("object") if "title" in f else pd.Series(None, index=f.index, dtype=object)
    f["key_item"] = [(int(n), key_text(int(n), r, a, title=t), s, c) for n, r, a, t, s, c in
                     zip(f["number"], rules, f["agency"].astype("object"), titles, f["severity"], f["certainty"])]
    if not len(f):
        empty = pd.DataFrame(columns=["lane", "kind", "x0", "x1", "track", "finding_ids", "label",
                                      "severity", "certainty", "hover", "count", "key_items"])
        return pd.DataFrame(columns=["lane", "label", "tracks"]), Overlay(empty, f)
    sev = f["severity"].astype("object").map(_SEVERITY).fillna(1)
    bars = (f.assign(sev=sev, possible=f["certainty"].astype("object").eq("possible"))
            .groupby(["kind", "x0", "x1"], sort=False)
            .agg(finding_ids=("finding_id", tuple), numbers=("number", list), sev=("sev", "min"),
                 possible=("possible", "all"), hover=("hover", _bar_hover), key_items=("key_item", tuple))
            .reset_index())
    bars["finding_ids"] = bars["finding_ids"].map(tuple)
    bars["label"] = bars["numbers"].map(_ids_label)
    bars["count"] = bars["finding_ids"].map(len)
    bars["severity"] = bars["sev"].map({v: k for k, v in _SEVERITY.items()})
    bars["certainty"] = np.where(bars["possible"], "possible", "certain")
    bars["lane"] = "finding:" + bars["kind"].astype(str)
    bars["track"] = 0
    if per_char is None:
        per_char = (bars["x1"].max() - bars["x0"].min()) / 170
    reach = bars["x1"].where(bars["x1"] > bars["x0"] + per_char, bars["x0"] + per_char)
    reach = reach + per_char * (bars["label"].str.len() + 1.5)  # room for the label after the bar
    ends = bars["x1"].where(bars["x1"] > reach, reach)
    for _kind, idx in bars.groupby("kind").groups.items():
        bars.loc[idx, "track"] = pack(bars.loc[idx, "x0"].to_numpy(), ends.loc[idx].to_numpy())
    kinds = [k for k in FINDING_KINDS if k in set(bars["kind"])] + \
        sorted(set(bars["kind"]) - set(FINDING_KINDS))
    rows = pd.DataFrame({"lane": [f"finding:{k}" for k in kinds],
                         "label": [finding_row_label(k) for k in kinds],
                         "tracks": [int(bars.loc[bars["kind"] == k, "track"].max()) + 1 for k in kinds]})
    return rows, Overlay(bars.drop(columns=["numbers", "sev", "possible"]), f, per_char=per_char)
