"""export_findings: the findings table a reviewer pastes into the overview report (DOCX, XLSX, CSV)."""

from __future__ import annotations

import csv

import docx
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewkit
from reviewkit import PublicationError, anonymise, export_findings
from reviewkit.cli import main
from reviewkit.exceptions import ExportError
from reviewkit.publish.findings_table import FINDINGS_SUFFIXES, findings_table
from tests.conftest import SAMPLE_CASE

HEADINGS = ["No.", "Finding", "Learning theme", "What happened",
            "Evidence (agency, date as written, file and row)", "Learning and its source",
            "Reviewer's status", "Reviewer's note"]


@pytest.fixture(scope="module")
def findings(sample_chronology):
    return reviewkit.detect(sample_chronology, procedures="wales")


@pytest.fixture(scope="module")
def decided(findings):
    """The sample findings with the reviewer's decisions: one accepted with a note, one dismissed."""
    out = findings.assign(status="open", note=pd.NA)
    out.loc[out.index[0], ["status", "note"]] = ["accepted", "Agreed at the panel."]
    out.loc[out.index[1], ["status", "note"]] = ["dismissed", "Not in scope."]
    return out


def _csv_rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_the_csv_has_one_row_per_finding_numbered_as_the_report(tmp_path, findings, sample_chronology):
    rows = _csv_rows(export_findings(findings, tmp_path / "f.csv", chronology=sample_chronology))
    assert rows[0] == HEADINGS
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(findings) + 1)]
    witnessed = next(r for r in rows[1:] if r[1].startswith("An assault witnessed by staff is reported to children"))
    assert witnessed[1].endswith(" (School)") and witnessed[2] == "information sharing"
    assert "Trigger: School, 9 February 2015 (school.docx, row 13)" in witnessed[4].split("\n")
    assert witnessed[5].endswith("(Source: Learning brief, learning point b (reporting concerns))")
    assert {r[6] for r in rows[1:]} == {"Not yet reviewed"} and {r[7] for r in rows[1:]} == {""}


def test_the_reviewers_status_and_note_are_written_and_dismissed_findings_left_out(tmp_path, decided, sample_chronology):
    rows = _csv_rows(export_findings(decided, tmp_path / "f.csv", chronology=sample_chronology))
    assert len(rows) - 1 == len(decided) - 1
    assert ["Accepted", "Agreed at the panel."] in [r[6:] for r in rows[1:]]
    assert "Not in scope." not in {r[7] for r in rows[1:]}
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(decided))]  # numbered without gaps


def test_the_xlsx_is_one_sheet_with_a_bold_frozen_filtered_header(tmp_path, findings, sample_chronology):
    path = export_findings(findings, tmp_path / "f.xlsx", chronology=sample_chronology)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Findings"]
    sheet = book["Findings"]
    assert [c.value for c in sheet[1]] == HEADINGS and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:H{len(findings) + 1}"
    assert [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)] == list(range(1, len(findings) + 1))
    assert sheet["E2"].alignment.wrap_text and "\n" in sheet["E2"].value


def test_the_docx_is_a_landscape_table_whose_header_repeats(tmp_path, findings, sample_chronology):
    path = export_findings(findings, tmp_path / "f.docx", chronology=sample_chronology)
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Findings"
    section = document.sections[0]
    assert section.page_width > section.page_height
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == HEADINGS
    assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml
    assert len(table.rows) == len(findings) + 1
    assert table.rows[1].cells[0].text == "1"
    widths = [table.rows[0].cells[i].width for i in range(8)]
    assert widths[3] > widths[0] and widths[4] > widths[2]  # room for the sentence and the evidence


def test_formula_text_is_neutralised_in_csv_and_xlsx_not_in_docx(tmp_path, findings):
    risky = findings.head(2).assign(summary=["=HYPERLINK(\"http://x\",\"y\")", "-ve screen"],
                                    note=["+44 1234", "@sum(A1)"], status="to discuss")
    rows = _csv_rows(export_findings(risky, tmp_path / "f.csv"))
    assert sorted(r[3] for r in rows[1:]) == ["'-ve screen", "'=HYPERLINK(\"http://x\",\"y\")"]
    assert sorted(r[7] for r in rows[1:]) == ["'+44 1234", "'@sum(A1)"]
    sheet = openpyxl.load_workbook(export_findings(risky, tmp_path / "f.xlsx")).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert {"'=HYPERLINK(\"http://x\",\"y\")", "'@sum(A1)"} <= {c.value for c in cells}
    table = docx.Document(str(export_findings(risky, tmp_path / "f.docx"))).tables[0]
    assert {"=HYPERLINK(\"http://x\",\"y\")", "-ve screen"} <= {r.cells[3].text for r in table.rows}


def test_no_findings_is_a_table_of_headings(tmp_path):
    from reviewkit.check.verdicts import empty_verdicts, findings_from

    none = findings_from(empty_verdicts())
    assert _csv_rows(export_findings(none, tmp_path / "none.csv")) == [HEADINGS]
    assert len(docx.Document(str(export_findings(none, tmp_path / "none.docx"))).tables[0].rows) == 1


