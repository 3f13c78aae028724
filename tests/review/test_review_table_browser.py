"""The review table in a real JupyterLab, in headless Chromium: it renders, and clicks write the file.

A JupyterLab server (installed with reviewkit) runs in a subprocess on a free local port, with a
Python kernel, over a temporary folder holding a small case and a notebook that shows the
review table. Chromium opens the notebook, runs it, clicks a status button and a check box, and
the test reads ``decisions.toml``. Needs Debian's ``chromium`` and ``chromium-driver`` and
Selenium; skipped, with the reason, only where they are missing; in CI (``CI`` set) it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
from browser import chromium, require_browser
from chronology_factory import MIDWIFERY_TWO_BIRTHS

import reviewkit
from reviewkit import DataQualityWarning
from reviewkit.review.reading import read_decisions

ROOT = Path(__file__).resolve().parents[2]
MIDWIFERY = MIDWIFERY_TWO_BIRTHS
CELL = """\
import warnings
warnings.simplefilter("ignore")
import reviewkit
from reviewkit.review.table import review_table
chronology = reviewkit.read_chronology("family_x")
review_table(reviewkit.detect(chronology), chronology, "family_x", by="Browser test")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder with a small case (one birth not screened, one screened) and the notebook."""
    root = tmp_path_factory.mktemp("review")
    case = root / "family_x"
    case.mkdir()
    (case / "midwifery.csv").write_text(MIDWIFERY, encoding="utf-8")
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "review", "metadata": {},
                   "outputs": [], "source": CELL}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    (root / "review.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def expected(workspace):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = reviewkit.read_chronology(workspace / "family_x")
    return reviewkit.detect(chronology)


@pytest.fixture(scope="module")
def lab(workspace, tmp_path_factory):
    """A JupyterLab server over ``workspace``; yields its URL with the token."""
    require_browser()
    port, token = _free_port(), secrets.token_hex(16)
    home = tmp_path_factory.mktemp("jupyter")
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "IPYTHONDIR": str(home / "ipython"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workspace}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=workspace, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(f"{url}/api/status?token={token}", server, home / "lab.log")
        yield f"{url}/lab/tree/review.ipynb?token={token}&reset"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_for_server(status_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(status_url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not start within 90 s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def page(lab, tmp_path_factory):
    """The notebook open in headless Chromium, run, with the review table shown."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium(tmp_path_factory.mktemp("chromium-profile"), (
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"))
    driver.set_page_load_timeout(120)
    try:
        driver.get(lab)
        WebDriverWait(driver, 120).until(lambda d: d.execute_script(
            "const app = window.jupyterapp; const w = app && app.shell.currentWidget;"
            "return !!(w && w.content && w.content.widgets && w.sessionContext"
            " && w.sessionContext.session && w.sessionContext.session.kernel)"))
        driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        WebDriverWait(driver, 180).until(
            lambda d: d.execute_script("return document.querySelectorAll('.reviewkit-finding').length > 0"))
        yield driver
    finally:
        driver.quit()


def test_the_table_shows_every_finding_with_its_evidence(page, expected):
    assert len(expected) == 1
    cards = page.execute_script(
        "return Array.from(document.querySelectorAll('.reviewkit-finding')).map(c => c.innerText)")
    assert len(cards) == len(expected)
    assert expected["finding_id"].iloc[0] in cards[0]
    assert "Child D born at 38 weeks" in cards[0]
    buttons = page.execute_script(
        "return Array.from(document.querySelectorAll('.reviewkit-status button')).map(b => b.innerText.trim())")
    assert buttons == ["open", "accepted", "to discuss", "dismissed"]


def test_clicking_a_status_writes_it_to_the_decisions_file(page, workspace, expected):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    button = next(b for b in page.find_elements(By.CSS_SELECTOR, ".reviewkit-status button")
                  if b.text.strip() == "to discuss")
    button.click()
    path = workspace / "family_x" / "decisions.toml"
    WebDriverWait(page, 30).until(lambda _: path.exists())
    decision = read_decisions(path).findings[expected["finding_id"].iloc[0]]
    assert (decision.status, decision.by) == ("to discuss", "Browser test")


def test_ticking_key_practice_episode_writes_an_entry_correction(page, workspace, expected):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page.find_elements(By.CSS_SELECTOR, ".reviewkit-key-episode input[type=checkbox]")[0].click()
    path = workspace / "family_x" / "decisions.toml"

    def corrected(_):
        return path.exists() and read_decisions(path).entries

    entries = WebDriverWait(page, 30).until(corrected)
    assert list(entries) == [expected["entries"].iloc[0][0]]
    assert entries[expected["entries"].iloc[0][0]].reviewer_tags == ("key practice episode",)
