"""``repeat``: the same thing recorded N or more times within a window calls for a follow-up in time.

From national reviews of neglect and "was not brought" guidance: one missed health appointment is
seldom a concern, but a child not brought to two or more within a few months is a pattern that
calls for safeguarding consideration (a call to the family, information shared with the health
visitor or school nurse, a referral).

The repeated entries are counted **per person** they name, never across cases: two missed
appointments of one child make a repeat, one each of two siblings do not (entries naming no one
are counted together, as the family's). An entry naming several people counts for each, except
``not_about`` (a parent's own missed appointments are not a child's). Records of one event (one
``duplicate_group``) count once. A repeat *forms* at the N-th entry within the window; repeats
that share an entry are one episode (one verdict, keyed by its first entry), whose follow-up
(any entry tagged with a ``follow_up`` type, about the same person when both name someone) must
come at or after the entry at which it formed and within ``within`` of it. With vague dates a
repeat is *certain* when the N entries fall within the window for every reading of their dates,
else possible (then the verdict is at most "possibly breached").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import (
    Context,
    empty_found,
    found_frame,
    has_types,
    is_in,
    label,
)
from reviewkit.check.detectors.codes import same_case_pairs
from reviewkit.check.detectors.periods import shares_subject
from reviewkit.check.durations import deadline
from reviewkit.check.rules import Param, Rule
from reviewkit.check.verdicts import FINDING_VERDICTS
from reviewkit.check.wording import day_of, span

PARAMETERS: dict[str, Param] = {
    "entries": Param("event_types", "what is counted (the entry's main type), e.g. missed_appointment", True),
    "count": Param("int", "how many entries about one person make a repeat", True),
    "window": Param("duration", "the period the entries must fall within", True),
    "follow_up": Param("event_types", "the expected follow-up (any of an entry's tags)", True),
    "within": Param("duration", "how long after the repeat forms the follow-up may take", True),
    "agencies": Param("texts", "only entries recorded by these agencies (default: any)"),
    "not_about": Param(
        "texts", "people whose own entries are not counted (e.g. Mother, Father: a parent's missed appointment "
        "is not a child's); an entry naming someone else too still counts for them",
    ),
    "agency": Param("text", "whose practice the verdict concerns (default: the agency of the entry at which "
                            "the repeat formed)"),
}
_LISTED = 5  # entries named in a summary; more are counted


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per episode of repeated entries about one person.

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.chronology import read_chronology
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "gp.csv"
    >>> _ = p.write_text("Date,Patient,Details\\n15/09/2014,Child A,Asthma review - was not brought\\n"
    ...                  "20/10/2014,Child A,Immunisations - was not brought\\n20/01/2015,Child A,Consultation: cough\\n")
    >>> verdicts = check(read_chronology(p, agency="GP"), rules="national")
    >>> row = verdicts[verdicts["rule"] == "was-not-brought-repeatedly-followed-up"].iloc[0]
    >>> row["verdict"], int(row["count"])
    ('breached', 2)
    >>> print(row["summary"])  # doctest: +ELLIPSIS
    There were 2 records of a missed appointment or was not brought about Child A within 3 months (GP on 15 September 2014; GP on 20 October 2014); there is no record of a follow-up (...) within 4 weeks.
    """
    params = rule.params
    items = _counted(chronology, rule, context)
    if items.empty:
        return empty_found()
    episodes, members = _episodes(items, params["count"], params["window"], context.calendar)
    if episodes.empty:
        return empty_found()
    episodes["d0"] = deadline(episodes["formed"], params["within"], calendar=context.calendar)
    episodes["d1"] = d1 = deadline(episodes["formed_latest"], params["within"], calendar=context.calendar)
    follow = _first_follow_up(chronology, episodes, params["follow_up"], context)
    r0, r1 = follow["date"], follow["date_latest"]
    case_end = episodes["case_id"].map(context.ends())
    found = r0.notna()
    verdict = pd.Series(np.select(
        [found & (r1 <= episodes["d0"]), found & (r0 > d1), found, case_end > d1],
        ["met", "breached", "possibly breached", "breached"], default="cannot tell",
    ), index=episodes.index)
    verdict = verdict.mask(~episodes["certain"] & verdict.eq("breached"), "possibly breached")
    if context.findings_only:  # the other verdicts would be dropped: leave them out before wording them
        keep = verdict.isin(FINDING_VERDICTS).to_numpy()
        if not keep.any():
            return empty_found()
        episodes, follow, verdict, case_end = episodes[keep], follow[keep], verdict[keep], case_end[keep]
        r0, r1, d1, found = follow["date"], follow["date_latest"], episodes["d1"], follow["date"].notna()
    delay_min = (r0 - episodes["formed_latest"]).clip(lower=pd.Timedelta(0))
    delay_max = (r1 - episodes["formed"]).clip(lower=pd.Timedelta(0))
    summary = _summaries(episodes, members, follow, verdict, case_end, span(delay_min, delay_max), rule, context)
    agency = params["agency"] if params["agency"] else episodes["formed_agency"].astype("string")
    return found_frame(
        case_id=episodes["case_id"].astype("string"), key=episodes["key"], agency=agency, verdict=verdict,
        basis=pd.Series(np.where(found, "recorded", "no record"), index=episodes.index),
        link=pd.Series(np.where(found, "inferred", None), index=episodes.index),
        start=episodes["start"], end=r1.where(found, d1), trigger=episodes["key"],
        entries=pd.Series([tuple(m) + ((f,) if isinstance(f, str) and f not in m else ()) for m, f in zip(
            episodes["entries"], follow["entry_id"].astype(object).where(found, None))], index=episodes.index),
        summary=summary, delay_min=delay_min.where(found), delay_max=delay_max.where(found),
        count=episodes["n"],
    )


