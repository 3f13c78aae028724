"""What the rules of one check share, worked out once: column codes, dates as arrays, masks.

A check applies a couple of dozen rules to one chronology. Each rule asks the same questions of
it: which rows are of these types, when each row happened, which case each row belongs to,
whether two subject lists name one person. :class:`Distinct` answers each question once per
check and hands the answer to every rule as a plain numpy array, so the fixed cost of a rule is
a few array operations rather than a few hundred pandas calls.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.columns import text_rank


#: The codes of Arrow text columns already worked out, by the ``id`` of the column's Arrow data,
#: with a weak reference to that data (an entry goes when the data does).
_KEPT: dict[int, tuple[weakref.ref, tuple[np.ndarray, pd.Series]]] = {}

#: At most this many columns' codes are kept (the oldest go first).
KEPT_COLUMNS = 16

#: The sorted ranks of columns' distinct values (see :meth:`Distinct.ranks`), kept as the codes are.
_RANKED: dict[int, tuple[weakref.ref, np.ndarray]] = {}


def distinct_values(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Each row's code (-1 where missing; a categorical's own codes, of its small integer type) and the
    distinct values as strings (categories as they are).

    For an Arrow-backed text column the answer is kept while the column's Arrow data lives (it
    never changes in place; a column set anew has new data), and given again without working it
    out; the codes are then read-only.

    Examples
    --------
    >>> codes, values = distinct_values(pd.Series(["b", "a", None, "b"], dtype="category"))
    >>> codes.tolist(), values.tolist()
    ([1, 0, -1, 1], ['a', 'b'])
    >>> text = pd.Series(["b", "a", None, "b"], dtype="string[pyarrow]")
    >>> distinct_values(text) is distinct_values(text.copy(deep=False))
    True
    """
    data = values.array.__arrow_array__() if _is_arrow_text(values) else None
    if data is None:
        return _distinct_values(values)
    kept = _KEPT.get(id(data))
    if kept is not None and kept[0]() is data:
        return kept[1]
    found = _distinct_values(values)
    found[0].flags.writeable = False
    make_room(_KEPT, KEPT_COLUMNS)
    key = id(data)
    _KEPT[key] = (weakref.ref(data, lambda _, key=key: _KEPT.pop(key, None)), found)
    return found


def make_room(kept: dict, size: int) -> None:
    """Drop the oldest entries of ``kept`` until it has room for one more of at most ``size``
    (safe if another thread drops some at the same time).

    Examples
    --------
    >>> kept = {1: "a", 2: "b", 3: "c"}
    >>> make_room(kept, 3)
    >>> kept
    {2: 'b', 3: 'c'}
    """
    while len(kept) >= size:
        try:
            kept.pop(next(iter(kept)), None)
        except (StopIteration, RuntimeError):  # emptied or changed by another thread meanwhile
            return


