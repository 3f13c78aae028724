"""One self-contained, accessible HTML report of a case: timeline, charts, findings, provenance.

The file works offline: plotly.js is embedded once (the packaged cartesian bundle when it draws
every chart, see :mod:`reviewkit.publish.plotly_bundle`), and a Content-Security-Policy forbids
loading anything from anywhere else. It is written to WCAG 2.1 AA: real headings and tables,
a skip link, visible focus, alt text and a table alternative for every chart.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

import pandas as pd

from reviewkit.gc_threshold import with_fewer_collections
from reviewkit.messages import message, message_column
from reviewkit.publish.review_period_section import review_period_section
from reviewkit.publish.report_sections import (
    dismissed_section,
    esc,
    findings_section,
    glossary_section,
    html_table,
    provenance_section,
    quality_section,
    shown_and_dismissed,
    summary_section,
)
from reviewkit.publish.strengths_section import strengths_section

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from reviewkit.publish.anonymise import Anonymised

#: plotly options for every chart: no logo, no link to any web service.
PLOTLY_CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True,
                                 "showSendToCloud": False}

#: Keys of a figure whose values are positions, not text (left out of the leak check).
_POSITION_KEYS = frozenset({"x", "y", "x0", "x1", "y0", "y1", "base", "range", "tickvals", "z",
                            "width", "bdata", "dtype", "shape", "ax", "ay", "axref", "ayref"})


_ISO = re.compile(r"^\d{4}-\d\d-\d\d(?:[T ][\d:.]+)?$")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)


@with_fewer_collections
def export_report(
    chronology: pd.DataFrame | Anonymised,
    findings: pd.DataFrame | None,
    path: str | os.PathLike,
    *,
    title: str | None = None,
    verdicts: pd.DataFrame | None = None,
    load_report: pd.DataFrame | None = None,
    rules: object = None,
    procedures: str | None = None,
    sources: Sequence[str | os.PathLike] | None = None,
    anonymised: Anonymised | None = None,
) -> Path:
    """Write one self-contained HTML report of a case; return its path.

    The report has: a case summary (agencies, period, entries); the interactive timeline
    (:func:`reviewkit.timeline`) and the learning-review charts, each with alt text and its
    data as a table; the findings by learning theme with their evidence entries quoted (agency,
    date as written, source row); what went well (the entries that record progress or good
    practice, and the rules that were met); the data-quality report from
    loading; and provenance (reviewkit version, rule packs, procedures, SHA-256 of each input).
    When the findings carry the reviewer's decisions (:func:`reviewkit.detect` with a
    ``decisions.toml``), the report and its charts show the accepted findings, those to
    discuss and those not yet reviewed, each marked so, with counts of each; the dismissed
    findings are listed with the reviewer's notes in an appendix.

    Parameters
    ----------
    chronology
        The chronology, or an :class:`~reviewkit.publish.anonymise.Anonymised` copy (its findings are
        used when ``findings`` is ``None``).
    findings
        From :func:`reviewkit.detect`.
    path
        The ``.html`` file to write.
    title
        The report's title (default: ``Case review: <the title in case.toml, else the case id>``).
    verdicts
        From :func:`reviewkit.check`, for the rules that were met (under "What went well").
    load_report
        ``reviewkit.load_with_report(...).report``.
    rules, procedures
        The rule packs and procedures used (for provenance).
    sources
        The input files (or case folders) whose SHA-256 the report records.
    anonymised
        Refuse to write (:class:`reviewkit.exceptions.PublicationError`) if a listed name or an
        exact date would appear. Verdicts and the load report are anonymised the same way.

    Examples
    --------
    >>> import reviewkit, tempfile, pathlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d/police.csv")
    >>> out = export_report(chron, None, pathlib.Path(tempfile.mkdtemp()) / "r.html")
    >>> text = out.read_text(encoding="utf-8")
    >>> '<html lang="en-GB">' in text and "<script src" not in text
    True
    """
    # an Anonymised exists only once its module is imported (with its name and phone-number
    # libraries, which a report of a case as it stands does not need)
    anonymise = sys.modules.get("reviewkit.publish.anonymise")
    if anonymise is not None and isinstance(chronology, anonymise.Anonymised):
        anonymised = anonymised or chronology
        findings = chronology.findings if findings is None else findings
        chronology = chronology.chronology
    findings = findings if findings is not None else _no_findings()
    if anonymised is not None:
        verdicts = None if verdicts is None else anonymised.apply(verdicts)
        load_report = None if load_report is None else anonymised.apply(load_report)
    named = chronology.attrs.get("case_titles", {})
    cases = ", ".join(named.get(case, case) for case in sorted(chronology["case_id"].dropna().astype(str).unique())) or "case"
    title = title or message("report.title", cases=cases)
    made = f"{datetime.now():%d %B %Y %H:%M}"  # when the report was made: not case data
    rename = anonymised.apply if anonymised is not None else (lambda text: text)
    shown, dismissed = shown_and_dismissed(findings)
    sections = [
        ("summary", message("report.summary"),
         summary_section(chronology, shown, anonymised.coarsen if anonymised else None), []),
        *_chart_sections(chronology, shown, anonymised),
        ("findings", message("report.findings"), findings_section(findings, chronology), []),
        ("what-went-well", message("report.what_went_well"), strengths_section(chronology, verdicts), []),
        ("data-quality", message("report.data_quality"), quality_section(load_report), []),
        ("provenance", message("report.provenance"), provenance_section(
            version("reviewkit"), rules, procedures, sources,
            made, rename), []),
    ]
    if dismissed is not None:
        sections.append(("dismissed", message("report.dismissed"),
                         dismissed_section(dismissed), []))
    period = review_period_section(chronology, coarsen=anonymised.coarsen if anonymised else None)
    if period is not None:  # case.toml states a review period
        sections.insert(-1 if dismissed is None else -2,
                        ("review-period", message("report.review_period"), period, []))
    sections.append(("glossary", message("report.glossary"), glossary_section(chronology), []))
    if anonymised is not None:
        parts = [("the title", title)] + [
            (f"the section '{heading}'", html.unescape(_SCRIPT.sub("", body)).replace(made, ""))
            for _, heading, body, _ in sections
        ] + [(f"the chart '{name}'", text) for *_, figs in sections for name, fig in figs
             for text in figure_texts(fig)]
        from reviewkit.publish.publication import check_publishable

        check_publishable(parts, anonymised, where=Path(path).name)
    page = _page(title, sections, version("reviewkit"))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def figure_html(fig: go.Figure, div_id: str, description: str) -> str:
    """A chart as a ``<figure>``: the plot (with ``aria-label`` alt text) and its caption.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> out = figure_html(go.Figure(go.Scatter(x=[1], y=[2])), "chart-1", "One point")
    >>> 'aria-label="One point"' in out and "<script" in out and "cdn.plot.ly" not in out
    True
    """
    import plotly.io as pio

    body = pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=PLOTLY_CONFIG, default_width="100%", validate=False)
    return (f'<figure aria-labelledby="{div_id}-caption">'
            f'<div role="img" aria-label="{esc(description)}">{body}</div>'
            f'<figcaption id="{div_id}-caption">{esc(description)}</figcaption></figure>')


def figure_texts(fig: go.Figure) -> list[str]:
    """Every text a figure shows (names, hover text, labels), without its date coordinates."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if not _ISO.match(value):
                found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in _POSITION_KEYS or key in ("x", "y"):
                    walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "tolist"):
            walk(value.tolist())

    walk(fig.to_plotly_json())
    return found


