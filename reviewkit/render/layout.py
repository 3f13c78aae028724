"""The one timeline layout that both renderers draw: lanes, points, ranges, bars, finding overlays.

:func:`compute_layout` turns a chronology (and its findings) into plain DataFrames with x and y
positions. :mod:`reviewkit.render.plotly_timeline` and :mod:`reviewkit.render.mpl_timeline` only
draw these frames, so the interactive and the printed timeline cannot disagree.

y grows downwards (the first lane is at the top). x is a datetime, or months since each case's
reference event with ``align_on``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reviewkit.exceptions import ExportError
from reviewkit.messages import message, message_column
from reviewkit.render.entry_notes import entry_notes
from reviewkit.render.lanes import lane_keys
from reviewkit.render.overlays import band_height, finding_overlays, pack
from reviewkit.render.palette import agency_colours, event_labels, marker_group

#: Days in an average month, for ``align_on`` (months since the reference event).
MONTH_DAYS = 30.4375
#: Height of a lane's row of point entries, and of each track of bars below it.
POINT_ROW, TRACK = 1.0, 0.42
#: Vertical offsets of entries of one lane on the same day, so they do not hide each other.
SAME_DAY_OFFSETS = np.array([0.0, -0.2, 0.2])
#: Characters of bar label that fit across the plot (to keep labels from overlapping).
LABEL_CHARS = 170
#: Event types that open a plan or period with a short bar label (the ``[intervals]`` messages).
INTERVAL_TYPES: tuple[str, ...] = (
    "cp_plan_start", "plo_start", "care_proceedings_start", "placement_start",
    "police_investigation_opened", "s47_enquiry", "kinship_assessment", "pregnancy",
)


def interval_labels() -> dict[str, str]:
    """Short labels of interval bars by opening event type, from the message catalogue.

    Examples
    --------
    >>> interval_labels()["cp_plan_start"]
    'CP plan'
    """
    return {event_type: message(f"intervals.{event_type}") for event_type in INTERVAL_TYPES}


@dataclass
class TimelineLayout:
    """Everything a renderer draws, as plain frames (see :func:`compute_layout`)."""

    lanes: pd.DataFrame
    points: pd.DataFrame
    intervals: pd.DataFrame
    findings: pd.DataFrame
    arrows: pd.DataFrame
    bands: pd.DataFrame
    marks: pd.DataFrame
    colours: dict[str, str]
    x_kind: str = "date"
    x_range: tuple | None = None
    title: str = ""
    notes: list[str] = field(default_factory=list)
    label_chars: int = 170
    #: The sightings that bound each stretch in which no one saw the child (see :func:`reviewkit.render.overlays.sightings`).
    sightings: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def height(self) -> float:
        """Total height of all lanes, in y units."""
        return float(self.lanes["bottom"].max()) if len(self.lanes) else 1.0


def _wrap(text: pd.Series, width: int = 60, limit: int = 240) -> pd.Series:
    text = text.astype("object").fillna("").astype(str).str.replace(r"\s+", " ", regex=True)
    long = text.str.len() > limit
    text = text.str.slice(0, limit).where(~long, text.str.slice(0, limit - 1) + "…")
    return text.str.replace(rf"(.{{1,{width}}})(?:\s+|$)", "\\1\n", regex=True).str.rstrip("\n")


def _to_x(values: pd.Series, case: pd.Series, refs: pd.Series | None) -> pd.Series:
    if refs is None:
        return values
    return (values - case.map(refs).astype("datetime64[ns]")).dt.total_seconds() / 86400 / MONTH_DAYS


def _char_width(e: pd.DataFrame, focus: tuple | None, refs: pd.Series | None, chars: int = LABEL_CHARS):
    """Roughly how much x one character of a label takes (the axes hold ``chars`` characters)."""
    if focus is not None and refs is None:
        return (pd.Timestamp(focus[1]) - pd.Timestamp(focus[0])) / chars
    if not len(e):
        return pd.Timedelta(days=1) if refs is None else 0.03
    return (e["x1"].max() - e["x0"].min()) / chars


def busy_period(first: pd.Series, last: pd.Series, findings_start: pd.Series | None = None, *,
                share: float = 0.1, gap: float = 0.1, sparse: float = 0.25) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The period a timeline shows at first, when a few early entries would squeeze the rest.

    A chronology often reaches back years with a handful of history entries (a parent's GP
    record from 2009) before the period a review is about. The period starts after the last
    long gap among the earliest ``share`` of entries (a gap longer than ``gap`` of the time
    from its end to the last entry), or at the first finding if that is earlier; it is used
    only when the stretch it leaves out is longer than ``sparse`` of what it shows. A margin
    of 2% is added each side.

    Examples
    --------
    >>> first = pd.Series(pd.to_datetime(["2009-03-14", "2012-09-20"] + ["2014-06-01"] * 30 + ["2016-11-22"]))
    >>> busy_period(first, first)
    (Timestamp('2014-05-13 00:00:00'), Timestamp('2016-12-11 00:00:00'))
    >>> busy_period(first[2:], first[2:]) is None
    True
    """
    dates = np.sort(first.dropna().to_numpy())
    if len(dates) < 2:
        return None
    hi = max(pd.Timestamp(last.max()), pd.Timestamp(dates[-1]))
    early = dates[: max(2, int(np.ceil(share * len(dates))))]
    long_gap = np.flatnonzero(np.diff(early) > gap * (np.datetime64(hi) - early[1:]))
    lo = pd.Timestamp(early[long_gap[-1] + 1] if len(long_gap) else dates[0]).normalize()
    if findings_start is not None and findings_start.notna().any():
        lo = min(lo, findings_start.min().normalize())
    if (lo - pd.Timestamp(dates[0])) <= sparse * (hi - lo):
        return None
    margin = ((hi - lo) * 0.02).ceil("D")
    return lo - margin, (hi + margin).normalize()


