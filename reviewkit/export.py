"""Write a chronology out for people: CSV and Excel, in date order, safe to open."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

#: Characters that make a spreadsheet program run a cell as a formula.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where text cells that a spreadsheet would run as formulas start with ``'``.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"summary": ["=HYPERLINK(x)", "Visit"]}))["summary"].tolist()
    ["'=HYPERLINK(x)", 'Visit']
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            text = column.astype("string")
            risky = text.str.startswith(FORMULA_STARTS).fillna(False)
            out[name] = text.mask(risky, "'" + text)
    return out


def chronology_for_people(chronology: pd.DataFrame) -> pd.DataFrame:
    """The chronology as it is written out: date order, dates as text, formulas neutralised.

    Examples
    --------
    >>> from reviewkit.schema import empty_chronology
    >>> chronology_for_people(empty_chronology()).columns[:3].tolist()
    ['case_id', 'entry_id', 'date']
    """
    out = chronology.sort_values(["date", "sequence"], kind="stable", na_position="last")
    return neutralise_formulas(out.astype({c: "string" for c in ("agency", "event_type", "concern", "precision")}))


def write_chronology_csv(chronology: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``chronology`` as a UTF-8 CSV (with BOM, so Excel reads it right); return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from reviewkit.schema import empty_chronology
    >>> write_chronology_csv(empty_chronology(), pathlib.Path(tempfile.mkdtemp()) / "c.csv").suffix
    '.csv'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    chronology_for_people(chronology).to_csv(path, index=False, encoding="utf-8-sig")
    return path
