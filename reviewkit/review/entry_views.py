"""The reviewer's view of an entry: its significance, their analysis and their note.

Applied with the other entry corrections (:func:`reviewkit.review.apply.apply_entry_decisions`):

- ``significance`` replaces the agency's (``true`` is ``"significant"``, ``false``
  ``"not significant"``): it is the reviewer's judgement;
- ``analysis`` is added after the agency's own, as ``"<agency's> — Reviewer: <reviewer's>"``
  (alone when the agency wrote none), so both are kept;
- ``note`` goes to the chronology's ``reviewer_note`` column.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from reviewkit.review.decisions import EntryDecision

#: Chronology columns the reviewer's view of an entry sets.
VIEW_COLUMNS: tuple[str, ...] = ("significance", "analysis", "reviewer_note")


def with_entry_views(
    chronology: pd.DataFrame, present: Sequence[tuple[EntryDecision, int]]
) -> pd.DataFrame:
    """``chronology`` with the significance, analysis and note of each decided entry.

    ``present`` pairs each decision with the position of its entry. The input is not changed.

    Examples
    --------
    >>> c = pd.DataFrame({"entry_id": ["c/a.csv:2", "c/a.csv:3"], "significance": [pd.NA, "High"],
    ...                   "analysis": ["Missed chance", pd.NA], "reviewer_note": [pd.NA, pd.NA]},
    ...                  dtype="string")
    >>> d = [(EntryDecision("c/a.csv:2", significance="significant", analysis="No S47", note="Ask"), 0)]
    >>> with_entry_views(c, d).loc[0, ["significance", "analysis", "reviewer_note"]].tolist()
    ['significant', 'Missed chance — Reviewer: No S47', 'Ask']
    """
    given = [(d, row) for d, row in present if d.significance or d.analysis or d.note]
    if not given or not set(VIEW_COLUMNS) <= set(chronology.columns):
        return chronology
    out = chronology.copy(deep=False)
    columns = {name: out[name].astype("string").copy() for name in VIEW_COLUMNS}
    for decision, row in given:
        if decision.significance:
            columns["significance"].iloc[row] = decision.significance
        if decision.analysis:
            agency = columns["analysis"].iloc[row]
            columns["analysis"].iloc[row] = (
                decision.analysis if pd.isna(agency) else f"{agency} — Reviewer: {decision.analysis}"
            )
        if decision.note:
            columns["reviewer_note"].iloc[row] = decision.note
    for name, column in columns.items():
        out[name] = column
    return out