def resolve_highlight(chronology: pd.DataFrame, findings: pd.DataFrame | None,
                      highlight: str | Iterable[str] | None) -> set[str]:
    """The entries to highlight: given by ``entry_id``, by a finding (its evidence), or by a tag.

    A tag is anything in the entries' ``tags``: an event type, or a reviewer's tag from the
    decisions file such as ``"key practice episode"``.

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["c/a:2", "c/a:3", "c/a:4"],
    ...                       "tags": ["referral", "home_visit;key practice episode", None]})
    >>> sorted(resolve_highlight(chron, None, "key practice episode"))
    ['c/a:3']
    >>> sorted(resolve_highlight(chron, None, ["c/a:4", "referral"]))
    ['c/a:2', 'c/a:4']
    """
    if highlight is None:
        return set()
    wanted = {highlight} if isinstance(highlight, str) else set(highlight)
    chosen = wanted & set(chronology["entry_id"].astype(str))
    if findings is not None and len(findings):
        evidence = findings.loc[findings["finding_id"].isin(wanted), "entries"]
        chosen |= {entry for entries in evidence for entry in entries}
    tags = chronology["tags"].astype("string").fillna("").str.split(";") if "tags" in chronology else None
    if tags is not None:
        tagged = tags.map(lambda found: bool(wanted.intersection(found))).to_numpy(dtype=bool)
        chosen |= set(chronology.loc[tagged, "entry_id"].astype(str))
    return chosen


def _entry_frames(chron: pd.DataFrame, lanes: str) -> tuple[pd.DataFrame, list[str]]:
    keys, names = lane_keys(chron, lanes)
    e = chron.iloc[keys["entry_row"].to_numpy()].reset_index(drop=True)
    e["lane"] = keys["lane"].to_numpy()
    e["event_label"] = event_labels(e["event_type"]).to_numpy()
    e["group"] = marker_group(e["event_type"]).to_numpy()
    e["agency"] = e["agency"].astype("object").fillna(message("timeline.agency_not_stated"))
    e["hover_summary"] = (_wrap(e["summary"]) + entry_notes(e, _wrap)).to_numpy()
    e["source_ref"] = message_column("timeline.source_row", source=e["source"].astype("object").fillna("?"),
                                     row=e["source_row"].astype("object").fillna("?"))
    return e, names


