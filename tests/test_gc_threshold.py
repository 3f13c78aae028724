"""Fewer garbage collections inside reviewkit's calls, and the caller's threshold put back."""

from __future__ import annotations

import gc
import inspect
import threading

import pytest

import reviewkit
from reviewkit.gc_threshold import YOUNG, fewer_collections, with_fewer_collections


@pytest.fixture(autouse=True)
def _own_threshold():
    before = gc.get_threshold()
    gc.set_threshold(500, 8, 9)
    yield
    gc.set_threshold(*before)


def test_nested_blocks_put_the_callers_threshold_back_once():
    with fewer_collections():
        with fewer_collections():
            assert gc.get_threshold() == (YOUNG, 8, 9)
        assert gc.get_threshold() == (YOUNG, 8, 9)
    assert gc.get_threshold() == (500, 8, 9)


def test_an_error_inside_puts_the_threshold_back():
    with pytest.raises(ValueError), fewer_collections():
        raise ValueError("x")
    assert gc.get_threshold() == (500, 8, 9)


def test_a_higher_threshold_of_the_callers_is_kept():
    gc.set_threshold(YOUNG * 2, 8, 9)
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG * 2, 8, 9)
    assert gc.get_threshold() == (YOUNG * 2, 8, 9)


def test_threads_leave_the_threshold_as_they_found_it():
    inside = threading.Barrier(4)

    def work():
        with fewer_collections():
            inside.wait(timeout=10)  # all four inside at once
            assert gc.get_threshold()[0] == YOUNG

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.get_threshold() == (500, 8, 9)


def test_the_public_calls_keep_their_names_signatures_and_documentation():
    for function in (reviewkit.load_with_report, reviewkit.export_report):
        assert function.__doc__ and "Examples" in function.__doc__
    assert list(inspect.signature(reviewkit.export_report).parameters)[:3] == ["chronology", "findings", "path"]
    assert list(inspect.signature(reviewkit.load_with_report).parameters)[0] == "source"


def test_loading_a_case_runs_with_fewer_collections(tmp_case, monkeypatch):
    seen = []
    import reviewkit.load.chronology as chronology

    original = chronology.finish_chronology
    monkeypatch.setattr(chronology, "finish_chronology",
                        lambda *a, **k: seen.append(gc.get_threshold()[0]) or original(*a, **k))
    folder = tmp_case({"gp.csv": "Date,Notes\n03/04/2015,Seen\n"})
    reviewkit.read_chronology(folder)
    assert seen == [YOUNG] and gc.get_threshold() == (500, 8, 9)


@with_fewer_collections
def _decorated(value: int) -> int:
    """Doc."""
    return value + gc.get_threshold()[0]


def test_a_decorated_function_returns_its_value_with_the_threshold_raised():
    assert _decorated(1) == YOUNG + 1 and _decorated.__doc__ == "Doc." and gc.get_threshold()[0] == 500


def test_the_command_line_called_from_python_freezes_nothing(tmp_case, tmp_path):
    from reviewkit.cli import main

    folder = tmp_case({"gp.csv": "Date,Notes\n03/04/2015,Seen\n"})
    frozen = gc.get_freeze_count()
    assert main(["export", str(folder), "-o", str(tmp_path / "out.csv")]) == 0
    assert gc.get_freeze_count() == frozen and gc.get_threshold() == (500, 8, 9)
