"""Which row of a chronology holds each entry id, without looking through every row each time.

Verdicts name their trigger entry by id; their title (who it was about) and their start as
written (a vague date) are read from that entry's row. Matching ids against every row of a
chronology of a million entries costs more than the rest of a check with one rule, so the rows
found are remembered, for as long as the chronology's Arrow ``entry_id`` data lives (Arrow data
never changes in place): a notebook that checks the same chronology again looks up only ids it
has not met before.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.detectors.per_check import Distinct, make_room, take

#: Found rows of entry ids, by the ``id`` of the ``entry_id`` column's Arrow data, with a weak
#: reference to that data: each id's row, or :data:`REPEATED` when several rows hold it.
_FOUND: dict[int, tuple[weakref.ref, dict[str, int]]] = {}

#: At most this many chronologies' rows are remembered (the oldest go first).
KEPT_CHRONOLOGIES = 8

#: An id that no row holds, and one that several rows hold.
ABSENT, REPEATED = -1, -2


def entry_rows(distinct: Distinct, ids: pd.Series | np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
    """For each id, the first row of the chronology that holds it (among the rows where ``where``
    is true, if given), or -1 where there is none (and for a missing id).

    Examples
    --------
    >>> frame = pd.DataFrame({"entry_id": pd.array(["c/a:1", "c/a:2", "c/a:1", "c/a:3"], dtype="string")})
    >>> shared = Distinct(frame)
    >>> entry_rows(shared, pd.Series(["c/a:2", "c/a:9", None, "c/a:1"])).tolist()
    [1, -1, -1, 0]
    >>> entry_rows(shared, np.array(["c/a:1", "c/a:3"], dtype=object), where=np.array([False, True, True, False])).tolist()
    [2, -1]
    """
    if where is not None and np.count_nonzero(where) * FEW_ROWS < len(where):
        return _first_among(distinct, ids, np.flatnonzero(where))
    ids = np.asarray(ids.astype(object).to_numpy(na_value=None) if isinstance(ids, pd.Series) else ids, dtype=object)
    known = _known_rows(distinct)
    new = [text for text in dict.fromkeys(ids.tolist()) if text is not None and text not in known]
    if new:
        known.update(_rows_holding(distinct, new))
    rows = np.fromiter((ABSENT if text is None else known[text] for text in ids.tolist()), dtype=np.int64,
                       count=len(ids))
    if where is not None:
        single = rows >= 0
        rows[single & ~where[np.where(single, rows, 0)]] = ABSENT
    repeated = rows == REPEATED
    if repeated.any():
        rows[repeated] = _first_of_repeated(distinct, ids[repeated], where)
    return rows


def trigger_rows(
    distinct: Distinct, ids: pd.Series, rows: np.ndarray | None, held: Callable[[np.ndarray | None], np.ndarray],
) -> np.ndarray:
    """For each verdict, its trigger entry's row where ``held`` there, else -1.

    ``rows`` are the trigger rows the detectors gave (-1 where one did not; ``None``: none did);
    ``held(positions)`` says whether each of those rows holds what is wanted (``held(None)``: every
    row of the chronology). A verdict without a row is found by its trigger's id
    (:func:`entry_rows`: the first row holding it where ``held``), as before rows were carried.

    Examples
    --------
    >>> frame = pd.DataFrame({"entry_id": pd.array(["c/a:1", "c/a:2", "c/a:3"], dtype="string"),
    ...                       "subject": [None, "Child B", "Mother"]})
    >>> shared = Distinct(frame)
    >>> def named(at):
    ...     return frame["subject"].notna().to_numpy() if at is None else frame["subject"].notna().to_numpy()[at]
    >>> trigger_rows(shared, pd.Series(["c/a:1", "c/a:2", "c/a:3"]), np.array([0, 1, -1]), named).tolist()
    [-1, 1, 2]
    """
    if rows is None:
        return entry_rows(distinct, ids, where=held(None))
    rows = np.asarray(rows, dtype=np.int64)
    found = np.full(len(rows), ABSENT, dtype=np.int64)
    known = rows >= 0
    if known.any():
        found[known] = np.where(held(rows[known]), rows[known], ABSENT)
    if not known.all():
        unknown = ids[~known] if isinstance(ids, np.ndarray) else ids.iloc[np.flatnonzero(~known)]
        found[~known] = entry_rows(distinct, unknown, where=held(None))
    return found


#: ``where`` selects few rows when it selects fewer than one in this many: they are searched
#: alone (their ids taken and matched), not every row.
FEW_ROWS = 8


def _first_among(distinct: Distinct, ids: pd.Series | np.ndarray, among: np.ndarray) -> np.ndarray:
    """For each id, the first of the rows ``among`` (ascending) that holds it, or -1: one Arrow
    ``index_in`` of the ids among those rows' ids (it gives a repeated id's first place)."""
    if not len(among) or not len(ids):
        return np.full(len(ids), ABSENT, dtype=np.int64)
    held = take(distinct.arrow("entry_id"), among)
    wanted = pa.array(ids.array) if isinstance(ids, pd.Series) and hasattr(ids.array, "__arrow_array__") \
        else pa.array(np.asarray(ids, dtype=object), type=held.type, from_pandas=True)
    found = pc.index_in(wanted.cast(held.type), value_set=held, skip_nulls=True)
    found = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.where(found >= 0, among[np.maximum(found, 0)], ABSENT)


def _known_rows(distinct: Distinct) -> dict[str, int]:
    """The rows found so far for this chronology's ids: kept between checks for Arrow text."""
    values = distinct.chronology["entry_id"]
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return distinct.memo("entry rows", dict)
    data = values.array.__arrow_array__()
    kept = _FOUND.get(id(data))
    if kept is not None and kept[0]() is data:
        return kept[1]
    make_room(_FOUND, KEPT_CHRONOLOGIES)
    key, found = id(data), {}
    _FOUND[key] = (weakref.ref(data, lambda _, key=key: _FOUND.pop(key, None)), found)
    return found


