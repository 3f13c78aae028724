"""Rows found and paired by integer codes: a column's answers spread to its rows, the rows of one case paired."""

from __future__ import annotations

import numpy as np


def same_case_pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (left, right) position pair with equal codes: the left in order, each with its right in order.

    The pairs and their order of ``DataFrame.merge(how="inner")`` on the key, from codes.

    Examples
    --------
    >>> pairs = same_case_pairs(np.array([1, 0, 2]), np.array([0, 1, 0]))
    >>> pairs[0].tolist(), pairs[1].tolist()
    ([0, 1, 1], [1, 0, 2])
    """
    keys = _small_keys(left, right)
    if keys is not None:  # few distinct codes (a case's, say): counted, and the right put in order by radix sort
        left, right, size = keys
        order = np.argsort(right, kind="stable")
        per_key = np.bincount(right, minlength=size)
        low, counts = (np.cumsum(per_key) - per_key)[left], per_key[left]
    else:
        order = np.argsort(right, kind="stable")
        ordered = right[order]
        low, high = np.searchsorted(ordered, left, "left"), np.searchsorted(ordered, left, "right")
        counts = high - low
    starts = np.repeat(low - (np.cumsum(counts) - counts), counts)
    return np.repeat(np.arange(len(left)), counts), order[starts + np.arange(counts.sum())]


#: Integer codes spanning at most this many values are compared as 16-bit numbers (see :func:`same_case_pairs`).
SMALL_SPAN = 1 << 16


def _small_keys(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Both integer codes less their least, as ``uint16``, and the span, where they fit; else None."""
    if not (len(left) and len(right) and left.dtype.kind in "iu" and right.dtype.kind in "iu"):
        return None
    low = min(int(left.min()), int(right.min()))
    size = max(int(left.max()), int(right.max())) - low + 1
    if size > SMALL_SPAN:
        return None
    return ((left.astype(np.int64) - low).astype(np.uint16), (right.astype(np.int64) - low).astype(np.uint16), size)


#: At most this many distinct values found are spread to the rows by comparing codes (see :func:`spread`).
FEW_CODES = 4


def spread(answers: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Per-distinct-value answers at each row's code (code -1: False).

    Where few values are true, the rows are found by comparing their codes with those values'
    (a few quick passes over small integers), else by taking the answers at the codes.

    Examples
    --------
    >>> spread(np.array([False, True, False]), np.array([1, -1, 0, 1], dtype=np.int8)).tolist()
    [True, False, False, True]
    """
    hits = np.flatnonzero(answers)
    if len(hits) > FEW_CODES:
        return np.append(answers, False)[codes]
    found = np.zeros(len(codes), dtype=bool)
    for code in hits.tolist():
        found |= codes == code
    return found
