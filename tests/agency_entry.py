"""One raw entry of an agency, interpreted as loading interprets it (for the reading tests)."""

from __future__ import annotations

import pandas as pd

from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.entries import interpret_entries
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary

AGENCIES = load_agency_aliases()


def read_entry(agency: str, event: str, details: str = "", vocabulary: Vocabulary | None = None) -> pd.Series:
    """The chronology row of one entry of ``agency`` with this event and details text.

    Examples
    --------
    >>> read_entry("Probation", "Supervision")["tags"]
    'probation_supervision'
    """
    raw = pd.DataFrame({"date": ["09/02/2015"], "event": [event], "details": [details],
                        "source": ["x.csv"], "source_row": [2], "file_order": [1], "entry_key": ["2"]})
    return interpret_entries(raw, case_id="c", agency=agency, vocabulary=vocabulary or load_vocabulary(),
                             agency_aliases=AGENCIES).iloc[0]
