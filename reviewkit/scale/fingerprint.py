"""Fingerprints of texts: 64-bit numbers, equal for equal texts, to find repeats cheaply.

Finding the entry ids used twice in ten million rows with a hash table of the texts takes
seconds of one processor; fingerprinting them where they are read (in parallel, a piece at a
time) and sorting ten million numbers takes a fraction of that. Two different texts may share
a fingerprint (about once in 10^19 pairs), so a repeated fingerprint is only a candidate:
:func:`repeated_positions` gives the candidates, and the caller compares their texts.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

_MULTIPLIER = np.uint64(0x100000001B3)
_SEED = np.uint64(0x9E3779B97F4A7C15)
#: Masks keeping the first 0..8 bytes of a little-endian word.
_KEEP_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def text_fingerprints(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A 64-bit fingerprint of each text (missing texts fingerprint as ``""``).

    The bytes of each text are mixed eight at a time, in one vectorised pass per eight
    bytes of the longest text, with its length.

    Examples
    --------
    >>> marks = text_fingerprints(pa.array(["F1/gp.csv:2", "F1/gp.csv:3", "F1/gp.csv:2"]))
    >>> marks.dtype.name, marks[0] == marks[2], marks[0] == marks[1]
    ('uint64', np.True_, np.False_)
    """
    binary = texts.cast(pa.large_binary())
    binary = binary.combine_chunks() if isinstance(binary, pa.ChunkedArray) else binary
    _, offsets_buffer, data_buffer = binary.buffers()
    if offsets_buffer is None:  # an array of nothing but nulls
        return np.full(len(binary), _SEED, dtype=np.uint64)
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64, count=len(binary) + 1, offset=binary.offset * 8)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    data = np.concatenate([data, np.zeros(8, dtype=np.uint8)])  # a whole word can be read at the end
    words = np.lib.stride_tricks.as_strided(data, shape=(len(data) - 7, 8), strides=(1, 1), writeable=False)
    starts, lengths = offsets[:-1], np.diff(offsets)
    if binary.null_count:
        lengths = np.where(np.asarray(binary.is_null()), 0, lengths)
    marks = lengths.astype(np.uint64) * _SEED
    for at in range(0, int(lengths.max(initial=0)), 8):
        word = words[np.minimum(starts + at, len(words) - 1)].view(np.uint64).ravel()
        marks = (marks ^ (word & _KEEP_BYTES[np.clip(lengths - at, 0, 8)])) * _MULTIPLIER
        marks ^= marks >> np.uint64(29)
    return marks


def repeated_positions(marks: np.ndarray) -> np.ndarray:
    """The positions whose fingerprint another position shares (candidates for a repeat), in order.

    Examples
    --------
    >>> repeated_positions(np.array([5, 3, 5, 9, 3], dtype=np.uint64)).tolist()
    [0, 1, 2, 4]
    """
    ordered = np.sort(marks)
    shared = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(shared):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.isin(marks, shared))
