"""Anonymise a chronology (and its findings) for publication: names to roles, dates coarsened.

NHS numbers, UK phone numbers, postcodes and dates of birth written in the text are always
replaced by placeholders such as ``[NHS number]`` (:mod:`reviewkit.publish.identifiers`).

Entries the reviewer flagged *exclude from publication* (see :mod:`reviewkit.review.decisions`) are
left out first, with every finding and verdict that rests on them.

Run detection *before* anonymising: coarsened dates make verdicts less certain. Then pass the
findings here, so they are anonymised the same way as the chronology:

>>> import reviewkit, warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     chron = reviewkit.read_chronology("sample_data/child_d/police.csv")
>>> anon = anonymise(chron, names={"Anytown": "the town", "re:PC \\\\d+": "an officer"},
...                  coarsen="month")
>>> anon.chronology["date_text"].iloc[0], anon.chronology["precision"].iloc[0]
('April 2014', 'month')
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from reviewkit.exceptions import PublicationError
from reviewkit.interpret.entry_ids import without_id_dates
from reviewkit.interpret.toml_file import read_toml
from reviewkit.publish.coarsen import LEVELS, coarsen_columns, coarsen_text, period_bounds, period_label
from reviewkit.publish.identifiers import hide_identifiers
from reviewkit.publish.name_variants import name_regex
from reviewkit.review.decisions import EXCLUDE_TAG

#: Columns that are never rewritten (they are set by the anonymisation itself).
_KEPT = frozenset({"precision"})


@dataclass(frozen=True)
class Anonymised:
    """An anonymised chronology, its findings, and how they were anonymised.

    Attributes
    ----------
    chronology
        The chronology with every listed string replaced and dates coarsened.
    findings
        The findings anonymised the same way (``None`` when none were given).
    names
        ``{name or "re:pattern": replacement}`` as used.
    coarsen
        ``"month"``, ``"season"``, ``"year"`` or ``None``.
    suspects
        Capitalised words that look like names and are not in ``names``, the vocabulary or
        the agency table: columns ``word``, ``count``, ``columns``, ``example`` (an entry id).
        Review them and add any real names to the mapping.
    excluded
        The (original) ids of the entries left out because the reviewer excluded them from
        publication; findings, verdicts and other tables that cite them are left out too.
    """

    chronology: pd.DataFrame
    findings: pd.DataFrame | None
    names: Mapping[str, str]
    coarsen: str | None
    suspects: pd.DataFrame
    excluded: frozenset[str] = field(default_factory=frozenset)

    def pattern(self) -> re.Pattern[str] | None:
        """One regular expression matching every listed name (``None`` when none are listed)."""
        return names_pattern(self.names)

    def apply(self, data: Any) -> Any:
        """Anonymise another table or text (verdicts, a load report) the same way.

        Examples
        --------
        >>> anon = anonymise(pd.DataFrame({"summary": ["Seen"]}), names={"Jo": "Child A"})
        >>> anon.apply("Jo seen on 09/02/2015")
        'Child A seen on 09/02/2015'
        """
        replace = _replacer(self.names, self.coarsen)
        if isinstance(data, str):
            return replace(data)
        return _anonymise_frame(without_excluded(data, self.excluded), replace, self.coarsen, dates=False)


def load_names(names: Mapping[str, str] | str | os.PathLike) -> dict[str, str]:
    """The name mapping, from a dict or a TOML file (a ``[names]`` table, or top-level keys).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "names.toml"
    >>> _ = p.write_text('[names]\\n"Jane Smith" = "Mother"\\n"re:J\\\\\\\\.? ?S\\\\\\\\.?" = "Mother"\\n')
    >>> load_names(p)
    {'Jane Smith': 'Mother', 're:J\\\\.? ?S\\\\.?': 'Mother'}
    """
    if isinstance(names, Mapping):
        table = dict(names)
        where = "names"
    else:
        path = Path(names)
        where = path.name
        data = read_toml(path, error=PublicationError, what="names file")
        table = data.get("names", data)
    if not isinstance(table, Mapping):
        raise PublicationError(
            f'{where}: the names must be a table, [names] on a line of its own and below it one line '
            f'per name, e.g. "Jane Smith" = "Mother"; got names = {str(table)[:60]!r}.'
        )
    bad = {k: v for k, v in table.items() if not isinstance(v, str) or not str(k).strip()}
    if bad:
        raise PublicationError(
            f"{where}: every name must map to the text that replaces it, e.g. "
            f'"Jane Smith" = "Mother". These do not: {bad}'
        )
    for key in table:
        if key.startswith("re:"):
            try:
                re.compile(key[3:])
            except re.error as error:
                raise PublicationError(f"{where}: {key!r} is not a valid regular expression ({error}).") from error
    return {str(k): v for k, v in table.items()}


def names_pattern(names: Mapping[str, str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any listed name as a whole word, longest first.

    An underscore separates words too, so ``jane_smith.csv`` contains ``Smith``. A person's name
    also matches the other ways it is written (:mod:`reviewkit.publish.name_variants`).

    Examples
    --------
    >>> names_pattern({"Jo": "A", "Jo Bloggs": "B"}).sub("X", "jo bloggs, Jo, Joanne, jo_school.csv")
    'X, X, Joanne, X_school.csv'
    >>> names_pattern({"Jane Smith": "Mother"}).sub("Mother", "Smith, Jane told Mrs Smith's GP")
    "Mother told Mother's GP"
    """
    if not names:
        return None
    keys = sorted(names, key=lambda k: (k.startswith("re:"), -len(k)))
    parts = [f"(?P<n{keys.index(k)}>{_key_regex(k)})" for k in keys]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])", re.IGNORECASE)


