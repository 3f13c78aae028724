"""The exported report in a real headless Chromium, with the network cut off.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and Selenium.
Skipped, with the reason, only where they are missing; in CI (``CI`` set) it fails instead.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from browser import chromium, require_browser

import reviewkit
from reviewkit import DataQualityWarning

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    require_browser()
    driver = chromium(tmp_path_factory.mktemp("chromium-profile"), (
        "--use-gl=swiftshader", "--enable-unsafe-swiftshader", "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND"), console_log=True)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        result = reviewkit.load_with_report(ROOT / "sample_data" / "child_d")
    chronology = result.chronology
    findings = reviewkit.detect(chronology)
    path = reviewkit.export_report(
        chronology, findings, tmp_path_factory.mktemp("report") / "child_d.html",
        verdicts=reviewkit.check(chronology), load_report=result.report,
        sources=[ROOT / "sample_data" / "child_d"],
    )
    figure = reviewkit.timeline(chronology, findings)
    points = sum(
        sum(x is not None for x in trace.x) for trace in figure.data
        if trace.type == "scatter" and "markers" in (trace.mode or "")
    )
    last = chronology[["date", "date_latest", "end", "end_latest"]].max().max()
    return path, len(figure.data), points, (chronology["date"].min(), last)


@pytest.fixture(scope="module")
def page(browser, report):
    from selenium.webdriver.support.ui import WebDriverWait

    path, *_ = report
    browser.get(path.as_uri())
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script(
            "return document.querySelectorAll('.js-plotly-plot').length >= 5"
            " && !!document.querySelector('#chart-timeline .cartesianlayer .subplot.xy .scatterlayer')"))
    return browser


def test_timeline_renders_every_trace(page, report):
    _, expected, *_ = report
    assert page.execute_script("return document.getElementById('chart-timeline').data.length") == expected
    drawn = page.execute_script(
        "const main = document.querySelector('#chart-timeline .cartesianlayer .subplot.xy');"
        "return main.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length")
    assert drawn == expected


def test_timeline_draws_every_point(page, report):
    _, _, points, _ = report
    assert points > 300  # the sample case's point entries, legend keys and finding marks
    drawn = page.execute_script(
        "return document.querySelectorAll("
        "'#chart-timeline .cartesianlayer .subplot.xy .scatterlayer .point').length")
    assert drawn == points


def test_every_chart_renders(page):
    ids = page.execute_script(
        "return Array.from(document.querySelectorAll('.js-plotly-plot')).map(e => e.id)")
    assert set(ids) >= {"chart-timeline", "chart-involvement", "chart-themes", "chart-delays",
                        "chart-who-knew"}


#: Every chart's axes and traces as drawn: each axis's type and drawn range, and for each trace
#: with data how many of its marks (points, line segments, bars, heatmap images) are drawn
#: with a size inside the plot area; a trace without data must be a legend key.
_DRAWN = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
  const area = gd.querySelector('.cartesianlayer .subplot.xy').parentNode.ownerSVGElement
    .querySelector('.draglayer .xy .nsewdrag').getBoundingClientRect();
  const groups = Array.from(gd.querySelectorAll('.cartesianlayer .subplot.xy .trace, .cartesianlayer .subplot.xy .hm'));
  const traces = gd._fullData.filter(t => t.visible === true).map(t => {
    const mine = groups.filter(g => g.__data__ && g.__data__[0] && g.__data__[0].trace
                                    && g.__data__[0].trace.index === t.index);
    const marks = mine.flatMap(g => Array.from(g.querySelectorAll(
        'path.point, .points .point path, .lines path, image, .textpoint text'))).map(e => e.getBoundingClientRect())
      .filter(r => r.width > 0.5 || r.height > 0.5);
    const inside = marks.filter(r => r.right >= area.left - 1 && r.left <= area.right + 1
                                     && r.bottom >= area.top - 1 && r.top <= area.bottom + 1);
    const values = [].concat(t.x || [], t.z || []).flat().filter(v => v !== null && v !== undefined);
    const legend = Array.from(gd.querySelectorAll('.infolayer .traces text[class^=legend]')).map(e => e.textContent);
    return {index: t.index, name: t.name, type: t.type, values: values.length, marks: marks.length,
            inside: inside.length,
            legend: t.showlegend && legend.includes((t.name || '').replace(/<br>/g, ''))};  // a wrapped key entry's lines
  });
  const axis = a => ({type: a.type, range: a.range.slice(), title: a.title && a.title.text});
  return {id: gd.id, xaxis: axis(gd._fullLayout.xaxis), yaxis: axis(gd._fullLayout.yaxis), traces};
});
"""


@pytest.fixture(scope="module")
def drawn(page):
    return {chart["id"]: chart for chart in page.execute_script(_DRAWN)}


def test_every_chart_is_drawn_and_checked(drawn):
    assert set(drawn) == {"chart-timeline", "chart-involvement", "chart-themes", "chart-delays",
                          "chart-who-knew"}


