"""What the rules of one check now share or take more directly gives what each worked out alone
gave (issue 18): triggers and located entries shared between rules, rows taken in Arrow, case
ends from codes, the chosen responses' ids compared instead of every candidate's."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.check.detectors import per_check
from reviewkit.check.detectors.entry_rows import entry_rows
from reviewkit.check.detectors.per_check import Distinct, take
from reviewkit.check.engine import _case_ends, apply_rules, check, plan_rules
from reviewkit.load.schema import coerce_chronology

texts = st.one_of(st.none(), st.sampled_from(["a", "b", "", "c/a:1", "é"]))


@pytest.mark.parametrize("many_rows", [0, 10**9])  # always chunk by chunk / always Arrow's own take
@given(chunks=st.lists(st.lists(texts, max_size=6), min_size=1, max_size=5), data=st.data())
def test_take_by_either_way_is_arrow_take(many_rows, chunks, data):
    chunked = pa.chunked_array(chunks, type=pa.large_string())
    size = len(chunked)
    rows = np.array(data.draw(st.lists(st.integers(0, size - 1), max_size=15)) if size else [], dtype=np.int64)
    kept = per_check.MANY_ROWS
    per_check.MANY_ROWS = many_rows
    try:
        taken = take(chunked, rows)
    finally:
        per_check.MANY_ROWS = kept
    assert isinstance(taken, pa.Array)
    assert taken.to_pylist() == [chunked.to_pylist()[r] for r in rows]


@given(st.lists(texts, min_size=1, max_size=12), st.data())
def test_strings_are_texts_in_arrow(column, data):
    rows = np.array(data.draw(st.lists(st.integers(-1, len(column) - 1), max_size=10)), dtype=np.int64)
    for values in (pd.array(column, dtype="string[pyarrow]"), pd.Categorical(column)):
        shared = Distinct(pd.DataFrame({"text": values}))
        got = shared.strings("text", rows)
        assert got.dtype == pd.StringDtype("pyarrow", na_value=pd.NA)
        expected = [None if r < 0 else column[r] for r in rows]
        assert [None if pd.isna(v) else v for v in got.tolist()] == expected


@given(st.lists(st.tuples(st.sampled_from(["c1", "c2", "c3", None]),
                          st.sampled_from(["2015-01-01", "2016-02-03 10:00", None])), min_size=1, max_size=15))
def test_case_ends_are_the_latest_date_of_each_case(rows):
    frame = pd.DataFrame({"case_id": pd.array([c for c, _ in rows], dtype="string[pyarrow]"),
                          "date_latest": pd.to_datetime([d for _, d in rows], format="ISO8601").astype("datetime64[ns]")})
    codes, cases = pd.factorize(frame["case_id"])  # the groupby it replaced: cases in order of appearance
    known = codes >= 0
    latest = frame["date_latest"][known].groupby(codes[known]).max()
    expected = pd.Series(latest.to_numpy(), index=pd.Index(np.asarray(cases)[latest.index], dtype="string",
                                                            name="case_id"))
    pd.testing.assert_series_equal(_case_ends(frame, Distinct(frame)), expected)


def test_entry_rows_among_few_rows_from_arrow_ids():
    column = [f"c/a:{k % 7}" for k in range(40)]  # every id repeated
    where = np.zeros(40, dtype=bool)
    where[[9, 16, 30]] = True
    shared = Distinct(pd.DataFrame({"entry_id": pd.array(column, dtype="string[pyarrow]")}))
    for ids in (pd.Series(["c/a:2", "c/a:3", None, "c/a:2"], dtype="string[pyarrow]"),
                pd.Series(["c/a:2", "c/a:3", None, "c/a:2"], dtype="category")):
        assert entry_rows(shared, ids, where=where).tolist() == [9, -1, -1, 9]


def test_every_rule_gives_alone_what_it_gives_among_the_others(sample_chronology):
    plan = plan_rules(["learning", "wales", "national"])
    together = apply_rules(sample_chronology, plan)
    for rule in plan.rules:
        alone = apply_rules(sample_chronology, dataclasses.replace(plan, rules=(rule,)))
        mine = together[together["rule"] == rule.id].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone.reset_index(drop=True), mine, check_dtype=not alone.empty)


def test_a_response_with_its_triggers_id_is_passed_over(tmp_path):
    rule = tmp_path / "pair.toml"
    rule.write_text('[[rules]]\nid = "pair"\nkind = "response"\ntitle = "t"\ntheme = "x"\nseverity = "low"\n'
                    'learning = "l"\nsource = "s"\ntrigger = ["strategy_discussion"]\nresponse = ["icpc"]\n'
                    'within = "15 working days"\n')
    days = pd.to_datetime(["2015-01-05", "2015-01-06", "2015-01-07", "2015-01-08"])
    chronology = coerce_chronology(pd.DataFrame({
        "case_id": "c", "entry_id": ["c/cs:2", "c/cs:2", "c/cs:4", None], "date": days,
        "date_latest": days + pd.Timedelta("1D") - pd.Timedelta(1), "precision": "day",
        "agency": "Children's Services", "event_type": ["strategy_discussion", "icpc", "icpc", "icpc"],
        "tags": ["strategy_discussion", "icpc", "icpc", "icpc"]}))
    verdict = check(chronology, rules=[rule]).iloc[0]
    assert verdict["verdict"] == "met" and verdict["entries"] == ("c/cs:2", "c/cs:4")  # not itself, not no id
    unique = chronology.assign(entry_id=["c/cs:2", "c/cs:3", "c/cs:4", "c/cs:5"])
    assert check(unique, rules=[rule]).iloc[0]["entries"] == ("c/cs:2", "c/cs:3")
