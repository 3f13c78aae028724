"""The reviewer's decisions file survives a failed save, a killed writer and two writers at once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from reviewkit.exceptions import DecisionsError
from reviewkit.review import writing
from reviewkit.review.decisions import Decisions, FindingDecision
from reviewkit.review.reading import read_decisions
from reviewkit.review.table import change_finding
from reviewkit.review.writing import decisions_lock, write_decisions


def _decisions(count: int, note: str) -> Decisions:
    return Decisions({f"F-{k:04d}": FindingDecision(f"F-{k:04d}", "accepted", note=f"{note} {k}",
                                                    on=dt.date(2026, 12, 7)) for k in range(count)})


def test_a_save_that_fails_leaves_the_file_as_it_was_and_no_temporary_file(tmp_path, monkeypatch):
    path = write_decisions(_decisions(3, "kept"), tmp_path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(writing.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_decisions(_decisions(5, "lost"), tmp_path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decisions.toml", "decisions.toml.lock"]  # no backup either: the first write of the failed save was its backup


WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from reviewkit.review.decisions import Decisions, FindingDecision
    from reviewkit.review.writing import write_decisions
    folder = sys.argv[1]
    sizes = (150, 300)
    batches = [Decisions({f"F-{k:04d}": FindingDecision(f"F-{k:04d}", "to discuss", note="n" * 200)
                          for k in range(size)}) for size in sizes]
    print("ready", flush=True)
    while True:
        for batch in batches:
            write_decisions(batch, folder)
""")


def test_a_writer_killed_at_any_moment_leaves_a_whole_file(tmp_path):
    write_decisions(_decisions(10, "first"), tmp_path)
    for delay in (0.02, 0.05, 0.08, 0.13, 0.21):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE)
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        found = read_decisions(tmp_path)  # never half a file
        assert len(found.findings) in (10, 150, 300)


CHANGER = textwrap.dedent("""
    import sys
    from reviewkit.review.table import change_finding
    folder, who = sys.argv[1], sys.argv[2]
    for k in range(30):
        change_finding(folder, f"F-{who}-{k:02d}", status="accepted", note=f"{who} {k}", by=who)
""")


def test_two_programs_saving_at_once_keep_every_decision(tmp_path):
    writers = [subprocess.Popen([sys.executable, "-c", CHANGER, str(tmp_path), who]) for who in "AB"]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    found = read_decisions(tmp_path).findings
    assert len(found) == 60
    assert {d.by for d in found.values()} == {"A", "B"}
    assert found["F-B-29"].note == "B 29"


def test_a_save_inside_a_held_lock_does_not_wait_for_itself(tmp_path):
    with decisions_lock(tmp_path / "decisions.toml"):
        change_finding(tmp_path, "F-1", status="to discuss")
        change_finding(tmp_path, "F-2", status="accepted")
    assert sorted(read_decisions(tmp_path).findings) == ["F-1", "F-2"]


def test_a_lock_held_elsewhere_too_long_is_a_clear_error(tmp_path, monkeypatch):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from filelock import FileLock
        with FileLock({str(tmp_path / 'decisions.toml.lock')!r}):
            print("held", flush=True)
            time.sleep(30)
    """)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"held"
        monkeypatch.setattr(writing, "LOCK_TIMEOUT", 0.3)
        with pytest.raises(DecisionsError, match=r"another program has been saving decisions.*"
                                                 r"decisions.toml.lock"):
            write_decisions(_decisions(1, "late"), tmp_path)
    finally:
        holder.kill()
        holder.wait()
    assert not (tmp_path / "decisions.toml").exists()
    assert os.listdir(tmp_path) == ["decisions.toml.lock"]


def test_a_save_keeps_the_file_as_it_was_in_one_backup(tmp_path):
    path = write_decisions(_decisions(3, "first"), tmp_path)
    first = path.read_bytes()
    assert not writing.backup_path(path).exists()  # a new file has no earlier version
    path.write_bytes(first + b"# my own comment\n")
    edited = path.read_bytes()
    write_decisions(_decisions(4, "second"), tmp_path)
    assert writing.backup_path(path).read_bytes() == edited  # byte for byte, comment and all
    second = path.read_bytes()
    write_decisions(_decisions(4, "second"), tmp_path)  # nothing changes: the backup stays
    assert writing.backup_path(path).read_bytes() == edited and path.read_bytes() == second
    write_decisions(_decisions(2, "third"), tmp_path)
    assert writing.backup_path(path).read_bytes() == second  # one backup: the latest before
    assert read_decisions(writing.backup_path(path)).findings == _decisions(4, "second").findings


def test_saving_the_same_decisions_again_leaves_the_file_as_it_is(tmp_path):
    """Each save reassigned the tables, and tomlkit added blank lines between them every time."""
    path = write_decisions(_decisions(3, "first"), tmp_path)
    path.write_bytes(path.read_bytes() + b"# my own comment\n")
    write_decisions(_decisions(4, "second"), tmp_path)
    once = path.read_bytes()
    for _ in range(3):
        write_decisions(_decisions(4, "second"), tmp_path)
    assert path.read_bytes() == once and b"\n\n\n" not in once
