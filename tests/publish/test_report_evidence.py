"""Evidence in the report: the entries that matter open, in date order, dates as written; the rest folded."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import reviewkit
from reviewkit.publish.as_written import in_date_order
from reviewkit.publish.evidence import MAX_SHOWN, evidence_html, key_entries, reader_dates

_ISO = re.compile(r"\b\d{4}-\d\d-\d\d\b")


def _tables(html: str) -> list[list[list[str]]]:
    """Body rows of each table in ``html``, as lists of cell texts."""
    return [[re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]
            for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.DOTALL)]


@pytest.fixture(scope="module")
def findings(sample_chronology):
    return reviewkit.detect(sample_chronology)


def test_iso_dates_are_written_like_the_rest_and_other_forms_stay_as_written():
    df = pd.DataFrame({"date_text": ["2016-06-09", "27 Jan 2015", "end of March 2015", "2015-03-02 09:15"],
                       "date": pd.to_datetime(["2016-06-09", "2015-01-27", "2015-03-31", "2015-03-02 09:15"], format="mixed")})
    assert reader_dates(df).tolist() == ["09/06/2016", "27 Jan 2015", "end of March 2015", "02/03/2015 09:15"]


def test_a_response_shows_its_trigger_and_response(findings, sample_chronology):
    linked = findings[(findings["kind"] == "response") & findings["link"].notna()]
    assert len(linked)
    for row in linked.itertuples():
        parts = key_entries(row.entries, row.kind, True, sample_chronology)
        assert parts[row.entries[0]] == "Trigger" and parts[row.entries[-1]] == "Response"


def test_long_evidence_shows_at_most_a_few_entries(findings, sample_chronology):
    longest = findings.loc[findings["entries"].map(len).idxmax()]
    assert len(longest["entries"]) > MAX_SHOWN
    parts = key_entries(longest["entries"], longest["kind"], pd.notna(longest["link"]), sample_chronology)
    assert 2 <= len(parts) <= MAX_SHOWN and longest["entries"][0] in parts


def test_every_findings_evidence_is_in_date_order_with_no_iso_date(findings, sample_chronology):
    for number, row in enumerate(findings.itertuples(), 1):
        html = evidence_html(row.entries, row.kind, pd.notna(row.link), sample_chronology, "Evidence", number)
        shown, everything = _tables(html)
        assert len(shown) <= MAX_SHOWN and len(everything) == len(row.entries)
        assert f"All {len(row.entries)} entries of finding {number}" in html and "<details" in html
        for table in (shown, everything):
            assert not any(_ISO.search(cells[1]) for cells in table)
        rows = in_date_order(sample_chronology[sample_chronology["entry_id"].isin(row.entries)])
        assert [cells[1] for cells in everything] == reader_dates(rows).tolist()
        open_ids = set(key_entries(row.entries, row.kind, pd.notna(row.link), sample_chronology))
        assert [cells[1] for cells in shown] == reader_dates(rows[rows["entry_id"].isin(open_ids)]).tolist()


def test_the_report_has_no_iso_date_in_its_tables(tmp_path, sample_chronology, findings):
    text = reviewkit.export_report(sample_chronology, findings, tmp_path / "r.html").read_text(encoding="utf-8")
    body = text[text.index("<main"):]
    for table in _tables(body):
        assert not [cells for cells in table if any(_ISO.fullmatch(c.strip()) for c in cells)]