@pytest.mark.parametrize("chart", ["chart-timeline", "chart-involvement", "chart-who-knew"])
def test_date_axes_are_date_axes_inside_the_cases_dates(drawn, report, chart):
    import pandas as pd

    first, last = report[3]
    axis = drawn[chart]["xaxis"]
    assert axis["type"] == "date", f"{chart}: the x axis is {axis['type']}, not dates ({axis['range']})"
    lo, hi = (pd.Timestamp(v) for v in axis["range"])
    slack = (last - first) * 0.05 + pd.Timedelta(days=31)  # margins and whole months
    assert first - slack <= lo < hi <= last + slack, (chart, lo, hi, first, last)
    assert hi - lo >= pd.Timedelta(days=30)


@pytest.mark.parametrize("chart", ["chart-timeline", "chart-involvement", "chart-themes", "chart-delays",
                                   "chart-who-knew"])
def test_every_trace_is_drawn_inside_its_axes(drawn, chart):
    traces = drawn[chart]["traces"]
    assert traces, f"{chart} has no trace"
    for trace in traces:
        if trace["values"] == 0:  # a legend key: it must be in the legend
            assert trace["legend"], f"{chart}: trace {trace['name']!r} has no data and no legend entry"
        else:
            assert trace["inside"] > 0, f"{chart}: trace {trace['name']!r} draws nothing inside the axes: {trace}"


def test_no_request_leaves_the_file(page):
    urls = page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".concat(performance.getEntriesByType('navigation').map(e => e.name))")
    outside = [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:"))]
    assert not outside, f"the report asked for {outside}"
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in urls), urls


def test_no_console_errors(page):
    severe = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, severe


def test_tab_first_reaches_the_skip_link(page, report):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page.get(report[0].as_uri())
    ActionChains(page).send_keys(Keys.TAB).perform()
    focused = page.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
    assert focused.get_attribute("href").endswith("#main")
    outline = page.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    ActionChains(page).send_keys(Keys.ENTER).perform()
    assert page.execute_script("return document.activeElement.id") == "main"


def test_every_chart_has_alt_text_and_a_table(page):
    figures = page.execute_script(
        "return Array.from(document.querySelectorAll('figure')).map(f => [f.querySelector"
        "('[role=img]').getAttribute('aria-label'), !!f.nextElementSibling.querySelector('table')])")
    assert len(figures) == 5
    assert all(label and table for label, table in figures)


def test_evidence_shows_the_entries_that_matter_and_folds_the_rest(page):
    found = page.execute_script(
        "return Array.from(document.querySelectorAll('#findings article.finding')).map(a => {"
        "  const open = a.querySelector(':scope > .table-wrap table');"
        "  const fold = a.querySelector(':scope > details.evidence-more');"
        "  return [open.querySelectorAll('tbody tr').length, fold ? fold.open : null,"
        "          fold ? fold.querySelectorAll('tbody tr').length : 0,"
        "          open.getBoundingClientRect().height > 0,"
        "          fold ? fold.querySelector('table').checkVisibility() : false]; })")
    assert found
    for shown, is_open, everything, visible, folded_visible in found:
        assert 1 <= shown <= 6 and visible
        assert is_open is False and not folded_visible  # folded until asked for
        assert everything >= shown
    assert max(everything for _, _, everything, _, _ in found) > 6  # the sample has long evidence


def test_the_print_stylesheet_keeps_charts_and_drops_the_interactive_chrome(browser, report):
    import base64
    import re

    from selenium.webdriver.common.print_page_options import PrintOptions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(report[0].as_uri())

    WebDriverWait(browser, 60).until(lambda d: d.execute_script(
        "return document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5"))
    browser.execute_script("window.__widths = []; window.addEventListener('beforeprint', () =>"
                           " window.__widths = Array.from(document.querySelectorAll('.js-plotly-plot'))"
                           ".map(gd => gd._fullLayout.width));")
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)
    widths = browser.execute_script("return window.__widths")
    assert len(widths) == 5 and all(w == 680 for w in widths)  # every chart drawn to the page's width
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        shown = browser.execute_script(
            "const d = s => Array.from(document.querySelectorAll(s)).map(e => getComputedStyle(e).display);"
            "return {nav: d('nav'), modebar: d('.modebar-container'), tables: d('details.chart-table'),"
            " charts: Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))"
            "   .map(e => e.getBoundingClientRect().width)}")
        window = browser.execute_script(  # redrawn for the page: each chart still inside its figure
            "window.dispatchEvent(new Event('beforeprint'));"
            "return Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => ["
            " gd.querySelector('.main-svg').getBoundingClientRect().bottom,"
            " gd.closest('figure').querySelector('figcaption').getBoundingClientRect().top])")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown["nav"] == ["none"] and set(shown["modebar"]) == {"none"} and set(shown["tables"]) == {"none"}
    assert shown["charts"] and min(shown["charts"]) > 100
    assert all(svg_bottom <= caption_top + 1 for svg_bottom, caption_top in window), window