def _without_attrs(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """A shallow copy of ``frame`` without its attrs (``frame`` itself if it has none).

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [1]})
    >>> frame.attrs["note"] = "x"
    >>> _without_attrs(frame).attrs, frame.attrs
    ({}, {'note': 'x'})
    """
    if frame is None or not frame.attrs:
        return frame
    bare = frame.copy(deep=False)
    bare.attrs = {}
    return bare


def compute_layout(chronology: pd.DataFrame, findings: pd.DataFrame | None = None, *,
                   lanes: str = "agency", focus: tuple | None = None, align_on: str | None = None,
                   title: str | None = None, highlight: str | Iterable[str] | None = None,
                   highlight_only: bool = False, label_chars: int = LABEL_CHARS) -> TimelineLayout:
    """Compute the timeline layout of a chronology and its findings.

    Parameters
    ----------
    chronology
        A chronology (:func:`reviewkit.read_chronology`); several cases may share it.
    findings
        Findings from :func:`reviewkit.detect`, drawn on top (optional).
    lanes
        ``"agency"``, ``"subject"`` or ``"event_type"``: one swimlane per value.
    focus
        A ``(start, end)`` pair: only what overlaps it is laid out, and x is limited to it.
    align_on
        An event type id: x becomes months since each case's first entry of that type.
    title
        The figure title (default: the case and its period).
    highlight
        Entries to ring: ``entry_id`` values, ``finding_id`` values (their evidence) or tags
        (``"key practice episode"``, see :func:`resolve_highlight`).
    highlight_only
        Lay out only the highlighted entries (and the findings with evidence among them).
    label_chars
        How many characters of label text the axes hold across (170 for a landscape page or a
        wide screen); labels are kept apart by it.

    Returns
    -------
    TimelineLayout

    Examples
    --------
    >>> df = pd.DataFrame({"case_id": "c", "entry_id": ["c/a:2", "c/a:3"],
    ...     "date": pd.to_datetime(["2015-03-01", "2015-03-02"]),
    ...     "date_latest": pd.to_datetime(["2015-03-31 23:59", "2015-03-02 23:59"]),
    ...     "end": pd.NaT, "end_latest": pd.NaT, "date_text": ["March 2015", "02/03/2015"],
    ...     "agency": ["School", "Police"], "event_type": ["injury", "arrest"], "subject": None,
    ...     "concern": None, "summary": ["Bruise", "Father arrested"], "source": "a.csv",
    ...     "source_row": [2, 3]})
    >>> lay = compute_layout(df)
    >>> lay.lanes["lane"].tolist(), lay.points["vague"].tolist()
    (['Police', 'School'], [True, False])
    """
    # pandas deep-copies a frame's attrs (the review period, the cases' titles) into every frame
    # made from it: the layout reads them once and works on frames without (a quarter of its time)
    named = chronology.attrs.get("case_titles", {})
    chronology, findings = _without_attrs(chronology), _without_attrs(findings)
    chosen = resolve_highlight(chronology, findings, highlight)
    if chronology.empty:
        _nothing_to_draw("the chronology has no entries", "load a case first (reviewkit.read_chronology)")
    if highlight_only:
        if not chosen:
            _nothing_to_draw(*_nothing_highlighted(highlight, findings))
        chronology = chronology[chronology["entry_id"].astype(str).isin(chosen).to_numpy()]
        if findings is not None and len(findings):
            findings = findings[findings["entries"].map(lambda entries: bool(chosen.intersection(entries)))]
    e, names = _entry_frames(chronology, lanes)
    e["highlighted"] = e["entry_id"].astype(str).isin(chosen).to_numpy()
    notes: list[str] = []
    x_range = None
    undated = e["date"].isna()
    if undated.any():
        notes.append(message("timeline.note_undated", count=int(chronology["date"].isna().sum())))
    e = e[~undated]
    if e.empty:
        _nothing_to_draw("no entry to draw has a readable date", "give the entries dates (see their 'issues')")
    refs = None
    if align_on is not None:
        hit = e[e["event_type"].astype("object") == align_on]
        refs = hit.groupby(hit["case_id"].astype("object"))["date"].min()
        missing = sorted(set(e["case_id"].astype("object")) - set(refs.index))
        if missing:
            notes.append(message("timeline.note_not_aligned", event_type=align_on, cases=", ".join(map(str, missing))))
        e = e[e["case_id"].astype("object").isin(refs.index)]
        if e.empty:
            _nothing_to_draw(f"no case has a '{align_on}' entry to align on",
                             "pass align_on= an event type the entries have, or leave it out")
    if focus is not None:
        lo, hi = pd.Timestamp(focus[0]), pd.Timestamp(focus[1])
        last = e["end_latest"].fillna(e["end"]).fillna(e["date_latest"]).fillna(e["date"])
        inside = (last >= lo) & (e["date"] <= hi)
        if (~inside).any():
            notes.append(message("timeline.note_outside_focus", count=int((~inside).sum())))
        e = e[inside]
        if e.empty:
            _nothing_to_draw(f"no entry falls between {lo:%d %B %Y} and {hi:%d %B %Y}",
                             "pass a focus= period that holds entries, or leave it out")
    case = e["case_id"].astype("object")
    is_interval = e["end"].notna() | e["end_latest"].notna()
    colours = agency_colours(chronology["agency"])
    latest = e["date_latest"].fillna(e["date"])
    vague = (latest - e["date"]) > pd.Timedelta(days=1)
    mid = e["date"] + (latest - e["date"]) / 2
    e = e.assign(x=_to_x(mid.where(vague, e["date"]), case, refs), x0=_to_x(e["date"], case, refs),
                 x1=_to_x(latest, case, refs), vague=vague, colour=e["agency"].map(colours))
    pts = e[~is_interval].copy()
    ivl = e[is_interval].copy()
    ivl["x1"] = _to_x(ivl["end_latest"].fillna(ivl["end"]), ivl["case_id"].astype("object"), refs)
    if focus is None and refs is None:
        starts = pd.to_datetime(findings["start"]) if findings is not None and len(findings) else None
        period = busy_period(e["x0"], pd.concat([e["x1"], ivl["x1"]]), starts)
        earlier = e[e["x1"] < period[0]] if period is not None else e.iloc[:0]
        if not earlier.empty:  # a period that leaves no entry out is no period (two entries a day apart)
            focus = period
            notes.append(message("timeline.note_earlier", count=len(earlier),
                                 month=f"{earlier['x0'].min():%B %Y}"))
    if focus is not None:
        x_range = (pd.Timestamp(focus[0]), pd.Timestamp(focus[1]))
    ivl["x0"] = ivl["x0"].where(ivl["x0"] <= ivl["x1"], ivl["x1"])
    short = ivl["event_type"].astype("object").map(interval_labels()).fillna(ivl["event_label"])
    subj = ivl["subject"].astype("object").fillna("")
    cat = ivl["concern"].astype("object").fillna("").str.replace("_", " ")
    ivl["label"] = short + np.where(subj != "", " · " + subj.str.replace(";", ","), "") + \
        np.where((cat != "") & ivl["event_type"].astype("object").eq("cp_plan_start"), " (" + cat + ")", "")
    per_char = _char_width(e, focus, refs, label_chars)
    reach = ivl["x0"] + per_char * (ivl["label"].str.len() + 2)
    ends = ivl["x1"].where(ivl["x1"] > reach, reach)
    # a label that would run past the right edge ends at it (render.finding_key.bar_labels)
    edge = pd.Timestamp(focus[1]) if focus is not None and refs is None else pd.concat([e["x1"], ivl["x1"]]).max()
    over = reach > edge
    starts = ivl["x0"]
    if over.any():  # (no bar at all: edge is NaT, and NaT minus a span is no date)
        starts = starts.where(~over, (edge - (reach - ivl["x0"])).where(lambda v: v < ivl["x0"], ivl["x0"]))
    ivl["track"] = 0
    for _lane, idx in ivl.groupby("lane", sort=False).groups.items():
        ivl.loc[idx, "track"] = pack(starts.loc[idx].to_numpy(), ends.loc[idx].to_numpy())
    findings_rows, overlay = finding_overlays(findings, focus=focus, refs=refs, to_x=_to_x,
                                              per_char=per_char)
    band = overlay.band_tracks(pts, ivl).map(band_height)  # delay arrows and mark labels
    lane_tbl = _lane_table(names, ivl, findings_rows, colours, lanes, band)
    top = lane_tbl.set_index("lane")["top"] + band.reindex(lane_tbl["lane"], fill_value=0.0).to_numpy()
    pts["day"] = pts["x0"] if refs is not None else pts["date"].dt.floor("D")
    offset = SAME_DAY_OFFSETS[pts.groupby(["lane", "day"], sort=False).cumcount().to_numpy() % 3]
    pts["y"] = pts["lane"].map(top).to_numpy(dtype=float) + POINT_ROW / 2 + offset
    ivl["y"] = ivl["lane"].map(top).to_numpy(dtype=float) + POINT_ROW + TRACK * (ivl["track"] + 0.5)
    overlay = overlay.place(lane_tbl, pts, ivl)
    if title is None:
        cases = ", ".join(str(named.get(case, case))
                          for case in chronology["case_id"].astype("object").dropna().unique()[:3])
        title = message("timeline.title", cases=cases)
    keep = ["entry_id", "case_id", "lane", "agency", "colour", "group", "event_type", "event_label",
            "date_text", "hover_summary", "source_ref", "x", "x0", "x1", "y", "vague", "highlighted"]
    return TimelineLayout(
        lanes=lane_tbl, points=pts[keep].reset_index(drop=True),
        intervals=ivl[[*keep, "label", "track"]].reset_index(drop=True),
        findings=overlay.bars, arrows=overlay.arrows, bands=overlay.bands, marks=overlay.marks,
        colours=colours, x_kind="date" if refs is None else "months", x_range=x_range,
        title=title, notes=notes, label_chars=label_chars, sightings=overlay.sightings,
    )


def _nothing_to_draw(reason: str, remedy: str) -> None:
    """Raise the error for a timeline left with no entry to draw: why, and what would work.

    Examples
    --------
    >>> _nothing_to_draw("the chronology has no entries", "load a case first")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.ExportError: The timeline has nothing to draw: the chronology has no entries. Load a case first.
    """
    raise ExportError(f"The timeline has nothing to draw: {reason}. {remedy[:1].upper()}{remedy[1:]}.")


def _nothing_highlighted(highlight: str | Iterable[str] | None, findings: pd.DataFrame | None) -> tuple[str, str]:
    """Why ``highlight_only`` leaves nothing, and what would work (see :func:`_nothing_to_draw`).

    Examples
    --------
    >>> _nothing_highlighted(["F9", "c/a:99"], None)[0]
    "highlight_only=True draws only the highlighted entries, and none of 'F9', 'c/a:99' is an entry_id, a tag of an entry or a finding_id (no findings were given)"
    """
    if highlight is None or (not isinstance(highlight, str) and not list(highlight)):
        return ("highlight_only=True draws only the highlighted entries, and no highlight= was given",
                "pass highlight= entry ids, finding ids or tags, or leave highlight_only out")
    asked = [highlight] if isinstance(highlight, str) else list(highlight)
    named = ", ".join(repr(str(value)) for value in asked[:5]) + (", ..." if len(asked) > 5 else "")
    where = "(no findings were given)" if findings is None or findings.empty else "of the findings given"
    return (f"highlight_only=True draws only the highlighted entries, and none of {named} is an "
            f"entry_id, a tag of an entry or a finding_id {where}",
            "pass entry ids, tags or finding ids that are there (with the findings), or leave highlight_only out")


def _lane_table(names: list[str], ivl: pd.DataFrame, findings_rows: pd.DataFrame,
                colours: dict[str, str], lanes: str, band: pd.Series) -> pd.DataFrame:
    """Lanes top to bottom: the findings rows, then the entry lanes (a band for delay arrows
    and mark labels, the row of point entries, the bar tracks)."""
    tracks = ivl.groupby("lane")["track"].max().add(1)
    rows = [(r.lane, r.label, "findings", TRACK * r.tracks + 0.2) for r in findings_rows.itertuples()]
    rows += [(n, n, "entries", float(band.get(n, 0.0)) + POINT_ROW + TRACK * int(tracks.get(n, 0)) + 0.1)
             for n in names]
    tbl = pd.DataFrame(rows, columns=["lane", "label", "kind", "size"])
    tbl["bottom"] = tbl["size"].cumsum()
    tbl["top"] = tbl["bottom"] - tbl["size"]
    points_top = tbl["top"] + tbl["lane"].map(band).fillna(0.0).where(tbl["kind"] == "entries", 0.0)
    tbl["centre"] = np.where(tbl["kind"] == "entries", points_top + POINT_ROW / 2, tbl["top"] + tbl["size"] / 2)
    agency = tbl["lane"].str.split(" · ").str[-1]
    tbl["colour"] = agency.map(colours) if lanes == "agency" else None
    return tbl.drop(columns="size")
