"""What the timeline's hover shows of an entry beyond its text: ages, significance, analysis, the
reviewer's note, and whether it is outside the review period."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from reviewkit.messages import message, message_column


def entry_notes(chron: pd.DataFrame, wrap: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Lines to put below each entry's text (each starting with a line break; ``""`` for none).

    ``wrap`` breaks long text into lines (the layout's own wrapping).

    Examples
    --------
    >>> chron = pd.DataFrame({"ages": ["Child A 2 y 4 m", None], "significance": [None, "High"],
    ...                       "in_review_period": pd.array([True, False], dtype="boolean")})
    >>> entry_notes(chron, lambda s: s).tolist()
    ['\\nAge: Child A 2 y 4 m', '\\nSignificance: High\\nOutside the review period (shown as context)']
    """
    notes = pd.Series("", index=chron.index, dtype="object")

    def text(column: str) -> pd.Series | None:  # None: nothing to add (no column, or no text in it)
        values = chron[column].astype("string").fillna("") if column in chron else None
        return wrap(values) if values is not None and values.ne("").any() else None

    lines = [
        (text("ages"), lambda v: message_column("timeline.hover_ages", ages=v)),
        (text("significance"), lambda v: message_column("timeline.hover_significance", significance=v)),
        (text("analysis"), lambda v: message_column("timeline.hover_analysis", analysis=v)),
        (text("reviewer_note"), lambda v: message_column("timeline.hover_reviewer_note", note=v)),
    ]
    for values, line in lines:
        if values is not None:
            notes = notes + ("\n" + line(values)).where(values.ne(""), "")
    if "in_review_period" in chron:
        outside = chron["in_review_period"].astype("boolean").eq(False).fillna(False).to_numpy(dtype=bool)
        notes = notes.mask(outside, notes + "\n" + message("timeline.hover_outside_period"))
    return notes
