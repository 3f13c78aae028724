"""When a rule's clock starts, if not at the event: the date it was reported, as the agency wrote it.

A response rule with ``clock_from = "reported"`` counts its limit from the entry's ``reported``
date. That date may be as vague as the event's ("end of March 2015"): the clock then starts
somewhere in that period, and its sentence quotes the date as written, never a made-up day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reviewkit.check.detectors.entry_rows import trigger_rows
from reviewkit.check.detectors.per_check import Distinct, distinct_for
from reviewkit.check.wording import when_values
from reviewkit.interpret.dates import parse_dates


@dataclass(frozen=True)
class ReportedDates:
    """Reported dates of some entries, as arrays: the first and last instant each can mean
    (NaT where none is known), its precision and the date as written (None where not given)."""

    earliest: np.ndarray
    latest: np.ndarray
    precision: np.ndarray
    text: np.ndarray

    @property
    def known(self) -> np.ndarray:
        """Whether each entry has a reported date the clock can start from."""
        return ~np.isnat(self.earliest)

    def written(self) -> np.ndarray:
        """Each reported date as a sentence names it: "on 23 March 2015", "'end of March 2015'"
        (None where unknown)."""
        text = when_values(self.earliest, self.precision, self.text)
        return np.where(self.known, text, None)


def reported_dates(reported: np.ndarray, text: np.ndarray | None) -> ReportedDates:
    """The reported dates of entries from their ``reported`` date and ``reported_text`` (if kept).

    The text, where given and readable, gives the whole period the date can mean; each
    distinct text is read once. Without it, the ``reported`` instant stands alone (a day, or
    an instant when it has a time of day).

    Examples
    --------
    >>> found = reported_dates(np.array(["2015-03-21", "2015-01-26T14:00", "NaT"], dtype="datetime64[ns]"),
    ...                        np.array(["end of March 2015", None, None], dtype=object))
    >>> bool(found.latest[0] > found.earliest[0]), found.written().tolist()
    (True, ["'end of March 2015'", 'at 14:00 on 26 January 2015', None])
    """
    reported = np.asarray(reported, dtype="datetime64[ns]")
    earliest, latest = reported.copy(), reported.copy()
    timed = reported != reported.astype("datetime64[D]")
    precision = np.where(np.isnat(reported), None, np.where(timed, "instant", "day")).astype(object)
    written = np.full(len(reported), None, dtype=object) if text is None else np.asarray(text, dtype=object)
    given = ~pd.isna(written)
    if given.any():
        read = parse_dates(pd.Series(written[given], dtype=object))
        ok = read["date"].notna().to_numpy()
        rows = np.flatnonzero(given)[ok]
        earliest[rows] = read["date"].to_numpy(dtype="datetime64[ns]")[ok]
        latest[rows] = read["date_latest"].to_numpy(dtype="datetime64[ns]")[ok]
        precision[rows] = read["precision"].to_numpy(dtype=object, na_value=None)[ok]
    return ReportedDates(earliest, latest, precision, written)


def reported_start_text(
    trigger: pd.Series, start: pd.Series, chronology: pd.DataFrame, *, distinct: Distinct | None = None,
    rows: np.ndarray | None = None,
) -> pd.Series:
    """For verdicts whose clock started at their trigger entry's vague reported date, that date
    as written ("end of March 2015"); NA for the others. ``distinct``, the check's shared
    answers, finds the trigger entries' rows; ``rows`` are those the detectors gave, if any
    (see :func:`~reviewkit.check.detectors.entry_rows.trigger_rows`).

    Examples
    --------
    >>> chronology = pd.DataFrame({"entry_id": ["c/a:1", "c/a:2"],
    ...     "reported": pd.to_datetime(["2015-03-21", "2015-03-02"]),
    ...     "reported_text": ["end of March 2015", "02/03/2015"]})
    >>> reported_start_text(pd.Series(["c/a:1", "c/a:2", "c/a:1"]),
    ...     pd.Series(pd.to_datetime(["2015-03-21", "2015-03-02", "2015-02-09"])), chronology).tolist()
    ['end of March 2015', <NA>, <NA>]
    """
    none = pd.Series(pd.NA, index=trigger.index, dtype="string")
    if "reported_text" not in chronology or "reported" not in chronology:
        return none
    shared = distinct_for(chronology, distinct)
    if shared.arrow("reported_text").null_count == len(chronology):
        return none

    def given(at: np.ndarray | None) -> np.ndarray:  # a reported date written
        return chronology["reported_text"].notna().to_numpy() if at is None else shared.present("reported_text", at)

    rows = trigger_rows(shared, trigger, rows, given)  # the trigger rows with a reported date written
    at = np.flatnonzero(rows >= 0)
    found = reported_dates(shared.moments("reported")[rows[at]], shared.texts("reported_text", rows[at]))
    vague = found.known & ~np.isin(found.precision.astype(str), ["day", "instant"])
    same = vague & (found.earliest == start.to_numpy(dtype="datetime64[ns]")[at])
    text = np.full(len(trigger), None, dtype=object)
    text[at[same]] = found.text[same]
    return pd.Series(text, index=trigger.index, dtype="string")
