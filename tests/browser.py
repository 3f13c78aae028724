"""Headless Chromium for the browser tests: Debian's chromium and chromium-driver, driven by Selenium.

``.ci/run`` installs both. A test that needs them calls :func:`require_browser`: it skips with
the reason where they are missing, and fails instead under CI (``CI`` set), where they must be.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: Flags every test browser gets: headless, no sandbox (containers), no background requests.
BASE_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-background-networking", "--disable-component-update", "--no-first-run",
              "--window-size=1400,1000")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if CHROMIUM is None or not CHROMEDRIVER.exists():
        return ("Chromium or chromedriver is not installed (apt-get install chromium "
                "chromium-driver); the browser test cannot run here.")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "Selenium is not installed (pip install -e '.[test]')."
    return None


def require_browser() -> None:
    """Skip (or, under CI, fail) the calling test when Chromium cannot run."""
    reason = missing_browser()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)


def chromium(profile: Path, flags: Iterable[str] = (), *, console_log: bool = False):
    """A headless Chromium driven by Selenium, with ``flags`` added to :data:`BASE_FLAGS`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*BASE_FLAGS, *flags, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if console_log:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
