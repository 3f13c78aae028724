"""Bank holidays kept on disk are the days the holidays library gives."""

from __future__ import annotations

import holidays
import numpy as np
import pytest

from reviewkit.check import durations
from reviewkit.check.holiday_cache import holidays_release, kept_holidays


@pytest.mark.parametrize("calendar", sorted(durations.CALENDARS))
def test_kept_days_are_the_librarys_days(calendar, tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWKIT_CACHE_DIR", str(tmp_path))
    durations.bank_holidays.cache_clear()
    table = holidays.country_holidays("GB", subdiv=durations.CALENDARS[calendar], years=range(1990, 2041))
    expected = np.array(sorted(table), dtype="datetime64[D]")
    worked_out = durations.bank_holidays(calendar)
    durations.bank_holidays.cache_clear()
    read_back = durations.bank_holidays(calendar)  # from the file this time
    durations.bank_holidays.cache_clear()
    np.testing.assert_array_equal(worked_out, expected)
    np.testing.assert_array_equal(read_back, expected)
    assert read_back.dtype == np.dtype("datetime64[D]")
    assert len(list(tmp_path.glob(f"bank-holidays-*{holidays_release()}.npy"))) == 1


def test_a_damaged_copy_is_worked_out_again_and_replaced(tmp_path):
    days = np.array(["2015-12-25", "2015-12-28"], dtype="datetime64[D]")
    kept_holidays("x", lambda: days, folder=tmp_path)
    (path,) = tmp_path.glob("bank-holidays-x-*.npy")
    path.write_bytes(b"not an array")
    np.testing.assert_array_equal(kept_holidays("x", lambda: days, folder=tmp_path), days)
    np.testing.assert_array_equal(np.load(path), days)


def test_a_copy_of_another_type_is_not_read(tmp_path):
    days = np.array(["2015-12-25"], dtype="datetime64[D]")
    kept_holidays("x", lambda: days, folder=tmp_path)
    (path,) = tmp_path.glob("bank-holidays-x-*.npy")
    np.save(path, np.arange(3))
    np.testing.assert_array_equal(kept_holidays("x", lambda: days, folder=tmp_path), days)


def test_a_folder_that_cannot_be_written_keeps_nothing(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    days = np.array(["2015-12-25"], dtype="datetime64[D]")
    np.testing.assert_array_equal(kept_holidays("x", lambda: days, folder=blocked / "sub"), days)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_no_cache_folder_works_them_out_each_time(monkeypatch):
    monkeypatch.setenv("REVIEWKIT_CACHE_DIR", "")
    calls = []
    days = np.array(["2015-12-25"], dtype="datetime64[D]")
    for _ in range(2):
        kept_holidays("x", lambda: calls.append(1) or days)
    assert len(calls) == 2