def _counted(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """One row per dated counted entry and person it names (``person``, "" for no one), one per
    duplicate group, sorted by case, person, date and sequence."""
    params = rule.params
    mask = has_types(chronology, params["entries"], column="event_type", context=context) & chronology["date"].notna()
    if params["agencies"]:
        mask &= is_in(chronology["agency"], params["agencies"])
    columns = [c for c in ("case_id", "entry_id", "date", "date_latest", "date_text", "precision", "sequence",
                           "agency", "subject", "duplicate_group") if c in chronology.columns]
    rows = chronology.loc[mask.to_numpy(), columns].reset_index(drop=True)
    if rows.empty:
        return rows
    rows["case_id"] = rows["case_id"].astype("string")
    group = rows["duplicate_group"].astype("string") if "duplicate_group" in rows else pd.Series(pd.NA, index=rows.index)
    rows["_group"] = group.fillna(rows["entry_id"].astype("string"))
    rows = rows.sort_values(["case_id", "date", "sequence", "entry_id"], na_position="last")
    rows = rows.drop_duplicates(["case_id", "_group"])
    named = rows["subject"].astype("string") if "subject" in rows else pd.Series(pd.NA, index=rows.index)
    rows["person"] = named.fillna("").str.split(r"\s*;\s*", regex=True)
    rows = rows.explode("person")
    rows["person"] = rows["person"].astype("string").str.strip().fillna("")
    rows = rows[~rows.duplicated(["entry_id", "person"])]
    if params["not_about"]:
        rows = rows[~rows["person"].str.lower().isin([p.lower() for p in params["not_about"]]).to_numpy()]
    rows = rows.sort_values(["case_id", "person", "date", "sequence", "entry_id"], na_position="last", kind="stable")
    return rows.reset_index(drop=True)


def _episodes(items: pd.DataFrame, count: int, window, calendar: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The episodes (one row each) and their members (``_episode``), from rows sorted by case and person.

    The entry ``count - 1`` rows back in the same case and person opens the window that the row
    closes: certainly within it when the row's last day is by the window's end from the first's
    earliest day, possibly when its first day is by the end from the first's latest day.
    """
    n = len(items)
    position = np.arange(n)
    who = pd.factorize(items["case_id"].astype(str) + "\x1f" + items["person"].astype(str))[0]
    back = position - (count - 1)
    ok = back >= 0
    ok[ok] = who[back[ok]] == who[ok]
    lo = items["date"].dt.normalize().to_numpy(dtype="datetime64[ns]")
    hi = items["date_latest"].fillna(items["date"]).dt.normalize().to_numpy(dtype="datetime64[ns]")
    first = np.where(ok, back, 0)
    certain = ok & (hi <= deadline(pd.Series(lo[first]), window, calendar=calendar).to_numpy())
    possible = ok & (lo <= deadline(pd.Series(hi[first]), window, calendar=calendar).to_numpy())
    formed = np.flatnonzero(possible)
    if not len(formed):
        return pd.DataFrame(), pd.DataFrame()
    # Formations of one person less than ``count`` rows apart share an entry: one episode.
    new = np.r_[True, (who[formed][1:] != who[formed][:-1]) | (np.diff(formed) > count - 1)]
    episode = np.cumsum(new) - 1
    starts = formed[new] - (count - 1)
    ends = np.r_[formed[np.flatnonzero(new)[1:] - 1], formed[-1]]
    marks = np.zeros(n + 1, dtype=np.int64)
    np.add.at(marks, starts, 1)
    np.add.at(marks, ends + 1, -1)
    inside = np.cumsum(marks)[:n] > 0
    members = items[inside].assign(_episode=np.cumsum(np.isin(position, starts))[inside] - 1)
    at = formed[new]
    episodes = pd.DataFrame({
        "case_id": items["case_id"].to_numpy()[starts], "person": items["person"].to_numpy()[starts],
        "key": items["entry_id"].astype("string").to_numpy()[starts], "start": items["date"].to_numpy()[starts],
        "formed": items["date"].to_numpy()[at], "formed_latest": items["date_latest"].fillna(items["date"]).to_numpy()[at],
        "formed_agency": items["agency"].astype("string").to_numpy()[at],
        "certain": pd.Series(certain[formed]).groupby(episode).any().to_numpy(),
        "n": members.groupby("_episode").size().to_numpy(),
        "entries": members.groupby("_episode")["entry_id"].agg(tuple).to_numpy(),
    })
    return episodes, members


def _first_follow_up(chronology: pd.DataFrame, episodes: pd.DataFrame, types: tuple[str, ...],
                     context: Context) -> pd.DataFrame:
    """Each episode's first follow-up at or after the entry at which it formed, about its person
    (when both name someone): the first in time for every reading of the dates, else the first
    that may be, else the first at all."""
    rows = np.flatnonzero((has_types(chronology, types, context=context) & chronology["date"].notna()).to_numpy())
    cases = pd.factorize(np.concatenate([episodes["case_id"].to_numpy(dtype=object),
                                         chronology["case_id"].astype(object).to_numpy()[rows]]))[0]
    left, right = same_case_pairs(cases[:len(episodes)], cases[len(episodes):])
    at = rows[right]
    candidates = chronology.iloc[at]
    about = shares_subject(pd.Series(episodes["person"].to_numpy(dtype=object)[left], dtype="string").replace("", pd.NA),
                           candidates["subject"].astype("string") if "subject" in candidates else
                           pd.Series(pd.NA, index=candidates.index, dtype="string"))
    date = candidates["date"].to_numpy(dtype="datetime64[ns]")
    latest = candidates["date_latest"].fillna(candidates["date"]).to_numpy(dtype="datetime64[ns]")
    keep = about & (latest >= episodes["formed"].dt.normalize().to_numpy(dtype="datetime64[ns]")[left])
    left, at, date, latest = left[keep], at[keep], date[keep], latest[keep]
    rank = np.select([latest <= episodes["d0"].to_numpy(dtype="datetime64[ns]")[left],
                      date <= episodes["d1"].to_numpy(dtype="datetime64[ns]")[left]], [0, 1], 2)
    sequence = chronology["sequence"].to_numpy()[at] if "sequence" in chronology else np.zeros(len(at))
    order = np.lexsort([sequence, date.view(np.int64), rank, left])
    first = order[np.r_[True, left[order][1:] != left[order][:-1]]] if len(order) else order
    columns = ["entry_id", "date", "date_latest", "precision", "date_text", "agency", "event_type"]
    chosen = chronology.iloc[at[first]][columns].set_axis(left[first])
    out = chosen.reindex(np.arange(len(episodes)))
    for column in ("entry_id", "precision", "date_text", "agency", "event_type"):
        out[column] = out[column].astype("string")
    return out.set_axis(episodes.index)


def _summaries(episodes: pd.DataFrame, members: pd.DataFrame, follow: pd.DataFrame, verdict: pd.Series,
               case_end: pd.Series, delay: pd.Series, rule: Rule, context: Context) -> pd.Series:
    """One sentence per episode: whose entries, when, and what followed."""
    params, vocabulary = rule.params, context.vocabulary
    window, within = str(params["window"]), str(params["within"])
    what = "a follow-up (" + label(vocabulary, params["follow_up"], article=False) + ")"
    counted = label(vocabulary, params["entries"][:2])
    members = members[members["_episode"].isin(episodes.index)]
    said = members["agency"].astype("string").fillna("an agency") + " " + day_of(members)
    rank = members.groupby("_episode").cumcount().to_numpy()
    shown = members[rank < _LISTED]
    listed = said[rank < _LISTED].groupby(shown["_episode"].to_numpy()).agg("; ".join)
    more = (episodes["n"] - _LISTED).clip(lower=0)
    listed = listed.reindex(episodes.index).fillna("") + np.where(more > 0, "; and " + more.astype(str) + " more", "")
    about = np.where(episodes["person"].ne(""), " about " + episodes["person"], " naming no one")
    opening = np.where(episodes["certain"], "There were ", "There may have been ")
    head = (opening + episodes["n"].astype(str) + " records of " + counted + about + " within " + window
            + " (" + listed + ")")
    found = follow["date"].notna()
    by = " (" + follow["agency"].fillna("agency not recorded") + ")"
    follow_when = day_of(follow.assign(precision=follow["precision"].fillna("day")))
    tail = np.select(
        [verdict.eq("met"), found & verdict.eq("possibly breached") & (follow["date"] <= episodes["d1"]), found,
         verdict.eq("cannot tell")],
        [
            "; a follow-up came " + follow_when + by + ", within " + within + ".",
            "; a follow-up came " + follow_when + by + ", " + delay + " after: the limit of " + within
            + " may not have been kept (the dates are vague).",
            "; no follow-up within " + within + ": the first came " + follow_when + by + ", " + delay + " after.",
            "; there is no record of " + what + ", but the chronology ends on "
            + case_end.dt.strftime("%d %B %Y").str.lstrip("0") + ", before " + within + " had passed.",
        ],
        default="; there is no record of " + what + " within " + within + ".",
    )
    return pd.Series(head + tail, index=episodes.index, dtype="string")
