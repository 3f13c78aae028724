"""The vocabulary kept on disk: read back the same, rebuilt when an input changes or the copy is bad."""

from __future__ import annotations

import csv
import os
import time
import shutil
from pathlib import Path

import numpy as np
import pytest

from reviewkit.interpret import vocabulary_cache
from reviewkit.interpret.mentions import read_many
from reviewkit.interpret.vocabulary_cache import cached_vocabulary, vocabulary_key
from reviewkit.interpret.vocabulary_file import _packaged_vocabulary, load_vocabulary

CORPUS = Path(__file__).resolve().parents[1] / "data" / "reading_corpus.csv"


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    """Each test starts as a fresh process would: nothing kept in memory."""
    monkeypatch.setattr(vocabulary_cache, "_memo", {})


class Counted:
    """A build function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return _packaged_vocabulary()


def copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("vocabulary-*.pickle"))


def test_a_copy_read_back_reads_texts_exactly_as_the_vocabulary_built(tmp_path, monkeypatch):
    build = Counted()
    built = cached_vocabulary(build, folder=tmp_path)
    monkeypatch.setattr(vocabulary_cache, "_memo", {})  # a new process
    read_back = cached_vocabulary(build, folder=tmp_path)
    assert build.calls == 1 and read_back is not built and len(copies(tmp_path)) == 1
    assert read_back.event_types == built.event_types
    assert read_back._matcher.by_key == built._matcher.by_key
    assert read_back._matcher.scan.compiled_keys == frozenset()  # compiles what its texts need
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        texts = [row["details"] for row in csv.DictReader(handle)]
    ours, theirs = read_many(texts, _packaged_vocabulary()), read_many(texts, read_back)
    np.testing.assert_array_equal(ours.listings, theirs.listings)
    assert [ours.cores[k] for k in ours.core_of] == [theirs.cores[k] for k in theirs.core_of]


def test_a_changed_vocabulary_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWKIT_CACHE_DIR", str(tmp_path / "cache"))
    mine = tmp_path / "mine.toml"
    mine.write_text('[event_types.home_visit]\naliases = ["doorstep call"]\n', encoding="utf-8")
    first = load_vocabulary(mine)
    assert first.resolve("doorstep call") == "home_visit"
    mine.write_text('[event_types.home_visit]\naliases = ["porch chat"]\n', encoding="utf-8")
    monkeypatch.setattr(vocabulary_cache, "_memo", {})
    second = load_vocabulary(mine)
    assert second.resolve("porch chat") == "home_visit"
    assert "doorstep call" not in second._resolve_index
    packaged = vocabulary_key()
    assert len([p for p in copies(tmp_path / "cache") if packaged not in p.name]) == 2


def test_a_changed_packaged_file_or_reading_code_changes_the_key(tmp_path, monkeypatch):
    package = Path(vocabulary_cache.__file__).resolve().parents[1]
    for folder in ("data", "interpret"):
        (tmp_path / folder).mkdir()
        for path in [*package.glob(f"{folder}/*.toml"), *package.glob(f"{folder}/*.py")]:
            shutil.copy(path, tmp_path / folder / path.name)
    monkeypatch.setattr(vocabulary_cache, "_PACKAGE", tmp_path)
    keys = [vocabulary_key()]
    with (tmp_path / "data" / "vocabulary.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment\n")
    keys.append(vocabulary_key())
    with (tmp_path / "interpret" / "matcher.py").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    keys.append(vocabulary_key())
    assert len(set(keys)) == 3
    build = Counted()
    cached_vocabulary(build, folder=tmp_path / "cache")
    (tmp_path / "data" / "patterns.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(vocabulary_cache, "_memo", {})
    cached_vocabulary(build, folder=tmp_path / "cache")
    assert build.calls == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05garbage", None])
def test_a_damaged_copy_is_ignored_and_written_again(tmp_path, content):
    build = Counted()
    cached_vocabulary(build, folder=tmp_path)
    (path,) = copies(tmp_path)
    if content is None:  # cut short
        content = path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(content)
    vocabulary_cache._memo.clear()
    vocabulary = cached_vocabulary(build, folder=tmp_path)
    assert build.calls == 2 and vocabulary.resolve("ICPC") == "icpc"
    vocabulary_cache._memo.clear()
    cached_vocabulary(build, folder=tmp_path)
    assert build.calls == 2  # the copy written again is good


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    assert cached_vocabulary(Counted(), folder=blocked / "cache").resolve("ICPC") == "icpc"
    assert list(tmp_path.iterdir()) == [blocked]


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWKIT_CACHE_DIR", "")
    build = Counted()
    cached_vocabulary(build)
    vocabulary_cache._memo.clear()
    cached_vocabulary(build)
    assert build.calls == 2


def test_only_the_most_recent_copies_are_kept(tmp_path):
    for k in range(vocabulary_cache.KEPT + 2):
        cached_vocabulary(Counted(), str(k).encode(), folder=tmp_path)
    assert len(copies(tmp_path)) == vocabulary_cache.KEPT


def test_nothing_is_cached_when_the_package_files_cannot_be_read(tmp_path, monkeypatch):
    monkeypatch.setattr(vocabulary_cache, "_PACKAGE", tmp_path / "zipped")
    assert vocabulary_key() == ""
    build = Counted()
    cached_vocabulary(build, folder=tmp_path)
    cached_vocabulary(build, folder=tmp_path)
    assert build.calls == 2 and copies(tmp_path) == []


def test_a_copy_left_half_written_long_ago_is_removed(tmp_path):
    old, new = tmp_path / ".tmp-old", tmp_path / ".tmp-being-written"
    old.write_bytes(b"half")
    new.write_bytes(b"half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    cached_vocabulary(Counted(), folder=tmp_path)
    assert not old.exists() and new.exists() and len(copies(tmp_path)) == 1
