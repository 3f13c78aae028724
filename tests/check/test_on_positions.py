"""Detectors' steps on row positions and codes give what the pandas frames gave (issue 18).

Each step is checked against the pandas code it replaced, kept here as the reference, on
generated chronologies: missing values, ties, vague dates and repeated keys included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import assume, given
from hypothesis import strategies as st

from reviewkit.check.detectors.attendance import _meetings
from reviewkit.check.detectors.base import Context, has_types
from reviewkit.check.detectors.cluster import _members, _minus
from reviewkit.check.detectors.incidents import _codes, incidents
from reviewkit.check.detectors.ordering import date_key, sort_rows, text_rank
from reviewkit.check.detectors.per_check import Distinct
from reviewkit.interpret.duration_text import parse_duration

DAYS = [None, "2015-01-01", "2015-01-01 10:00", "2015-01-02", "2015-01-31"]
TEXTS = st.none() | st.sampled_from(["c1", "c10", "c2", "é", "B", ""])


@st.composite
def chronologies(draw: st.DrawFn) -> pd.DataFrame:
    """A few entries of two or three cases: meetings and others, some in one duplicate group,
    some on the same day, with and without attendees, vague or missing dates."""
    rows = draw(st.integers(0, 30))
    column = lambda values: draw(st.lists(values, min_size=rows, max_size=rows))  # noqa: E731
    date = pd.Series(pd.to_datetime(column(st.sampled_from(DAYS)), format="ISO8601"), dtype="datetime64[ns]")
    vague = pd.to_timedelta(column(st.sampled_from([0, 0, 1, 40])), unit="D")
    return pd.DataFrame({
        "case_id": pd.array(column(st.none() | st.sampled_from(["b", "a", "a2"])), dtype="string"),
        "entry_id": pd.array([f"e{i}" for i in range(rows)], dtype="string"),
        "date": date, "date_latest": date + vague,
        "date_text": pd.array(column(st.sampled_from(["1/1/15", "Jan 2015"])), dtype="string"),
        "precision": pd.array(column(st.sampled_from(["day", "month"])), dtype="string"),
        "sequence": pd.array(column(st.none() | st.integers(0, 3)), dtype="Int64"),
        "agency": pd.Series(column(st.sampled_from(["School", "Police"])), dtype="category"),
        "event_type": pd.array(column(st.none() | st.sampled_from(["icpc", "rcpc", "home_visit"])),
                               dtype="string"),
        "duplicate_group": pd.array(column(st.none() | st.sampled_from(["e0", "e1", "g"])), dtype="string"),
        "attendees": pd.array(column(st.none() | st.sampled_from(["", " ", "School; Police", "GP"])),
                              dtype="string"),
    }, index=pd.Index(draw(st.permutations(range(rows))), dtype="int64") * 2)


def _meetings_by_frames(chronology: pd.DataFrame, types: list[str]) -> pd.DataFrame:
    """The pandas code ``_meetings`` replaced: two sorts and a drop of duplicates on text keys."""
    columns = ["case_id", "entry_id", "date", "date_latest", "date_text", "precision", "sequence", "agency",
               "event_type", "duplicate_group", "attendees"]
    meetings = chronology.loc[has_types(chronology, types, column="event_type").to_numpy(), columns]
    day = meetings["date"].dt.strftime("%Y-%m-%d")
    exact = (meetings["date_latest"] - meetings["date"] < pd.Timedelta(days=1)).fillna(False)
    same_day = (meetings["event_type"].astype("string") + "@" + day).where(exact)
    group = meetings["duplicate_group"].astype("string").fillna(same_day)
    group = group.fillna(meetings["entry_id"].astype("string"))
    listed = meetings["attendees"].astype("string").str.strip().fillna("").ne("")
    meetings = meetings.assign(_group=group, _listed=listed, case_id=meetings["case_id"].astype("string"))
    meetings = sort_rows(meetings.assign(_unlisted=~listed), ["_unlisted", "date", "sequence"])
    meetings = meetings.drop_duplicates(["case_id", "_group"]).drop(columns="_unlisted")
    meetings = sort_rows(meetings, ["case_id", "date", "sequence"]).reset_index(drop=True)
    return meetings.drop(columns=["_group", "_listed"])  # which records are one meeting: not kept


@given(chronologies())
def test_meetings_on_positions_are_the_frames_meetings(chronology):
    context = Context(None, "england", pd.Series(dtype="datetime64[ns]"), {}, distinct=Distinct(chronology))
    found = _meetings(chronology, ("icpc", "rcpc"), context)
    pd.testing.assert_frame_equal(found, _meetings_by_frames(chronology, ["icpc", "rcpc"]), check_exact=True)


@given(st.lists(TEXTS, max_size=30), st.lists(st.sampled_from(DAYS), max_size=30))
def test_text_rank_and_date_key_sort_as_sort_values(texts, days):
    size = min(len(texts), len(days))
    frame = pd.DataFrame({"text": pd.array(texts[:size], dtype="string"),
                          "day": pd.Series(pd.to_datetime(days[:size], format="ISO8601"), dtype="datetime64[ns]")})
    shared = Distinct(frame)
    order = np.lexsort([date_key(shared, "day"), text_rank(shared, "text")])
    expected = frame.sort_values(["text", "day"], na_position="last", kind="stable").index.to_numpy()
    np.testing.assert_array_equal(order, expected)
    assert text_rank(shared, "text") is text_rank(shared, "text")  # worked out once per check


@given(st.lists(TEXTS, max_size=30))
def test_codes_of_categories_are_equal_where_the_texts_are(texts):
    categories = pd.Series(texts, dtype="category")
    codes, plain = _codes(categories), _codes(pd.Series(texts, dtype="string"))
    assert codes.dtype == np.int64 and ((codes < 0) == (plain < 0)).all()
    np.testing.assert_array_equal(codes[:, None] == codes[None, :], plain[:, None] == plain[None, :])


@given(chronologies(), st.booleans())
def test_incidents_same_with_categories_and_without_links_named(chronology, as_categories):
    dated = chronology[chronology["date"].notna()]
    size = len(dated)
    assume(size > 0)
    records = sort_rows(dated.assign(
        _answer=dated["event_type"].eq("icpc").fillna(False).to_numpy(dtype=bool),
        concern=pd.array((["neglect", None, "abuse"] * size)[:size], dtype="string"),
        responds_to=pd.array([None] * size, dtype="string"), case_id=dated["case_id"].fillna("a"),
    ), ["case_id", "date", "sequence", "entry_id"])
    changed = records.astype({"concern": "category"}) if as_categories else records.drop(columns="responds_to")
    within = parse_duration("7 days")
    pd.testing.assert_series_equal(incidents(changed, within), incidents(records, within))


def _members_by_frames(concerns: pd.DataFrame, count: int, window) -> pd.DataFrame:
    """The pandas code cluster's ``_members`` replaced: merges on the case ids' text."""
    def runs_of(cases, low, high):
        ok = (low <= high).to_numpy()
        k = int(ok.sum())
        codes = pd.factorize(cases, sort=True)[0][ok]
        codes = np.tile(np.where(codes < 0, codes.max(initial=-1) + 1, codes), 2)
        t = np.concatenate([low.to_numpy()[ok], high.to_numpy()[ok]])
        step = np.repeat([1, -1], k)
        order = np.lexsort([-step, t.view(np.int64), codes])
        events = pd.DataFrame({"case_id": np.concatenate([cases.to_numpy()[ok]] * 2)[order], "t": t[order],
                               "step": step[order]})
        depth = events["step"].cumsum()
        before = depth - events["step"]
        starts = events[(events["step"] == 1) & (depth >= count) & (before < count)]
        stops = events[(events["step"] == -1) & (before >= count) & (depth < count)]
        return pd.DataFrame({"case_id": starts["case_id"].to_numpy(), "lo": starts["t"].to_numpy(),
                             "hi": stops["t"].to_numpy()})

    early = concerns["date"]
    late = concerns["date_latest"].where(concerns["date_latest"] - early >= pd.Timedelta(days=1), early)
    ranges = {True: (_minus(late, window, "england"), early), False: (_minus(early, window, "england"), late)}
    found = []
    runs = {sure: runs_of(concerns["case_id"], *ranges[sure]) for sure in (True, False)}
    inside = runs[False].reset_index().merge(runs[True], on="case_id", suffixes=("", "_c"))
    inside = inside.loc[(inside["lo_c"] >= inside["lo"]) & (inside["hi_c"] <= inside["hi"]), "index"]
    runs[False] = runs[False].drop(index=inside.unique()).reset_index(drop=True)
    for sure in (True, False):
        low, high = ranges[sure]
        table = concerns.assign(_lo=low, _hi=high, _row=np.arange(len(concerns)))
        pairs = table.merge(runs[sure].reset_index(names="_run"), on="case_id")
        pairs = pairs[(pairs["_lo"] <= pairs["hi"]) & (pairs["_hi"] >= pairs["lo"])]
        if pairs.empty:
            continue
        reach = pairs.groupby("_row")["_run"].agg(["min", "max"])
        links = np.zeros(len(runs[sure]) + 1, dtype=int)
        np.add.at(links, reach["min"].to_numpy() + 1, 1)
        np.add.at(links, reach["max"].to_numpy() + 1, -1)
        cluster = np.cumsum(np.cumsum(links)[:-1] <= 0)
        found.append(concerns.iloc[reach.index].assign(
            _cluster=[f"{'c' if sure else 'p'}{c}" for c in cluster[reach["min"].to_numpy()]], _certain=sure))
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


@given(chronologies(), st.integers(2, 3), st.sampled_from(["7 days", "28 days", "2 months", "5 working days"]))
def test_cluster_members_on_codes_are_the_merges_members(chronology, count, window):
    concerns = sort_rows(chronology[chronology["date"].notna()], ["case_id", "date", "sequence", "entry_id"])
    concerns = concerns.reset_index(drop=True)
    found = _members(concerns, count, parse_duration(window), "england")
    pd.testing.assert_frame_equal(found, _members_by_frames(concerns, count, parse_duration(window)))
