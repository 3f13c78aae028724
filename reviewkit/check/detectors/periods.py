"""Periods (child protection plans, PLO, placements, ...) shared by ``stasis``, ``absence`` and ``gap``.

A period is the opening entry of an interval kind (``cp_plan_start`` for ``cp_plan``) with its
``end``/``end_latest``; a period still open when the chronology stops runs to the case's last
date. Dates are compared by calendar day: an entry on the day a plan starts or ends is within
it. Vague dates give ranges: an entry lies ``certain``-ly within a period, or only ``maybe``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.detectors.base import Context, among, is_in
from reviewkit.check.detectors.codes import same_case_pairs
from reviewkit.check.detectors.per_check import positions_in
from reviewkit.check.durations import deadline
from reviewkit.check.wording import day_of
from reviewkit.interpret.duration_text import Duration

#: How a summary names each interval kind (others: the kind with spaces).
INTERVAL_NAMES: dict[str, str] = {
    "cp_plan": "child protection plan",
    "plo": "PLO (pre-proceedings) period",
    "placement": "placement",
    "police_investigation": "police investigation",
    "care_proceedings": "care proceedings",
    "cin_plan": "child in need plan",
}


def interval_name(kind: str) -> str:
    """A reader's name for an interval kind.

    Examples
    --------
    >>> interval_name("cp_plan"), interval_name("respite_care")
    ('child protection plan', 'respite care')
    """
    return INTERVAL_NAMES.get(kind, kind.replace("_", " "))


def periods(
    chronology: pd.DataFrame, kind: str, context: Context, *, concern: str | None = None
) -> pd.DataFrame:
    """One row per opening entry of ``kind``, with its start and end as calendar-day ranges.

    Columns: ``case_id``, ``opened`` (the opening entry id), ``agency``, ``subject``,
    ``concern``, ``date``, ``date_latest``, ``date_text``, ``precision``, ``start_lo``,
    ``start_hi``, ``until_lo``, ``until_hi`` (days) and ``open_at_end``. An opening entry
    with no end and no subject that starts while another recorded period of the case is
    open is a mention of that period (e.g. "confirmed on the CP register"), not a new one.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> chron = pd.DataFrame({"case_id": ["c", "c"], "entry_id": ["c/a:2", "c/a:3"],
    ...     "event_type": ["cp_plan_start", "cp_plan_start"], "agency": ["CS", "Probation"],
    ...     "subject": ["Child A", None], "concern": ["neglect", None],
    ...     "date": pd.to_datetime(["2014-06-25", "2015-07-15"]),
    ...     "date_latest": pd.to_datetime(["2014-06-25", "2015-07-15"]),
    ...     "date_text": ["25/06/2014", "15/07/2015"], "precision": ["day", "day"],
    ...     "end": pd.to_datetime(["2016-11-22", None]), "end_latest": pd.to_datetime(["2016-11-22", None])})
    >>> ctx = Context(load_vocabulary(), "wales", pd.Series({"c": pd.Timestamp("2017-02-14")}), {})
    >>> periods(chron, "cp_plan", ctx)[["opened", "until_hi", "open_at_end"]].values.tolist()
    [['c/a:2', Timestamp('2016-11-22 00:00:00'), False]]
    """
    distinct = context.distinct
    if distinct is not None and distinct.chronology is chronology:  # once per check, whatever the rules
        return distinct.derived(("periods", kind, concern), lambda: _periods(chronology, kind, context, concern))
    return _periods(chronology, kind, context, concern)


def _periods(chronology: pd.DataFrame, kind: str, context: Context, concern: str | None) -> pd.DataFrame:
    """:func:`periods`, worked out."""
    opener, _ = context.vocabulary.interval_pairs()[kind]
    rows = chronology.loc[(is_in(chronology["event_type"], [opener]) & chronology["date"].notna()).to_numpy(),
                          ["case_id", "entry_id", "event_type", "agency", "subject", "concern", "date", "date_latest",
                           "date_text", "precision", "end", "end_latest"]]
    if concern is not None:
        rows = rows[rows["concern"].astype("string").eq(concern).fillna(False)]
    ends = context.ends()
    at = positions_in(rows["case_id"].astype("string"), ends.index)
    case_end = pd.Series(ends.array.take(at, allow_fill=True), index=rows.index)
    out = pd.DataFrame({
        "case_id": rows["case_id"].astype("string"),
        "opened": rows["entry_id"].astype("string"),
        "agency": rows["agency"].astype("string"),
        "subject": rows["subject"].astype("string"),
        "concern": rows["concern"].astype("string"),
        "date": rows["date"], "date_latest": rows["date_latest"],
        "date_text": rows["date_text"].astype("string"), "precision": rows["precision"].astype("string"),
        "start_lo": rows["date"].dt.normalize(),
        "start_hi": rows["date_latest"].fillna(rows["date"]).dt.normalize(),
        "until_lo": rows["end"].fillna(case_end).dt.normalize(),
        "until_hi": rows["end_latest"].fillna(rows["end"]).fillna(case_end).dt.normalize(),
        "open_at_end": rows["end"].isna(),
    })
    loose = out[out["open_at_end"] & out["subject"].isna()]
    recorded = out.loc[~out["open_at_end"], ["case_id", "start_lo", "until_hi"]]
    pairs = loose[["case_id", "opened", "start_lo"]].merge(recorded, on="case_id", suffixes=("", "_o"))
    inside = (pairs["start_lo"] >= pairs["start_lo_o"]) & (pairs["start_lo"] <= pairs["until_hi"])
    out = out[~among(out["opened"], pairs.loc[inside, "opened"])]
    return out.sort_values(["case_id", "start_lo", "opened"]).reset_index(drop=True)


def shares_subject(left: pd.Series, right: pd.Series) -> np.ndarray:
    """True where two subject lists share a name, or either is empty (about anyone).

    Examples
    --------
    >>> shares_subject(pd.Series(["Child A", "Child B", None]),
    ...                pd.Series(["Mother; Child A", "Child C", "Child C"])).tolist()
    [True, False, True]
    """
    # Each distinct pair of subject lists is compared once.
    left_codes, left_values = pd.factorize(left.astype("string").fillna(""))
    right_codes, right_values = pd.factorize(right.astype("string").fillna(""))
    width = len(right_values)
    pairs, back = np.unique(left_codes.astype(np.int64) * width + right_codes, return_inverse=True)

    def names(values: pd.Index) -> list[set[str]]:
        lists = pd.Series(values, dtype="string").str.lower().str.split(r"\s*;\s*", regex=True)
        return [{n for n in names if n.strip() != ""} for names in lists]

    a, b = names(left_values), names(right_values)
    answers = []
    for pair in pairs.tolist():
        mine, theirs = a[pair // width], b[pair % width]
        answers.append(not mine or not theirs or bool(mine & theirs))
    return np.asarray(answers, dtype=bool)[back.reshape(-1)]


def locate(entries: pd.DataFrame, spans: pd.DataFrame, *, match_subject: bool = True,
           keep: list[str] | None = None) -> pd.DataFrame:
    """Pair entries with the periods of their case they may lie in.

    Returns the entry's columns, the period's (suffixed ``_p`` where names clash; only those in
    ``keep`` if given, as taking rows of every text column costs), and ``certain`` (within the
    period for every reading of both dates) and ``maybe`` (for some): the rows and order of an
    inner merge on ``case_id``, assembled only for the pairs kept.
    """
    left = entries.assign(case_id=entries["case_id"].astype("string"),
                          lo=entries["date"].dt.normalize(),
                          hi=entries["date_latest"].fillna(entries["date"]).dt.normalize())
    codes, cases = pd.factorize(spans["case_id"])
    found = positions_in(left["case_id"], cases)
    first, second = same_case_pairs(np.where(found < 0, -2, found), codes)  # -2: a case with no period

    def at(frame: pd.DataFrame, column: str, rows: np.ndarray) -> np.ndarray:
        return frame[column].to_numpy()[rows]

    maybe = (at(left, "hi", first) >= at(spans, "start_lo", second)) & (at(left, "lo", first) <= at(spans, "until_hi", second))
    first, second = first[maybe], second[maybe]
    if match_subject and len(first):
        shared = shares_subject(left["subject"].iloc[first], spans["subject"].iloc[second])
        first, second = first[shared], second[shared]
    certain = (at(left, "lo", first) >= at(spans, "start_hi", second)) & (at(left, "hi", first) <= at(spans, "until_lo", second))
    periods = spans.drop(columns="case_id") if keep is None else spans[keep]
    periods = periods.rename(columns={c: f"{c}_p" for c in periods.columns if c in left.columns})
    pairs = pd.concat([left.iloc[first].reset_index(drop=True), periods.iloc[second].reset_index(drop=True)], axis=1)
    return pairs.assign(certain=certain, maybe=np.ones(len(pairs), dtype=bool))


def beyond(
    first_lo: pd.Series, first_hi: pd.Series, last_lo: pd.Series, last_hi: pd.Series,
    limit: Duration, calendar: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether ``last`` comes more than ``limit`` after ``first``: for every reading, for some.

    Examples
    --------
    >>> from reviewkit.interpret.duration_text import parse_duration
    >>> d = lambda *s: pd.Series(pd.to_datetime(list(s)))
    >>> beyond(d("2015-03-03"), d("2015-03-03"), d("2015-05-05"), d("2015-05-05"),
    ...        parse_duration("6 weeks"), "england")
    (array([ True]), array([ True]))
    """
    certain = last_lo.to_numpy() > deadline(first_hi, limit, calendar=calendar).to_numpy()
    possible = last_hi.to_numpy() > deadline(first_lo, limit, calendar=calendar).to_numpy()
    return certain, possible | certain


