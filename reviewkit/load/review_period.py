"""The review period from the terms of reference, and each agency's periods of no contact in it.

``case.toml`` states it as the terms of reference do::

    review_period = { from = "01/06/2014", to = "31/03/2016" }

Any date form reviewkit reads will do (``from = "June 2014"`` starts on 1 June). Entries outside
the period are kept, as context: the chronology's ``in_review_period`` column is ``False`` for
them (``True`` for entries that may fall inside it, a vague date touching it included; NA for
entries with no date). :func:`no_contact_periods` lists, for each agency, the stretches of whole
days inside the period on which it recorded nothing: a statement of fact, not a finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from reviewkit.exceptions import DateParseError, ManifestError
from reviewkit.interpret.dates import parse_date_value

#: Columns of :func:`no_contact_periods`.
NO_CONTACT_COLUMNS: list[str] = ["case_id", "agency", "start", "end", "days", "last_contact",
                                 "next_contact"]  # fmt: skip
_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class ReviewPeriod:
    """The review period: from the first instant of ``start`` to the last of ``end``."""

    start: pd.Timestamp
    end: pd.Timestamp
    text: str


def read_review_period(value: object, where: str) -> ReviewPeriod | None:
    """Check and read a ``case.toml`` ``review_period = { from = "...", to = "..." }``.

    Examples
    --------
    >>> read_review_period({"from": "01/06/2014", "to": "March 2016"}, "case.toml")
    ReviewPeriod(start=Timestamp('2014-06-01 00:00:00'), end=Timestamp('2016-03-31 23:59:59.999999'), text='01/06/2014 to March 2016')
    >>> read_review_period({"from": "01/06/2016", "to": "2015"}, "case.toml")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.ManifestError: case.toml: review_period ends (2015) before it starts (01/06/2016); write it as review_period = { from = "01/06/2014", to = "31/03/2016" }.
    """  # noqa: E501
    if value is None:
        return None
    example = 'review_period = { from = "01/06/2014", to = "31/03/2016" }'
    if not isinstance(value, Mapping) or set(value) != {"from", "to"}:
        raise ManifestError(f"{where}: write the review period as {example}; got {value!r}.")
    ends = []
    for key in ("from", "to"):
        given = value[key]
        try:
            cell = pd.Timestamp(given) if isinstance(given, dt.date) else given
            ends.append(parse_date_value(cell))
        except DateParseError as error:
            raise ManifestError(
                f"{where}: review_period {key} = {given!r} is not a date reviewkit can read: "
                f"{error}"
            ) from None
    start, end = ends
    if end.latest < start.earliest:
        raise ManifestError(
            f"{where}: review_period ends ({end.text}) before it starts ({start.text}); write it "
            f"as {example}."
        )
    return ReviewPeriod(start.earliest, end.latest, f"{start.text} to {end.text}")


def in_review_period(chronology: pd.DataFrame, period: ReviewPeriod) -> pd.Series:
    """Whether each entry may fall in the period (``boolean``; NA for an entry with no date).

    Examples
    --------
    >>> period = read_review_period({"from": "01/06/2014", "to": "31/03/2016"}, "case.toml")
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2014-05-02", "2014-05-20", "2016-04-01", None]),
    ...                   "date_latest": pd.to_datetime(["2014-05-02", "2014-06-05", "2016-04-01", None])})
    >>> in_review_period(c, period).tolist()
    [False, True, False, <NA>]
    """
    inside = (chronology["date_latest"] >= period.start) & (chronology["date"] <= period.end)
    return inside.astype("boolean").mask(chronology["date"].isna())


def no_contact_periods(
    chronology: pd.DataFrame, period: ReviewPeriod | None = None, *, min_days: int = 28
) -> pd.DataFrame:
    """Each agency's stretches of at least ``min_days`` whole days in the period with no entry.

    ``period`` defaults to each case's own review period from its ``case.toml`` (kept in
    ``chronology.attrs["review_period"]`` by :func:`reviewkit.read_chronology`).

    Every dated entry of an agency counts as contact (a visit, a call, a record of information
    received). A vague date counts as contact over its whole interval, so a stretch listed is one
    with no entry whatever the vague dates mean. An agency with no entry in the period has the
    whole period as one stretch. Agencies are those of the chronology, per case.

    Returns
    -------
    pandas.DataFrame
        :data:`NO_CONTACT_COLUMNS`: ``start`` and ``end`` (the first and last whole day with no
        entry), ``days``, and the ``entry_id`` of the ``last_contact`` before and the
        ``next_contact`` after (NA at the period's ends). Ordered by case, agency and start.

    Examples
    --------
    >>> period = read_review_period({"from": "01/01/2015", "to": "30/06/2015"}, "case.toml")
    >>> c = pd.DataFrame({"case_id": "c", "agency": ["GP", "GP", "School"],
    ...     "entry_id": ["c/gp:1", "c/gp:2", "c/school:1"],
    ...     "date": pd.to_datetime(["2015-01-10", "2015-05-01", "2014-03-01"]),
    ...     "date_latest": pd.to_datetime(["2015-01-10 23:59", "2015-05-31 23:59", "2014-03-01 23:59"])})
    >>> no_contact_periods(c, period)[["agency", "start", "end", "days", "last_contact"]]
       agency      start        end  days last_contact
    0      GP 2015-01-11 2015-04-30   110       c/gp:1
    1      GP 2015-06-01 2015-06-30    30       c/gp:2
    2  School 2015-01-01 2015-06-30   181         <NA>
    """
    if period is None:
        return _each_case(chronology, min_days)
    agencies = chronology[["case_id", "agency"]].dropna().astype(str).drop_duplicates()
    dated = chronology.dropna(subset=["date", "agency"])
    latest = dated["date_latest"].fillna(dated["date"])
    dated, latest = [f[(latest >= period.start) & (dated["date"] <= period.end)] for f in (dated, latest)]
    first_day, last_day = period.start.normalize(), period.end.normalize()
    contacts = pd.DataFrame({
        "case_id": dated["case_id"].astype(str), "agency": dated["agency"].astype(str),
        "entry_id": dated["entry_id"].astype("string"),
        "first": dated["date"].dt.normalize().clip(lower=first_day),
        "last": latest.dt.normalize().clip(upper=last_day),
    }).sort_values(["case_id", "agency", "first", "last"], kind="stable")
    # Sentinels: a contact the day before the period and the day after, for every agency.
    edges = pd.concat([
        agencies.assign(entry_id=pd.NA, first=first_day - _DAY, last=first_day - _DAY),
        agencies.assign(entry_id=pd.NA, first=last_day + _DAY, last=last_day + _DAY),
    ])
    every = pd.concat([edges.iloc[: len(agencies)], contacts, edges.iloc[len(agencies):]])
    every = every.sort_values(["case_id", "agency", "first", "last"], kind="stable")
    every["entry_id"] = every["entry_id"].astype("string")
    group = every.groupby(["case_id", "agency"], sort=False)
    covered = group["last"].cummax()
    start = covered.groupby([every["case_id"], every["agency"]]).shift() + _DAY
    previous = _last_contact(every, covered)
    gaps = pd.DataFrame({
        "case_id": every["case_id"], "agency": every["agency"], "start": start,
        "end": every["first"] - _DAY, "last_contact": previous,
        "next_contact": every["entry_id"],
    })
    gaps["days"] = (gaps["end"] - gaps["start"]).dt.days + 1
    gaps = gaps[gaps["days"].ge(min_days).fillna(False)]
    return gaps[NO_CONTACT_COLUMNS].astype({"days": "int64"}).reset_index(drop=True)


def _each_case(chronology: pd.DataFrame, min_days: int) -> pd.DataFrame:
    periods = chronology.attrs.get("review_period") or {}
    if not periods:
        raise ManifestError(
            "The chronology states no review period: put review_period = { from = \"01/06/2014\", "
            "to = \"31/03/2016\" } in the case's case.toml, or pass period=read_review_period(...)."
        )
    case = chronology["case_id"].astype(str)
    tables = [no_contact_periods(chronology[(case == c).to_numpy()], ReviewPeriod(start, end, ""),
                                 min_days=min_days)
              for c, (start, end) in sorted(periods.items())]
    return pd.concat(tables, ignore_index=True)


def _last_contact(every: pd.DataFrame, covered: pd.Series) -> pd.Series:
    """The entry whose end is the latest so far, before each row (within its agency)."""
    latest_row = every["last"].eq(covered)
    holder = every["entry_id"].where(latest_row.to_numpy())
    keys = [every["case_id"], every["agency"]]
    return holder.groupby(keys).ffill().groupby(keys).shift().astype("string")


def review_period_attrs(periods: Mapping[str, ReviewPeriod]) -> dict[str, tuple]:
    """The periods as ``{case_id: (start, end)}`` for a chronology's ``attrs["review_period"]``.

    Examples
    --------
    >>> p = ReviewPeriod(pd.Timestamp("2014-06-01"), pd.Timestamp("2016-03-31"), "x")
    >>> review_period_attrs({"c": p})
    {'c': (Timestamp('2014-06-01 00:00:00'), Timestamp('2016-03-31 00:00:00'))}
    """
    return {case: (p.start, p.end) for case, p in periods.items()}

