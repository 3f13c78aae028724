"""The columns of a chronology, their types, and the one check at the boundary.

Every loader path (files, folders, DataFrames) ends in :func:`validate_chronology`,
so a chronology always has the same columns in the same order, whatever it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reviewkit.exceptions import LoadError
from reviewkit.interpret.vocabulary import CONCERN_CATEGORIES
from reviewkit.load.schema_fast import surely_valid

if TYPE_CHECKING:
    import pandera.pandas as pa

#: Column name -> pandas dtype, in the order a chronology carries them (DESIGN.md).
CHRONOLOGY_DTYPES: dict[str, str] = {
    "case_id": "string",
    "entry_id": "string",
    "date": "datetime64[ns]",
    "date_latest": "datetime64[ns]",
    "date_text": "string",
    "precision": "category",
    "end": "datetime64[ns]",
    "end_latest": "datetime64[ns]",
    "reported": "datetime64[ns]",
    "reported_text": "string",
    "sequence": "Int64",
    "agency": "category",
    "agency_raw": "string",
    "event_type": "category",
    "tags": "string",
    "mentions": "string",
    "concern": "category",
    "subject": "string",
    "summary": "string",
    "outcome": "string",
    "practitioner": "string",
    "attendees": "string",
    "responds_to": "string",
    "duplicate_group": "string",
    "indicator": "string",
    "score": "Float64",
    "source": "string",
    "source_row": "Int64",
    "issues": "string",
    "extra": "string",
    "significance": "string",
    "analysis": "string",
    "reviewer_note": "string",
    "ages": "string",
    "in_review_period": "boolean",
}

CHRONOLOGY_COLUMNS: list[str] = list(CHRONOLOGY_DTYPES)


@cache
def chronology_schema(unique_ids: bool = True) -> pa.DataFrameSchema:
    """The pandera schema of a chronology (built, and pandera imported, on first use).

    With ``unique_ids=False``, the schema without the check that entry ids are unique: for a
    piece of a larger file, whose ids are checked against the whole file at once.

    Examples
    --------
    >>> list(chronology_schema().columns)[:2], chronology_schema(False).columns["entry_id"].unique
    (['case_id', 'entry_id'], False)
    """
    import pandera.pandas as pa

    if not unique_ids:
        return chronology_schema().update_column("entry_id", unique=False)

    def _string(nullable: bool = True, **kwargs) -> pa.Column:
        return pa.Column(pd.StringDtype(), nullable=nullable, **kwargs)

    return pa.DataFrameSchema(
        {
            "case_id": _string(nullable=False),
            "entry_id": _string(nullable=False, unique=True),
            "date": pa.Column("datetime64[ns]", nullable=True),
            "date_latest": pa.Column("datetime64[ns]", nullable=True),
            "date_text": _string(),
            "precision": pa.Column(pd.CategoricalDtype(), nullable=True, coerce=False),
            "end": pa.Column("datetime64[ns]", nullable=True),
            "end_latest": pa.Column("datetime64[ns]", nullable=True),
            "reported": pa.Column("datetime64[ns]", nullable=True),
            "reported_text": _string(),
            "sequence": pa.Column("Int64", nullable=True),
            "agency": pa.Column(pd.CategoricalDtype(), nullable=True, coerce=False),
            "agency_raw": _string(),
            "event_type": pa.Column(pd.CategoricalDtype(), nullable=True, coerce=False),
            "tags": _string(),
            "mentions": _string(),
            "concern": pa.Column(
                pd.CategoricalDtype(),
                nullable=True,
                coerce=False,
                checks=pa.Check.isin(CONCERN_CATEGORIES),
            ),
            "subject": _string(),
            "summary": _string(),
            "outcome": _string(),
            "practitioner": _string(),
            "attendees": _string(),
            "responds_to": _string(),
            "duplicate_group": _string(),
            "indicator": _string(),
            "score": pa.Column("Float64", nullable=True),
            "source": _string(),
            "source_row": pa.Column("Int64", nullable=True),
            "issues": _string(),
            "extra": _string(),
            "significance": _string(),
            "analysis": _string(),
            "reviewer_note": _string(),
            "ages": _string(),
            "in_review_period": pa.Column("boolean", nullable=True),
        },
        checks=[
            pa.Check(
                lambda df: ~(df["date_latest"] < df["date"]),
                error="date_latest is before date",
            ),
        ],
        strict=True,
        ordered=True,
    )


def empty_chronology() -> pd.DataFrame:
    """Return a chronology with no rows and every column at its proper type.

    Examples
    --------
    >>> empty_chronology().columns[:3].tolist()
    ['case_id', 'entry_id', 'date']
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in CHRONOLOGY_DTYPES.items()})


