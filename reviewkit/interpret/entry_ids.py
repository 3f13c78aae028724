"""Entry ids made from what an entry says, so that they survive a resent file.

An entry id reads ``{case}/{file}:{date}-{fingerprint}``, for example
``child_d/gp.csv:12-03-2015-6f0c2a9e``:

- ``{file}`` is the file's name, with ``#sheet`` for a workbook's sheet or ``#table2`` for the
  second table of a Word document;
- ``{date}`` is the date as the agency wrote it, as a slug: lower case, each run of anything but
  letters and digits one hyphen, at most :data:`SLUG_LENGTH` characters (``12/03/2015`` is
  ``12-03-2015``, ``end of March 2015`` is ``end-of-march-2015``); a spreadsheet's date cell is
  written as ``date_text`` shows it (``12-03-2015``, ``12-03-2015-09-30`` with a time); a row with
  no date is ``undated``;
- ``{fingerprint}`` is the first 8 hexadecimal digits of the BLAKE2b hash of the row's cells, in
  the table's column order, each normalised (Unicode NFKC, case-folded, runs of white space one
  space), blank cells included as empty. The cells of the columns that only number or label the
  rows for reviewkit are left out: the sequence or entry-number column (it is renumbered when a
  row is inserted), the case id, and reviewkit's own ``event_type``, ``responds_to`` and
  ``duplicate_group`` columns.

An exact repeat of a row (the same cells, in the same file and case) adds ``-2``, ``-3``... in file
order. One area of a wide indicator row adds ``/`` and the area (``/physical-care``), and an entry
read from a row's action-taken text adds ``#action-`` and its event type (see
:mod:`reviewkit.interpret.actions`).

So an entry keeps its id when rows are added, removed or moved around it, and gets a new one when
its own text, date or agency changes. The row a spreadsheet program shows stays in ``source_row``.
Before 0.2 ids were ``{case}/{file}:{row}`` (:func:`row_ids` gives them, to migrate decisions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, MutableMapping

import numpy as np
import pandas as pd

#: The longest date slug kept in an id (the full date is in the fingerprint).
SLUG_LENGTH = 24

#: The slug of a row with no date.
UNDATED = "undated"

#: The raw-entry roles whose cells are left out of the fingerprint (they number or label rows).
UNHASHED_ROLES: frozenset[str] = frozenset(
    {"sequence", "case_id", "event_type", "responds_to", "duplicate_group"}
)

#: What splits an entry id into the part before its key, the key, and the area and action marks.
ID_PARTS = re.compile(r"^(?P<head>.*):(?P<key>[^:/#]*)(?P<tail>(?:/[^:#]*)?(?:#action-[^:]*)?)$")

#: The key of an entry id: the date slug, the fingerprint and the number of a repeat.
CONTENT_KEY = re.compile(r"^(?P<date>.*)-(?P<fingerprint>[0-9a-f]{8})(?:-(?P<repeat>[0-9]+))?$")

#: A row-based id of reviewkit before 0.2: the key is the row number.
ROW_ID = re.compile(r"^(?P<head>.+):(?P<row>[0-9]+)(?P<tail>(?:/[^:#]*)?(?:#action-[^:]*)?)$")


def slug(text: str) -> str:
    """``text`` in lower case, each run of anything but letters and digits one hyphen.

    Examples
    --------
    >>> slug("End of March 2015"), slug("Physical care"), slug("?22/05/2016")
    ('end-of-march-2015', 'physical-care', '22-05-2016')
    """
    return re.sub(r"[^0-9a-z]+", "-", _normal(text)).strip("-")


def content_keys(
    cells: pd.DataFrame,
    *,
    date_column: object | None,
    left_out: Iterable[object] = (),
) -> pd.Series:
    """The ``{date}-{fingerprint}`` key of every row of a table's cells (repeats not numbered).

    Each distinct cell is normalised, and each distinct row hashed, once.

    Parameters
    ----------
    cells
        One row per entry, one column per column of the table, cells as read.
    date_column
        The column holding the date (None: every row is ``undated``).
    left_out
        The columns whose cells are not part of the fingerprint (see :data:`UNHASHED_ROLES`).

    Examples
    --------
    >>> cells = pd.DataFrame({0: ["12/03/2015", "12/03/2015", None], 1: ["Seen", "  SEEN ", "Call"],
    ...                       2: ["1", "2", "3"]})
    >>> keys = content_keys(cells, date_column=0, left_out=[2])
    >>> keys.tolist()
    ['12-03-2015-8d14c918', '12-03-2015-8d14c918', 'undated-b025323b']
    """
    skipped = set(left_out)
    joined = None
    for name in (c for c in cells.columns if c not in skipped):
        text = _per_distinct(cells[name], _cell_text, "")
        joined = text if joined is None else joined + "\x1f" + text
    if joined is None:
        joined = np.full(len(cells), "", dtype=object)
    fingerprint = _per_distinct(pd.Series(joined, dtype=object), _fingerprint, "")
    if date_column is None or date_column not in cells:
        dates = np.full(len(cells), UNDATED, dtype=object)
    else:
        dates = _per_distinct(cells[date_column], _date_slug, UNDATED)
    return pd.Series(dates + "-" + fingerprint, index=cells.index, dtype=object)


def number_repeats(
    keys: pd.Series,
    *,
    groups: pd.Series | None = None,
    seen: MutableMapping[str, int] | None = None,
) -> pd.Series:
    """``keys`` with ``-2``, ``-3``... added to the second, third... repeat of a key, in order.

    ``groups`` (e.g. the case of each row) keeps repeats in different groups apart. ``seen``
    carries the counts over from earlier parts of the same file (a large extract read in blocks)
    and is updated.

    Examples
    --------
    >>> number_repeats(pd.Series(["a", "b", "a", "a"])).tolist()
    ['a', 'b', 'a-2', 'a-3']
    >>> seen = {}
    >>> _ = number_repeats(pd.Series(["a"]), seen=seen)
    >>> number_repeats(pd.Series(["a", "a"]), groups=pd.Series(["", "other case"]), seen=seen).tolist()
    ['a-2', 'a']
    """
    values = keys.to_numpy(dtype=object)
    group = "" if groups is None else groups.astype(object).where(groups.notna(), "").to_numpy(dtype=object)
    pairs = group + "\x1f" + values
    codes, uniques = pd.factorize(pairs)
    order = np.argsort(codes, kind="stable")  # each key's rows together, in file order
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    lengths = np.diff(np.r_[starts, len(codes)])
    occurrence = np.empty(len(codes), dtype=np.int64)
    occurrence[order] = np.arange(len(codes)) - np.repeat(starts, lengths) + 1
    if seen:
        occurrence += np.array([seen.get(pair, 0) for pair in uniques], dtype=np.int64)[codes]
    if seen is not None and len(codes):
        last = np.zeros(len(uniques), dtype=np.int64)
        np.maximum.at(last, codes, occurrence)
        seen.update(zip(uniques.tolist(), last.tolist()))
    suffix = np.where(occurrence > 1, "-" + occurrence.astype(str).astype(object), "")
    return pd.Series(values + suffix, index=keys.index, dtype=object)


def row_ids(chronology: pd.DataFrame) -> pd.Series:
    """The row-based id each entry had before 0.2: ``{case}/{file}:{row}`` (with its area and
    action marks), from ``entry_id`` and ``source_row``; NA where the row is not known.

    Examples
    --------
    >>> frame = pd.DataFrame({"entry_id": ["c/gp.csv:12-03-2015-39f68ad0",
    ...     "c/gcp.csv:01-09-2014-0badcafe/safety", "c/s.csv:undated-12345678-2#action-referral"],
    ...     "source_row": [5, 2, 9]})
    >>> row_ids(frame).tolist()
    ['c/gp.csv:5', 'c/gcp.csv:2/safety', 'c/s.csv:9#action-referral']
    """
    ids = chronology["entry_id"].astype("string")
    if "source_row" not in chronology:
        return pd.Series(pd.NA, index=chronology.index, dtype="string")
    parts = ids.str.extract(ID_PARTS)
    rows = pd.to_numeric(chronology["source_row"], errors="coerce").astype("Int64").astype("string")
    return (parts["head"] + ":" + rows + parts["tail"]).astype("string")


def resolve_row_ids(references: pd.Series, chronology: pd.DataFrame) -> pd.Series:
    """``references`` (e.g. a ``responds_to`` column a user wrote) with each row-based id that
    names no entry replaced by the id of the entry at that row.

    Examples
    --------
    >>> frame = pd.DataFrame({"entry_id": ["c/s.csv:12-03-2015-8d14c918", "c/s.csv:13-03-2015-0badcafe"],
    ...                       "source_row": [2, 3]})
    >>> resolve_row_ids(pd.Series([None, "c/s.csv:2"], dtype="string"), frame).tolist()
    [<NA>, 'c/s.csv:12-03-2015-8d14c918']
    """
    given = references.astype("string")
    wanted = given.notna() & ~given.isin(chronology["entry_id"].astype("string")) \
        & given.str.fullmatch(ROW_ID.pattern).fillna(False)
    if not wanted.any():
        return given
    old = row_ids(chronology)
    unique = ~old.duplicated(keep=False) & old.notna()
    lookup = pd.Series(chronology["entry_id"].astype("string")[unique].to_numpy(), index=old[unique].to_numpy())
    return given.mask(wanted, given[wanted].map(lookup).fillna(given[wanted]))


def is_row_id(entry_id: str) -> bool:
    """Whether ``entry_id`` is a row-based id of reviewkit before 0.2.

    Examples
    --------
    >>> is_row_id("child_d/gp.csv:5"), is_row_id("child_d/gp.csv:12-03-2015-39f68ad0")
    (True, False)
    """
    return ROW_ID.match(entry_id) is not None


#: The date of an entry id inside any text (``:12-03-2015-8d14c918`` -> ``:8d14c918``).
_ID_DATE = re.compile(
    r"(?<=:)[0-9a-z]+(?:-[0-9a-z]+)*?-(?=[0-9a-f]{8}(?:-[0-9]+)?(?:/[0-9a-z-]+)?(?:#action-[a-z_]+)?"
    r"(?:$|[;,\s)\]'\"]))"
)


def without_id_dates(text: str) -> str:
    """``text`` with the date taken out of every entry id in it (for a publication whose dates
    are coarsened: the fingerprint alone still tells the entries apart).

    Examples
    --------
    >>> without_id_dates("c/gp.csv:12-03-2015-8d14c918; c/s.csv:end-of-march-2015-0badcafe-2#action-referral")
    'c/gp.csv:8d14c918; c/s.csv:0badcafe-2#action-referral'
    >>> without_id_dates("Seen at 09:30 - no concerns")
    'Seen at 09:30 - no concerns'
    """
    return _ID_DATE.sub("", text)


def _per_distinct(values: pd.Series, function: Callable[[object], str], missing: str) -> np.ndarray:
    """``function`` of each distinct value (``missing`` for a blank), for every row."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    table = np.array([function(value) for value in uniques] + [missing], dtype=object)
    return table[codes]  # the sentinel -1 takes the last: missing


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _cell_text(cell: object) -> str:
    """A cell as normalised text: whole numbers without ``.0``, dates in ISO form."""
    if isinstance(cell, bool):
        return str(cell).lower()
    if isinstance(cell, float):
        if cell != cell:
            return ""
        if cell.is_integer():
            return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ") if cell.time() != dt.time() else cell.date().isoformat()
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    return _normal(str(cell))


def _date_slug(cell: object) -> str:
    if isinstance(cell, dt.datetime):  # as the date_text column writes a date cell
        cell = cell.strftime("%d/%m/%Y %H:%M") if cell.time() != dt.time() else cell.strftime("%d/%m/%Y")
    elif isinstance(cell, dt.date):
        cell = cell.strftime("%d/%m/%Y")
    return slug(_cell_text(cell))[:SLUG_LENGTH].strip("-") or UNDATED


def _fingerprint(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
