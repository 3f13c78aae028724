"""A rule whose clock starts when the concern was reported (``clock_from = "reported"``): its
sentence names the reported date as the agency wrote it, and its clock runs over the whole of a
vague one ("end of March 2015" is never a made-up 21 March)."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewkit.check.engine import check, detect
from reviewkit.load.chronology import read_chronology
from reviewkit.publish.coarsen import coarsen_columns

RULE = """
[[rules]]
id = "referred-once-known"
kind = "response"
title = "An assault is referred to children's services within 2 working days of the school learning of it"
theme = "information sharing"
severity = "high"
trigger = ["assault_witnessed"]
response = ["referral"]
within = "2 working days"
clock_from = "{clock}"
learning = "Refer once you know."
source = "Test"
"""


def _school(tmp_path, reported: str) -> pd.DataFrame:
    path = tmp_path / "school.csv"
    path.write_text("Date,Reported,Incident\n"
                    f"09/02/2015,{reported},Staff witnessed Mother kick Child B\n"
                    "01/04/2015,,Referral to Children's Services\n")
    return read_chronology(path, agency="School")


def _verdict(tmp_path, reported: str, clock: str = "reported") -> pd.Series:
    rules = tmp_path / "rule.toml"
    rules.write_text(RULE.format(clock=clock))
    verdicts = check(_school(tmp_path, reported), rules=str(rules))
    return verdicts.loc[verdicts["rule"].eq("referred-once-known")].iloc[0]


def test_the_chronology_keeps_the_reported_date_as_written(tmp_path):
    chronology = _school(tmp_path, "end of March 2015")
    assert chronology["reported_text"].tolist()[0] == "end of March 2015"
    assert pd.isna(chronology["reported_text"].tolist()[1])


def test_a_vague_reported_date_is_quoted_as_written_and_its_whole_period_counts(tmp_path):
    verdict = _verdict(tmp_path, "end of March 2015")
    # the clock starts somewhere from 21 to 31 March: a referral on 1 April may be in time
    assert verdict["verdict"] == "possibly breached"
    assert "reported 'end of March 2015'" in verdict["summary"]
    assert "21 March" not in verdict["summary"]
    assert verdict["start_text"] == "end of March 2015"
    assert "up to 11 days later" in verdict["summary"]


def test_an_exact_reported_date_is_the_one_the_sentence_names(tmp_path):
    verdict = _verdict(tmp_path, "30/03/2015")
    assert verdict["verdict"] == "met"  # 2 days after it was reported, not 51 after the assault
    assert "on 9 February 2015, reported on 30 March 2015;" in verdict["summary"]
    late = _verdict(tmp_path, "20/03/2015")
    assert late["verdict"] == "breached"
    assert "reported on 20 March 2015;" in late["summary"] and "12 days later" in late["summary"]
    assert pd.isna(late["start_text"])  # an exact day is written from the date itself


def test_without_a_reported_date_or_with_the_event_clock_nothing_is_said_of_reporting(tmp_path):
    for verdict in (_verdict(tmp_path, ""), _verdict(tmp_path, "30/03/2015", clock="date")):
        assert verdict["verdict"] == "breached"
        assert "reported" not in verdict["summary"]
        assert "on 9 February 2015" in verdict["summary"]


def test_a_grouped_finding_lists_a_vague_reported_date_as_written(tmp_path):
    path = tmp_path / "school.csv"
    path.write_text("Date,Reported,Incident\n"
                    "09/02/2015,end of March 2015,Staff witnessed Mother kick Child B\n"
                    "09/03/2015,,Staff witnessed Mother push Child B\n"
                    "01/04/2015,,Referral to Children's Services\n")
    rules = tmp_path / "rule.toml"
    rules.write_text(RULE.format(clock="reported"))
    found = detect(read_chronology(path, agency="School"), rules=str(rules))
    assert len(found) == 1
    assert found["summary"].iloc[0].endswith("The same was found 1 more time: on 'end of March 2015'.")


@pytest.mark.parametrize(("level", "written"), [("month", "March 2015"), ("year", "2015")])
def test_an_anonymised_copy_writes_the_reported_date_as_its_period(tmp_path, level, written):
    chronology = _school(tmp_path, "23/03/2015")
    coarse = coarsen_columns(chronology, level)
    assert coarse["reported_text"].tolist()[0] == written
    assert pd.isna(coarse["reported_text"].tolist()[1])
