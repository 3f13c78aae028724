"""Rows of a detector's frame sorted by several columns through Arrow.

pandas sorts a frame by several columns by factorising each column first (for a text column, a
hash table of Python strings and a sort of its distinct values) and then taking every column of
the frame; Arrow sorts text, dates and numbers in place, stably, about three times faster. The
order is the same: ascending, missing values last, ties in their order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.columns import moment_key
from reviewkit.check.detectors.per_check import Distinct


def sort_rows(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``frame.sort_values(keys, na_position="last")`` for two or more ``keys``, faster.

    The rows keep their index labels, as with ``sort_values``. A single key, or a categorical
    key (sorted by its categories' order), goes to pandas.

    Examples
    --------
    >>> frame = pd.DataFrame({"case": pd.array(["b", "a", "b", None], dtype="string"),
    ...                       "day": pd.to_datetime(["2015-01-02", "2015-01-09", None, "2015-01-01"])})
    >>> sort_rows(frame, ["case", "day"]).index.tolist()
    [1, 0, 2, 3]
    """
    order = sort_order(frame, keys)
    return frame.sort_values(keys, na_position="last") if order is None else frame.take(order)


def sort_order(frame: pd.DataFrame, keys: list[str]) -> np.ndarray | None:
    """The row positions of :func:`sort_rows`, or ``None`` where it leaves the sort to pandas.

    Examples
    --------
    >>> sort_order(pd.DataFrame({"a": [2, 1, 1], "b": [0.5, None, 0.1]}), ["a", "b"]).tolist()
    [2, 1, 0]
    >>> sort_order(pd.DataFrame({"a": [2, 1]}), ["a"]) is None
    True
    """
    if len(keys) < 2 or any(isinstance(frame[k].dtype, pd.CategoricalDtype) for k in keys):
        return None
    try:
        table = pa.Table.from_pandas(frame[keys], preserve_index=False)
        found = pc.sort_indices(table, sort_keys=[(k, "ascending", "at_end") for k in keys])
    except (pa.ArrowException, TypeError, ValueError):  # a column Arrow cannot hold or sort as pandas does
        return None
    return np.asarray(found.to_numpy(), dtype=np.intp)


def text_rank(shared: Distinct, column: str, rows: np.ndarray | None = None) -> np.ndarray:
    """Each row's place among a text column's distinct values in sorted order (missing last):
    integers that sort the rows as :func:`sort_rows` sorts the text; at row positions ``rows``, or
    for every row (worked out once per check). The distinct values' ranks are kept between checks
    (:meth:`~reviewkit.check.detectors.per_check.Distinct.ranks`).

    Examples
    --------
    >>> frame = pd.DataFrame({"case_id": pd.array(["b", "a", None, "b"], dtype="string")})
    >>> text_rank(Distinct(frame), "case_id").tolist()
    [1, 0, 2, 1]
    >>> text_rank(Distinct(frame), "case_id", np.array([3, 1])).tolist()
    [1, 0]
    """
    codes = shared.of(column)[0]
    if rows is not None:
        return shared.ranks(column)[codes[rows]]
    return shared.memo(("text rank", column), lambda: shared.ranks(column)[codes])


def date_key(shared: Distinct, column: str, rows: np.ndarray | None = None) -> np.ndarray:
    """A date column as integers that sort as the dates, missing last; at row positions ``rows``,
    or for every row (worked out once per check).

    Examples
    --------
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2015-01-02", None, "2015-01-01"])})
    >>> np.argsort(date_key(Distinct(frame), "date"), kind="stable").tolist()
    [2, 0, 1]
    >>> date_key(Distinct(frame), "date", np.array([1])).tolist() == [np.iinfo(np.int64).max]
    True
    """
    if rows is not None:
        return moment_key(shared.moments(column)[rows])
    return shared.memo(("sort key", column), lambda: moment_key(shared.moments(column)))
