"""Large regexes built and compiled once and kept on disk, read back in a fresh process.

Python's ``re`` compiles a regex in three steps: it parses the text (in Python), turns the parse
into the matching engine's code (in Python) and hands the code to ``_sre.compile`` (in C, which
checks the code before it makes the pattern). For the reading patterns' regexes, about 160,000
characters, the first two steps take about 0.3 s in every fresh process, the third about 1 ms;
building their text from the word classes takes about 0.1 s more. So :func:`compile_many` keeps
the regexes' text and code in the cache folder
(:func:`reviewkit.interpret.cache_dir.cache_folder`) under a name made from a hash of what they
are built from (the caller's *recipe*: the words and patterns), of the code that builds them
(:data:`BUILDERS`), of Python's version and of the engine's (``re._constants.MAGIC``); a
process that needs the same regexes reads the text and code and hands them to
``_sre.compile``, which gives the very pattern ``re.compile`` gives (two patterns are equal
when their text, flags and code are). A change to what they are built from (a pattern or class
word added, a user's vocabulary) or to the code that builds them gives another name, so a copy
is never stale. A copy that cannot be read, that does not match the hash kept with it (cut short, or
changed since), or whose code the engine refuses, is built and compiled again and written again; where the engine's private parts are not as this module
expects (another Python), ``re.compile`` compiles and nothing is kept. The :data:`KEPT` most
recently used copies are kept; ``REVIEWKIT_CACHE_DIR=""`` turns the cache off. Only regexes
built from the vocabulary are kept: no case data.

Examples
--------
>>> import re, tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> def build():
...     return [r"(a)(?=b)", r"x{2,3}"]
>>> first = compile_many("an example", build, folder=folder)
>>> again = compile_many("an example", list, folder=folder, memo=False)  # read, not built
>>> again == first == (re.compile(r"(a)(?=b)"), re.compile(r"x{2,3}"))
True
>>> len(list(folder.glob("regex-*.pickle")))
1
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

from reviewkit.interpret.cache_dir import cache_folder, keep_copy

__all__ = ["KEPT", "compile_many"]

#: Copies kept in the cache folder (the most recently used).
KEPT = 12
_PREFIX = "regex-"
_PACKAGE = Path(__file__).resolve().parent
#: The modules whose code builds the regexes kept (a change to any gives other names).
BUILDERS = ("regex_cache.py", "pattern_regex.py", "pattern_search.py", "matcher.py", "aliases.py")
_memo: dict[str, tuple[re.Pattern[str], ...]] = {}
#: How a regex is made from its code: flags, code, groups, group names by name and by number.
_Code = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def _engine() -> tuple[object, object, object] | None:
    """The engine's private parts that compiling in steps needs, or None where they are not as
    this module expects (another Python): then nothing is kept and ``re.compile`` compiles."""
    try:
        import _sre
        from re import _compiler, _constants, _parser
    except ImportError:
        return None
    if getattr(_sre, "CODESIZE", None) != array("I").itemsize or not hasattr(_constants, "MAGIC"):
        return None
    if not all(hasattr(module, name) for module, name in
               ((_parser, "parse"), (_compiler, "_code"), (_sre, "compile"))):
        return None
    return _sre, _compiler, _parser


def compile_many(recipe: str, build: Callable[[], Sequence[str]], *, folder: Path | None = None,
                 keep: bool = True, memo: bool = True) -> tuple[re.Pattern[str], ...]:
    """The regexes ``build`` gives (no flags), compiled as ``re.compile`` compiles them, from
    this process's memory or the cache folder (default: :func:`cache_folder`) if they were
    made before from the same ``recipe``, else built, compiled and kept (``keep``: in the
    folder too; ``memo``: in memory too).

    ``recipe`` is what the regexes are built from (a vocabulary's words, say), in words: a
    copy is found by a hash of it, of the code that builds regexes (:data:`BUILDERS`), of
    Python's version and of the engine's, so building them (which may itself take a while) is
    left out too when a copy is found.

    Examples
    --------
    >>> compile_many("a or b", lambda: ["a|b"], keep=False)[0].pattern
    'a|b'
    """
    parts = _engine()
    where = folder if folder is not None else (cache_folder() if keep else None)
    if parts is None or where is None:
        return tuple(re.compile(pattern) for pattern in build())
    key = _key(recipe)
    if not key:  # the package is not in plain files (a zip): no key to trust, nothing kept
        return tuple(re.compile(pattern) for pattern in build())
    if memo and key in _memo:
        return _memo[key]
    path = where / f"{_PREFIX}{key}.pickle"
    compiled = _read(path, parts)
    if compiled is None:
        patterns = list(build())
        codes = [_code(pattern, parts) for pattern in patterns]
        compiled = tuple(_made(pattern, code, parts) for pattern, code in zip(patterns, codes))
        _write((patterns, codes, _digest(patterns, codes)), path)
    if memo:
        if len(_memo) >= KEPT:  # the oldest out: memory for a few sets, as on disk
            _memo.pop(next(iter(_memo)))
        _memo[key] = compiled
    return compiled


def _key(recipe: str) -> str:
    """The hash that names the copy of the regexes made from ``recipe`` (``""`` where the
    builders' code cannot be read)."""
    from re import _constants

    digest = hashlib.blake2b(f"{sys.version}\x00{_constants.MAGIC}\x00".encode(), digest_size=16)
    for name in BUILDERS:
        try:
            digest.update((_PACKAGE / name).read_bytes() + b"\x00")
        except OSError:
            return ""
    digest.update(recipe.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _code(pattern: str, parts: tuple) -> _Code:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for ``pattern`` (no flags)."""
    _, compiler, parser = parts
    parsed = parser.parse(pattern, 0)
    names = dict(parsed.state.groupdict)
    by_number: list[str | None] = [None] * parsed.state.groups
    for name, number in names.items():
        by_number[number] = name
    code = array("I", compiler._code(parsed, 0)).tobytes()
    return parsed.state.flags, code, parsed.state.groups - 1, names, tuple(by_number)


def _made(pattern: str, code: _Code, parts: tuple) -> re.Pattern[str]:
    flags, words, groups, names, by_number = code
    return parts[0].compile(pattern, flags, array("I", words).tolist(), groups, names, by_number)


def _read(path: Path, parts: tuple) -> tuple[re.Pattern[str], ...] | None:
    """The patterns made from the texts and code kept at ``path``, or None if there are none,
    they cannot be read or the engine refuses the code."""
    try:
        with path.open("rb") as handle:
            patterns, codes, digest = pickle.load(handle)
        if digest != _digest(patterns, codes):  # cut short or changed since it was written
            return None
        compiled = tuple(_made(pattern, code, parts) for pattern, code in zip(patterns, codes))
        os.utime(path)  # used now: kept the longest
    except Exception:  # noqa: BLE001 - a missing, damaged or foreign copy is only a cache miss
        return None
    return compiled


def _digest(patterns: list[str], codes: list[_Code]) -> str:
    """A hash of the regexes' texts and code, kept beside them and checked when they are read."""
    digest = hashlib.blake2b(repr([(p, c[0], c[2:]) for p, c in zip(patterns, codes)]).encode(
        "utf-8", "surrogatepass"), digest_size=16)
    for code in codes:
        digest.update(code[1])
    return digest.hexdigest()


def _write(kept: tuple[list[str], list[_Code], str], path: Path) -> None:
    """Pickle the regexes' texts, code and their hash to ``path`` (written whole or not at all), and drop all but the
    :data:`KEPT` most recently used copies (and any left half-written an hour ago or more)."""
    keep_copy(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), path, _PREFIX, KEPT)
