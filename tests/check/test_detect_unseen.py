"""The unseen detector and the national pack's rule: while a child is on a child protection plan,
some professional of any agency records seeing them at least every 3 months."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from test_detect_stasis import chronology, plan

from reviewkit.check.engine import check

RULE = "child-seen-while-on-a-plan"
#: An unseen rule alone, for the property test's many checks.
ALONE = Path(tempfile.mkdtemp()) / "unseen.toml"
ALONE.write_text('[[rules]]\nid = "unseen"\nkind = "unseen"\ntitle = "t"\ntheme = "x"\nseverity = "high"\n'
                 'learning = "l"\nsource = "s"\nseen = ["child_seen"]\nlimit = "3 months"\nwhile_open = "cp_plan"\n',
                 encoding="utf-8")


def seen(date: str, subject: str | None = "Child A", agency: str = "School", **extra) -> dict:
    return {"date": date, "event_type": "child_seen", "subject": subject, "agency": agency, **extra}


def verdicts(tmp_path, rows: list[dict], extra: str = "") -> pd.DataFrame:
    if extra:  # the pack's rule with a parameter changed
        path = tmp_path / "rules.toml"
        path.write_text(
            '[[rules]]\nid = "unseen"\nkind = "unseen"\ntitle = "t"\ntheme = "x"\nseverity = "high"\n'
            'learning = "l"\nsource = "s"\nseen = ["child_seen", "home_visit"]\nlimit = "3 months"\n'
            f'while_open = "cp_plan"\n{extra}\n', encoding="utf-8")
        return check(chronology(rows), rules=path).reset_index(drop=True)
    found = check(chronology(rows), rules="national")
    return found[found["rule"] == RULE].reset_index(drop=True)


def test_a_child_nobody_sees_for_over_3_months_is_breached(tmp_path):
    rows = [plan(start="2015-01-01", end="2015-12-31"), seen("2015-01-10"), seen("2015-02-20", agency="GP"),
            seen("2015-07-01"), seen("2015-09-01"), seen("2015-11-20")]
    found = verdicts(tmp_path, rows)
    assert found["verdict"].tolist() == ["breached"]
    row = found.iloc[0]
    assert row["summary"] == (
        "There is no record of any professional seeing Child A for 19 weeks (20 February 2015 to 1 July 2015) "
        "while a child protection plan was open for them.")
    assert row["entries"] == ("c1/x.csv:2", "c1/x.csv:4", "c1/x.csv:5")
    assert row["basis"] == "no record" and row["agency"] == "Children's Services"
    assert row["delay_min"] == row["delay_max"] == pd.Timedelta(days=131) and row["limit"] == "3 months"


def test_a_child_seen_often_enough_is_met(tmp_path):
    days = pd.date_range("2015-01-05", "2015-12-31", freq="60D").strftime("%Y-%m-%d")
    found = verdicts(tmp_path, [plan(start="2015-01-01", end="2015-12-31"), *[seen(d) for d in days]])
    assert found["verdict"].tolist() == ["met"]
    assert found["summary"][0] == (
        "A professional recorded seeing Child A at least every 3 months while a child protection plan was open "
        "for them (1 January 2015 to 31 December 2015; 7 entries, the longest stretch 9 weeks).")


def test_no_plan_no_verdict_and_each_child_is_checked_on_their_own(tmp_path):
    assert verdicts(tmp_path, [seen("2015-01-10"), seen("2015-09-10")]).empty
    rows = [plan(start="2015-01-01", end="2015-06-30"), plan(subject="Child B", start="2015-01-01", end="2015-06-30"),
            *[seen(d, subject="Child B") for d in ("2015-01-10", "2015-03-10", "2015-05-10", "2015-06-20")]]
    found = verdicts(tmp_path, rows).sort_values("summary")
    assert found["verdict"].tolist() == ["met", "breached"]
    assert "seeing Child A for 26 weeks (the start of the child protection plan on 1 January 2015 to the end of " \
           "the child protection plan on 30 June 2015)" in found["summary"].iloc[1]


def test_entries_naming_no_one_count_for_every_child(tmp_path):
    rows = [plan(start="2015-01-01", end="2015-06-30"), *[seen(d, subject=None) for d in ("2015-03-01", "2015-05-20")]]
    assert verdicts(tmp_path, rows)["verdict"].tolist() == ["met"]


def test_only_the_agencies_asked_for_count(tmp_path):
    rows = [plan(start="2015-01-01", end="2015-06-30"), seen("2015-02-01"), seen("2015-04-01"), seen("2015-06-01")]
    assert verdicts(tmp_path, rows, extra="")["verdict"].tolist() == ["met"]
    only = verdicts(tmp_path, rows, extra='agencies = ["Children\'s Services"]')
    assert only["verdict"].tolist() == ["breached"] and "for 26 weeks" in only["summary"][0]


def test_a_period_still_open_runs_to_the_end_of_the_chronology(tmp_path):
    rows = [plan(start="2015-01-01", end=None), seen("2015-01-20"), {"date": "2015-08-01", "event_type": "referral"}]
    found = verdicts(tmp_path, rows)
    assert found["verdict"].tolist() == ["breached"]
    assert "(20 January 2015 to the end of the chronology on 1 August 2015)" in found["summary"][0]


def test_vague_dates_give_possible_stretches(tmp_path):
    spring = seen("2015-03-01", date_latest="2015-05-31", precision="season", date_text="Spring 2015")
    rows = [plan(start="2015-01-01", end="2015-06-30"), seen("2015-01-05"), spring, seen("2015-06-30")]
    found = verdicts(tmp_path, rows).sort_values("start")
    assert found["verdict"].tolist() == ["possibly breached", "possibly breached"]
    assert "(5 January 2015 to 'Spring 2015')" in found["summary"].iloc[0]
    assert found["delay_min"].iloc[0] == pd.Timedelta(days=55) and found["delay_max"].iloc[0] == pd.Timedelta(days=146)


def test_a_vague_entry_between_exact_sightings_opens_no_false_stretch(tmp_path):
    """'mid-2015' (May to August) sorts before a sighting on 14 May: the stretch after it is not
    counted to its latest day (as if nobody had seen the child until the end of August)."""
    mid = seen("2015-05-01", date_latest="2015-08-31", precision="season", date_text="mid-2015")
    rows = [plan(start="2015-01-01", end="2015-12-31"), seen("2015-03-01"), mid, seen("2015-05-14"),
            seen("2015-07-20"), seen("2015-10-01"), seen("2015-12-10")]
    assert verdicts(tmp_path, rows)["verdict"].tolist() == ["met"]


@given(st.lists(st.integers(min_value=0, max_value=364), max_size=10, unique=True))
def test_stretches_beyond_the_limit_are_the_gaps_between_sightings(days):
    """For exact days, one breach per gap of more than 3 months between the plan's start, the
    sightings and its end; none means one met verdict."""
    start, end = pd.Timestamp("2015-01-01"), pd.Timestamp("2015-12-31")
    sightings = sorted(start + pd.Timedelta(days=d) for d in days)
    points = [start, *sightings, end]
    expected = sum(b > a + pd.DateOffset(months=3) for a, b in zip(points, points[1:]))
    rows = [plan(start="2015-01-01", end="2015-12-31"), *[seen(d.strftime("%Y-%m-%d")) for d in sightings]]
    found = check(chronology(rows), rules=ALONE)
    assert (found["verdict"] == "breached").sum() == expected
    assert found["verdict"].tolist() == (["met"] if expected == 0 else ["breached"] * expected)