def day_text(frame: pd.DataFrame) -> pd.Series:
    """An entry's day: "9 February 2015", or a vague date quoted as written ("'Summer 2016'").

    Examples
    --------
    >>> day_text(pd.DataFrame({"date": pd.to_datetime(["2015-02-09 12:40", "2016-06-01 00:00"]),
    ...     "precision": ["instant", "season"], "date_text": ["x", "Summer 2016"]})).tolist()
    ['9 February 2015', "'Summer 2016'"]
    """
    return day_of(frame, on="")


def plain_day(dates: pd.Series) -> pd.Series:
    """An exact day written out: "22 November 2016"."""
    return day_text(pd.DataFrame({"date": dates, "precision": "day", "date_text": None}, index=dates.index))


def length_text(low: pd.Series, high: pd.Series) -> pd.Series:
    """A length of time as a reviewer writes it: days, weeks (8 weeks and over) or months.

    Examples
    --------
    >>> length_text(pd.Series(pd.to_timedelta(["35D", "63D", "715D"])),
    ...             pd.Series(pd.to_timedelta(["35D", "70D", "715D"]))).tolist()
    ['35 days', '9 to 10 weeks', '23 months']
    """
    lo = low.dt.days.to_numpy(dtype=float)
    hi = high.dt.days.to_numpy(dtype=float)
    unit = np.select([hi < 56, hi < 183], ["day", "week"], default="month")
    size = np.select([unit == "day", unit == "week"], [1.0, 7.0], default=30.4375)
    a = np.rint(lo / size).astype(int).astype(str)
    b = np.rint(hi / size).astype(int).astype(str)
    plural = np.where(b == "1", unit, np.char.add(unit, "s"))
    text = np.where(a == b, np.char.add(np.char.add(b, " "), plural),
                    np.char.add(np.char.add(np.char.add(a, " to "), np.char.add(b, " ")), plural))
    return pd.Series(text, index=low.index, dtype="string")


def period_phrase(spans: pd.DataFrame, kind: str, end_text: str = "open until") -> pd.Series:
    """ "the child protection plan for Child A from 25 June 2014 (open until 22 November 2016)".

    Periods still open at the end of the chronology say so, with that date.
    """
    about = (" for " + spans["subject"].astype("string")).fillna("")
    until = np.where(
        spans["open_at_end"].to_numpy(dtype=bool),
        "still open when the chronology ends on " + plain_day(spans["until_hi"]),
        f"{end_text} " + plain_day(spans["until_lo"]),
    )
    return ("the " + interval_name(kind) + about + " from " + day_text(spans) + " (" + until + ")").astype("string")
