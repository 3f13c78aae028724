"""The review period: case.toml review_period, the in_review_period column, periods of no contact."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewkit
from reviewkit.exceptions import ManifestError
from reviewkit.load.review_period import (
    NO_CONTACT_COLUMNS,
    ReviewPeriod,
    no_contact_periods,
    read_review_period,
)

T = pd.Timestamp
PERIOD = ReviewPeriod(T("2015-01-01"), T("2015-12-31 23:59:59.999999"), "2015")


def _chron(rows):
    """rows: (agency, date, date_latest, entry_id)."""
    frame = pd.DataFrame(rows, columns=["agency", "date", "date_latest", "entry_id"])
    frame["case_id"] = "c"
    frame["date"] = pd.to_datetime(frame["date"], format="ISO8601")
    frame["date_latest"] = pd.to_datetime(frame["date_latest"], format="ISO8601")
    return frame


def test_no_contact_table_for_two_agencies():
    chron = _chron([
        ("GP", "2015-02-10", "2015-02-10 23:59", "gp1"),
        ("GP", "2015-03-01", "2015-03-31 23:59", "gp2"),   # vague: March 2015
        ("GP", "2015-03-15 10:00", "2015-03-15 10:00", "gp3"),  # inside gp2's interval
        ("GP", "2015-11-20", "2015-11-20 23:59", "gp4"),
        ("Police", "2014-06-01", "2014-06-01 23:59", "p1"),  # before the period
        ("Police", "2015-12-20", "2016-01-10 23:59", "p2"),  # straddles its end
    ])
    table = no_contact_periods(chron, PERIOD)
    assert table.columns.tolist() == NO_CONTACT_COLUMNS
    rows = table.assign(start=table["start"].dt.strftime("%d/%m/%Y"),
                        end=table["end"].dt.strftime("%d/%m/%Y"))
    assert rows[["agency", "start", "end", "days", "last_contact", "next_contact"]].astype(object).where(
        rows.notna(), None).values.tolist() == [
        ["GP", "01/01/2015", "09/02/2015", 40, None, "gp1"],
        ["GP", "01/04/2015", "19/11/2015", 233, "gp2", "gp4"],
        ["GP", "21/11/2015", "31/12/2015", 41, "gp4", None],
        ["Police", "01/01/2015", "19/12/2015", 353, None, "p2"],
    ]


def test_the_shortest_stretch_listed_is_a_choice():
    chron = _chron([("GP", "2015-01-15", "2015-01-15 23:59", "gp1"),
                    ("GP", "2015-12-01", "2015-12-31 23:59", "gp2")])
    assert no_contact_periods(chron, PERIOD, min_days=14)["days"].tolist() == [14, 319]
    assert no_contact_periods(chron, PERIOD, min_days=15)["days"].tolist() == [319]


day_in_2015 = st.integers(min_value=-60, max_value=424).map(lambda n: T("2015-01-01") + pd.Timedelta(days=n))


@given(entries=st.lists(st.tuples(st.sampled_from(["GP", "School"]), day_in_2015,
                                  st.integers(min_value=0, max_value=40)), max_size=25),
       min_days=st.integers(min_value=1, max_value=60))
def test_no_contact_stretches_hold_no_entry_and_lie_in_the_period(entries, min_days):
    chron = _chron([(a, d, d + pd.Timedelta(days=n, hours=23), f"e{i}")
                    for i, (a, d, n) in enumerate(entries)])
    table = no_contact_periods(chron, PERIOD, min_days=min_days)
    assert (table["days"] >= min_days).all()
    assert (table["start"] >= PERIOD.start).all() and (table["end"] <= PERIOD.end).all()
    for gap in table.itertuples():
        mine = chron[chron["agency"] == gap.agency]
        touches = (mine["date_latest"] >= gap.start) & (mine["date"] < gap.end + pd.Timedelta(days=1))
        assert not touches.any()
    # every whole day of 2015 with no entry of the agency is in a listed stretch or a short one
    if min_days == 1:
        for agency in ("GP", "School"):
            covered = sum(table.loc[table["agency"] == agency, "days"])
            mine = chron[chron["agency"] == agency]
            busy = set()
            for row in mine.itertuples():
                days = pd.date_range(row.date.normalize(), row.date_latest.normalize())
                busy |= {d for d in days if d.year == 2015}
            if agency in set(chron["agency"]):
                assert covered == 365 - len(busy)


@pytest.mark.parametrize(("value", "message"), [
    ({"from": "01/06/2014"}, r'write the review period as review_period = \{ from = "01/06/2014"'),
    ("2014 to 2016", r"write the review period as"),
    ({"from": "tbc", "to": "2016"}, r"review_period from = 'tbc' is not a date reviewkit can read"),
    ({"from": "2016", "to": "2015"}, r"review_period ends \(2015\) before it starts \(2016\)"),
])
def test_bad_review_periods_say_what_would_be_valid(value, message):
    with pytest.raises(ManifestError, match=message):
        read_review_period(value, "case.toml")


def test_a_case_folder_marks_entries_outside_its_review_period(tmp_case):
    folder = tmp_case({"gp.csv": "Date,Notes\n01/03/2014,Registered\n12/05/2014,Seen\n"
                                 "June 2014,Seen\nsometime,Call\n02/04/2016,Seen\n"})
    (folder / "case.toml").write_text(
        'case_id = "fx"\nreview_period = { from = "15/05/2014", to = 2016-03-31 }\n'
        '[[files]]\npath = "gp.csv"\nagency = "GP"\n', encoding="utf-8")
    with pytest.warns(reviewkit.DataQualityWarning):
        chron = reviewkit.read_chronology(folder)
    assert chron["in_review_period"].tolist() == [False, False, True, False, pd.NA]
    assert chron.attrs["review_period"] == {"fx": (T("2014-05-15"), T("2016-03-31 23:59:59.999999"))}
    assert str(chron["in_review_period"].dtype) == "boolean"


def test_the_periods_default_to_each_cases_own(sample_chronology):
    from reviewkit.load.manifest import read_manifest
    from reviewkit.load.review_period import no_contact_periods as gaps

    own = gaps(sample_chronology)
    assert own.equals(gaps(sample_chronology, read_manifest("sample_data/child_d").review_period))
    assert set(own["agency"]) >= {"GP", "Police", "Probation", "School"}
    bare = sample_chronology.copy()
    bare.attrs = {}
    with pytest.raises(ManifestError, match=r"The chronology states no review period: put review_period"):
        gaps(bare)
