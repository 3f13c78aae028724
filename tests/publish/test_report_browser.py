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
    return path, len(figure.data), points


@pytest.fixture(scope="module")
def page(browser, report):
    from selenium.webdriver.support.ui import WebDriverWait

    path, _, _ = report
    browser.get(path.as_uri())
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script(
            "return document.querySelectorAll('.js-plotly-plot').length >= 5"
            " && !!document.querySelector('#chart-timeline .cartesianlayer .subplot.xy .scatterlayer')"))
    return browser


def test_timeline_renders_every_trace(page, report):
    _, expected, _ = report
    assert page.execute_script("return document.getElementById('chart-timeline').data.length") == expected
    drawn = page.execute_script(
        "const main = document.querySelector('#chart-timeline .cartesianlayer .subplot.xy');"
        "return main.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length")
    assert drawn == expected


def test_timeline_draws_every_point(page, report):
    _, _, points = report
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