def test_a_findings_own_title_is_used_when_it_has_one(findings):
    from reviewkit.check.rules import rule_title

    titled = findings.head(2).assign(title=["Child B not referred by School (9 February 2015)", None])
    named = set(findings_table(titled)["Finding"])
    agency = titled["agency"].astype("string").fillna("all agencies").tolist()
    assert named == {f"Child B not referred by School (9 February 2015) ({agency[0]})",
                     f"{rule_title(titled['rule'].iloc[1])} ({agency[1]})"}


def test_without_the_chronology_the_evidence_lists_entry_ids(findings):
    table = findings_table(findings.head(1))
    assert table.iloc[0, 4].split("\n") == list(findings.iloc[0]["entries"])


def test_an_anonymised_copy_is_written_coarsened_and_a_leak_is_refused(tmp_path, findings, sample_chronology):
    anon = anonymise(sample_chronology, names={"Anytown": "the town"}, coarsen="month", findings=findings)
    rows = _csv_rows(export_findings(anon, tmp_path / "anon.csv"))
    text = "\n".join("\n".join(r) for r in rows)
    assert "Anytown" not in text and "9 February 2015" not in text and "February 2015" in text
    assert any("Trigger: Police, January 2015 (police.csv, row 7)" in r[4].split("\n") for r in rows[1:])
    leaky = anon.findings.assign(note="Seen at Anytown Primary on 09/02/2015.")
    out = tmp_path / "leak.docx"
    with pytest.raises(PublicationError, match=r"leak\.docx was not written(.|\n)*listed name 'Anytown'"):
        export_findings(leaky, out, chronology=anon.chronology, anonymised=anon)
    assert not out.exists()


def test_an_anonymised_copy_without_findings_is_refused(tmp_path, sample_chronology):
    anon = anonymise(sample_chronology, names={"Anytown": "the town"})
    with pytest.raises(ExportError, match="has no findings. Pass findings= to reviewkit.anonymise"):
        export_findings(anon, tmp_path / "f.csv")


@pytest.mark.parametrize("name", ["findings.pdf", "findings", "findings.html"])
def test_a_bad_suffix_is_refused_with_the_types_there_are(tmp_path, findings, name):
    with pytest.raises(ExportError, match=r"Cannot write a findings table to .*\.docx, \.xlsx or \.csv"):
        export_findings(findings, tmp_path / name)
    assert FINDINGS_SUFFIXES == (".docx", ".xlsx", ".csv")


def test_a_folder_that_is_a_file_is_refused_in_words(tmp_path, findings):
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match=r"'.*notes' is a file, not a folder"):
        export_findings(findings, tmp_path / "notes" / "out" / "f.docx")


def test_the_command_writes_each_type_and_refuses_a_bad_one(tmp_path, capsys):
    out = tmp_path / "findings.xlsx"
    assert main(["export-findings", str(SAMPLE_CASE), "-o", str(out), "--calendar", "wales"]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["Findings"]
    assert f"findings written to {out}" in capsys.readouterr().out
    assert main(["export-findings", str(SAMPLE_CASE), "-o", str(tmp_path / "f.pdf")]) == 2
    assert "reviewkit: Cannot write a findings table to 'f.pdf'" in capsys.readouterr().err
    assert main(["export-findings", str(SAMPLE_CASE), "-o", str(tmp_path / "f.csv"), "--coarsen", "month"]) == 2
    assert "--coarsen needs --anonymise" in capsys.readouterr().err
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    assert main(["export-findings", str(SAMPLE_CASE), "-o", str(tmp_path / "notes" / "f.csv")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_the_command_anonymises(tmp_path, capsys):
    names = tmp_path / "names.toml"
    names.write_text('"Anytown" = "the town"\n', encoding="utf-8")
    out = tmp_path / "findings.docx"
    assert main(["export-findings", str(SAMPLE_CASE), "-o", str(out), "--anonymise", str(names),
                 "--coarsen", "season"]) == 0
    text = "\n".join(c.text for row in docx.Document(str(out)).tables[0].rows for c in row.cells)
    assert "Anytown" not in text and "Winter 2014/15" in text


_ODD = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(summary=_ODD, note=_ODD)
def test_odd_text_is_written_safely_and_reads_back(tmp_path_factory, findings, summary, note):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    folder = tmp_path_factory.mktemp("odd")
    one = findings.head(1).assign(summary=summary, note=note, status="accepted")
    rows = _csv_rows(export_findings(one, folder / "f.csv"))
    cell = openpyxl.load_workbook(export_findings(one, folder / "f.xlsx")).active.cell(row=2, column=4)
    risky = summary.startswith(("=", "+", "-", "@", "\t", "\r"))
    written = ("'" if risky else "") + summary
    assert rows[1][3] == written and len(rows) == 2  # a carriage return stays inside its cell
    assert cell.data_type != "f"
    assert (cell.value or "") == ILLEGAL_CHARACTERS_RE.sub("", written)
    document = docx.Document(str(export_findings(one, folder / "f.docx")))
    assert len(document.tables[0].rows) == 2