def _coarse_periods(periods: Mapping[str, tuple[pd.Timestamp, pd.Timestamp]], level: str
                    ) -> tuple[dict, dict]:
    """Review periods widened to whole periods of ``level``, and how each end is written.

    Examples
    --------
    >>> _coarse_periods({"c": (pd.Timestamp("2014-06-03"), pd.Timestamp("2016-08-20"))}, "month")
    ({'c': (Timestamp('2014-06-01 00:00:00'), Timestamp('2016-08-31 23:59:59.999999'))}, {'c': ('June 2014', 'August 2016')})
    """
    wide, text = {}, {}
    for case, (start, end) in periods.items():
        first, _ = period_bounds(pd.Series([start]), level)
        _, last = period_bounds(pd.Series([end]), level)
        wide[case] = (first.iloc[0], last.iloc[0])
        text[case] = (period_label(start, level), period_label(end, level))
    return wide, text


def anonymise(
    chronology: pd.DataFrame,
    *,
    names: Mapping[str, str] | str | os.PathLike,
    coarsen: str | None = None,
    findings: pd.DataFrame | None = None,
) -> Anonymised:
    """Replace every listed name and identifier everywhere text appears, and optionally coarsen dates.

    Identifiers need no listing: NHS numbers that pass the mod-11 check, UK phone numbers,
    full postcodes and dates of birth ("DOB 03/08/2015", "born 3 August 2015") become
    ``[NHS number]``, ``[phone number]``, ``[postcode]`` and ``[date of birth]``
    (:mod:`reviewkit.publish.identifiers`); a ten-digit number failing the check is left alone.

    Parameters
    ----------
    chronology
        A chronology (:func:`reviewkit.read_chronology`).
    names
        ``{"Jane Smith": "Mother", "Jo": "Child A", "Anytown Primary": "the school"}``, or a
        TOML file with such a ``[names]`` table. Keys match case-insensitively as whole words
        (people, nicknames, initials, places, schools, practitioners); a key written
        ``"re:..."`` is a regular expression. They are replaced in every text column, file
        names and entry ids included.
    coarsen
        ``"month"``, ``"season"`` or ``"year"``: dates become that period, in the date columns
        (``date``/``date_latest`` the whole period, ``precision`` and ``date_text`` rewritten)
        and where they are written in the text (``9th Feb 2015`` becomes ``February 2015``).
        Entries keep their order.
    findings
        Findings from :func:`reviewkit.detect` on the *original* chronology, anonymised the
        same way (detect before anonymising: coarse dates make verdicts less certain).

    Returns
    -------
    Anonymised
    """
    if coarsen is not None and coarsen not in LEVELS:
        raise ValueError(
            f"coarsen={coarsen!r} is not a level reviewkit knows. Use one of: "
            f"{', '.join(LEVELS)} (or None to keep dates as they are)."
        )
    table = load_names(names)
    replace = _replacer(table, coarsen)
    excluded = excluded_entries(chronology)
    out = _anonymise_frame(without_excluded(chronology, excluded), replace, coarsen, dates=False)
    if coarsen is not None and "date" in out:
        out = coarsen_columns(out, coarsen)
    if out.attrs.get("case_titles"):  # a case's title is published too: with the names replaced
        out.attrs["case_titles"] = {case: replace(title) for case, title in out.attrs["case_titles"].items()}
    if coarsen is not None and out.attrs.get("review_period"):
        out.attrs["review_period"], out.attrs["review_period_text"] = _coarse_periods(
            out.attrs["review_period"], coarsen)
    anon_findings = None
    if findings is not None:
        anon_findings = _anonymise_frame(without_excluded(findings, excluded), replace, coarsen, dates=True)
    from reviewkit.publish.suspects import suspect_names

    return Anonymised(out, anon_findings, table, coarsen, suspect_names(out, table), excluded)


