"""The last check before publication: no listed name, exact date or identifier may remain.

Identifiers are NHS numbers, UK phone numbers, postcodes and dates of birth
(:mod:`reviewkit.publish.identifiers`): they are refused whether or not names were listed.

Every export and report that is given an :class:`~reviewkit.publish.anonymise.Anonymised` copy calls
:func:`check_publishable` on what it is about to write, and writes nothing if it fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from reviewkit.exceptions import PublicationError
from reviewkit.publish.coarsen import finer_dates_in
from reviewkit.publish.identifiers import identifiers_in

if TYPE_CHECKING:
    from reviewkit.publish.anonymise import Anonymised

#: At most this many places are listed in an error message.
SHOWN = 10

#: Date precisions that are as coarse as each level or coarser.
COARSE_ENOUGH: dict[str, frozenset[str]] = {
    "month": frozenset({"month", "season", "term", "quarter", "part_of_year", "year", "range",
                        "approx_month", "approx_season", "approx_year"}),
    "season": frozenset({"season", "year", "range", "approx_season", "approx_year"}),
    "year": frozenset({"year", "approx_year"}),
}


def leaks(data: str | pd.DataFrame | Iterable[tuple[str, str]], anonymised: Anonymised) -> list[str]:
    """Where a listed name, an over-exact date or an identifier appears: one line per place.

    ``data`` is a text, a table (columns and rows are named), or ``(part, text)`` pairs
    (e.g. the sections of a report).

    Examples
    --------
    >>> from reviewkit.publish.anonymise import anonymise
    >>> anon = anonymise(pd.DataFrame({"summary": ["x"]}), names={"Jo": "Child A"}, coarsen="month")
    >>> leaks(pd.DataFrame({"summary": ["Child A seen", "JO seen 09/02/2015"]}), anon)
    ["column 'summary', row 2: the listed name 'JO'", "column 'summary', row 2: the exact date '09/02/2015'"]
    >>> leaks("Seen at M1 1AE, NHS 943 476 5919", anon)
    ["the text: the postcode 'M1 1AE'", "the text: the NHS number '943 476 5919'"]
    """
    found: list[str] = []
    seen: dict[str, list[str]] = {}  # each distinct text is checked once
    for where, text in _places(data):
        if text not in seen:
            seen[text] = _problems(text, anonymised)
        found += [f"{where}: {what}" for what in seen[text]]
    if isinstance(data, pd.DataFrame) and anonymised.coarsen and "precision" in data:
        fine = ~data["precision"].astype("string").isin(COARSE_ENOUGH[anonymised.coarsen])
        fine &= data["precision"].notna()
        found += [f"column 'precision', row {i + 1}: a date more exact than a {anonymised.coarsen}"
                  for i in [data.index.get_loc(k) for k in data.index[fine]]]
    return found


def check_publishable(data: str | pd.DataFrame | Iterable[tuple[str, str]], anonymised: Anonymised,
                      *, where: str = "the output") -> None:
    """Raise :class:`PublicationError` naming every place a listed name, exact date or identifier remains.

    Examples
    --------
    >>> from reviewkit.publish.anonymise import anonymise
    >>> anon = anonymise(pd.DataFrame({"summary": ["x"]}), names={"Jo Bloggs": "Mother"})
    >>> check_publishable("Mother was seen.", anon)
    >>> check_publishable([("findings", "Jo  Bloggs was seen.")], anon, where="report.html")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.PublicationError: report.html was not written: it would publish what the anonymisation should hide.
      findings: the listed name 'Jo  Bloggs'
    Add the missing names to the mapping (or fix the text) and anonymise again.
    """
    found = leaks(data, anonymised)
    if not found:
        return
    more = f"\n  ... and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    raise PublicationError(
        f"{where} was not written: it would publish what the anonymisation should hide.\n  "
        + "\n  ".join(found[:SHOWN]) + more
        + "\nAdd the missing names to the mapping (or fix the text) and anonymise again."
    )


def _places(data) -> Iterable[tuple[str, str]]:
    if isinstance(data, str):
        yield "the text", data
    elif isinstance(data, pd.DataFrame):
        for column in data.columns:
            values = data[column]
            if values.dtype.kind in "biufcmM":
                continue
            for row, value in enumerate(values.tolist(), start=1):
                for text in _texts(value):
                    yield f"column {column!r}, row {row}", text
    else:
        yield from data


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [v for v in value if isinstance(v, str)]
    return []


def _problems(text: str, anonymised: Anonymised) -> list[str]:
    problems = []
    pattern = anonymised.pattern()
    if pattern is not None:
        problems += [f"the listed name {m.group(0)!r}" for m in pattern.finditer(text)]
    if anonymised.coarsen:
        problems += [f"the exact date {d!r}" for d in finer_dates_in(text, anonymised.coarsen)]
    return problems + identifiers_in(text)
