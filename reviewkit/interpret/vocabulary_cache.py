"""The vocabulary, ready to read with, kept on disk between processes.

Building the vocabulary that a fresh process reads with (its TOML files parsed and checked,
32,000 alias spellings expanded into the matcher's tables, the words of the spelling
corrector, the scanner's index) takes about 0.35 s of CPU; reading a pickled copy takes about
0.05 s. So the first process that builds it leaves a copy in the user's cache folder
(``platformdirs.user_cache_dir("reviewkit")``, or the folder ``REVIEWKIT_CACHE_DIR`` names),
under a name made from a hash of everything that went into it: the vocabulary's data files,
the code that reads them, Python's version and, for a user's vocabulary file, its path and
contents. A changed file gives another name, so a stale copy is never read; a copy that cannot
be read (cut short, or written by another version of a library) is ignored and written again.
The :data:`KEPT` most recent copies are kept. ``REVIEWKIT_CACHE_DIR=""`` turns the cache off.
Nothing but the vocabulary is kept: no case data is ever written there.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from reviewkit.interpret.cache_dir import cache_folder, keep_copy
from reviewkit.interpret.vocabulary import Vocabulary

__all__ = ["cache_folder", "cached_vocabulary", "vocabulary_key"]

#: Copies kept in the cache folder (the most recently used).
KEPT = 6
_PACKAGE = Path(__file__).resolve().parents[1]
_PREFIX = "vocabulary-"
_memo: dict[str, Vocabulary] = {}


def vocabulary_key(*extra: bytes) -> str:
    """A hash of everything a vocabulary is built from: the package's data files and reading
    code, Python's version, and ``extra`` (a user's file); ``""`` when the package's files
    cannot be read (then nothing is cached).

    Examples
    --------
    >>> vocabulary_key() == vocabulary_key(), vocabulary_key() == vocabulary_key(b"x")
    (True, False)
    """
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    sources = sorted([*_PACKAGE.glob("data/*.toml"), *_PACKAGE.glob("interpret/*.py")])
    if not sources:  # the package is not in plain files (a zip): no key to trust
        return ""
    for path in sources:
        digest.update(path.name.encode() + b"\x00" + path.read_bytes() + b"\x00")
    for part in extra:
        digest.update(b"\x01" + part)
    return digest.hexdigest()


def cached_vocabulary(build: Callable[[], Vocabulary], *extra: bytes,
                      folder: Path | None = None) -> Vocabulary:
    """The vocabulary ``build`` returns, from this process's memory or the cache folder
    (default: :func:`cache_folder`) if it was built before from the same inputs (``extra``: a
    user's file), else built and kept.

    Examples
    --------
    >>> import tempfile
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> folder = Path(tempfile.mkdtemp())
    >>> first = cached_vocabulary(lambda: load_vocabulary(), b"example", folder=folder)
    >>> len(list(folder.glob("vocabulary-*.pickle")))
    1
    >>> cached_vocabulary(lambda: None, b"example", folder=folder) is first  # kept in memory
    True
    """
    key = vocabulary_key(*extra)
    if not key:
        return build()
    if key in _memo:
        return _memo[key]
    where = folder if folder is not None else cache_folder()
    path = where / f"{_PREFIX}{key}.pickle" if where is not None else None
    vocabulary = _read(path) if path is not None else None
    if vocabulary is None:
        vocabulary = build()
        if path is not None:
            _write(vocabulary, path)
    if len(_memo) >= KEPT:
        _memo.pop(next(iter(_memo)))
    _memo[key] = vocabulary
    return vocabulary


def _read(path: Path) -> Vocabulary | None:
    """The vocabulary pickled at ``path``, or None if there is none or it cannot be read."""
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)
        os.utime(path)  # used now: kept the longest
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign copy is only a cache miss
        return None
    return found if isinstance(found, Vocabulary) else None


def _write(vocabulary: Vocabulary, path: Path) -> None:
    """Pickle ``vocabulary`` with its matcher, speller and index to ``path`` (written whole or
    not at all), and drop all but the :data:`KEPT` most recently used copies (and any copy
    left half-written an hour ago or more)."""
    _ = vocabulary._matcher.scan, vocabulary._speller, vocabulary._resolve_index  # built now
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(vocabulary)
    keep_copy(buffer.getvalue(), path, _PREFIX, KEPT)


def _proxy(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


class _Pickler(pickle.Pickler):
    """Pickles the read-only mappings of a vocabulary as the dicts they wrap."""

    dispatch_table = {**copyreg.dispatch_table, MappingProxyType: lambda p: (_proxy, (dict(p),))}
