"""Verdict columns as Arrow and numpy arrays: joined across rules, ordered, hashed, without pandas.

:func:`reviewkit.check.verdicts.finish_verdicts` joins the results of a check's rules (a few to
a few hundred thousand verdicts) into one frame of 24 columns. Built through pandas, column by
column and then sorted, that cost more than reaching the verdicts of a response rule. These
helpers join each column once in Arrow (text) or numpy (dates, delays), put the rows in verdict
order with one ``lexsort`` of integer keys, and make the SHA-1 ids from one Arrow buffer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: The hex digits, as bytes, by value.
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def arrow_text(values: pd.Series | np.ndarray) -> pa.Array:
    """A column as Arrow ``large_string`` (missing as null), as ``astype("string")`` reads it.

    Examples
    --------
    >>> arrow_text(pd.Series(["a", None, float("nan")], dtype=object)).to_pylist()
    ['a', None, None]
    >>> arrow_text(pd.Series([1, None], dtype=object)).to_pylist()
    ['1', None]
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        found = pa.array(series.array)
        return (found.combine_chunks() if isinstance(found, pa.ChunkedArray) else found).cast(pa.large_string())
    if series.dtype == object:
        try:
            return pa.array(series.to_numpy(), type=pa.large_string(), from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            pass  # not all text: as pandas writes each value
    return arrow_text(series.astype("string"))


def joined_text(parts: Sequence[pa.Array]) -> pa.Array:
    """Each column of ``parts`` joined into one Arrow text array (one chunk).

    Examples
    --------
    >>> joined_text([pa.array(["a"], pa.large_string()), pa.array([None], pa.large_string())]).to_pylist()
    ['a', None]
    """
    return pa.concat_arrays(parts) if parts else pa.array([], type=pa.large_string())


def sha1_ids(prefix: str, texts: pa.Array) -> pa.Array:
    """``prefix-`` and the first 12 hex digits of the SHA-1 of each text (UTF-8), as Arrow text.

    Only the hashing is per row: the digests are joined into one buffer and written as hex
    digits by numpy, and the ids made as one Arrow array (no Python string per id).

    Examples
    --------
    >>> sha1_ids("F", pa.array(["rule-1\\x1fchild_d/school.docx:13"], pa.large_string())).to_pylist()
    ['F-88a636415f20']
    """
    if not len(texts):
        return pa.array([], type=pa.large_string())
    sha1 = hashlib.sha1
    digests = b"".join([sha1(text).digest() for text in texts.cast(pa.large_binary()).to_pylist()])
    values = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)[:, :6]  # cut once, not per digest
    start = np.frombuffer((prefix + "-").encode("utf-8"), dtype=np.uint8)
    width = len(start) + 12
    written = np.empty((len(values), width), dtype=np.uint8)
    written[:, :len(start)] = start
    written[:, len(start)::2], written[:, len(start) + 1::2] = _HEX[values >> 4], _HEX[values & 15]
    offsets = np.arange(0, width * (len(values) + 1), width, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(written.tobytes()))


def text_rank(values: pa.Array) -> np.ndarray:
    """Each text's place among the distinct texts in sorted order (missing last), as integers.

    Examples
    --------
    >>> text_rank(pa.array(["b", None, "a", "b"])).tolist()
    [1, 2, 0, 1]
    """
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    ranks = pc.rank(values, sort_keys="ascending", tiebreaker="dense")  # missing last, as by default
    return np.asarray(ranks, dtype=np.int64) - 1


def moment_key(values: np.ndarray) -> np.ndarray:
    """``datetime64[ns]`` values as integers that sort as the dates do, missing (NaT) last.

    Examples
    --------
    >>> moment_key(np.array(["2015-01-02", "NaT", "2015-01-01"], dtype="datetime64[ns]")).argsort().tolist()
    [2, 0, 1]
    """
    numbers = values.view(np.int64).copy()
    numbers[np.isnat(values)] = np.iinfo(np.int64).max
    return numbers
