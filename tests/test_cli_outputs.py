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


def test_an_anonymised_figure_is_checked_and_written(tmp_path, names):
    out = tmp_path / "t.svg"
    assert _run("figure", "sample_data/child_d", "-o", str(out), "--anonymise", names, "--coarsen", "month") == 0
    svg = out.read_text()
    assert "<svg" in svg[:500] and "anytown" not in svg.lower()


def test_a_figure_that_still_shows_names_or_exact_dates_is_refused(sample_chronology):
    from reviewkit.exceptions import PublicationError
    from reviewkit.publish.anonymise import anonymise
    from reviewkit.publish.figure_check import check_figure_publishable
    from reviewkit.render import plot_timeline, timeline

    anonymised = anonymise(sample_chronology, names={"Anytown": "a town"}, coarsen="month")
    check_figure_publishable(timeline(anonymised.chronology), anonymised)  # made from the anonymised data
    with pytest.raises(PublicationError) as refused:  # hover text made from the original entries
        check_figure_publishable(timeline(sample_chronology), anonymised, where="timeline.html")
    assert str(refused.value).startswith("timeline.html was not written")
    assert "customdata: the exact date" in str(refused.value)  # dates as written, in the hover boxes
    printed = plot_timeline(anonymised.chronology, title="Learning review: Anytown")
    with pytest.raises(PublicationError, match="figure text: the listed name 'Anytown'"):
        check_figure_publishable(printed, anonymised, where="timeline.png")


def test_a_print_figure_takes_its_page_orientation_resolution_and_title(tmp_path):
    import matplotlib.image

    landscape, portrait = tmp_path / "l.png", tmp_path / "p.png"
    assert _run("figure", "sample_data/child_d", "-o", str(landscape), "--size", "A4", "--dpi", "60") == 0
    assert _run("figure", "sample_data/child_d", "-o", str(portrait), "--size", "A4", "--dpi", "120",
                "--orientation", "portrait") == 0
    wide, tall = matplotlib.image.imread(landscape).shape, matplotlib.image.imread(portrait).shape
    assert wide[1] > wide[0] and tall[0] > tall[1]  # landscape is wider than high, portrait taller
    assert tall[0] > 1.5 * wide[0]  # twice the dots per inch on a page a third taller
    svg = tmp_path / "t.svg"
    assert _run("figure", "sample_data/child_d", "-o", str(svg), "--title", "Child D: learning review") == 0
    assert "Child D: learning review" in svg.read_text(encoding="utf-8")


def test_a_print_figure_is_titled_from_case_toml_by_default(tmp_path):
    svg = tmp_path / "t.svg"
    assert _run("figure", "sample_data/child_d", "-o", str(svg)) == 0
    text = svg.read_text(encoding="utf-8")
    assert "Child D (fictional sample case after a published learning brief)" in text
    assert "timeline: child_d" not in text  # the case id is the title only when case.toml has none


def test_the_report_and_timeline_are_named_by_case_toml_and_anonymised_with_the_names(sample_chronology):
    import reviewkit

    title = "Child D (fictional sample case after a published learning brief)"
    assert sample_chronology.attrs["case_titles"] == {"child_d": title}
    assert reviewkit.timeline(sample_chronology).layout.title.text.endswith(title)
    anon = reviewkit.anonymise(sample_chronology, names={"Child D": "the youngest child"})
    assert anon.chronology.attrs["case_titles"] == {
        "child_d": "the youngest child (fictional sample case after a published learning brief)"}


def test_the_report_and_the_findings_table_take_more_rule_packs(tmp_path):
    report = tmp_path / "r.html"
    assert _run("report", "sample_data/child_d", "-o", str(report)) == 0
    assert "child-seen-while-on-a-plan" not in report.read_text(encoding="utf-8")
    assert _run("report", "sample_data/child_d", "-o", str(report),
                "--rules", "learning", "--rules", "national") == 0
    text = report.read_text(encoding="utf-8")
    assert "child-seen-while-on-a-plan" in text  # met on the sample: among the rules that were met
    assert "national" in text  # and the pack is named in the provenance
    table = tmp_path / "f.csv"
    assert _run("export-findings", "sample_data/child_d", "-o", str(table), "--rules", "national") == 0
