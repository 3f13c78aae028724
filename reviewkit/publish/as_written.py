"""Entries as people read them: in date order, with the date (and time) as the agency wrote it."""

from __future__ import annotations

import pandas as pd


def in_date_order(chronology: pd.DataFrame) -> pd.DataFrame:
    """Entries by date, then the agency's own order, then source file and row (undated last).

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2015-02-09", None, "2014-01-01"]),
    ...                    "sequence": [1, 2, 3], "source": ["a", "a", "b"], "source_row": [2, 3, 2]})
    >>> in_date_order(df)["source_row"].tolist()
    [2, 2, 3]
    """
    keys = [k for k in ("date", "sequence", "source", "source_row") if k in chronology]
    return chronology.sort_values(keys, kind="stable", na_position="last")


def date_as_written(chron: pd.DataFrame) -> pd.Series:
    """The date as the agency wrote it, else the date itself as dd/mm/yyyy."""
    fallback = chron["date"].dt.strftime("%d/%m/%Y").astype("string")
    return chron["date_text"].astype("string").fillna(fallback).fillna("")


def time_if_not_written(chron: pd.DataFrame) -> pd.Series:
    """``HH:MM`` for an entry at an instant whose date text does not show the time."""
    instant = chron["precision"].astype("string").eq("instant").fillna(False)
    shown = chron["date_text"].astype("string").str.contains(r"\d:\d\d", regex=True).fillna(False)
    times = chron["date"].dt.strftime("%H:%M").astype("string")
    return times.where(instant & ~shown, "").fillna("")