def _matches(distinct: Distinct, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The rows holding any of ``ids`` (in order) and which of ``ids`` each holds, in one pass."""
    which = pc.index_in(distinct.arrow("entry_id"), value_set=pa.array(ids, type=pa.string()))
    which = np.asarray(which.to_numpy(zero_copy_only=False), dtype=np.float64)
    rows = np.flatnonzero(~np.isnan(which))
    return rows, which[rows].astype(np.int64)


def _rows_holding(distinct: Distinct, ids: list[str]) -> dict[str, int]:
    """Each id's row, :data:`REPEATED` where several rows hold it, :data:`ABSENT` where none."""
    rows, which = _matches(distinct, ids)
    first = _firsts(rows, which, len(ids))
    first[np.bincount(which, minlength=len(ids)) > 1] = REPEATED
    return dict(zip(ids, first.tolist()))


def _first_of_repeated(distinct: Distinct, ids: np.ndarray, where: np.ndarray | None) -> np.ndarray:
    """For ids several rows hold (a chronology with repeated ids), the first such row where ``where``."""
    names = list(dict.fromkeys(ids.tolist()))
    rows, which = _matches(distinct, names)
    if where is not None:
        rows, which = rows[where[rows]], which[where[rows]]
    return _firsts(rows, which, len(names))[pd.Index(names).get_indexer(ids)]


def _firsts(rows: np.ndarray, which: np.ndarray, size: int) -> np.ndarray:
    """The first of ``rows`` (ascending) for each of ``size`` ids (``which``), :data:`ABSENT` for none."""
    first = np.full(size, ABSENT, dtype=np.int64)
    found, at = np.unique(which, return_index=True)
    first[found] = rows[at]
    return first
