"""``reviewkit review CASE``: open findings, decisions so far, corrections and orphans."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import reviewkit
from reviewkit.cli import main
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import Decisions
from reviewkit.review.writing import write_decisions
from tests.sample_ids import sample_id

POLICE_2 = sample_id("police.csv", 2)  # the police's first entry

SAMPLE_CASE = Path(__file__).resolve().parent.parent / "sample_data" / "child_d"


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cases") / "child_d"
    shutil.copytree(SAMPLE_CASE, folder)
    return folder


@pytest.fixture(scope="module")
def findings(case):
    return reviewkit.detect(case)


def test_without_decisions_every_finding_is_open(case, findings, capsys):
    assert main(["review", str(case)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== Open findings ({len(findings)})\n")
    assert all(finding_id in out for finding_id in findings["finding_id"])
    assert "Orphans" not in out and "Corrections to entries" not in out
    assert out.rstrip().endswith(
        f"{len(findings)} findings: {len(findings)} open, 0 accepted, 0 to discuss, 0 dismissed; "
        f"0 correction(s) to entries; 0 orphan(s). No decisions yet: write them to "
        f"{case / 'decisions.toml'} (see docs/decisions.md), or use "
        f"reviewkit.review.table.review_table in JupyterLab.")


def test_decisions_corrections_and_orphans_are_listed(case, findings, capsys):
    first, second = findings["finding_id"].iloc[:2]
    decisions = decide(Decisions(), first, status="dismissed", note="Seen the same day by the GP",
                       by="Lead reviewer", on=dt.date(2026, 11, 20))
    decisions = decide(decisions, second, status="to discuss")
    decisions = decide(decisions, "F-000000000000", status="accepted", rule="gone-rule")
    decisions = correct(decisions, POLICE_2, reviewer_tags=["key practice episode"])
    decisions = correct(decisions, "child_d/police.csv:999", subject="Mother")
    write_decisions(decisions, case)
    try:
        assert main(["review", str(case)]) == 0
    finally:
        (case / "decisions.toml").unlink()
    out = capsys.readouterr().out
    assert f"== Open findings ({len(findings) - 2})" in out
    dismissed = out.split("== Dismissed (1)\n")[1].split("\n\n")[0]
    assert dismissed.startswith(f"  {first}  ")
    assert "    note: Seen the same day by the GP\n    decided by Lead reviewer on 20 Nov 2026" in dismissed
    assert f"== To discuss (1)\n  {second}  " in out
    assert ("== Corrections to entries (2)\n"
            f"  {POLICE_2}: reviewer_tags = key practice episode\n"
            "  child_d/police.csv:999: subject = Mother") in out
    assert ("== Orphans: decisions whose entry or finding no longer exists (2)\n"
            "  entry child_d/police.csv:999: subject = Mother\n"
            "    (a row-based id (before reviewkit 0.2), and row 999 of police.csv holds no entry now)\n"
            "  finding F-000000000000: accepted (rule gone-rule)\n"
            "    (no finding has this id now: the rule no longer finds it there, or its evidence changed)") in out
    assert (f"{len(findings)} findings: {len(findings) - 2} open, 0 accepted, 1 to discuss, "
            f"1 dismissed; 2 correction(s) to entries; 2 orphan(s). Decisions file: "
            f"{case / 'decisions.toml'}.") in out


def test_a_bad_decisions_file_is_reported_not_a_traceback(case, capsys):
    (case / "decisions.toml").write_text('[[entry]]\nentry_id = "child_d/gp.csv:2"\nevent_type = "x"\n')
    try:
        assert main(["review", str(case)]) == 2
    finally:
        (case / "decisions.toml").unlink()
    assert "entry child_d/gp.csv:2: event_type: 'x' is not an event type" in capsys.readouterr().err


def test_the_cli_report_follows_the_decisions_file(case, findings, tmp_path, capsys):
    write_decisions(decide(Decisions(), findings["finding_id"].iloc[0], status="dismissed",
                           note="Duplicate of the police finding"), case)
    try:
        assert main(["report", str(case), "-o", str(tmp_path / "r.html")]) == 0
    finally:
        (case / "decisions.toml").unlink()
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    appendix = text.split('<section id="dismissed"')[1]
    assert "Duplicate of the police finding" in appendix
    assert f"{len(findings)} findings: 0 accepted, 0 to discuss, {len(findings) - 1} not yet reviewed" in text
