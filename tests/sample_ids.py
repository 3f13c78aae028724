"""The entry id of a row of the sample case: tests name an entry by its file and row.

Entry ids are made from an entry's content (see :mod:`reviewkit.interpret.entry_ids`), so a
test that means "row 13 of the school's file" asks for that row's id here.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

from reviewkit import DataQualityWarning, read_chronology

SAMPLE_CASE = Path(__file__).resolve().parent.parent / "sample_data" / "child_d"


@cache
def _ids() -> dict[tuple[str, int], str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = read_chronology(SAMPLE_CASE)
    rows = chronology[~chronology["entry_id"].str.contains("#action-", regex=False)]
    return {(s, int(r)): e for s, r, e in zip(rows["source"], rows["source_row"], rows["entry_id"])}


def sample_id(source: str, row: int) -> str:
    """The id of the entry on ``row`` (as a spreadsheet program numbers it) of ``source``."""
    return _ids()[(source, row)]
