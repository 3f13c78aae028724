"""export_report: one self-contained, accessible HTML file with every part of the review."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

import plotly.offline
import pytest

import reviewkit
from reviewkit import export_report
from reviewkit.publish.plotly_bundle import plotly_script
from tests.conftest import SAMPLE_CASE


class _Outline(HTMLParser):
    """Collects tags, attributes and text, for structural checks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.scripts += tag == "script"

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


@pytest.fixture(scope="module")
def made(tmp_path_factory, sample_result):
    chron = sample_result.chronology.copy()
    chron.loc[chron.index[0], "summary"] = "<script>alert('owned')</script> & <img src=x onerror=alert(1)>"
    findings = reviewkit.detect(chron)
    path = export_report(
        chron, findings, tmp_path_factory.mktemp("r") / "child_d.html", title="Child D review",
        verdicts=reviewkit.check(chron), load_report=sample_result.report, rules=["learning"],
        procedures="wales", sources=[SAMPLE_CASE],
    )
    text = path.read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(text)
    return text, outline, findings


def test_plotly_is_embedded_once_and_nothing_is_fetched(made):
    text, outline, _ = made
    bundle, kind = plotly_script(["scatter", "bar", "heatmap"])
    assert kind == "cartesian" and text.count(bundle) == 1
    assert plotly.offline.get_plotlyjs()[:200] not in text  # not the full 4.7 MB bundle
    assert len(text.encode("utf-8")) <= 2_500_000  # the sample case's report, was 5.2 MB
    assert not [a for a in outline.all("script") if "src" in a]
    assert not [a for t, a in outline.tags if t in ("link", "img", "iframe") and
                re.match(r"(https?:)?//", a.get("href", "") + a.get("src", ""))]
    html_only = text.replace(bundle, "")
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html_only)
    assert "default-src 'none'" in text  # the Content-Security-Policy forbids outside requests


def test_the_page_is_accessible(made):
    text, outline, _ = made
    assert '<html lang="en-GB">' in text
    first_link = outline.all("a")[0]
    assert first_link == {"class": "skip-link", "href": "#main"}
    assert outline.all("main")[0]["id"] == "main"
    assert len(outline.all("h1")) == 1 and len(outline.all("h2")) >= 8
    tables = text.count("<table>")
    assert tables == text.count("<caption>") and tables > 10
    assert 'scope="col"' in text and 'scope="row"' in text
    figures = outline.all("figure")
    assert len(figures) == 5 and all("aria-labelledby" in f for f in figures)
    assert all(a.get("aria-label") for a in outline.all("div") if a.get("role") == "img")
    assert text.count("<details class=\"chart-table\">") == 5  # each chart's table alternative
    assert re.search(r'<details class="met"><summary>\d+ rule applications that were met</summary>', text)
    assert ":focus" in text and "outline: 3px" in text


def test_untrusted_text_is_escaped(made):
    text, outline, _ = made
    assert "<script>alert('owned')</script>" not in text
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in text
    assert not [a for a in outline.all("img")]


def test_every_part_is_there(made, sample_result):
    text, _, findings = made
    for heading in ("Case summary", "Timeline", "Agency involvement over time",
                    "Findings by learning theme", "What went well", "Data quality", "Provenance"):
        assert f">{heading}</h2>" in text
    for theme in findings["theme"].unique():
        assert f"<h3>{str(theme).capitalize()} (" in text
    assert text.count('class="finding ') == len(findings)
    assert "school.docx, row " in text  # evidence quoted with its source row
    assert f"<dd>{len(sample_result.chronology)}</dd>" in text


def test_provenance_has_version_rules_and_checksums(made):
    text, _, _ = made
    assert f"<dd>{reviewkit.__version__}</dd>" in text
    assert "<dd>learning</dd>" in text and "<dd>wales</dd>" in text
    for path in SAMPLE_CASE.iterdir():
        assert hashlib.sha256(path.read_bytes()).hexdigest() in text


def test_a_report_without_extras_still_says_what_is_missing(tmp_path, sample_chronology):
    path = export_report(sample_chronology, None, tmp_path / "bare.html")
    text = path.read_text(encoding="utf-8")
    assert "Verdicts were not given" in text and "load report was not given" in text
    assert "No rule was breached" in text
