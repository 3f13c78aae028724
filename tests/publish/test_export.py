"""Exports are safe to open in a spreadsheet program: formula-like cells are neutralised."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.load.schema import empty_chronology
from reviewkit.publish.export import (
    chronology_for_people,
    neutralise_formulas,
    write_chronology_csv,
)


@pytest.mark.parametrize("text", ["=1+1", "+44 1632", "-ve screen", "@SUM(A1)", "\t=1", "\r=1"])
def test_risky_starts_are_neutralised(text):
    out = neutralise_formulas(pd.DataFrame({"summary": [text]}))
    assert out.loc[0, "summary"] == "'" + text


@pytest.mark.parametrize("text", ["Visit", "Mother said =no", " 1+1", "2015-02-09", "'=quoted"])
def test_safe_text_is_left_alone(text):
    assert neutralise_formulas(pd.DataFrame({"summary": [text]})).loc[0, "summary"] == text


def test_numbers_dates_and_missing_values_are_untouched():
    frame = pd.DataFrame({
        "score": pd.array([-1.0, None], dtype="Float64"),
        "date": pd.to_datetime(["2015-02-09", None]),
        "outcome": pd.array(["-", None], dtype="string"),
    })  # fmt: skip
    out = neutralise_formulas(frame)
    assert out["score"].tolist()[0] == -1.0 and pd.isna(out["score"].tolist()[1])
    assert out["date"].equals(frame["date"])
    assert out.loc[0, "outcome"] == "'-" and pd.isna(out.loc[1, "outcome"])
    assert frame.loc[0, "outcome"] == "-"  # the input is not changed


def test_category_columns_are_neutralised_for_people():
    chronology = empty_chronology()
    chronology.loc[0, ["case_id", "entry_id"]] = ["c", "c/x.csv:2"]
    chronology["agency"] = pd.Categorical(["=Police"])
    chronology["sequence"] = pd.array([1], dtype="Int64")
    assert chronology_for_people(chronology).loc[0, "agency"] == "'=Police"


def test_csv_round_trip_keeps_the_text_after_the_quote(tmp_path, sample_chronology):
    path = write_chronology_csv(sample_chronology, tmp_path / "c.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(back) == len(sample_chronology)
    assert back["summary"].tolist() == sample_chronology["summary"].fillna("").tolist()
