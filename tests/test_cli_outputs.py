"""The report, export and figure commands, named and anonymised."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from reviewkit.cli import main

NAMES = '"Anytown" = "a town"\n"Brookfield" = "another area"\n"Millbrook" = "a third area"\n"Northshire" = "the county"\n'


@pytest.fixture
def names(tmp_path):
    path = tmp_path / "names.toml"
    path.write_text(NAMES)
    return str(path)


def _run(*args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return main(list(args))


def test_report_writes_one_offline_html_file(tmp_path):
    out = tmp_path / "child_d.html"
    assert _run("report", "sample_data/child_d", "-o", str(out)) == 0
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "School staff witnessed an assault" in html
    assert "Content-Security-Policy" in html and "plotly" in html  # embedded, offline


def test_anonymised_outputs_carry_no_listed_name_and_no_exact_date(tmp_path, names):
    report, chronology = tmp_path / "r.html", tmp_path / "c.csv"
    assert _run("report", "sample_data/child_d", "-o", str(report), "--anonymise", names, "--coarsen", "month") == 0
    assert _run("export", "sample_data/child_d", "-o", str(chronology), "--anonymise", names, "--coarsen", "month") == 0
    for text in (report.read_text(), chronology.read_text(encoding="utf-8-sig")):
        for name in ("Anytown", "Brookfield", "Millbrook", "Northshire"):
            assert name.lower() not in text.lower()
    exported = pd.read_csv(chronology, encoding="utf-8-sig")
    assert not exported["Date"].astype(str).str.contains("09/02/2015").any()
    assert exported["Date"].astype(str).str.contains("February 2015").any()


def test_export_and_figure_by_suffix(tmp_path):
    for suffix in ("xlsx", "docx", "csv"):
        assert _run("export", "sample_data/child_d", "-o", str(tmp_path / f"c.{suffix}")) == 0
        assert (tmp_path / f"c.{suffix}").stat().st_size > 1000
    assert _run("figure", "sample_data/child_d", "-o", str(tmp_path / "t.svg")) == 0
    assert "<svg" in (tmp_path / "t.svg").read_text()[:500]


def test_coarsen_without_names_is_refused_in_words(tmp_path, capsys):
    assert _run("export", "sample_data/child_d", "-o", str(tmp_path / "c.csv"), "--coarsen", "year") == 2
    assert "--coarsen needs --anonymise" in capsys.readouterr().err
