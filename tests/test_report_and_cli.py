"""The load report and the ``reviewkit`` command (validate, build)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from reviewkit.cli import main
from reviewkit.load.load_report import REPORT_COLUMNS, format_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CASE = ROOT / "sample_data" / "child_d"
AWKWARD = ROOT / "tests" / "data" / "awkward"


def test_report_has_one_row_per_table_with_its_columns(sample_result):
    report = sample_result.report
    assert report.columns.tolist() == REPORT_COLUMNS
    assert len(report) == 9
    police = report.set_index("source").loc["police.csv"]
    assert police["agency"] == "Police"
    assert police["vague_dates"] == 1 and police["date_issues"] == 0
    assert "reported=Reported date" in police["columns_used"]
    assert "Windows-1252" in police["notes"]


def test_format_report_names_every_table_and_totals(sample_result):
    text = format_report(sample_result.report)
    for source in sample_result.report["source"]:
        assert f"{source}  (" in text
    assert "Total: 9 table(s), 262 rows read, 343 entries, 0 with unreadable dates." in text


def test_validate_prints_every_file_of_the_sample_case(capsys):
    assert main(["validate", str(SAMPLE_CASE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== {SAMPLE_CASE}")
    for name in ("childrens_services.xlsx#Chronology", "police.csv", "school.docx",
                 "health_visiting.xlsx#HV chronology", "gp.csv", "midwifery.csv",
                 "probation.xlsx#Supervision log", "hospital.csv", "gcp2_neglect.csv"):  # fmt: skip
        assert f"{name}  (" in out
    assert "30 read, 6 blank skipped" in out


def test_validate_a_broken_file_says_could_not_load_and_exits_1(capsys):
    status = main(["validate", str(AWKWARD / "utf8_bom.csv"), str(AWKWARD / "empty.csv")])
    out = capsys.readouterr().out
    assert status == 1
    assert "utf8_bom.csv  (" in out  # the good file is still reported
    assert "could not load: empty.csv: the file is empty" in out


def test_build_writes_the_merged_chronology_as_csv(tmp_path, capsys):
    out_path = tmp_path / "out" / "child_d.csv"
    assert main(["build", str(SAMPLE_CASE), "--out", str(out_path)]) == 0
    printed = capsys.readouterr().out
    assert "343 entries from 9 table(s)" in printed and str(out_path) in printed
    assert out_path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 right
    written = pd.read_csv(out_path, encoding="utf-8-sig", dtype=str)
    assert len(written) == 343 and written["entry_id"].is_unique
    assert written.columns[:3].tolist() == ["case_id", "entry_id", "date"]


def test_build_neutralises_formula_cells(tmp_path):
    source = tmp_path / "gp.csv"
    source.write_text('Date,Notes\n09/02/2015,"=HYPERLINK(""http://x"",""y"")"\n'
                      "10/02/2015,+44 1632 960000 rang\n11/02/2015,-ve screen\n", "utf-8")
    out_path = tmp_path / "f.csv"
    assert main(["build", str(source), "--out", str(out_path), "--agency", "GP",
                 "--case-id", "c9"]) == 0  # fmt: skip
    written = pd.read_csv(out_path, encoding="utf-8-sig", dtype=str)
    assert (written["case_id"] == "c9").all() and (written["agency"] == "GP").all()
    assert written["summary"].tolist() == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+44 1632 960000 rang", "'-ve screen"]
    for column in written.columns:
        cells = written[column].dropna()
        assert not cells.str.startswith(("=", "+", "-", "@")).any(), column


def test_a_load_error_in_build_is_a_message_and_status_2(tmp_path, capsys):
    status = main(["build", str(AWKWARD / "empty.csv"), "--out", str(tmp_path / "x.csv")])
    assert status == 2
    assert "reviewkit: empty.csv: the file is empty" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_the_reviewkit_console_script_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["scripts"]["reviewkit"] == "reviewkit.cli:main"
