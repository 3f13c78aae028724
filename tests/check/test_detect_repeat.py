"""The repeat detector and the national pack's 'was not brought' rule: a child not brought to two or
more health appointments within 3 months needs a follow-up within 4 weeks of the second."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from test_detect_stasis import chronology

from reviewkit.check.engine import check, detect

RULE = "was-not-brought-repeatedly-followed-up"
#: The rule alone (as the pack has it, without the not_about list), for the property test's many checks.
ALONE = Path(tempfile.mkdtemp()) / "repeat.toml"
ALONE.write_text(f"""
[[rules]]
id = "{RULE}"
kind = "repeat"
title = "t"
theme = "neglect"
severity = "medium"
learning = "l"
source = "s"
entries = ["missed_appointment"]
agencies = ["GP"]
count = 2
window = "3 months"
follow_up = ["information_shared", "referral"]
within = "4 weeks"
""", encoding="utf-8")


def wnb(date: str, subject: str = "Child A", agency: str = "GP", **extra) -> dict:
    return {"date": date, "event_type": "missed_appointment", "subject": subject, "agency": agency, **extra}


def later(date: str = "2015-06-30") -> dict:
    """An entry that carries the chronology past every deadline."""
    return {"date": date, "event_type": "gp_consultation", "subject": "Mother", "agency": "GP"}


def verdicts(rows: list[dict], rules: str | Path = "national") -> pd.DataFrame:
    found = check(chronology(rows), rules=rules)
    return found[found["rule"] == RULE].reset_index(drop=True)


def test_two_missed_appointments_without_follow_up_are_breached():
    found = verdicts([wnb("2014-09-15"), wnb("2014-10-20"), later()])
    assert found["verdict"].tolist() == ["breached"]
    row = found.iloc[0]
    assert row["summary"].startswith(
        "There were 2 records of a missed appointment or was not brought about Child A within 3 months "
        "(GP on 15 September 2014; GP on 20 October 2014); there is no record of a follow-up (information shared")
    assert row["summary"].endswith(") within 4 weeks.")
    assert row["entries"] == ("c1/x.csv:2", "c1/x.csv:3") and row["count"] == 2
    assert row["basis"] == "no record" and row["agency"] == "GP" and row["limit"] == "4 weeks"
    assert row["start"] == pd.Timestamp("2014-09-15")
    assert detect(chronology([wnb("2014-09-15"), wnb("2014-10-20"), later()]), rules="national")["rule"].eq(RULE).any()


def test_a_follow_up_in_time_is_met_and_a_late_one_breached():
    shared = {"date": "2014-10-24", "event_type": "information_shared", "subject": "Child A", "agency": "GP"}
    met = verdicts([wnb("2014-09-15"), wnb("2014-10-20"), shared, later()])
    assert met["verdict"].tolist() == ["met"]
    assert met["summary"][0].endswith("; a follow-up came on 24 October 2014 (GP), within 4 weeks.")
    assert met["entries"][0] == ("c1/x.csv:2", "c1/x.csv:3", "c1/x.csv:4")
    late = verdicts([wnb("2014-09-15"), wnb("2014-10-20"), {**shared, "date": "2014-12-20"}, later()])
    assert late["verdict"].tolist() == ["breached"] and late["basis"][0] == "recorded"
    assert "no follow-up within 4 weeks: the first came on 20 December 2014 (GP)" in late["summary"][0]


def test_a_follow_up_about_another_child_or_before_the_repeat_does_not_count():
    other = {"date": "2014-10-24", "event_type": "referral", "subject": "Child B", "agency": "Health Visiting"}
    early = {"date": "2014-09-16", "event_type": "referral", "subject": "Child A", "agency": "GP"}
    assert verdicts([wnb("2014-09-15"), wnb("2014-10-20"), other, early, later()])["verdict"].tolist() == ["breached"]


def test_not_applicable_cases_give_no_verdict():
    # Two different children, a mother's own appointments, months apart, not a health agency.
    assert verdicts([wnb("2014-09-15"), wnb("2014-10-02", subject="Child C"), later()]).empty
    assert verdicts([wnb("2014-09-15", subject="Mother"), wnb("2014-10-02", subject="Mother"), later()]).empty
    assert verdicts([wnb("2014-01-15"), wnb("2014-06-20"), later()]).empty
    assert verdicts([wnb("2014-09-15", agency="School"), wnb("2014-10-02", agency="School"), later()]).empty
    assert verdicts([later()]).empty


def test_an_entry_naming_a_parent_and_a_child_counts_for_the_child():
    found = verdicts([wnb("2014-09-15", subject="Mother; Child A"), wnb("2014-10-02"), later()])
    assert found["verdict"].tolist() == ["breached"] and "about Child A" in found["summary"][0]


def test_two_records_of_one_missed_appointment_count_once():
    rows = [wnb("2014-09-15", duplicate_group="g1"), wnb("2014-09-15", agency="Health Visiting", duplicate_group="g1"),
            later()]
    assert verdicts(rows).empty


def test_repeats_sharing_an_appointment_are_one_episode():
    found = verdicts([wnb("2014-09-15"), wnb("2014-10-20"), wnb("2014-12-01"), wnb("2015-01-30"), later()])
    assert found["verdict"].tolist() == ["breached"]
    assert found["count"][0] == 4 and "There were 4 records" in found["summary"][0]


def test_vague_dates_make_a_possible_repeat():
    autumn = wnb("2014-09-01", date_latest="2014-11-30", precision="season", date_text="Autumn 2014")
    found = verdicts([autumn, wnb("2014-12-15"), later()])
    assert found["verdict"].tolist() == ["possibly breached"]
    assert found["certainty"][0] != "certain"
    assert found["summary"][0].startswith("There may have been 2 records")
    assert "(GP 'Autumn 2014'; GP on 15 December 2014)" in found["summary"][0]


def test_the_chronology_ending_before_the_deadline_cannot_tell():
    assert verdicts([wnb("2014-09-15"), wnb("2014-10-20")])["verdict"].tolist() == ["cannot tell"]


@given(st.lists(st.integers(min_value=0, max_value=720), min_size=1, max_size=8, unique=True), st.randoms())
def test_episodes_are_the_runs_of_appointments_within_the_window(days, rng: random.Random):
    """For exact days and a 2-entry repeat, one verdict per run of missed appointments each within
    3 months of the one before, whatever the order of the rows."""
    start = pd.Timestamp("2014-01-01")
    dates = sorted(start + pd.Timedelta(days=d) for d in days)
    runs, previous = 0, None
    in_run = False
    for date in dates:
        close = previous is not None and date <= previous + pd.DateOffset(months=3)
        runs += close and not in_run
        in_run, previous = close, date
    rows = [wnb(d.strftime("%Y-%m-%d")) for d in dates]
    rng.shuffle(rows)
    found = verdicts([*rows, later("2016-12-31")], rules=ALONE)
    assert len(found) == runs
    assert int(found["count"].sum()) == sum(  # every appointment of a run is counted once
        1 for i, d in enumerate(dates)
        if (i > 0 and d <= dates[i - 1] + pd.DateOffset(months=3))
        or (i + 1 < len(dates) and dates[i + 1] <= d + pd.DateOffset(months=3)))