@cache
def _empty_arrays() -> dict[str, object]:
    """Each column's array with no rows, at its type (taken from, to make a missing column)."""
    return {name: column.array for name, column in empty_chronology().items()}


def coerce_chronology(frame: pd.DataFrame) -> pd.DataFrame:
    """Give ``frame`` every chronology column, in order, each at its documented type.

    Missing columns are added empty; columns that are not part of a chronology are kept
    out. Used by every loader path before :func:`validate_chronology`.

    Examples
    --------
    >>> out = coerce_chronology(pd.DataFrame({"case_id": ["c"], "entry_id": ["c/x:2"]}))
    >>> str(out["date"].dtype), str(out["sequence"].dtype)
    ('datetime64[ns]', 'Int64')
    """
    columns = {}
    blank = np.full(len(frame), -1, dtype=np.intp)  # a missing column: empty rows of its type at once
    for name, dtype in CHRONOLOGY_DTYPES.items():
        if name not in frame:
            columns[name] = pd.Series(_empty_arrays()[name].take(blank, allow_fill=True), index=frame.index)
            continue
        column = frame[name]
        try:
            if dtype.startswith("datetime64"):
                columns[name] = pd.to_datetime(column).astype(dtype)
            else:
                columns[name] = column.astype(dtype)
        except (ValueError, TypeError, OverflowError) as error:
            raise LoadError(_not_of_type(column, name, dtype, error)) from None
    return pd.DataFrame(columns, index=frame.index, copy=False)  # copy on write: the columns are not copied


def _not_of_type(column: pd.Series, name: str, dtype: str, error: Exception) -> str:
    """Which value of a given chronology's column is not of the column's type, in words.

    Examples
    --------
    >>> _not_of_type(pd.Series(["2015-01-01", "soon"]), "date", "datetime64[ns]", ValueError())
    "The chronology's column 'date' holds 'soon' (row 2), which is not a date and time. A chronology's date columns hold dates (pandas datetimes); agency tables with dates as written load through reviewkit.read_chronology, which reads them."
    """
    kind = {"datetime64[ns]": "a date and time", "Int64": "a whole number", "Float64": "a number",
            "string": "text", "category": "a category"}[dtype]
    for position, value in enumerate(column.tolist()):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            continue
        try:
            pd.Series([value]).pipe(pd.to_datetime if dtype.startswith("datetime64") else
                                    lambda s: s.astype(dtype))
        except (ValueError, TypeError, OverflowError):
            where = f"{value!r} (row {position + 1})"
            break
    else:
        where = f"a value that cannot be read ({error})"
    advice = ("A chronology's date columns hold dates (pandas datetimes); agency tables with dates "
              "as written load through reviewkit.read_chronology, which reads them."
              if dtype.startswith("datetime64") else f"Give the column {kind} in every row, or leave it empty.")
    return f"The chronology's column {name!r} holds {where}, which is not {kind}. {advice}"


#: The columns a frame needs to be taken as a chronology (the others are added empty).
CHRONOLOGY_MARKERS: tuple[str, ...] = ("case_id", "entry_id", "date", "date_latest")


def as_chronology(frame: pd.DataFrame, *, where: str = "The DataFrame") -> pd.DataFrame:
    """``frame`` with every chronology column (those it lacks added empty), or a
    :class:`~reviewkit.exceptions.LoadError` naming the columns it needs and does not have.

    Examples
    --------
    >>> as_chronology(pd.DataFrame({"Date": ["03/04/2015"], "Notes": ["Seen"]}))
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.LoadError: The DataFrame is not a chronology: it has no column 'case_id', 'entry_id', 'date' or 'date_latest' (its columns are 'Date', 'Notes'). Load an agency's table first, e.g. reviewkit.check(reviewkit.read_chronology(frame, agency="Police")).
    """
    missing = [name for name in CHRONOLOGY_MARKERS if name not in frame]
    if missing:
        names = ", ".join(map(repr, missing[:-1])) + (" or " if len(missing) > 1 else "") + repr(missing[-1])
        has = ", ".join(map(repr, map(str, frame.columns[:12]))) or "none"
        raise LoadError(
            f"{where} is not a chronology: it has no column {names} (its columns are {has}). Load an "
            f'agency\'s table first, e.g. reviewkit.check(reviewkit.read_chronology(frame, agency="Police")).'
        )
    absent = [name for name in CHRONOLOGY_DTYPES if name not in frame]
    if not absent:
        return frame
    empty = empty_chronology()
    return frame.assign(**{name: pd.Series(pd.NA, index=frame.index).astype(empty[name].dtype) for name in absent})


