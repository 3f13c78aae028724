"""A column whose heading reviewkit does not recognise is kept in ``extra``, never dropped."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import reviewkit


def _load(frame: pd.DataFrame) -> reviewkit.LoadResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        return reviewkit.load_with_report(frame, case_id="c")


@pytest.fixture
def agency_file() -> pd.DataFrame:
    return pd.DataFrame({
        "Date": ["01/02/2015", "02/02/2015", "03/02/2015"], "Agency": "School",
        "Details": ["Bruise to arm", "Seen in class", "Meeting with Mother"],
        "Risk rating": ["High", None, "Low"], "Room": [None, None, None], "Badge no.": [1234, 987, None],
    })


def test_unrecognised_columns_are_kept_with_their_headings(agency_file):
    result = _load(agency_file)
    assert result.chronology["extra"].tolist() == [
        "Risk rating: High; Badge no.: 1234", "Badge no.: 987", "Risk rating: Low"]
    assert "columns not recognised, kept in 'extra': Risk rating; Room; Badge no." in reviewkit.format_report(
        result.report)


def test_extra_survives_an_export_and_a_reload(agency_file, tmp_path):
    chronology = _load(agency_file).chronology
    path = reviewkit.export_chronology(chronology, tmp_path / "composite.xlsx")
    again = _load(pd.read_excel(path))
    assert again.chronology["extra"].tolist() == chronology["extra"].tolist()


def test_a_file_whose_columns_are_all_known_has_no_extra():
    frame = pd.DataFrame({"Date": ["01/02/2015"], "Agency": ["GP"], "Notes": ["Seen"]})
    assert _load(frame).chronology["extra"].isna().all()
