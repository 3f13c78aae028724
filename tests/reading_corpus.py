"""The reading corpus: hand-labelled entry texts, loaded as a user would, and scored.

``tests/data/reading_corpus.csv`` holds one agency row per line, with the event types its text
must be tagged with (``must``) and those it must not (``must_not``), by category of difficulty
(plain, negated, planned, historical, other_sense, third_party, shorthand, several,
misspelled). This module loads it, turns it into an agency file for
:func:`reviewkit.read_chronology`, reads back each row's tags and scores them per category.
``benchmarks/bench_reading.py`` uses the same functions for reviewkit and for a peer tagger.

Examples
--------
>>> import io
>>> corpus = load_corpus(io.StringIO(
...     "row_id,category,agency,contact_type,details,outcome,must,must_not,why\\n"
...     "a,plain,Police,Strategy meeting,,,strategy_discussion,,\\n"
...     "b,negated,School,Note,No referral made.,,,referral,not made\\n"))
>>> tags = pd.Series([frozenset({"strategy_discussion"}), frozenset()], index=corpus.index)
>>> score(corpus, tags)
         rows  expected_present  forbidden_absent  recall  precision
plain       1               1.0               NaN     1.0        1.0
negated     1               NaN               1.0     NaN        NaN
all         2               1.0               1.0     1.0        1.0
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from reviewkit.interpret.actions import ACTION_MARK

CORPUS = Path(__file__).parent / "data" / "reading_corpus.csv"

#: The corpus's columns, in order.
COLUMNS = (
    "row_id",
    "category",
    "agency",
    "contact_type",
    "details",
    "outcome",
    "must",
    "must_not",
    "why",
)
#: The categories of difficulty, in the order tables list them.
CATEGORIES = (
    "plain",
    "negated",
    "planned",
    "historical",
    "other_sense",
    "third_party",
    "shorthand",
    "several",
    "misspelled",
)
#: The date every row of the agency file gets (UK day-first, as agencies write it).
DATE = "12/05/2015"
#: The columns of the score table, in order.
SCORE_COLUMNS = ("rows", "expected_present", "forbidden_absent", "recall", "precision")


def tag_set(text: str) -> frozenset[str]:
    """The event type ids of a ``;``-joined list (blanks and spaces dropped).

    Examples
    --------
    >>> sorted(tag_set(" epds; home_visit;;"))
    ['epds', 'home_visit']
    >>> tag_set("")
    frozenset()
    """
    return frozenset(t.strip() for t in str(text).split(";") if t.strip())


def load_corpus(
    path: str | os.PathLike | IO[str] = CORPUS, *, known_types: Collection[str] | None = None
) -> pd.DataFrame:
    """Read the corpus: every column as ``str``, ``must`` and ``must_not`` as frozensets.

    Parameters
    ----------
    path
        The CSV (UTF-8) or an open text stream; default :data:`CORPUS`.
    known_types
        Event type ids the labels may name; default: those of the packaged vocabulary. Pass
        an empty collection to skip the check.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`, indexed 0 to n - 1 in file order (row ``i`` is line
        ``i + 2`` of the file and of :func:`as_agency_file`'s spreadsheet).

    Raises
    ------
    ValueError
        A column is missing, a ``row_id`` repeats, a category is not one of
        :data:`CATEGORIES`, a row names a type in both ``must`` and ``must_not``, or a label
        is not a known event type.

    Examples
    --------
    >>> import io
    >>> corpus = load_corpus(io.StringIO(
    ...     "row_id,category,agency,contact_type,details,outcome,must,must_not,why\\n"
    ...     "n1,negated,Health,Home visit,EPDS not done.,,home_visit,epds,\\n"))
    >>> corpus.loc[0, "must"], corpus.loc[0, "must_not"], corpus.loc[0, "outcome"]
    (frozenset({'home_visit'}), frozenset({'epds'}), '')
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"the corpus has no column {', '.join(missing)}")
    frame = frame[list(COLUMNS)].reset_index(drop=True)
    frame["row_id"] = frame["row_id"].str.strip()
    frame["category"] = frame["category"].str.strip()
    repeated = frame["row_id"][frame["row_id"].duplicated()]
    if not repeated.empty:
        raise ValueError(f"row_id {repeated.iloc[0]!r} appears more than once")
    unknown = sorted(set(frame["category"]) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown categories {unknown}; expected one of {list(CATEGORIES)}")
    frame["must"] = frame["must"].map(tag_set)
    frame["must_not"] = frame["must_not"].map(tag_set)
    both = frame[[bool(m & n) for m, n in zip(frame["must"], frame["must_not"])]]
    if not both.empty:
        raise ValueError(f"row {both['row_id'].iloc[0]!r} names a type in both must and must_not")
    if known_types is None:
        from reviewkit import load_vocabulary

        known_types = load_vocabulary().event_types.keys()
    if known_types:
        named = set().union(*frame["must"], *frame["must_not"])
        strange = sorted(named - set(known_types))
        if strange:
            raise ValueError(f"labels that are not event types of the vocabulary: {strange}")
    return frame


def row_text(corpus: pd.DataFrame, sep: str = ". ") -> pd.Series:
    """Each row's contact type, details and outcome joined with ``sep``, blanks left out.

    Examples
    --------
    >>> corpus = pd.DataFrame({"contact_type": ["Home visit", ""], "details": ["Seen", "Call"],
    ...                        "outcome": ["", " "]})
    >>> row_text(corpus).tolist()
    ['Home visit. Seen', 'Call']
    """
    columns = ("contact_type", "details", "outcome")
    return pd.Series(
        [
            sep.join(p.strip() for p in parts if p and p.strip())
            for parts in zip(*(corpus[c].fillna("") for c in columns))
        ],
        index=corpus.index,
        dtype=object,
    )


def as_agency_file(corpus: pd.DataFrame, date: str = DATE) -> pd.DataFrame:
    """The corpus as an agency's spreadsheet: ``Date``, ``Agency``, ``Contact type``, ``Details``,
    ``Outcome``, one row per corpus row, in the same order.

    Load it as a user loads a DataFrame: ``reviewkit.read_chronology(as_agency_file(corpus))``
    (the case is then ``"case"`` and every entry's ``source_row`` is its row of the sheet, the
    header being row 1).

    Examples
    --------
    >>> corpus = pd.DataFrame({"agency": ["Police"], "contact_type": ["Call"],
    ...                        "details": ["Seen"], "outcome": [""]})
    >>> agency_file = as_agency_file(corpus)
    >>> agency_file.columns.tolist()
    ['Date', 'Agency', 'Contact type', 'Details', 'Outcome']
    >>> agency_file.loc[0].tolist()
    ['12/05/2015', 'Police', 'Call', 'Seen', '']
    """
    return pd.DataFrame(
        {
            "Date": [date] * len(corpus),
            "Agency": corpus["agency"].to_numpy(),
            "Contact type": corpus["contact_type"].to_numpy(),
            "Details": corpus["details"].to_numpy(),
            "Outcome": corpus["outcome"].to_numpy(),
        }
    )


def tags_by_row(corpus: pd.DataFrame, chronology: pd.DataFrame) -> pd.Series:
    """The tags reviewkit gave each corpus row, read back from the loaded chronology.

    Entries derived from an action-taken text (``entry_id`` containing ``"#action-"``) are left
    out: only the row's own entry counts. Corpus row ``i`` (0-based) is the entry with
    ``source_row`` ``i + 2`` (the header is row 1).

    Parameters
    ----------
    corpus
        As :func:`load_corpus` returns it.
    chronology
        ``reviewkit.read_chronology(as_agency_file(corpus))``.

    Returns
    -------
    pandas.Series
        A frozenset of event type ids per corpus row, indexed like ``corpus``.

    Raises
    ------
    ValueError
        A corpus row has no entry or several, or an entry comes from no corpus row.

    Examples
    --------
    >>> import warnings, reviewkit
    >>> corpus = pd.DataFrame({"agency": ["Police", "School"],
    ...                        "contact_type": ["Strategy meeting", "Incident"],
    ...                        "details": ["", "Bruise seen"], "outcome": ["", "Referral to MASH"]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chronology = reviewkit.read_chronology(as_agency_file(corpus))
    >>> len(chronology)  # the referral in the outcome is an entry of its own
    3
    >>> tags = tags_by_row(corpus, chronology)
    >>> sorted(tags[0]), {"injury", "referral"} <= tags[1]
    (['strategy_discussion'], True)
    """
    own = chronology[~chronology["entry_id"].astype(str).str.contains(ACTION_MARK, regex=False)]
    source_rows = pd.to_numeric(own["source_row"], errors="coerce").astype("Float64")
    rows = source_rows.to_numpy(dtype=float, na_value=np.nan) - 2
    counts = np.bincount(
        rows[(rows >= 0) & (rows < len(corpus))].astype(int), minlength=len(corpus)
    )
    strays = own["entry_id"][~((rows >= 0) & (rows < len(corpus)))]
    if not strays.empty:
        raise ValueError(f"entry {strays.iloc[0]} comes from no corpus row")
    wrong = np.flatnonzero(counts != 1)
    if wrong.size:
        k = int(wrong[0])
        raise ValueError(
            f"corpus row {k} (source_row {k + 2}) has {counts[k]} entries; expected exactly one "
            f"({wrong.size} row(s) like it)"
        )
    found = dict(zip(rows.astype(int).tolist(), own["tags"].fillna("").map(tag_set)))
    return pd.Series([found[k] for k in range(len(corpus))], index=corpus.index, dtype=object)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else np.nan


def _scores(
    must: Iterable[frozenset], must_not: Iterable[frozenset], tags: Iterable[frozenset]
) -> dict[str, float]:
    must, must_not, tags = list(must), list(must_not), list(tags)
    with_must = [m <= t for m, t in zip(must, tags) if m]
    with_must_not = [not (n & t) for n, t in zip(must_not, tags) if n]
    found = sum(len(m & t) for m, t in zip(must, tags))
    labelled = sum(len(t & (m | n)) for m, n, t in zip(must, must_not, tags))
    return {
        "rows": len(tags),
        "expected_present": _ratio(sum(with_must), len(with_must)),
        "forbidden_absent": _ratio(sum(with_must_not), len(with_must_not)),
        "recall": _ratio(found, sum(len(m) for m in must)),
        "precision": _ratio(found, labelled),
    }


def score(corpus: pd.DataFrame, tags: pd.Series) -> pd.DataFrame:
    """Scores per category and over all rows.

    Parameters
    ----------
    corpus
        As :func:`load_corpus` returns it.
    tags
        A set of event type ids per corpus row, indexed like ``corpus`` (from
        :func:`tags_by_row`, or from another tagger).

    Returns
    -------
    pandas.DataFrame
        One row per category present (in the order of :data:`CATEGORIES`) and ``"all"``;
        columns :data:`SCORE_COLUMNS`:

        - ``rows``: corpus rows;
        - ``expected_present``: of the rows with a non-empty ``must``, the share whose every
          ``must`` type is tagged;
        - ``forbidden_absent``: of the rows with a non-empty ``must_not``, the share with no
          ``must_not`` type tagged;
        - ``recall``: ``must`` tags found / ``must`` tags;
        - ``precision``: of the tags that are labelled (in ``must`` or ``must_not``), the share
          in ``must``; unlabelled tags are not judged.

        NaN where there is nothing to divide by.

    Examples
    --------
    >>> corpus = pd.DataFrame({"category": ["plain", "negated"],
    ...                        "must": [frozenset({"a", "b"}), frozenset()],
    ...                        "must_not": [frozenset(), frozenset({"c"})]})
    >>> tags = pd.Series([frozenset({"a", "x"}), frozenset({"c"})])
    >>> score(corpus, tags)
             rows  expected_present  forbidden_absent  recall  precision
    plain       1               0.0               NaN     0.5        1.0
    negated     1               NaN               0.0     NaN        0.0
    all         2               0.0               0.0     0.5        0.5
    """
    tags = tags.reindex(corpus.index)
    if tags.isna().any():
        raise ValueError("tags has no value for some corpus rows")
    order = [c for c in CATEGORIES if c in set(corpus["category"])]
    order += sorted(set(corpus["category"]) - set(order))
    table = {
        category: _scores(corpus["must"][rows], corpus["must_not"][rows], tags[rows])
        for category in order
        for rows in [corpus["category"] == category]
    }
    table["all"] = _scores(corpus["must"], corpus["must_not"], tags)
    out = pd.DataFrame.from_dict(table, orient="index", columns=list(SCORE_COLUMNS))
    return out.astype({"rows": int})


def failures(corpus: pd.DataFrame, tags: pd.Series) -> pd.DataFrame:
    """The rows that miss a ``must`` type or carry a ``must_not`` one, for people to read.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``corpus``; columns ``row_id``, ``category``, ``missed`` and ``extra``
        (the ``must`` types not tagged, the ``must_not`` types tagged; sorted, ``;``-joined),
        ``tags`` (everything tagged), ``text`` (contact type, details and outcome, when the
        corpus has them) and ``why``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"row_id": ["a", "b"], "category": ["plain", "negated"],
    ...                        "must": [frozenset({"epds"}), frozenset()],
    ...                        "must_not": [frozenset(), frozenset({"referral"})]})
    >>> tags = pd.Series([frozenset({"epds"}), frozenset({"referral", "incident"})])
    >>> failures(corpus, tags)[["row_id", "missed", "extra", "tags"]].to_dict("records")
    [{'row_id': 'b', 'missed': '', 'extra': 'referral', 'tags': 'incident;referral'}]
    """
    tags = tags.reindex(corpus.index)
    missed = [m - t for m, t in zip(corpus["must"], tags)]
    extra = [n & t for n, t in zip(corpus["must_not"], tags)]
    out = pd.DataFrame(
        {
            "row_id": corpus["row_id"] if "row_id" in corpus else corpus.index.astype(str),
            "category": corpus["category"],
            "missed": [";".join(sorted(s)) for s in missed],
            "extra": [";".join(sorted(s)) for s in extra],
            "tags": [";".join(sorted(t)) for t in tags],
        },
        index=corpus.index,
    )
    if {"contact_type", "details", "outcome"} <= set(corpus.columns):
        out["text"] = row_text(corpus, sep=" | ")
    if "why" in corpus:
        out["why"] = corpus["why"]
    return out[[bool(m or e) for m, e in zip(missed, extra)]]