def validate_chronology(frame: pd.DataFrame) -> pd.DataFrame:
    """Check ``frame`` against the chronology schema and return it.

    Raises ``pandera.errors.SchemaErrors`` listing every failure at once. A frame that
    :func:`~reviewkit.load.schema_fast.surely_valid` passes is returned (as a copy, as pandera
    returns it) without importing pandera.

    Examples
    --------
    >>> validate_chronology(empty_chronology()).shape
    (0, 35)
    """
    if surely_valid(frame, CHRONOLOGY_DTYPES):
        return frame.copy()
    return chronology_schema().validate(frame, lazy=True)

#: How the schema's checks read in a message, by pandera's name for them.
_CHECK_WORDING: dict[str, str] = {
    "not_nullable": "is empty (every entry needs one)",
    "field_uniqueness": "is used by more than one row (every entry needs its own id)",
}


def checked_chronology(
    frame: pd.DataFrame,
    *,
    where: str,
    row_of: Callable[[int], str] = lambda index: f"row {index + 1}",
    unique_ids: bool = True,
    shown: int = 5,
) -> pd.DataFrame:
    """:func:`validate_chronology`, with failures as a :class:`~reviewkit.exceptions.LoadError`
    a reader understands: the file (``where``), the row (``row_of(index)``), the column and
    the value, for the first ``shown`` of them.

    With ``unique_ids=False`` the entry ids are not checked for uniqueness (a piece of a
    larger file, whose ids are checked across the whole file).

    Examples
    --------
    >>> frame = coerce_chronology(pd.DataFrame({"case_id": ["c", None], "entry_id": ["e1", "e2"]}))
    >>> checked_chronology(frame, where="extract.csv", row_of=lambda i: f"row {i + 2}")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.LoadError: extract.csv: 1 problem with the chronology's columns: row 3, column 'case_id': is empty (every entry needs one).
    """
    if surely_valid(frame, CHRONOLOGY_DTYPES, unique_ids=unique_ids):
        return frame.copy()
    import pandera.errors

    try:
        return chronology_schema(unique_ids).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as error:
        problems = _problems(error.failure_cases, row_of)
        listed = "; ".join(problems[:shown]) + ("; ..." if len(problems) > shown else "")
        raise LoadError(
            f"{where}: {len(problems)} problem{'s' if len(problems) != 1 else ''} with the "
            f"chronology's columns: {listed}."
        ) from None


def _wording(check: str, value: object) -> str:
    """How a failed value check reads: ``isin([...])`` as the values allowed.

    Examples
    --------
    >>> _wording("isin(['neglect', 'physical'])", "weird")
    "'weird' is not one of: neglect, physical"
    """
    if check.startswith("isin([") and check.endswith("])"):
        allowed = ", ".join(v.strip().strip("'") for v in check[len("isin(["):-2].split(","))
        return f"{value!r} is not one of: {allowed}"
    return f"{value!r} does not pass the check {check}"


def _problems(failures: pd.DataFrame, row_of: Callable[[int], str]) -> list[str]:
    """One phrase per failing row and column (a check on whole rows counts once per row)."""
    problems: dict[tuple, str] = {}
    for context, column, check, value, index in failures[
        ["schema_context", "column", "check", "failure_case", "index"]
    ].itertuples(index=False, name=None):
        row = row_of(int(index)) if pd.notna(index) else "every row"
        if context == "DataFrameSchema":  # a check across columns, e.g. date_latest before date
            problems.setdefault((row, check), f"{row}: {check}")
            continue
        wording = _CHECK_WORDING.get(str(check)) or _wording(str(check), value)
        problems.setdefault((row, column, check), f"{row}, column {column!r}: {wording}")
    return list(problems.values())
