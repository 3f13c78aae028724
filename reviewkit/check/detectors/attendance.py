"""``attendance``: was a required agency at a meeting while a condition held; was it quorate?

From the learning brief: "Police should attend review child protection conference when there
is an active child protection police investigation". Wales Safeguarding Procedures: a
conference is quorate with at least three agencies or professional groups.

One verdict per meeting: one per ``duplicate_group``, and records of a meeting of the same type
on the same day in one case count as one meeting (the School's and Children's Services' records
of one conference); the record that lists ``attendees`` speaks for it. Attendees are the
``;``-separated names in ``attendees``, normalised through the agency aliases (``PC 1187``,
``Community Midwife``); family members are not agencies. No attendees recorded: cannot tell.
With ``while_open``, the requirement holds only while an interval of that kind (e.g.
``police_investigation``) is open: not applicable when it is not, possibly breached when it is
open only for some readings of vague dates.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import (
    Context,
    empty_found,
    entry_tuples,
    found_frame,
    has_types,
    interval_open_at,
    label,
)
from reviewkit.check.detectors.entry_rows import entry_rows
from reviewkit.check.detectors.ordering import date_key, text_rank
from reviewkit.check.detectors.per_check import Distinct, distinct_for
from reviewkit.check.rules import Param, Rule, RuleError
from reviewkit.check.verdicts import FINDING_VERDICTS
from reviewkit.check.wording import day_of, when
from reviewkit.interpret.agencies import normalise_agencies

PARAMETERS: dict[str, Param] = {
    "meeting": Param("event_types", "the meetings checked (their main event type)", True),
    "required": Param("texts", "agencies that must attend"),
    "while_open": Param("interval", "the requirement holds only while an interval of this kind is open"),
    "quorum": Param("int", "at least this many distinct agencies must attend"),
    "agency": Param("text", "whose practice the verdict concerns (default: the required agency, or "
                    "for a quorum the meeting's agency)"),
}


def evaluate(chronology: pd.DataFrame, rule: Rule, context: Context) -> pd.DataFrame:
    """Return one verdict per meeting of ``rule``'s types in each case.

    Examples
    --------
    >>> from reviewkit.check.engine import check
    >>> from reviewkit.load.chronology import read_chronology
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cs.csv"
    >>> _ = p.write_text("Date,Event,Attendees\\n24/02/2015,RCPC,Children's Services; School; HV\\n")
    >>> verdicts = check(read_chronology(p, agency="Children's Services"), rules="wales")
    >>> row = verdicts.set_index("rule").loc["wales-conference-quorate"]
    >>> row["verdict"], int(row["count"])
    ('met', 3)
    >>> print(row["summary"])
    The review child protection conference on 24 February 2015 was quorate: 3 agencies attended (Children's Services; School; Health Visiting).
    """
    params = rule.params
    required, quorum = list(params["required"] or ()), params["quorum"]
    if not required and quorum is None:
        raise RuleError(
            f"Rule {rule.id!r}: an attendance rule needs 'required' (agencies), 'quorum' "
            f"(a number), or both."
        )
    meetings = _meetings(chronology, params["meeting"], context)
    if meetings.empty:
        return empty_found()
    canonical = normalise_agencies(
        pd.Series(required, dtype="string"), aliases=context.agency_aliases)["agency"].tolist()
    heard = _heard(meetings, canonical, context)
    count, recorded, absent = heard["count"], heard["recorded"], heard["absent"]
    short = count < quorum if quorum is not None else pd.Series(False, index=meetings.index)
    failing = absent.ne("") | short
    period = _condition(chronology, meetings, params["while_open"], context)
    verdict = pd.Series(np.select(
        [~period["possible"], ~recorded, ~failing, period["certain"]],
        ["not applicable", "cannot tell", "met", "breached"], default="possibly breached",
    ), index=meetings.index)
    whose = " and ".join(canonical)
    agency = params["agency"] or (absent.where(absent.ne(""), "; ".join(canonical)) if canonical
                                  else meetings["agency"].astype("string"))
    summary = _summaries(meetings, verdict, period, absent, short, count, heard["listed"], heard["written"],
                         whose, rule, context)
    return found_frame(
        case_id=meetings["case_id"].astype("string"), key=meetings["entry_id"].astype("string"),
        agency=agency, verdict=verdict, basis="recorded", start=meetings["date"], end=meetings["date_latest"],
        trigger=meetings["entry_id"].astype("string"),
        entries=entry_tuples(meetings["entry_id"].astype("string"), period["opened"]),
        summary=summary, count=count.astype("Int64"),
    )


def _meetings(chronology: pd.DataFrame, types: tuple[str, ...], context: Context) -> pd.DataFrame:
    """The meetings, one per duplicate group or same-type same-day record (prefer one with attendees).

    Chosen and ordered on row positions and codes; the columns are taken once, for the meetings kept.
    """
    shared = distinct_for(chronology, context.distinct)
    rows = np.flatnonzero(has_types(chronology, types, column="event_type", context=context).to_numpy())
    date, latest = shared.moments("date")[rows], shared.moments("date_latest")[rows]
    exact = latest - date < np.timedelta64(1, "D")  # false where either is missing
    group = _group_codes(shared.texts("duplicate_group", rows), date, exact, rows, shared)
    codes, listed_text = shared.of("attendees")
    listed = np.append(listed_text.str.strip().ne("").to_numpy(dtype=bool, na_value=False), False)[codes[rows]]
    cases = text_rank(shared, "case_id", rows)  # at the meetings' rows only, not every row
    day, sequence = date_key(shared, "date", rows), shared.numbers_at("sequence", rows)
    first = np.lexsort([sequence, day, ~listed])  # listed first, then the earliest
    groups = pd.factorize(group[first])[0]
    kept = first[~pd.Series(cases[first] * (len(first) + 1) + groups).duplicated().to_numpy()]  # one a group
    kept = kept[np.lexsort([sequence[kept], day[kept], cases[kept]])]
    columns = ["case_id", "entry_id", "date", "date_latest", "date_text", "precision", "sequence", "agency",
               "event_type", "duplicate_group", "attendees"]
    meetings = chronology.iloc[rows[kept], chronology.columns.get_indexer(columns)]
    return meetings.assign(case_id=meetings["case_id"].astype("string")).reset_index(drop=True)


def _group_codes(duplicate: np.ndarray, date: np.ndarray, exact: np.ndarray, rows: np.ndarray,
                 shared: Distinct) -> np.ndarray:
    """Which meeting records are one meeting, as integers: equal for the records of one duplicate
    group (``duplicate``, named by an entry id), else for those of one type on one exact day,
    else for those of one entry id (so a group's first record, which names no group, is in it);
    a type and day is numbered without writing it out as text."""
    group = np.full(len(rows), -1, dtype=np.int64)
    kind = np.full(len(rows), None, dtype=object)
    same_day = np.flatnonzero(exact & pd.isna(duplicate))
    kind[same_day] = shared.texts("event_type", rows[same_day])
    same_day = same_day[~pd.isna(kind[same_day])]
    named = np.ones(len(rows), dtype=bool)
    named[same_day] = False
    text = duplicate[named].copy()
    alone = pd.isna(text)
    text[alone] = shared.texts("entry_id", rows[named][alone])
    group[named] = pd.factorize(text, use_na_sentinel=False)[0]
    if len(same_day):
        day = date[same_day].view(np.int64) // (86_400 * 10**9)
        pair = pd.factorize(kind[same_day])[0] * (int(day.max() - day.min()) + 1) + (day - day.min())
        group[same_day] = group.max(initial=-1) + 1 + pd.factorize(pair)[0]
    return group


def _heard(meetings: pd.DataFrame, required: list[str], context: Context) -> pd.DataFrame:
    """What each meeting's ``attendees`` say, worked out once per distinct text.

    Columns: ``count`` (distinct known agencies), ``recorded`` (anyone named), ``listed``
    (those agencies, ``; ``-joined), ``written`` (the names as written) and ``absent`` (the
    ``required`` agencies not named, ``; ``-joined).
    """
    codes, texts = pd.factorize(meetings["attendees"].astype("string"))
    rows = pd.RangeIndex(len(texts) + 1)  # the last row: no attendees text at all
    people = _attendees(pd.Series(texts, dtype="string"), context)
    agencies = people[people["known"]].drop_duplicates(["row", "agency"])
    heard = pd.DataFrame({
        "count": agencies.groupby("row").size().reindex(rows, fill_value=0),
        "recorded": people.groupby("row").size().reindex(rows, fill_value=0) > 0,
        "listed": agencies.groupby("row")["agency"].agg("; ".join).reindex(rows),
        "written": people.groupby("row")["name"].agg("; ".join).reindex(rows),
    }, index=rows)
    absent = pd.Series("", index=rows, dtype="string")
    for name in required:
        present = rows.isin(people.loc[people["agency"].eq(name).fillna(False), "row"])
        absent = absent + np.where(present, "", "; " + name)
    heard["absent"] = absent.str.removeprefix("; ")
    return heard.iloc[np.where(codes < 0, len(texts), codes)].set_axis(meetings.index)


def _attendees(texts: pd.Series, context: Context) -> pd.DataFrame:
    """One row per attendee named: ``row`` (of ``texts``), ``name`` as written, ``agency``, ``known``."""
    names = texts.str.split(";").explode().str.strip()
    names = names[names.notna() & names.ne("")]
    distinct = pd.Series(names.unique(), dtype="string")
    table = normalise_agencies(distinct, aliases=context.agency_aliases).set_index(distinct)
    return pd.DataFrame({
        "row": names.index, "name": names.to_numpy(),
        "agency": table["agency"].reindex(names.to_numpy()).to_numpy(),
        "known": table["known"].reindex(names.to_numpy()).fillna(False).to_numpy(dtype=bool),
    })


def _condition(
    chronology: pd.DataFrame, meetings: pd.DataFrame, kind: str | None, context: Context
) -> pd.DataFrame:
    """Whether the interval is open at each meeting: ``possible``, ``certain``, and its opening entry."""
    out = pd.DataFrame({"possible": True, "certain": True, "opened": pd.NA}, index=meetings.index)
    if not kind:
        return out.astype({"opened": "string"})
    period = interval_open_at(chronology, meetings["date"], meetings["case_id"], kind,
                              context.vocabulary, context=context)
    rows = entry_rows(distinct_for(chronology, context.distinct), period["opened"])  # each opener's first row
    columns = ["date", "date_latest", "date_text", "precision", "agency"]
    opener = chronology[columns].iloc[np.maximum(rows, 0)].set_axis(meetings.index)  # by position: no id lookup
    opener = opener.where(pd.Series(rows >= 0, index=meetings.index), axis=0)  # missing where none opened
    out["opened"] = period["opened"].astype("string")
    out["possible"] = period["opened"].notna()
    out["certain"] = out["possible"] & (opener["date_latest"] <= meetings["date"]).fillna(False) & (
        period["closes"].isna() | (period["closes"] >= meetings["date_latest"]))
    out["opener_when"] = when(opener).where(out["possible"])
    out["opener_agency"] = opener["agency"].astype("string")
    opening = context.vocabulary.interval_pairs()[kind][0]
    name = re.sub(r"^an? ", "", label(context.vocabulary, [opening]))
    out["name"] = re.sub(r"\s+(opened|started|starts?|begins?|opens?)$", "", name)
    return out


def _summaries(
    meetings: pd.DataFrame, verdict: pd.Series, period: pd.DataFrame, absent: pd.Series, short: pd.Series,
    count: pd.Series, listed: pd.Series, written: pd.Series, whose: str, rule: Rule, context: Context,
) -> pd.Series:
    """One sentence per meeting, naming the agencies, the date and the condition."""
    if context.findings_only:  # the other verdicts are dropped: word only the findings
        keep = verdict.isin(FINDING_VERDICTS).to_numpy()
        text = pd.Series("", index=meetings.index, dtype="string")
        if keep.any():
            text[keep] = _summaries(meetings[keep], verdict[keep], period[keep], absent[keep], short[keep],
                                    count[keep], listed[keep], written[keep], whose, rule,
                                    replace(context, findings_only=False))
        return text
    types = meetings["event_type"].astype("string")
    the = {t: "the " + re.sub(r"^an? ", "", label(context.vocabulary, [t])) for t in types.dropna().unique()}
    names = types.map(the)
    meeting = names.fillna("the meeting") + " " + day_of(meetings)
    start = meeting.str.slice(0, 1).str.upper() + meeting.str.slice(1)
    if "name" in period:
        theirs = period["opener_agency"].isin(whose.split(" and ")).fillna(False).to_numpy()
        name = period["name"].iloc[0]
        own = re.sub(r"^(" + "|".join(re.escape(w.lower()) for w in whose.split(" and ")) + ") ", "", name)
        interval = np.where(theirs, "their " + own, "the " + name) + " opened " + period["opener_when"].fillna("")
        holds = pd.Series(", although " + interval + " was still open", index=meetings.index)
        maybe = ", while " + interval + " may still have been open (the dates are vague)"
        during = " while " + interval + " was open"
        none = ": no " + period["name"].iloc[0] + " was open then."
        unneeded = (whose + " did not need to attend " + meeting if whose else "The quorum of " + meeting
                    + " was not checked") + none
    else:
        holds = maybe = during = unneeded = pd.Series("", index=meetings.index)
    attendees = " (attendees: " + written.fillna("") + ")"
    agencies = count.astype(str) + " agenc" + np.where(count == 1, "y", "ies") + " attended"
    quorate = agencies + np.where(count > 0, " (" + listed.fillna("") + ")", "")
    quorum = rule.params["quorum"]
    missing = absent.fillna("").str.replace("; ", " and ")
    return pd.Series(np.select(
        [verdict.eq("not applicable"), verdict.eq("cannot tell"),
         verdict.eq("breached") & absent.ne(""), verdict.eq("possibly breached") & absent.ne(""), short,
         verdict.eq("met") & (whose != "")],
        [unneeded,
         "The attendees of " + meeting + " are not recorded, so it cannot be told whether "
         + (whose + " attended" if whose else "it was quorate") + during + ".",
         missing + " did not attend " + meeting + attendees + holds + ".",
         missing + " did not attend " + meeting + attendees + maybe + ".",
         start + " was not quorate: " + quorate + ", fewer than " + str(quorum)
         + maybe.where(verdict.ne("breached"), "") + ".",
         whose + " attended " + meeting + during + "."],
        default=start + " was quorate: " + quorate + ".",
    ), index=meetings.index, dtype="string")
