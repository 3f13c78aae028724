"""Finding overlays of the timeline: a findings row per kind, delay arrows, bands, marks.

Every finding is a bar in the row of its kind (findings with the same kind and the same span share
one bar, which lists them all). On top of the entry lanes, response and cluster findings with a
(late) response get an arrow from the trigger to the response, labelled with the delay range;
clusters get a shaded span over their concerns; stasis and gap findings a band over their lane;
attendance findings a mark on the conference an agency missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reviewkit.messages import message

#: The kinds of finding with their own row, top to bottom (labels: the ``[finding_rows]`` messages).
FINDING_KINDS: tuple[str, ...] = ("response", "cluster", "attendance", "stasis", "absence", "gap")


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

    def place(self, lanes: pd.DataFrame, pts: pd.DataFrame, ivl: pd.DataFrame) -> Overlay:
        """Give bars their y and build arrows, bands and marks from entry positions."""
        top = lanes.set_index("lane")["top"]
        bottom = lanes.set_index("lane")["bottom"]
        bars = self.bars.assign(y=self.bars["lane"].map(top) + 0.1 + TRACK * (self.bars["track"] + 0.5))
        pos = pd.concat([pts[["entry_id", "x", "x0", "x1", "y", "lane"]],
                         ivl[["entry_id", "x0", "y", "lane"]].assign(x=ivl["x0"], x1=ivl["x0"])])
        pos = pos.drop_duplicates("entry_id").set_index("entry_id")
        f = self.found
        first = f["entries"].map(lambda t: t[0] if len(t) else None)
        last = f["entries"].map(lambda t: t[-1] if len(t) else None)
        prev = f["entries"].map(lambda t: t[-2] if len(t) > 1 else None)
        linked = f["link"].notna() & (f["entries"].map(len) > 1)
        src = first.where(f["kind"] != "cluster", prev)
        arrows = pd.DataFrame({
            "finding_id": f["finding_id"], "kind": f["kind"],
            "x0": src.map(pos["x"]), "y0": src.map(pos["y"]),
            "x1": last.map(pos["x"]), "y1": last.map(pos["y"]),
            "label": [format_delay(a, b) for a, b in zip(f["delay_min"], f["delay_max"])],
            "hover": f["hover"],
        })[linked & f["kind"].isin(["response", "cluster"])].dropna(subset=["x0", "x1", "y0", "y1"])
        arrows = arrows.drop_duplicates(["x0", "y0", "x1", "y1"]).reset_index(drop=True)
        arrows["label_frac"] = 0.5 - 0.22 * arrows.groupby(["x1", "y1"]).cumcount().clip(upper=2)
        arrows["label_frac"] = _clear_of_bar_labels(arrows, ivl, self.per_char)
        concerns = f["entries"].where(~linked, f["entries"].map(lambda t: t[:-1]))
        ex = concerns.explode().dropna()
        geo = pd.DataFrame({"i": ex.index, "x0": ex.map(pos["x0"]).to_numpy(),
                            "x1": ex.map(pos["x1"]).to_numpy(), "lane": ex.map(pos["lane"]).to_numpy()}).dropna()
        geo["top"], geo["bottom"] = geo["lane"].map(top), geo["lane"].map(bottom)
        g = geo.groupby("i").agg(x0=("x0", "min"), x1=("x1", "max"), y0=("top", "min"),
                                 y1=("bottom", "max"), lane=("lane", "first"))
        band = f.join(g.rename(columns={"x0": "x0_e", "x1": "x1_e"}))
        is_cluster = band["kind"] == "cluster"
        band["x0"] = band["x0_e"].where(is_cluster, band["x0"])
        band["x1"] = band["x1_e"].where(is_cluster, band["x1"])
        bands = band[band["kind"].isin(["cluster", "stasis", "gap"])].dropna(subset=["x0", "x1", "y0", "y1"])
        bands = merge_overlapping(bands)
        att = f[f["kind"] == "attendance"]
        marks = pd.DataFrame({"finding_id": att["finding_id"], "x": first[att.index].map(pos["x"]),
                              "y": first[att.index].map(pos["y"]),
                              "label": [message("timeline.mark_absent", agency=a) for a in
                                        att["agency"].astype("object").fillna(message("timeline.an_agency"))],
                              "hover": att["hover"]}).dropna(subset=["x", "y"]).reset_index(drop=True)
        marks["label_below"] = _in_the_way(marks, arrows, self.per_char)
        return Overlay(bars, f, arrows, bands, marks, self.per_char)


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
    starts = ~(bands["x0"] <= reach).fillna(False) | ~bands["kind"].isin(["stasis", "gap"])
    bands = bands.assign(block=starts.cumsum())
    return (bands.groupby(["kind", "y0", "y1", "block"], sort=False)
            .agg(x0=("x0", "min"), x1=("x1", "max"), finding_ids=("finding_id", tuple), hover=("hover", "first"))
            .reset_index()[["kind", "x0", "x1", "y0", "y1", "finding_ids", "hover"]])


#: Where along its arrow a delay label may sit, tried in turn until it clears every bar label.
LABEL_FRACTIONS = (0.0, -0.2, 0.2, -0.35, 0.35)


def _clear_of_bar_labels(arrows: pd.DataFrame, ivl: pd.DataFrame, per_char: object) -> pd.Series:
    """Slide each delay label along its arrow until it does not cover a plan's or period's label.

    A delay label is centred on its point of the arrow and drawn just above it; a bar's label
    starts at the bar's start. Both are measured in characters (``per_char`` of x each).
    """
    if arrows.empty or ivl.empty or per_char is None:
        return arrows["label_frac"]
    boxes = pd.DataFrame({"bx0": ivl["x0"], "bx1": ivl["x0"] + per_char * (ivl["label"].str.len() + 1),
                          "by": ivl["y"]})
    free = pd.Series(False, index=arrows.index)
    chosen = arrows["label_frac"].copy()
    for shift in LABEL_FRACTIONS:
        frac = (arrows["label_frac"] + shift).clip(0.12, 0.88)
        lx = arrows["x0"] + (arrows["x1"] - arrows["x0"]) * frac
        ly = arrows["y0"] + (arrows["y1"] - arrows["y0"]) * frac - 0.3
        half = per_char * (arrows["label"].str.len() + 1) / 2
        pairs = pd.DataFrame({"i": arrows.index, "lo": lx - half, "hi": lx + half, "ly": ly}).merge(boxes, how="cross")
        hit = (pairs["lo"] < pairs["bx1"]) & (pairs["hi"] > pairs["bx0"]) & ((pairs["ly"] - pairs["by"]).abs() < 0.3)
        clear = ~hit.groupby(pairs["i"]).any().reindex(arrows.index, fill_value=False)
        take = clear & ~free
        chosen[take] = frac[take]
        free |= clear
    return chosen


def _in_the_way(marks: pd.DataFrame, arrows: pd.DataFrame, per_char: object) -> np.ndarray:
    """Whether each mark's label (above its ring) would meet an arrow's delay label: then it goes below."""
    if marks.empty or arrows.empty or per_char is None:
        return np.zeros(len(marks), dtype=bool)
    at = arrows.assign(lx=arrows["x0"] + (arrows["x1"] - arrows["x0"]) * arrows["label_frac"],
                       ly=arrows["y0"] + (arrows["y1"] - arrows["y0"]) * arrows["label_frac"])
    pairs = marks.reset_index().merge(at[["lx", "ly", "label"]], how="cross", suffixes=("", "_a"))
    room = per_char * (pairs["label"].str.len() + pairs["label_a"].str.len() + 2) / 2
    near = ((pairs["lx"] - pairs["x"]).abs() < room) & ((pairs["ly"] - pairs["y"]).abs() < 0.6)
    return near.groupby(pairs["index"]).any().reindex(range(len(marks)), fill_value=False).to_numpy()


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
    if not len(f):
        empty = pd.DataFrame(columns=["lane", "kind", "x0", "x1", "track", "finding_ids", "label",
                                      "severity", "certainty", "hover", "count"])
        return pd.DataFrame(columns=["lane", "label", "tracks"]), Overlay(empty, f)
    sev = f["severity"].astype("object").map(_SEVERITY).fillna(1)
    bars = (f.assign(sev=sev, possible=f["certainty"].astype("object").eq("possible"))
            .groupby(["kind", "x0", "x1"], sort=False)
            .agg(finding_ids=("finding_id", tuple), numbers=("number", list), sev=("sev", "min"),
                 possible=("possible", "all"), hover=("hover", _bar_hover))
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
