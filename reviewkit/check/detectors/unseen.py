"""``unseen``: while a period of concern is open for a child, no professional records seeing them for too long.

National reviews return to children who were not seen: professionals kept at arm's length, visits
to the adults and meetings about the child while nobody saw the child. ``gap`` asks whether the
lead agency kept in contact; ``unseen`` asks, for each child's own period (a child protection plan,
a police investigation ...), whether *any* agency (or one of ``agencies``) recorded an entry in
which the child was seen: the entries tagged with a ``seen`` type about that child (entries
naming no one count for every child of the case). Every stretch longer than ``limit`` between
the period's start, those entries and its end (or the end of the chronology) is a breached
verdict (possibly breached when only some readings of vague dates exceed it); if none is, one
met verdict for the period. Stretches are counted in calendar days between the entries' days.
Verdicts name the agency that recorded the period's opening (the lead agency of a plan).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import Context, among, empty_found, found_frame, has_types, is_in
from reviewkit.check.detectors.periods import (
    beyond,
    day_text,
    interval_name,
    length_text,
    locate,
    periods,
    plain_day,
)
from reviewkit.check.rules import Param, Rule

PARAMETERS: dict[str, Param] = {
    "seen": Param("event_types", "entries in which a professional sees the child (any of their tags)", True),
    "limit": Param("duration", "the longest time allowed without an entry in which the child is seen", True),
    "while_open": Param("interval", "the periods checked, each for its own child (e.g. cp_plan)", True),
    "agencies": Param("texts", "only entries recorded by these agencies count (default: any agency)"),
}


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per stretch beyond the limit, or one met verdict per period without one.

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.schema import coerce_chronology
    >>> import tempfile, pathlib
    >>> days = pd.to_datetime(["2015-01-05", "2015-01-20", "2015-04-14", "2015-05-20"])
    >>> chron = coerce_chronology(pd.DataFrame({"case_id": "c", "entry_id": [f"c/cs:{i}" for i in range(2, 6)],
    ...     "date": days, "date_latest": days + pd.Timedelta("1D") - pd.Timedelta(1), "precision": "day",
    ...     "agency": ["Children's Services", "School", "GP", "Health Visiting"], "subject": "Child A",
    ...     "event_type": ["cp_plan_start", "child_seen", "child_seen", "child_seen"],
    ...     "tags": ["cp_plan_start", "child_seen", "child_seen", "child_seen"],
    ...     "end": [pd.Timestamp("2015-05-31"), None, None, None], "end_latest": [pd.Timestamp("2015-05-31 23:59"), None, None, None]}))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rules.toml"
    >>> _ = path.write_text('[[rules]]\\nid = "seen"\\nkind = "unseen"\\ntitle = "t"\\ntheme = "x"\\nseverity = "low"\\n'
    ...     'learning = "l"\\nsource = "s"\\nseen = ["child_seen"]\\nlimit = "6 weeks"\\nwhile_open = "cp_plan"\\n')
    >>> verdicts = check(chron, rules=path)
    >>> verdicts["verdict"].tolist()
    ['breached']
    >>> print(verdicts["summary"][0])
    There is no record of any professional seeing Child A for 12 weeks (20 January 2015 to 14 April 2015) while a child protection plan was open for them.
    """
    params = rule.params
    spans = periods(chronology, params["while_open"], context)
    if spans.empty:
        return empty_found()
    mask = has_types(chronology, params["seen"], context=context) & chronology["date"].notna()
    if params["agencies"]:
        mask &= is_in(chronology["agency"], params["agencies"])
    columns = ["case_id", "entry_id", "date", "date_latest", "date_text", "precision", "subject"]
    seen = chronology.loc[mask.to_numpy(), [c for c in columns if c in chronology.columns]]
    if "subject" not in seen:
        seen = seen.assign(subject=pd.NA)
    inside = locate(seen, spans, match_subject=True)
    edge = {"case_id": spans["case_id"], "opened": spans["opened"], "entry_id": pd.NA, "row": -1}
    first = pd.DataFrame({**edge, "lo": spans["start_lo"], "hi": spans["start_hi"], "order": 0,
                          "text": "the start of the " + interval_name(params["while_open"]) + " on " + day_text(spans)})
    last = pd.DataFrame({**edge, "lo": spans["until_lo"], "hi": spans["until_hi"], "order": 2,
                         "text": np.where(spans["open_at_end"], "the end of the chronology on ",
                                          "the end of the " + interval_name(params["while_open"]) + " on ")
                         + plain_day(spans["until_lo"])})
    middle = inside[["case_id", "opened", "entry_id", "lo", "hi"]].assign(order=1, text=None, row=np.arange(len(inside)))
    points = pd.concat([first, middle, last], ignore_index=True).sort_values(["opened", "lo", "order", "hi"])
    points["entry_id"] = points["entry_id"].astype("string")
    # In order of earliest day; a vague entry may be later than the next, so the sighting before a
    # point is at latest the latest of all before it, and the next at latest the earliest latest day after.
    by = points.groupby("opened")
    prev = by[["lo", "entry_id", "text", "row"]].shift(1)
    reach = by["hi"].cummax().groupby(points["opened"]).shift(1)
    soonest = points["hi"][::-1].groupby(points["opened"][::-1]).cummin()[::-1]
    gaps = points.assign(p_lo=prev["lo"], p_hi=reach, p_entry=prev["entry_id"], p_text=prev["text"],
                         p_row=prev["row"], hi=soonest)
    certain, possible = beyond(gaps["p_lo"], gaps["p_hi"], gaps["lo"], gaps["hi"], params["limit"], context.calendar)
    gaps["delay_min"] = (gaps["lo"] - gaps["p_hi"]).clip(lower=pd.Timedelta(0))
    gaps["delay_max"] = gaps["hi"] - gaps["p_lo"]
    counts = middle.groupby("opened").size().reindex(spans["opened"]).fillna(0).astype(int).to_numpy()
    spans = spans.assign(count=counts)
    found = gaps[possible].assign(verdict=np.where(certain[possible], "breached", "possibly breached"))
    found = found.merge(spans[["opened", "count", "subject", "agency"]], on="opened")
    for text, row in (("text", "row"), ("p_text", "p_row")):
        entry = found[row].to_numpy() >= 0
        found.loc[entry, text] = day_text(inside.iloc[found.loc[entry, row].to_numpy(dtype=np.int64)]).to_numpy()
    name = interval_name(params["while_open"])
    during = f" while a{'n' if name[0] in 'aeiou' else ''} {name} was open for "
    child = _child(found["subject"])
    summary = ("There is no record of any professional seeing " + child + " for "
               + length_text(found["delay_min"], found["delay_max"]) + " (" + found["p_text"] + " to "
               + found["text"] + ")" + during + np.where(found["subject"].isna(), "the child", "them") + ".")
    breached = found_frame(
        case_id=found["case_id"], key=found["opened"] + "|" + found["p_entry"].fillna("start"),
        agency=found["agency"], verdict=found["verdict"], basis="no record", start=found["p_lo"], end=found["hi"],
        trigger=found["opened"],
        entries=pd.Series([tuple(x for x in row if isinstance(x, str)) for row in
                           zip(found["opened"], found["p_entry"].astype(object), found["entry_id"].astype(object))],
                          index=found.index, dtype=object),
        summary=summary.astype("string"), delay_min=found["delay_min"], delay_max=found["delay_max"],
        count=found["count"],
    ) if not found.empty else empty_found()
    if context.findings_only:
        return breached
    quiet = spans[~among(spans["opened"], found["opened"].astype("string"))]
    met = _met(quiet, gaps[gaps["p_lo"].notna().to_numpy()], rule, during)
    return pd.concat([f for f in (breached, met) if not f.empty] or [empty_found()], ignore_index=True)


