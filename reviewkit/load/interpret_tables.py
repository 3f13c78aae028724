"""Interpret the raw entries of every table of a load in one call.

Reading a value (a date, an agency, a text's event types) costs little; each call of
:func:`~reviewkit.interpret.entries.interpret_entries` costs a fixed number of pandas operations
per column, whatever the rows. A case is a handful of files of a few dozen rows each, so the
loader gathers the raw entries of all its tables, with what each file says of all its rows
(case, agency, event type), reads them in one call, and gives each table back its entries in
the order a call per table gives them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reviewkit.interpret.entries import interpret_entries
from reviewkit.interpret.vocabulary import Vocabulary

__all__ = ["RawPiece", "interpret_tables"]


@dataclass(frozen=True)
class RawPiece:
    """The raw entries of one table (see :func:`reviewkit.load.raw_entries.table_entries`) and
    what its file says of all of them."""

    raw: pd.DataFrame
    case_id: str
    agency: str | None = None
    event_type: str | None = None


def interpret_tables(pieces: Sequence[RawPiece], vocabulary: Vocabulary,
                     agency_aliases: Mapping[str, str]) -> list[pd.DataFrame]:
    """The interpreted entries of each piece, as ``interpret_entries`` gives them piece by
    piece: its entries, then those its action-taken texts add (with a fresh index).

    Examples
    --------
    >>> from reviewkit.interpret.agencies import load_agency_aliases
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> def raw(text):
    ...     return pd.DataFrame({"date": ["09/02/2015"], "details": [text], "source": ["a.csv"],
    ...                          "source_row": [2], "file_order": [1], "entry_key": ["2"]})
    >>> school, police = interpret_tables(
    ...     [RawPiece(raw("ICPC held"), "c1", "School"), RawPiece(raw("Strategy meeting"), "c2")],
    ...     load_vocabulary(), load_agency_aliases())
    >>> school.loc[0, ["entry_id", "agency", "event_type"]].tolist()
    ['c1/a.csv:2', 'School', 'icpc']
    >>> police.loc[0, ["entry_id", "agency", "event_type"]].tolist()
    ['c2/a.csv:2', <NA>, 'strategy_discussion']
    """
    if not pieces:
        return []
    sizes = [len(piece.raw) for piece in pieces]
    raw = pd.concat([piece.raw for piece in pieces], ignore_index=True)

    def per_entry(values: list[str | None]) -> pd.Series:
        return pd.Series(np.repeat(np.array(values, dtype=object), sizes), index=raw.index,
                         dtype="string")

    entries = interpret_entries(
        raw, case_id=per_entry([p.case_id for p in pieces]),
        agency=per_entry([p.agency for p in pieces]),
        event_type=per_entry([p.event_type for p in pieces]),
        vocabulary=vocabulary, agency_aliases=agency_aliases,
    )
    piece_of = np.repeat(np.arange(len(pieces)), sizes)
    if len(entries) > len(raw):  # the reports that action-taken texts name follow the entries
        position = pd.Series(np.arange(len(raw)), index=entries["entry_id"].iloc[: len(raw)])
        position = position[~position.index.duplicated()]  # (an entry loaded twice is refused later)
        parent = position.reindex(entries["responds_to"].iloc[len(raw):]).to_numpy()
        piece_of = np.concatenate([piece_of, piece_of[parent]])
    row = np.arange(len(entries))
    order = np.lexsort((row, row >= len(raw), piece_of))
    ends = np.cumsum(np.bincount(piece_of, minlength=len(pieces)))
    return [entries.iloc[rows].reset_index(drop=True)
            for rows in np.split(order, ends[:-1])]
