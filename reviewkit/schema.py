"""The columns of a chronology, their types, and the one check at the boundary.

Every loader path (files, folders, DataFrames) ends in :func:`validate_chronology`,
so a chronology always has the same columns in the same order, whatever it came from.
"""

from __future__ import annotations

import pandas as pd
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
    "sequence": "Int64",
    "agency": "category",
    "agency_raw": "string",
    "event_type": "category",
    "tags": "string",
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
}

CHRONOLOGY_COLUMNS: list[str] = list(CHRONOLOGY_DTYPES)

#: The concern categories a chronology may carry.
CONCERN_CATEGORIES: list[str] = ["neglect", "physical", "emotional", "sexual", "domestic_abuse"]


def _string(nullable: bool = True, **kwargs) -> pa.Column:
    return pa.Column(pd.StringDtype(), nullable=nullable, **kwargs)


CHRONOLOGY_SCHEMA = pa.DataFrameSchema(
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
        "sequence": pa.Column("Int64", nullable=True),
        "agency": pa.Column(pd.CategoricalDtype(), nullable=True, coerce=False),
        "agency_raw": _string(),
        "event_type": pa.Column(pd.CategoricalDtype(), nullable=True, coerce=False),
        "tags": _string(),
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
    for name, dtype in CHRONOLOGY_DTYPES.items():
        if name in frame:
            column = frame[name]
        else:
            column = pd.Series(pd.NA, index=frame.index, dtype="object")
        if dtype.startswith("datetime64"):
            columns[name] = pd.to_datetime(column).astype(dtype)
        else:
            columns[name] = column.astype(dtype)
    return pd.DataFrame(columns, index=frame.index)


def validate_chronology(frame: pd.DataFrame) -> pd.DataFrame:
    """Check ``frame`` against the chronology schema and return it.

    Raises ``pandera.errors.SchemaErrors`` listing every failure at once.

    Examples
    --------
    >>> validate_chronology(empty_chronology()).shape
    (0, 27)
    """
    return CHRONOLOGY_SCHEMA.validate(frame, lazy=True)