def _child(subjects: pd.Series) -> pd.Series:
    """Who the period is about, as a summary names them ("Child A and Child B"; "the child")."""
    return subjects.astype("string").str.replace(r"\s*;\s*(?=[^;]*$)", " and ", regex=True).str.replace(
        r"\s*;\s*", ", ", regex=True).fillna("the child")


def _met(quiet: pd.DataFrame, gaps: pd.DataFrame, rule: Rule, during: str) -> pd.DataFrame:
    """One met verdict per period without a stretch beyond the limit, naming its longest."""
    if quiet.empty:
        return empty_found()
    delay = gaps["delay_max"]
    longest = delay.groupby(gaps["opened"]).max().reindex(quiet["opened"])
    child = _child(quiet["subject"]).to_numpy()
    text = ("A professional recorded seeing " + child + " at least every " + str(rule.params["limit"])
            + during + np.where(quiet["subject"].isna(), "the child", "them") + " ("
            + plain_day(quiet["start_lo"]).to_numpy() + " to " + plain_day(quiet["until_lo"]).to_numpy() + "; "
            + quiet["count"].astype(str).to_numpy() + " entries, the longest stretch "
            + length_text(longest, longest).to_numpy() + ").")
    return found_frame(
        case_id=quiet["case_id"], key=quiet["opened"], agency=quiet["agency"], verdict="met",
        start=quiet["date"], end=quiet["until_hi"], trigger=quiet["opened"],
        entries=pd.Series([(o,) for o in quiet["opened"]], index=quiet.index, dtype=object),
        summary=pd.Series(np.asarray(text, dtype=object), index=quiet.index, dtype="string"),
        delay_min=longest.to_numpy(), delay_max=longest.to_numpy(), count=quiet["count"],
    )