def excluded_entries(chronology: pd.DataFrame) -> frozenset[str]:
    """The ids of the entries the reviewer excluded from publication (tagged so in ``tags``).

    Examples
    --------
    >>> excluded_entries(pd.DataFrame({"entry_id": ["c/a.csv:2", "c/a.csv:3"],
    ...                                "tags": ["injury;exclude from publication", "injury"]}))
    frozenset({'c/a.csv:2'})
    """
    if "tags" not in chronology or "entry_id" not in chronology:
        return frozenset()
    tags = chronology["tags"].astype("string").fillna("").str.split(";")
    flagged = tags.map(lambda values: EXCLUDE_TAG in values).astype(bool)
    return frozenset(chronology.loc[flagged.to_numpy(), "entry_id"].astype(str))


def without_excluded(frame: pd.DataFrame, excluded: frozenset[str]) -> pd.DataFrame:
    """``frame`` without the rows that are, or cite, an excluded entry.

    A row cites an entry by ``entry_id``, ``trigger``, ``responds_to`` or in ``entries`` (the
    evidence of a finding or verdict).

    Examples
    --------
    >>> findings = pd.DataFrame({"finding_id": ["F-1", "F-2"],
    ...                          "entries": [("c/a.csv:2", "c/a.csv:5"), ("c/a.csv:3",)]})
    >>> without_excluded(findings, frozenset({"c/a.csv:5"}))["finding_id"].tolist()
    ['F-2']
    """
    if not excluded or frame.empty:
        return frame
    cites = pd.Series(False, index=frame.index)
    for name in ("entry_id", "trigger", "responds_to"):
        if name in frame:
            cites |= frame[name].astype("string").isin(excluded).fillna(False).astype(bool)
    if "entries" in frame:
        cites |= frame["entries"].map(
            lambda ids: isinstance(ids, tuple | list) and not excluded.isdisjoint(ids)).astype(bool)
    return frame[~cites.to_numpy()]


def _key_regex(key: str) -> str:
    if key.startswith("re:"):
        return key[3:]
    return name_regex(key)


def _replacer(names: Mapping[str, str], coarsen: str | None) -> Callable[[str], str]:
    """Identifiers, then listed names, then exact dates: each distinct text worked out once."""
    pattern = names_pattern(names)
    keys = sorted(names, key=lambda k: (k.startswith("re:"), -len(k)))
    done: dict[str, str] = {}

    def replace(text: str) -> str:
        if text in done:
            return done[text]
        done[text] = _replace(text)
        return done[text]

    def _replace(text: str) -> str:
        text = hide_identifiers(text)  # before coarsening, which would rewrite a date of birth
        if pattern is not None:
            text = pattern.sub(lambda m: names[keys[int(m.lastgroup[1:])]], text)
        if coarsen is not None:  # entry ids hold the date as written: taken out too
            text = coarsen_text(without_id_dates(text), coarsen)
        return text

    return replace


def _anonymise_frame(frame: pd.DataFrame, replace: Callable[[str], str], coarsen: str | None,
                     *, dates: bool) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if name in _KEPT:
            continue
        if isinstance(column.dtype, pd.CategoricalDtype):
            new = [replace(c) if isinstance(c, str) else c for c in column.cat.categories]
            out[name] = column.astype("object").map(dict(zip(column.cat.categories, new)),
                                                    na_action="ignore").astype("category")
        elif isinstance(column.dtype, pd.StringDtype):
            distinct = column.dropna().unique()
            out[name] = column.map(dict(zip(distinct, map(replace, distinct)))).astype(column.dtype)
        elif column.dtype == object:
            out[name] = column.map(lambda v: _deep(v, replace), na_action="ignore")
        elif dates and coarsen is not None and pd.api.types.is_datetime64_any_dtype(column):
            lo, hi = period_bounds(column, coarsen)
            out[name] = hi if name in ("end", "end_latest", "date_latest") else lo
    return out


def _deep(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, tuple | list):
        return type(value)(_deep(v, replace) for v in value)
    return value
