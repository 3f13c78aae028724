"""gap's points on arrays give what sorting and shifting a frame of text gave (issue 18).

The pandas code that ``gap._gaps`` and ``gap._found`` replaced is kept here as the reference and
both are run on generated periods and contacts: contacts before a period's start or after its
end (vague days), ties of days, unknown ends, periods named in an order unlike their positions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors.gap import _found, _gaps
from reviewkit.check.detectors.periods import day_text, plain_day

DAYS = list(pd.to_datetime(["2015-01-01", "2015-01-20", "2015-02-01", "2015-03-15", "2015-05-01"]))


def reference(blocks: pd.DataFrame, inside: pd.DataFrame) -> pd.DataFrame:
    """The code the arrays replaced: every point of every period in one frame, sorted, shifted by period."""
    edge = {"case_id": blocks["case_id"], "opened": blocks["opened"], "entry_id": pd.NA, "row": -1}
    first = pd.DataFrame({**edge, "lo": blocks["start_lo"], "hi": blocks["start_hi"], "order": 0,
                          "text": "the start of the plan on " + day_text(blocks)})
    last = pd.DataFrame({**edge, "lo": blocks["until_lo"], "hi": blocks["until_hi"], "order": 2,
                         "text": np.where(blocks["open_at_end"], "the end of the chronology on ", "the end of the plan on ")
                         + plain_day(blocks["until_lo"])})
    middle = inside[["case_id", "opened", "entry_id", "lo", "hi"]].assign(order=1, text=None, row=np.arange(len(inside)))
    points = pd.concat([first, middle, last], ignore_index=True).sort_values(["opened", "lo", "order", "hi"])
    points["entry_id"] = points["entry_id"].astype("string")
    prev = points.groupby("opened")[["lo", "hi", "entry_id", "text", "row"]].shift(1)
    gaps = points.assign(p_lo=prev["lo"], p_hi=prev["hi"], p_entry=prev["entry_id"], p_text=prev["text"], p_row=prev["row"])
    found = gaps[gaps["p_lo"].notna().to_numpy()].reset_index(drop=True)
    for text, row in (("text", "row"), ("p_text", "p_row")):
        contact = found[row].to_numpy() >= 0
        found.loc[contact, text] = day_text(inside.iloc[found.loc[contact, row].to_numpy(dtype=np.int64)]).to_numpy()
    found["delay_min"] = (found["lo"] - found["p_hi"]).clip(lower=pd.Timedelta(0))
    found["delay_max"] = found["hi"] - found["p_lo"]
    return found


@st.composite
def periods_and_contacts(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    size = draw(st.integers(1, 4))
    start = pd.Series(draw(st.lists(st.sampled_from(DAYS[:3]), min_size=size, max_size=size)), dtype="datetime64[ns]")
    until = start + pd.to_timedelta(draw(st.lists(st.sampled_from([10, 60, 120]), min_size=size, max_size=size)), unit="D")
    names = draw(st.permutations([f"c/o{i}" for i in range(size)]))
    blocks = pd.DataFrame({
        "case_id": pd.array([f"c{i % 2}" for i in range(size)], dtype="string"),
        "opened": pd.array(names, dtype="string"), "date": start, "precision": "day", "date_text": None,
        "start_lo": start, "start_hi": start + pd.Timedelta("1D") * draw(st.sampled_from([0, 1])),
        "until_lo": until.where(pd.Series(draw(st.lists(st.booleans(), min_size=size, max_size=size)))),
        "until_hi": until + pd.Timedelta("2D"), "open_at_end": draw(st.lists(st.booleans(), min_size=size, max_size=size))})
    count = draw(st.integers(0, 12))
    block = np.array(draw(st.lists(st.integers(0, size - 1), min_size=count, max_size=count)), dtype=np.int64)
    lo = pd.Series(draw(st.lists(st.sampled_from(DAYS), min_size=count, max_size=count)), dtype="datetime64[ns]")
    inside = pd.DataFrame({
        "case_id": blocks["case_id"].array.take(block), "entry_id": pd.array([f"e{j}" for j in range(count)], dtype="string"),
        "date": lo, "precision": draw(st.lists(st.sampled_from(["day", "month"]), min_size=count, max_size=count)),
        "date_text": "Jan 2015", "lo": lo,
        "hi": lo + pd.to_timedelta(draw(st.lists(st.sampled_from([0, 40]), min_size=count, max_size=count)), unit="D"),
        "opened": blocks["opened"].array.take(block), "_block": block})
    return blocks, inside


@given(periods_and_contacts())
def test_gaps_are_the_sorted_shifted_points(pair):
    blocks, inside = pair
    gaps = _gaps(blocks, inside)
    found = _found(blocks, inside, gaps[gaps["p_lo"].notna().to_numpy()].reset_index(drop=True))
    expected = reference(blocks, inside)
    for column in ("case_id", "opened", "entry_id", "p_entry", "text", "p_text"):
        assert found[column].astype(object).where(found[column].notna(), None).tolist() == \
            expected[column].astype(object).where(expected[column].notna(), None).tolist(), column
    for column in ("p_lo", "hi", "delay_min", "delay_max"):
        pd.testing.assert_series_equal(found[column], expected[column], check_names=False)