def coarse_figure(fig: go.Figure, coarsen: str) -> go.Figure:
    """The figure with the dates written in its texts (not its coordinates) coarsened.

    Render functions label some marks with dates (``01/04/2014``); in an anonymised report they
    show the period instead (``April 2014``). Names are not touched: the leak check sees them.
    """
    import plotly.graph_objects as go

    from reviewkit.publish.coarsen import coarsen_text

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if _ISO.match(value) or key in _POSITION_KEYS - {"x", "y"} else coarsen_text(value, coarsen)
        if isinstance(value, dict):
            return {k: v if k in _POSITION_KEYS - {"x", "y"} else walk(v, k) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v, key) for v in value]
        if hasattr(value, "dtype") and value.dtype == object:
            return [walk(v, key) for v in value.tolist()]
        return value

    return go.Figure(walk(fig.to_plotly_json()), skip_invalid=True)


def _chart_sections(chronology: pd.DataFrame, findings: pd.DataFrame,
                    anonymised: Anonymised | None) -> list[tuple]:
    import reviewkit.render as render
    from reviewkit.publish.coarsen import coarsen_text
    from reviewkit.render import chart_tables as tables

    timeline = render.timeline(chronology, findings, checked=False)  # written out only: the same figure, sooner
    entries = _entries_table(chronology)
    charts = [
        ("timeline", message("report.chart_timeline"), timeline, entries, message("report.caption_timeline")),
        ("involvement", message("report.chart_involvement"), render.involvement_heatmap(chronology, checked=False),
         tables.involvement_table(chronology).reset_index(), message("report.caption_involvement")),
        ("themes", message("report.chart_themes"), render.findings_by_theme(findings, checked=False),
         tables.findings_theme_table(findings).reset_index(), message("report.caption_themes")),
        ("delays", message("report.chart_delays"), render.response_delays(findings, checked=False),
         tables.response_delay_table(findings), message("report.caption_delays")),
        ("who-knew", message("report.chart_who_knew"), render.who_knew(chronology, checked=False),
         tables.who_knew_table(chronology), message("report.caption_who_knew")),
    ]
    out = []
    coarsen = anonymised.coarsen if anonymised is not None else None
    for div, heading, fig, table, caption in charts:
        table = table_text(table, coarsen)
        if coarsen is not None:
            fig = coarse_figure(fig, coarsen)
            table = table.map(lambda text: coarsen_text(text, coarsen))
        description = (fig.layout.meta or {}).get("description") if isinstance(fig.layout.meta, dict) else None
        description = description or message("report.chart_alt", heading=heading)
        body = (figure_html(fig, f"chart-{div}", description)
                + f"<details class=\"chart-table\"><summary>{esc(message('report.chart_table', heading=heading))}</summary>"
                + html_table(table, caption) + "</details>")
        out.append((div, heading, body, [(heading, fig)]))
    return out


