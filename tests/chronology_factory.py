"""Build small chronologies for detector tests from a few readable rows."""

from __future__ import annotations

import pandas as pd

from reviewkit.interpret.dates import parse_date
from reviewkit.load.schema import coerce_chronology

#: A midwifery file of one family: two births, only the second screened for postnatal depression.
MIDWIFERY_TWO_BIRTHS = (
    "Date,Event\n"
    "14/10/2015,Child D born at 38 weeks\n"
    "16/11/2015,Home visit: baby feeding well\n"
    "12/01/2016,Child E born\n"
    "20/01/2016,Postnatal visit: EPDS 8\n"
)


def make_chronology(rows: list[dict], case_id: str = "c1") -> pd.DataFrame:
    """Rows give ``date`` as written (e.g. "09/02/2015 12:40", "March 2015") and any columns.

    ``event_type`` defaults into ``tags``; ``entry_id`` defaults to ``{case}/test.csv:{n}``;
    ``end`` may be given as text too.
    """
    records = []
    for number, row in enumerate(rows, start=2):
        row = dict(row)
        case = row.pop("case_id", case_id)
        parsed = parse_date(row.pop("date"))
        record = {
            "case_id": case,
            "entry_id": row.pop("entry_id", f"{case}/test.csv:{number}"),
            "date": parsed.earliest,
            "date_latest": parsed.latest,
            "date_text": parsed.text,
            "precision": parsed.precision,
            "sequence": number,
            "source": "test.csv",
            "source_row": number,
        }
        if "end" in row:
            end = parse_date(row.pop("end"))
            record["end"], record["end_latest"] = end.earliest, end.latest
        record.update(row)
        record.setdefault("tags", record.get("event_type"))
        records.append(record)
    frame = coerce_chronology(pd.DataFrame(records))
    return frame.sort_values(["date", "sequence"]).reset_index(drop=True)
