"""Progress bars: shown when asked or watched, quiet in tests and scripts, on loads and checks."""

from __future__ import annotations

import pytest

import reviewkit
from reviewkit import progress
from reviewkit.exceptions import ReviewkitError
from reviewkit.progress import PROGRESS_VARIABLE, progress_enabled, with_progress

TWO_FILES = {
    "gp.csv": "Date,Notes\n03/04/2015,Seen\n",
    "midwifery.csv": "Date,Event\n14/10/2015,Child D born\n20/10/2015,Postnatal visit: EPDS 8\n",
}


@pytest.fixture
def at_once(monkeypatch):
    """Bars appear at once instead of after half a second."""
    monkeypatch.setattr(progress, "DELAY", 0)


@pytest.mark.parametrize(("setting", "shown"), [("1", True), ("on", True), ("YES", True), ("true", True),
                                                ("0", False), ("off", False), ("No", False), ("false", False)])
def test_the_environment_variable_decides_when_progress_is_none(monkeypatch, setting, shown):
    monkeypatch.setenv(PROGRESS_VARIABLE, setting)
    assert progress_enabled(None) is shown
    assert progress_enabled(not shown) is (not shown)  # an explicit argument wins


def test_without_the_variable_bars_show_only_in_a_terminal_or_notebook(monkeypatch):
    monkeypatch.delenv(PROGRESS_VARIABLE, raising=False)
    assert progress_enabled() is False  # pytest's captured stderr is not a terminal

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Terminal())
    assert progress_enabled() is True


def test_an_unknown_setting_lists_what_is_understood(monkeypatch):
    monkeypatch.setenv(PROGRESS_VARIABLE, "sometimes")
    with pytest.raises(ReviewkitError, match=r"REVIEWKIT_PROGRESS='sometimes' is not understood\. "
                                             r"Use one of 1, true, yes, on .* or 0, false, no, off"):
        progress_enabled()


def test_with_progress_draws_a_bar_and_yields_every_item(capsys, at_once):
    items = list(with_progress(iter("abc"), description="Counting", unit="letter", total=3, progress=True))
    assert items == ["a", "b", "c"]
    assert "Counting" in capsys.readouterr().err


def test_loading_shows_a_bar_over_the_files_when_asked(tmp_case, capsys, at_once):
    folder = tmp_case(TWO_FILES)
    chronology = reviewkit.read_chronology(folder, progress=True)
    assert len(chronology) == 3
    shown = capsys.readouterr().err
    assert "Loading files" in shown and "0/2 " in shown  # a bar over the two files


def test_checking_shows_a_bar_over_the_rules_when_asked(tmp_case, capsys, at_once):
    chronology = reviewkit.read_chronology(tmp_case(TWO_FILES), progress=False)
    assert capsys.readouterr().err == ""
    verdicts = reviewkit.check(chronology, rules="learning", progress=True)
    assert "met" in set(verdicts["verdict"])
    assert "Checking rules" in capsys.readouterr().err


def test_progress_false_is_quiet_even_when_the_variable_says_on(tmp_case, capsys, monkeypatch, at_once):
    monkeypatch.setenv(PROGRESS_VARIABLE, "1")
    reviewkit.read_chronology(tmp_case(TWO_FILES), progress=False)
    assert capsys.readouterr().err == ""