def table_text(table: pd.DataFrame, coarsen: str | None = None) -> pd.DataFrame:
    """A table as text: dates as dd/mm/yyyy (or their month, season or year when coarsened).

    Examples
    --------
    >>> t = pd.DataFrame({"when": pd.to_datetime(["2015-02-01", None]), "n": [1, 2]})
    >>> table_text(t, "season").values.tolist()
    [['Winter 2014/15', '1'], ['', '2']]
    """
    from reviewkit.publish.coarsen import period_label

    out = table.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            if coarsen:
                out[name] = column.map(lambda t: period_label(t, coarsen), na_action="ignore")
            else:
                out[name] = column.dt.strftime("%d/%m/%Y %H:%M").str.replace(" 00:00", "")
    return out.astype("string").fillna("")


def _entries_table(chronology: pd.DataFrame) -> pd.DataFrame:
    from reviewkit.publish.as_written import in_date_order
    from reviewkit.publish.evidence import reader_dates

    ordered = in_date_order(chronology)
    source = message_column("report.source_row", source=ordered["source"], row=ordered["source_row"])
    return pd.DataFrame({
        message("report.column_date_written"): reader_dates(ordered),
        message("report.column_agency"): ordered["agency"].astype("string"),
        message("report.column_event_type"): ordered["event_type"].astype("string"),
        message("report.column_entry"): ordered["summary"],
        message("report.column_source"): source.where(ordered["source"].notna() & ordered["source_row"].notna()),
    })  # fmt: skip


def _no_findings() -> pd.DataFrame:
    from reviewkit.check.verdicts import empty_verdicts, findings_from

    return findings_from(empty_verdicts())


def _page(title: str, sections: list[tuple], version: str) -> str:
    from reviewkit.publish.plotly_bundle import plotly_script

    template = Template(resources.files("reviewkit").joinpath("data/report_template.html")
                        .read_text(encoding="utf-8"))
    contents = "\n".join(f'<li><a href="#{div}">{esc(heading)}</a></li>' for div, heading, *_ in sections)
    body = "\n".join(
        f'<section id="{div}" aria-labelledby="{div}-heading">'
        f'<h2 id="{div}-heading">{esc(heading)}</h2>\n{content}</section>'
        for div, heading, content, _ in sections
    )
    plotlyjs, _ = plotly_script({trace.type for *_, figs in sections for _, fig in figs for trace in fig.data})
    if re.search(r"</script", plotlyjs, re.IGNORECASE):  # pragma: no cover - plotly never has it
        raise RuntimeError("plotly.js cannot be embedded: it contains a closing script tag.")
    return template.substitute(
        title=esc(title), version=esc(version), contents=contents, body=body,
        subtitle=esc(message("report.subtitle", date=f"{datetime.now():%d %B %Y}")),
        lang=esc(message("report.lang")), skip_link=esc(message("report.skip_link")),
        contents_heading=esc(message("report.contents")), footer=esc(message("report.footer", version=version)),
        plotlyjs=f'<script type="text/javascript">{plotlyjs}</script>',
    )