def _is_arrow_text(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"


def _distinct_values(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    if isinstance(values.dtype, pd.CategoricalDtype):  # the column's own codes (int8 for a few categories):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories  # a copy as intp costs 8 bytes a row
    else:
        found, uniques = pd.factorize(values)
        codes = np.asarray(found, dtype=np.intp)
    if isinstance(uniques, pd.Index) and uniques.dtype == "string":  # already text: no round trip through Python
        return codes, pd.Series(uniques.array, dtype="string")
    return codes, pd.Series(np.asarray(uniques, dtype=object), dtype="string")


class Distinct:
    """The distinct values of one chronology's columns and each row's code, worked out once,
    and whatever else the rules of one check share (see :meth:`memo`).

    A column is matched against a condition by testing its few distinct values and mapping
    the answers back through the codes. :func:`reviewkit.check` makes one per call; the
    chronology must not change while it is in use.

    Examples
    --------
    >>> frame = pd.DataFrame({"tags": ["referral;home_visit", "icpc", None, "icpc"],
    ...                       "date": pd.to_datetime(["2015-01-02", None, "2015-01-01", "2015-01-03"])})
    >>> distinct = Distinct(frame)
    >>> codes, values = distinct.of("tags")
    >>> codes.tolist(), values.tolist()
    ([0, 1, -1, 1], ['referral;home_visit', 'icpc'])
    >>> np.isnat(distinct.moments("date")).tolist()
    [False, True, False, False]
    >>> distinct.texts("tags", np.array([3, 2])).tolist()
    ['icpc', None]
    """

    def __init__(self, chronology: pd.DataFrame) -> None:
        self.chronology = chronology
        self._columns: dict[str, tuple[np.ndarray, pd.Series]] = {}
        self._derived: dict[Hashable, pd.DataFrame] = {}
        self._memo: dict[Hashable, object] = {}

    def of(self, column: str) -> tuple[np.ndarray, pd.Series]:
        """Each row's code (-1 where missing) and the distinct values, as strings."""
        if column not in self._columns:
            self._columns[column] = distinct_values(self.chronology[column])
        return self._columns[column]

    def ranks(self, column: str) -> np.ndarray:
        """Each distinct value's place among them in sorted order, then one more for missing (code
        -1): ``ranks(column)[codes]`` sorts the rows as the text does. Kept between checks, as the
        codes are, for an Arrow-backed text column.

        Examples
        --------
        >>> shared = Distinct(pd.DataFrame({"case_id": pd.array(["b", None, "a", "b"], dtype="string")}))
        >>> shared.ranks("case_id")[shared.of("case_id")[0]].tolist()
        [1, 2, 0, 1]
        """
        def make() -> np.ndarray:
            values = self.of(column)[1]
            return np.append(text_rank(arrow_values(values)), len(values))

        values = self.chronology[column]
        data = values.array.__arrow_array__() if _is_arrow_text(values) else None
        if data is None:
            return self.memo(("ranks", column), make)
        kept = _RANKED.get(id(data))
        if kept is None or kept[0]() is not data:
            make_room(_RANKED, KEPT_COLUMNS)
            key = id(data)
            kept = _RANKED[key] = (weakref.ref(data, lambda _, key=key: _RANKED.pop(key, None)), make())
        return kept[1]

    def derived(self, key: Hashable, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A frame worked out from the chronology once per check (``make()``), under ``key``.

        Several rules need the same periods or openings; each gets its own shallow copy.
        """
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key].copy(deep=False)

    def memo(self, key: Hashable, make: Callable[[], object]) -> object:
        """``make()``, worked out once per check under ``key`` (a mask, an array); not copied,
        so never change what it returns."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def moments(self, column: str) -> np.ndarray:
        """A date column as ``datetime64[ns]`` values (NaT where missing; all NaT if there is no such column)."""
        def make() -> np.ndarray:
            if column not in self.chronology:
                return np.full(len(self.chronology), np.datetime64("NaT"), dtype="datetime64[ns]")
            return self.chronology[column].to_numpy(dtype="datetime64[ns]")

        return self.memo(("moments", column), make)

    def numbers(self, column: str) -> np.ndarray:
        """A number column as floats (``inf`` where missing: it sorts last)."""
        return self.memo(("numbers", column),
                         lambda: self.chronology[column].to_numpy(dtype=np.float64, na_value=np.inf))

    def numbers_at(self, column: str, rows: np.ndarray) -> np.ndarray:
        """:meth:`numbers` at row positions ``rows``: only those rows converted, unless the whole
        column already is.

        Examples
        --------
        >>> shared = Distinct(pd.DataFrame({"n": pd.array([3, None, 1], dtype="Int64")}))
        >>> shared.numbers_at("n", np.array([1, 2])).tolist()
        [inf, 1.0]
        """
        whole = self._memo.get(("numbers", column))
        if whole is not None:
            return whole[rows]
        return self.chronology[column].array.take(np.asarray(rows, dtype=np.intp)).to_numpy(
            dtype=np.float64, na_value=np.inf)

    def texts(self, column: str, rows: np.ndarray) -> np.ndarray:
        """A text column's values at row positions ``rows``, as Python strings (``None`` where
        missing); only those rows are converted (categories once per check)."""
        values = self.chronology[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes, names = self.memo(("categories", column), lambda: (
                values.cat.codes.to_numpy(), np.append(values.cat.categories.to_numpy(dtype=object), None)))
            return names[codes[rows]]
        text = self.arrow(column)
        if text.null_count == len(text):  # an empty column (``responds_to`` often is): nothing to take
            return np.full(len(rows), None, dtype=object)
        return np.asarray(take(text, rows).to_numpy(zero_copy_only=False), dtype=object)

    def present(self, column: str, rows: np.ndarray) -> np.ndarray:
        """Whether a text column has a value at each of the row positions ``rows`` (``notna`` there).

        Examples
        --------
        >>> Distinct(pd.DataFrame({"note": ["a", None, "c"]})).present("note", np.array([2, 1])).tolist()
        [True, False]
        """
        values = self.chronology[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return self.of(column)[0][rows] >= 0
        return np.asarray(take(self.arrow(column), rows).is_valid().to_numpy(zero_copy_only=False), dtype=bool)

    def strings(self, column: str, rows: np.ndarray) -> pd.Series:
        """A text column's values at row positions ``rows`` (missing where a position is -1), as
        a ``string`` Series taken in Arrow: no Python string is made (see :meth:`texts`).

        Examples
        --------
        >>> frame = pd.DataFrame({"agency": pd.Series(["GP", None, "School"], dtype="category"),
        ...                       "entry_id": pd.array(["c:1", "c:2", None], dtype="string")})
        >>> shared = Distinct(frame)
        >>> shared.strings("agency", np.array([2, -1, 1, 0])).tolist()
        ['School', <NA>, <NA>, 'GP']
        >>> shared.strings("entry_id", np.array([1, -1])).tolist()
        ['c:2', <NA>]
        """
        given = rows
        rows = np.asarray(rows, dtype=np.int64)
        missing = rows < 0
        values = self.chronology[column]
        if isinstance(values.dtype, pd.CategoricalDtype) or column in self._columns:
            codes, names = self.memo(("category texts", column), lambda: self._coded(column))
            at = codes[np.where(missing, 0, rows)]  # the distinct values (few, in cache) taken by code
            taken = names.take(pa.array(at, mask=missing | (at < 0)))
        else:
            taken = self.taken(column, given)
            if missing.any():
                taken = pc.if_else(pa.array(missing), pa.scalar(None, type=taken.type), taken)
            taken = taken.cast(pa.large_string())
        return pd.Series(pd.arrays.ArrowStringArray(taken), dtype="string")

    def _coded(self, column: str) -> tuple[np.ndarray, pa.Array]:
        """A column's codes and its distinct values as Arrow text (a categorical's categories)."""
        values = self.chronology[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return values.cat.codes.to_numpy(), pa.array(values.cat.categories.astype(object), type=pa.large_string())
        codes, names = self.of(column)
        return codes, arrow_values(names)

    def taken(self, column: str, rows: np.ndarray, values: pa.Array | None = None) -> pa.Array:
        """A text column's Arrow values at row positions ``rows`` (:func:`take`; a position -1 gives
        the first row's value, for the caller to leave out), taken once per check for one array of
        rows (the rules asking the same share their trigger rows); or ``values``, already taken,
        kept as those."""
        key = ("taken", column, id(rows))
        found = self._memo.get(key)
        if found is None or found[0] is not rows:  # the array is kept with its values: its id stays its own
            if values is None:
                values = take(self.arrow(column), np.maximum(np.asarray(rows, dtype=np.int64), 0))
            found = self._memo[key] = (rows, values)
        return found[1]

    def arrow(self, column: str) -> pa.Array | pa.ChunkedArray:
        """A text column as Arrow text (for taking rows), without copying one that is Arrow already."""
        def make() -> pa.Array | pa.ChunkedArray:
            values = self.chronology[column]
            if not hasattr(values.array, "__arrow_array__") or isinstance(values.dtype, pd.CategoricalDtype):
                values = values.astype("string")
            found = pa.array(values.array)
            text = pa.types.is_string(found.type) or pa.types.is_large_string(found.type)
            return found if text else found.cast(pa.string())

        return self.memo(("arrow", column), make)

    def per_case(self, values: pd.Series, key: Hashable, rows: np.ndarray) -> np.ndarray:
        """``values`` (indexed by case id, as text) at the cases of row positions ``rows``; each distinct
        case's value found once per check (``key`` names them for the memo), missing for a case not there.

        Examples
        --------
        >>> shared = Distinct(pd.DataFrame({"case_id": pd.array(["b", "a", None, "c"], dtype="string")}))
        >>> shared.per_case(pd.Series([1.0, 2.0], index=pd.Index(["a", "b"], dtype="string")), "n",
        ...                 np.array([0, 1, 2, 3])).tolist()
        [2.0, 1.0, nan, nan]
        """
        def make() -> np.ndarray:
            found = values.to_numpy()
            missing = np.array([None]).astype(found.dtype) if found.dtype.kind == "M" else np.array([np.nan])
            at = positions_in(self.of("case_id")[1], values.index)  # -1 where a case has no value
            return np.append(np.append(found, missing)[at], missing)  # and last, for rows with no case

        return self.memo(("per_case", key), make)[self.of("case_id")[0][rows]]

    def subjects_shared(self, left: np.ndarray, right: np.ndarray, *, strict: bool) -> np.ndarray:
        """Whether the ``subject`` lists at two row positions share a name (compared lower-case).

        Without ``strict``, also true where either names no one (about anyone); with it, both
        must name the same person. Each distinct pair of lists is compared once, by the codes of
        the column's lists (worked out once per check).
        """
        lists, distinct = self.of("subject")
        width = len(distinct) + 1
        pairs, back = np.unique((lists[left] + 1) * width + lists[right] + 1, return_inverse=True)
        names = self.memo("subject names", lambda: [[""], *(
            text.split("\x1f") for text in distinct.str.lower().str.replace(r"\s*;\s*", "\x1f", regex=True).tolist())])
        answers = []
        for pair in pairs.tolist():
            mine, theirs = names[pair // width], names[pair % width]
            if strict:
                answers.append(bool(set(mine) & (set(theirs) - {""})))
            else:
                a, b = {n for n in mine if n.strip()}, {n for n in theirs if n.strip()}
                answers.append(not a or not b or bool(a & b))
        return np.asarray(answers, dtype=bool)[back.reshape(-1)]


def arrow_values(values: pd.Series) -> pa.Array:
    """Text values as one Arrow ``large_string`` array."""
    found = pa.array(values.array) if hasattr(values.array, "__arrow_array__") else pa.array(
        values.to_numpy(dtype=object, na_value=None), type=pa.large_string())
    found = found.combine_chunks() if isinstance(found, pa.ChunkedArray) else found
    return found.cast(pa.large_string())


def positions_in(values: pd.Series, options: pd.Index) -> np.ndarray:
    """``options.get_indexer(values)``: where each value stands among the distinct ``options``
    (-1 where it is missing or not there), through Arrow for Arrow-backed text (pandas looks
    text up one Python string at a time).

    Examples
    --------
    >>> cases = pd.Index(["c2", "c1"], dtype="string[pyarrow]")
    >>> positions_in(pd.Series(["c1", None, "c9", "c2"], dtype="string[pyarrow]"), cases).tolist()
    [1, -1, -1, 0]
    >>> positions_in(pd.Series(["c1", "c3"]), pd.Index(["c1"])).tolist()
    [0, -1]
    """
    if not (_is_arrow_text(values) and isinstance(options.dtype, pd.StringDtype)):
        return np.asarray(options.get_indexer(values), dtype=np.intp)
    text = pa.array(values.array)
    found = pc.index_in(text, value_set=pa.array(options.array).cast(text.type))
    return np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False), dtype=np.intp)


#: :func:`take` takes at least one row in this many rows of the column through Arrow's own take.
MANY_ROWS = 50


def take(values: pa.Array | pa.ChunkedArray, rows: np.ndarray) -> pa.Array:
    """``values.take(rows)``, chunk by chunk for a few rows (at most one in :data:`MANY_ROWS`):
    Arrow takes rows across chunks by joining them first, which costs the whole column for a few rows.

    Examples
    --------
    >>> chunked = pa.chunked_array([["a", "b"], ["c"], ["d", "e"]])
    >>> take(chunked, np.array([4, 0, 2, 0])).to_pylist()
    ['e', 'a', 'c', 'a']
    """
    rows = np.asarray(rows, dtype=np.int64)
    if isinstance(values, pa.Array) or values.num_chunks == 1:
        single = values if isinstance(values, pa.Array) else values.chunk(0)
        return single.take(pa.array(rows))
    if values.num_chunks == 0:
        return pa.array([], type=values.type)
    if len(rows) * MANY_ROWS >= len(values):  # many rows: Arrow's own take is quicker than one per chunk
        return values.take(pa.array(rows)).combine_chunks()
    starts = np.cumsum([0] + [len(chunk) for chunk in values.chunks])
    which = np.searchsorted(starts, rows, side="right") - 1
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(values.num_chunks + 1))
    parts = [values.chunk(k).take(pa.array(rows[order[bounds[k]:bounds[k + 1]]] - starts[k]))
             for k in range(values.num_chunks) if bounds[k + 1] > bounds[k]]
    joined = pa.concat_arrays(parts) if parts else pa.array([], type=values.type)
    back = np.empty(len(rows), dtype=np.int64)
    back[order] = np.arange(len(rows))
    return joined.take(pa.array(back))


def distinct_for(chronology: pd.DataFrame, distinct: Distinct | None) -> Distinct:
    """The check's :class:`Distinct` when it is of this chronology, else a new one.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [1]})
    >>> shared = Distinct(frame)
    >>> distinct_for(frame, shared) is shared, distinct_for(frame.copy(), shared) is shared
    (True, False)
    """
    return distinct if distinct is not None and distinct.chronology is chronology else Distinct(chronology)
