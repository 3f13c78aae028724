"""The age of each subject at each entry, from the dates of birth in ``case.toml``.

A case's ``[subjects]`` table gives each child's date of birth, and for a child not yet born
at some entries, the expected date of delivery::

    [subjects]
    "Child A" = { born = "03/08/2012" }
    "Child D" = { born = "20/10/2015", due = "25/10/2015" }
    "Child E" = { due = "14/03/2017" }

Dates are read as any chronology date (UK day first; a TOML date such as ``2012-08-03`` too).
:func:`entry_ages` writes, for every entry, the age of the subjects it names in its ``subject``
column, in the order of ``case.toml`` (every subject when it names none of them: an entry about
the mother still shows how old the children were):

- ``Child A 2 y 4 m`` (a year or more), ``7 m`` (under a year), ``6 w`` (under 13 weeks),
  ``5 d`` (under four weeks), in whole completed units at the entry's first instant;
- ``Child A 2 y 4 m - 2 y 6 m`` when the entry's date is vague enough for the age to change;
- before birth: ``unborn, 32 weeks`` (completed weeks of pregnancy, counted back 40 weeks from
  the due date; ``unborn, 32-36 weeks`` for a vague date), or ``unborn`` in the 40 weeks before
  the birth when no due date is given; nothing before the pregnancy began, and, with only a due
  date, nothing after it (give ``born`` once the child is born).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reviewkit.exceptions import DateParseError, ManifestError
from reviewkit.interpret.dates import parse_date_value

_FIELDS = ("born", "due")
_PREGNANCY = pd.Timedelta(days=280)


@dataclass(frozen=True)
class Subject:
    """A subject of the review with a date of birth (``born``) and/or a due date (``due``)."""

    name: str
    born: pd.Timestamp | None = None
    due: pd.Timestamp | None = None


def read_subjects(table: object, where: str) -> tuple[Subject, ...]:
    """Check and read the ``[subjects]`` table of a ``case.toml``.

    Raises
    ------
    ManifestError
        Naming the file, the subject and the field, and what would be valid.

    Examples
    --------
    >>> read_subjects({"Child A": {"born": "03/08/2012"}}, "case.toml")[0].born
    Timestamp('2012-08-03 00:00:00')
    >>> read_subjects({"Child A": {"born": "31/02/2012"}}, "case.toml")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.ManifestError: case.toml, [subjects] "Child A": born = '31/02/2012' is not a date of birth reviewkit can use: '31/02/2012' is not a real date: February has only 29 days in 2012. Write an exact day, e.g. born = "03/08/2012".
    """  # noqa: E501
    if table is None:
        return ()
    if not isinstance(table, Mapping):
        raise ManifestError(
            f'{where}: [subjects] must be a table of "Name" = {{ born = "03/08/2012" }}.'
        )
    subjects = []
    for name, fields in table.items():
        here = f'{where}, [subjects] "{name}"'
        if not isinstance(fields, Mapping) or not fields or set(fields) - set(_FIELDS):
            raise ManifestError(
                f'{here}: give born = "03/08/2012" (the date of birth) and/or due = '
                f'"25/10/2015" (the expected date of delivery), e.g. "{name}" = '
                f'{{ born = "03/08/2012" }}; got {fields!r}.'
            )
        subjects.append(Subject(str(name), *(_day(fields.get(f), f, here) for f in _FIELDS)))
    return tuple(subjects)


def _day(value: object, field: str, here: str) -> pd.Timestamp | None:
    if value is None:
        return None
    example = f'{field} = "03/08/2012"'
    try:
        parsed = parse_date_value(value if not isinstance(value, dt.date) else pd.Timestamp(value))
    except DateParseError as error:
        raise ManifestError(
            f"{here}: {field} = {value!r} is not a date of birth reviewkit can use: {error} "
            f"Write an exact day, e.g. {example}."
        ) from None
    if parsed.precision != "day":
        raise ManifestError(
            f"{here}: {field} = {value!r} is not one exact day (it is a "
            f"{parsed.precision.replace('_', ' ')}). Write an exact day, e.g. {example}."
        )
    return parsed.earliest


def age_text(subject: Subject, at: pd.Series) -> pd.Series:
    """The age of ``subject`` at each instant of ``at`` (NA where there is none to give).

    Each distinct day is worked out once (a case has a few hundred; a per-column pandas
    operation costs more than that).

    Examples
    --------
    >>> s = Subject("Child D", born=pd.Timestamp("2015-10-20"), due=pd.Timestamp("2015-10-25"))
    >>> at = pd.Series(pd.to_datetime(["2015-06-01", "2015-10-27", "2015-12-10", "2016-03-01",
    ...                                "2018-02-05", "2014-01-01"]))
    >>> age_text(s, at).tolist()
    ['unborn, 19 weeks', '7 d', '7 w', '4 m', '2 y 3 m', <NA>]
    """
    codes, days = pd.factorize(at.dt.normalize(), use_na_sentinel=True)
    texts = np.array([_age_on(subject, day) for day in days] + [None], dtype=object)
    return pd.Series(pd.array(texts[codes], dtype="string"), index=at.index)


def _age_on(subject: Subject, day: pd.Timestamp) -> str | None:
    """The age of ``subject`` on ``day`` (see the module notes), or None."""
    born, due = subject.born, subject.due
    if born is not None and day >= born:
        days = (day - born).days
        months = (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)
        if days < 28:
            return f"{days} d"
        if days < 91:
            return f"{days // 7} w"
        return f"{months} m" if months < 12 else f"{months // 12} y {months % 12} m"
    if due is not None:
        weeks = (day - (due - _PREGNANCY)).days // 7
        return f"unborn, {weeks} weeks" if weeks >= 0 and day <= due else None
    if born is not None and (born - day).days < 280:
        return "unborn"
    return None


def _names(subjects: tuple[Subject, ...], named: pd.Series) -> dict[str, pd.Series]:
    """For each subject, whether each distinct ``subject`` text names it."""
    out = {}
    for subject in subjects:
        pattern = r"(?<!\w)" + re.escape(subject.name) + r"(?!\w)"
        out[subject.name] = named.str.contains(pattern, case=False, regex=True).fillna(False)
    return out


def entry_ages(chronology: pd.DataFrame, subjects: tuple[Subject, ...]) -> pd.Series:
    """The ``ages`` column: each subject's age at each entry (see the module notes).

    Entries with no date get NA. Each distinct ``subject`` text is matched once.

    Examples
    --------
    >>> c = pd.DataFrame({"subject": ["Child A", "Mother", None],
    ...                   "date": pd.to_datetime(["2014-12-10", "2015-09-01", None]),
    ...                   "date_latest": pd.to_datetime(["2014-12-10 23:59", "2015-09-30 23:59", None])})
    >>> kids = (Subject("Child A", born=pd.Timestamp("2012-08-03")),
    ...         Subject("Child D", due=pd.Timestamp("2015-10-25")))
    >>> entry_ages(c, kids).tolist()
    ['Child A 2 y 4 m', 'Child A 3 y 0 m - 3 y 1 m; Child D unborn, 32-36 weeks', <NA>]
    """
    index = chronology.index
    if not subjects or chronology.empty:
        return pd.Series(pd.NA, index=index, dtype="string")
    text = chronology["subject"].astype("string")
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    lookup = pd.Series(list(distinct) + [pd.NA], dtype="string")
    naming = _names(subjects, lookup)
    names_any = np.zeros(len(lookup), dtype=bool)
    for found in naming.values():
        names_any |= found.to_numpy(dtype=bool)
    parts = []
    for subject in subjects:
        shown = (naming[subject.name].to_numpy(dtype=bool) | ~names_any)[codes]
        first = age_text(subject, chronology["date"])
        last = age_text(subject, chronology["date_latest"])
        both_unborn = first.str.startswith("unborn, ") & last.str.startswith("unborn, ")
        span = (first + " - " + last).mask(
            both_unborn.fillna(False), first.str.removesuffix(" weeks") + "-" + last.str[8:]
        )
        age = first.where(first.eq(last).fillna(True) | last.isna(), span)
        parts.append((subject.name + " " + age).where(shown))
    joined = pd.Series("", index=index, dtype="string")
    for part in parts:
        part = part.fillna("")
        joined = joined + np.where((joined != "") & (part != ""), "; ", "") + part
    return joined.mask(joined == "")
