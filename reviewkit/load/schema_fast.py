"""A quick pass over a chronology that says when the schema check cannot fail.

:data:`reviewkit.load.schema.CHRONOLOGY_SCHEMA` is a pandera schema. Importing pandera costs
about 0.1 s, and its first check imports its data-generating strategies, which import
hypothesis where it is installed (about 0.3 s more). A case that loads cleanly needs neither:
:func:`surely_valid` asks the same questions of the frame with a few pandas operations, and
only a frame it cannot vouch for goes through pandera, which then names every failure. It is
stricter than the schema, never looser: a frame it passes is one the schema passes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.interpret.vocabulary import CONCERN_CATEGORIES

#: The columns that may not be empty (``nullable=False`` in the schema).
REQUIRED: tuple[str, ...] = ("case_id", "entry_id")


def _of_type(column: pd.Series, dtype: str) -> bool:
    """Whether ``column`` is exactly of the chronology's ``dtype`` (an unordered category for
    ``"category"``).

    Examples
    --------
    >>> _of_type(pd.Series(["a"], dtype="string"), "string"), _of_type(pd.Series(["a"]), "string")
    (True, False)
    >>> _of_type(pd.Series(["a"], dtype="category"), "category")
    True
    """
    if dtype == "category":
        return isinstance(column.dtype, pd.CategoricalDtype) and not column.dtype.ordered
    if dtype == "string":
        return column.dtype == pd.StringDtype()
    return column.dtype == pd.api.types.pandas_dtype(dtype)


def surely_valid(frame: pd.DataFrame, dtypes: dict[str, str], *, unique_ids: bool = True) -> bool:
    """Whether ``frame`` passes the chronology schema for certain: its columns are ``dtypes``'
    names in order, each exactly of its type; case and entry ids are never empty (and entry
    ids unique, with ``unique_ids``); concerns are known categories; no ``date_latest`` is
    before its ``date``.

    ``False`` means only that the schema has to look (it will name the problems).

    Examples
    --------
    >>> from reviewkit.load.schema import CHRONOLOGY_DTYPES, coerce_chronology
    >>> frame = coerce_chronology(pd.DataFrame({"case_id": ["c", "c"], "entry_id": ["e1", "e2"]}))
    >>> surely_valid(frame, CHRONOLOGY_DTYPES)
    True
    >>> surely_valid(frame.assign(entry_id=pd.array(["e1", "e1"], dtype="string")), CHRONOLOGY_DTYPES)
    False
    >>> surely_valid(frame.iloc[:, 1:], CHRONOLOGY_DTYPES)
    False
    """
    if list(frame.columns) != list(dtypes):
        return False
    if not all(_of_type(frame[name], dtype) for name, dtype in dtypes.items()):
        return False
    if any(frame[name].isna().any() for name in REQUIRED):
        return False
    if unique_ids and frame["entry_id"].duplicated().any():
        return False
    codes = frame["concern"].cat.codes.to_numpy()
    if not set(frame["concern"].cat.categories[np.unique(codes[codes >= 0])]) <= set(CONCERN_CATEGORIES):
        return False
    return not bool((frame["date_latest"] < frame["date"]).any())
