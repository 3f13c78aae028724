"""The distinct runs of word characters of a long text, found once for the steps that read them.

A run is what stands between characters that are not word characters of a pattern (ASCII
letters, digits and underscore; any other character, an upper-case letter too, ends a run):
what ``reviewkit.interpret.pattern_regex._SPLIT`` splits a text into. The spelling step takes
its long words from them, and the patterns' places scan only the words whose every run stands
somewhere in the text (see :func:`reviewkit.interpret.pattern_search.find_patterns`).
"""

from __future__ import annotations

__all__ = ["LONG_TEXT", "word_runs"]

#: From how many characters on a text's runs are found first (below, the steps that read them
#: scan the text as it is: finding the runs would cost about what it saves).
LONG_TEXT = 1_000_000
#: Each byte as itself where it is a word character, else a space.
_RUNS = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 or c == 95 else 32 for c in range(256))


def word_runs(text: str) -> frozenset[bytes] | None:
    """The distinct runs of word characters of ``text`` (lower case), as bytes; None where the
    text is not all ASCII (its steps then scan it as it is).

    Examples
    --------
    >>> sorted(word_runs("\\x00dad hit_him (10yo); Mum"))
    [b'10yo', b'dad', b'hit_him', b'um']
    >>> word_runs("café") is None
    True
    """
    if not text.isascii():
        return None
    return frozenset(text.encode("ascii").translate(_RUNS).split())
