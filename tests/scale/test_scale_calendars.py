"""The bank-holiday calendar through the batch paths: an extract checked in pieces, a Dask frame,
and Dask over case folders (each case's own ``calendar =``), as through check and detect.

A strategy discussion on Monday 20 July 2015 and the ICPC on Tuesday 11 August: the 16th working
day in England, the 15th in Scotland (its Summer Bank Holiday is Monday 3 August).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from chronology_factory import make_chronology

import reviewkit
from reviewkit.cli import main
from reviewkit.scale.dask_partitions import partition_by_case, read_case_folders
from reviewkit.scale.extract_check import check_extract, detect_extract

RULE_ID = "icpc-in-time"
ICPC_RULE = f"""
[[rules]]
id = "{RULE_ID}"
kind = "response"
title = "ICPC within 15 working days of the strategy discussion"
theme = "child protection processes"
severity = "medium"
trigger = ["strategy_discussion"]
response = ["icpc"]
within = "15 working days"
learning = "ICPC within 15 working days."
source = "Test"
"""


def _summer(case_id: str) -> pd.DataFrame:
    return make_chronology([
        {"date": "20/07/2015 10:00", "agency": "Children's Services", "event_type": "strategy_discussion"},
        {"date": "11/08/2015 10:00", "agency": "Children's Services", "event_type": "icpc"},
    ], case_id=case_id)


@pytest.fixture
def icpc_rule(tmp_path):
    path = tmp_path / "icpc.toml"
    path.write_text(ICPC_RULE)
    return str(path)


@pytest.fixture
def extract(tmp_path):
    path = tmp_path / "extract.parquet"
    pd.concat([_summer("s1"), _summer("s2")], ignore_index=True).to_parquet(path)
    return path


def _verdicts(verdicts: pd.DataFrame) -> dict[str, str]:
    mine = verdicts[verdicts["rule"].eq(RULE_ID)]
    return dict(zip(mine["case_id"], mine["verdict"]))


def test_an_extract_is_checked_on_the_calendar_asked_for(extract, icpc_rule):
    options = {"rules": icpc_rule, "workers": 1, "entries_per_piece": 2, "progress": False}
    assert _verdicts(check_extract(extract, **options)) == {"s1": "breached", "s2": "breached"}
    assert _verdicts(check_extract(extract, calendar="scotland", **options)) == {"s1": "met", "s2": "met"}
    assert set(detect_extract(extract, **options)["case_id"]) == {"s1", "s2"}
    assert detect_extract(extract, calendar="Scotland", **options).empty
    # the procedures' nation is the default, and calendar= wins over it
    assert _verdicts(check_extract(extract, procedures="wales", calendar="scotland", **options))["s1"] == "met"


def test_batch_on_the_command_line_takes_the_calendar(extract, icpc_rule, tmp_path):
    def batch(*more: str) -> pd.DataFrame:
        out = tmp_path / "found.csv"
        assert main(["batch", str(extract), "-o", str(out), "--rules", icpc_rule, "--workers", "1", *more]) == 0
        return pd.read_csv(out)

    assert len(batch()) == 2
    assert batch("--calendar", "scotland").empty


def test_a_dask_frame_is_checked_on_the_calendar_asked_for(icpc_rule):
    parts = partition_by_case(pd.concat([_summer("s1"), _summer("s2")], ignore_index=True), npartitions=2)
    assert _verdicts(reviewkit.check(parts, rules=icpc_rule)) == {"s1": "breached", "s2": "breached"}
    assert _verdicts(reviewkit.check(parts, rules=icpc_rule, calendar="scotland")) == {"s1": "met", "s2": "met"}
    assert len(reviewkit.detect(parts, rules=icpc_rule)) == 2
    assert reviewkit.detect(parts, rules=icpc_rule, calendar="scotland").empty


def _case_folder(root, name: str, calendar: str | None) -> None:
    folder = root / name
    folder.mkdir()
    (folder / "csc.csv").write_text(
        "Date,Event\n20/07/2015 10:00,Strategy discussion held\n11/08/2015 10:00,ICPC held\n")
    line = f'calendar = "{calendar}"\n' if calendar else ""
    (folder / "case.toml").write_text(
        f'case_id = "{name}"\n{line}[[files]]\npath = "csc.csv"\nagency = "Children\'s Services"\n')


def test_dask_over_case_folders_keeps_each_case_on_its_own_calendar(tmp_path, icpc_rule):
    root = tmp_path / "cases"
    root.mkdir()
    for name, calendar in [("a_england", None), ("b_scotland", "scotland"), ("c_scotland", "scotland"),
                           ("d_england", "england")]:
        _case_folder(root, name, calendar)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reviewkit.DataQualityWarning)
        cases = read_case_folders(root, cases_per_partition=3)
        # cases of different calendars never share a partition
        assert [tuple(p.compute()["case_id"].unique()) for p in cases.partitions] == [
            ("a_england",), ("b_scotland", "c_scotland"), ("d_england",)]
        verdicts = reviewkit.check(cases, rules=icpc_rule)
        assert _verdicts(verdicts) == {"a_england": "breached", "b_scotland": "met", "c_scotland": "met",
                                       "d_england": "breached"}
        assert set(reviewkit.detect(cases, rules=icpc_rule)["case_id"]) == {"a_england", "d_england"}
        # calendar= wins over every case's own
        assert set(_verdicts(reviewkit.check(cases, rules=icpc_rule, calendar="england")).values()) == {"breached"}

