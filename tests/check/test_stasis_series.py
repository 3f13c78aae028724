"""stasis' series on row positions and codes give the frame that merges and sorts on text gave (issue 18).

The pandas code that ``stasis_series.series`` replaced is kept here as the reference and both
are run on generated assessments: shared and missing subjects, several plans of a case, ties
of dates, vague latest days and entries assessed on no plan.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors.base import among
from reviewkit.check.detectors.ordering import sort_rows
from reviewkit.check.detectors.stasis import _RANK, _longest, _with_findings
from reviewkit.check.detectors.stasis_series import series

KEYS = ["case_id", "subject", "indicator"]
DAYS = pd.to_datetime(["2014-01-01", "2014-01-01 09:00", "2014-03-01", "2014-06-01", "2015-01-01"], format="ISO8601")


def reference(rows: pd.DataFrame, on_plan: pd.DataFrame) -> pd.DataFrame:
    """The code ``series`` replaced: a merge with the plans on the text keys and a six-key sort."""
    plan_of = np.full(len(rows), -1, dtype=np.int64)
    plan_of[on_plan["_row"].to_numpy()] = np.arange(len(on_plan))
    sel = np.flatnonzero(plan_of >= 0)
    during = pd.concat([rows.iloc[sel].reset_index(drop=True),
                        on_plan.drop(columns=["entry_id", "_row"]).iloc[plan_of[sel]].reset_index(drop=True)], axis=1)
    plans = during.drop_duplicates(KEYS + ["opened"])[KEYS + ["opened", "start_lo", "start_hi", "agency_p"]]
    earlier = rows.merge(plans, on=KEYS)
    earlier = earlier[earlier["date_latest"].dt.normalize() < earlier["start_lo"]]
    earlier = earlier[~among(earlier["entry_id"], during["entry_id"])]
    baseline = earlier.sort_values("date").drop_duplicates(KEYS + ["opened"], keep="last")
    found = pd.concat([baseline, during.drop(columns="open_at_end")], ignore_index=True)
    found = sort_rows(found, KEYS + ["opened", "date", "entry_id"]).reset_index(drop=True)
    return found.assign(group=found.groupby(KEYS + ["opened"], sort=False).ngroup().to_numpy())


@st.composite
def assessments(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assessments of two cases, and some of them paired with one plan each (as ``locate`` pairs them)."""
    size = draw(st.integers(0, 30))
    column = lambda values: draw(st.lists(values, min_size=size, max_size=size))  # noqa: E731
    date = pd.Series(column(st.sampled_from(list(DAYS))), dtype="datetime64[ns]")
    case = column(st.sampled_from(["b", "a", "a10"]))
    rows = pd.DataFrame({
        "case_id": pd.array(case, dtype="string"),
        "entry_id": pd.array(column(st.sampled_from([f"e{i}" for i in range(40)])), dtype="string"),
        "date": date, "date_latest": date + pd.to_timedelta(column(st.sampled_from([0, 0, 20])), unit="D"),
        "subject": pd.array(column(st.sampled_from(["", "Child A", "Child B"])), dtype="string"),
        "indicator": pd.array(column(st.sampled_from(["Safety", "Love", "é"])), dtype="string"),
        "score": np.array(column(st.sampled_from([1.0, 2.0, 3.0]))),
    }, index=pd.Index(np.arange(size) * 7))
    plan = column(st.none() | st.sampled_from(["p1", "p2", "p3"]))
    picked = [i for i, p in enumerate(plan) if p is not None and rows["entry_id"].iloc[:i].ne(rows["entry_id"].iloc[i]).all()]
    opened = [f"{case[i]}/{plan[i]}" for i in picked]
    start = {name: DAYS[3] if name.endswith("p1") else DAYS[2] for name in opened}
    on_plan = pd.DataFrame({
        "entry_id": rows["entry_id"].iloc[picked].to_numpy(), "opened": pd.array(opened, dtype="string"),
        "start_lo": pd.Series([start[o] for o in opened], dtype="datetime64[ns]"),
        "start_hi": pd.Series([start[o] for o in opened], dtype="datetime64[ns]"),
        "agency_p": pd.array(["CS"] * len(picked), dtype="string"),
        "open_at_end": np.zeros(len(picked), dtype=bool), "_row": np.array(picked, dtype=np.int64)})
    return rows, on_plan.iloc[draw(st.permutations(range(len(picked))))].reset_index(drop=True)


@given(assessments())
def test_series_is_the_merge_and_sort_on_text(pair):
    rows, on_plan = pair
    entry = pd.factorize(rows["entry_id"])[0]
    pd.testing.assert_frame_equal(series(rows, on_plan, entry), reference(rows, on_plan), check_exact=True)


def test_series_starts_from_the_last_assessment_before_the_plan():
    days = pd.to_datetime(["2014-01-01", "2014-06-01", "2015-01-01", "2016-01-01"])
    rows = pd.DataFrame({"case_id": "c", "entry_id": ["e1", "e2", "e3", "e4"], "date": days, "date_latest": days,
                         "subject": "", "indicator": "Safety", "score": [2.0, 3, 3, 3]})
    on_plan = pd.DataFrame({"entry_id": ["e4", "e3"], "opened": "p", "start_lo": days[2:3].repeat(2),
                            "start_hi": days[2:3].repeat(2), "agency_p": "CS", "open_at_end": False, "_row": [3, 2]})
    found = series(rows, on_plan, np.arange(4))
    assert found["entry_id"].tolist() == ["e2", "e3", "e4"]  # e1 is older than the baseline e2
    assert found["group"].tolist() == [0, 0, 0]


@st.composite
def runs_of_groups(draw: st.DrawFn) -> pd.DataFrame:
    """Runs of a few groups in order (each group's runs contiguous), lengths tied or unknown."""
    sizes = draw(st.lists(st.integers(1, 4), max_size=8))
    group = np.repeat(np.arange(len(sizes)), sizes)
    days = draw(st.lists(st.none() | st.sampled_from([0, 5, 5, 30]), min_size=len(group), max_size=len(group)))
    return pd.DataFrame({"first": np.arange(len(group)) * 2, "group": group,
                         "length": pd.to_timedelta([None if d is None else f"{d}D" for d in days])})


@given(runs_of_groups())
def test_longest_is_the_sort_and_last_per_group(runs):
    expected = sort_rows(runs, ["length", "first"]).drop_duplicates("group", keep="last").set_index("group").sort_index()
    pd.testing.assert_frame_equal(runs.take(_longest(runs)).set_index("group"), expected)


@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["p1", "p2"]), st.sampled_from(["", "Child A"]),
                          st.sampled_from(list(_RANK))), max_size=12))
def test_with_findings_is_the_worst_verdict_per_child(series):
    firsts = pd.DataFrame(series, columns=["case_id", "opened", "subject", "verdict"]).astype("string")
    verdict = firsts["verdict"].to_numpy(dtype=object).astype(str)
    child = firsts["case_id"] + "|" + firsts["opened"] + "|" + firsts["subject"]
    rank = pd.Series(verdict, index=firsts.index).map(_RANK)
    expected = (rank.groupby(child).transform("max") >= _RANK["possibly breached"]).to_numpy(dtype=bool)
    np.testing.assert_array_equal(_with_findings(firsts, verdict), expected)
