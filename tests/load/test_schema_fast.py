"""The quick schema pass never vouches for a frame the pandera schema refuses."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pandera.errors
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.exceptions import LoadError
from reviewkit.load.schema import (
    CHRONOLOGY_DTYPES,
    checked_chronology,
    chronology_schema,
    coerce_chronology,
    validate_chronology,
)
from reviewkit.load.schema_fast import surely_valid


def _frame(rows: int = 3) -> pd.DataFrame:
    frame = coerce_chronology(pd.DataFrame({
        "case_id": ["c"] * rows,
        "entry_id": [f"c/a.csv:{n}" for n in range(rows)],
        "date": pd.date_range("2015-01-01", periods=rows, freq="D"),
        "date_latest": pd.date_range("2015-01-01", periods=rows, freq="D"),
        "concern": ["neglect"] + [None] * (rows - 1),
        "agency": ["GP"] * rows,
    }))
    frame["concern"] = frame["concern"].cat.set_categories(["neglect", "physical", "made_up"])
    return frame


def _schema_passes(frame: pd.DataFrame, unique_ids: bool = True) -> bool:
    try:
        chronology_schema(unique_ids).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors:
        return False
    return True


#: Changes to a valid chronology, each one the schema refuses.
BREAKS = {
    "empty case id": lambda f: f.assign(case_id=pd.array([None, "c", "c"], dtype="string")),
    "empty entry id": lambda f: f.assign(entry_id=pd.array(["a", None, "b"], dtype="string")),
    "repeated entry id": lambda f: f.assign(entry_id=pd.array(["a", "a", "b"], dtype="string")),
    "unknown concern": lambda f: f.assign(concern=pd.Categorical(["made_up", None, None])),
    "latest before date": lambda f: f.assign(date_latest=f["date"] - pd.Timedelta(days=1)),
    "sequence as floats": lambda f: f.assign(sequence=f["sequence"].astype("float64")),
    "a column missing": lambda f: f.drop(columns="ages"),
    "columns out of order": lambda f: f[list(f.columns[::-1])],
    "an extra column": lambda f: f.assign(other=1),
}


def test_a_clean_frame_passes_both():
    frame = _frame()
    assert surely_valid(frame, CHRONOLOGY_DTYPES) and _schema_passes(frame)
    out = validate_chronology(frame)
    assert out is not frame and out.equals(frame)  # a copy, as pandera returns


def test_the_sample_case_passes_both(sample_chronology):
    assert surely_valid(sample_chronology, CHRONOLOGY_DTYPES)
    assert _schema_passes(sample_chronology)


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_every_break_the_schema_refuses_is_not_vouched_for(name):
    broken = BREAKS[name](_frame())
    assert not _schema_passes(broken)
    assert not surely_valid(broken, CHRONOLOGY_DTYPES)
    with pytest.raises(LoadError, match="The chronology"):
        checked_chronology(broken, where="The chronology")


@pytest.mark.parametrize("change", [
    lambda f: f.assign(date=f["date"].astype("datetime64[us]")),
    lambda f: f.assign(summary=f["summary"].astype("object")),
], ids=["date in microseconds", "summary as objects"])
def test_a_frame_not_vouched_for_still_passes_when_the_schema_passes(change):
    changed = change(_frame())  # the quick pass is stricter than pandera here
    assert not surely_valid(changed, CHRONOLOGY_DTYPES)
    assert checked_chronology(changed, where="x").equals(changed)


def test_repeated_ids_pass_a_piece_of_a_larger_file():
    broken = BREAKS["repeated entry id"](_frame())
    assert surely_valid(broken, CHRONOLOGY_DTYPES, unique_ids=False)
    assert _schema_passes(broken, unique_ids=False)
    assert checked_chronology(broken, where="x", unique_ids=False).equals(broken)


@given(breaks=st.lists(st.sampled_from(sorted(BREAKS)), max_size=3),
       case_ids=st.lists(st.sampled_from(["c", "d", None]), min_size=3, max_size=3),
       concerns=st.lists(st.sampled_from(["neglect", "physical", "made_up", None]), min_size=3, max_size=3),
       shift=st.integers(-2, 2))
def test_vouched_for_means_the_schema_passes(breaks, case_ids, concerns, shift):
    frame = _frame().assign(case_id=pd.array(case_ids, dtype="string"),
                            concern=pd.Categorical(concerns, categories=["neglect", "physical", "made_up"]))
    frame["date_latest"] = frame["date_latest"] + pd.Timedelta(days=shift)
    for name in breaks:
        try:
            frame = BREAKS[name](frame)
        except (KeyError, ValueError):  # a break that no longer applies to the changed frame
            continue
    if surely_valid(frame, CHRONOLOGY_DTYPES):
        assert _schema_passes(frame)


def test_loading_a_clean_case_imports_no_pandera():
    code = ("import sys, warnings; warnings.simplefilter('ignore'); import reviewkit; "
            "reviewkit.read_chronology('sample_data/child_d'); "
            "print(' '.join(m for m in ('pandera', 'hypothesis') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=__file__.rsplit("/tests/", 1)[0])
    assert done.stdout.strip() == ""
