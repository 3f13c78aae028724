"""The distinct runs of word characters of a long text, found once for the steps that read them.

A run is what stands between characters that are not word characters (ASCII letters, digits
and underscore, and every character beyond ASCII but a space; an upper-case ASCII letter too
ends a run): what ``reviewkit.interpret.pattern_regex._SPLIT`` splits a lower-case text into,
and the words :class:`reviewkit.interpret.matcher.KeyScanner` looks keys up by. The spelling
step takes its long words from them, and the alias scan and the patterns' places scan for only
the words whose every run stands somewhere in the text (see
:meth:`reviewkit.interpret.matcher.KeyScanner.regex_for` and
:func:`reviewkit.interpret.pattern_search.find_patterns`).
"""

from __future__ import annotations

__all__ = ["LONG_TEXT", "word_runs"]

#: From how many characters on a text's runs are found first (below, the steps that read them
#: scan the text as it is: finding the runs would cost about what it saves).
LONG_TEXT = 1_000_000
#: Each byte as itself where it is a word character (or part of one beyond ASCII), else a space.
_RUNS = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 or c == 95 or c >= 128 else 32 for c in range(256))
#: The spaces beyond ASCII (what ``\\s`` matches there: every one below U+3001), in UTF-8.
_SPACES = tuple(c.encode() for c in map(chr, range(128, 0x3001)) if c.isspace())


def word_runs(text: str) -> frozenset[bytes]:
    """The distinct runs of word characters of ``text`` (lower case), in UTF-8: what stands
    between ASCII characters that are not letters, digits or underscore, and spaces of any kind.

    Examples
    --------
    >>> sorted(word_runs("\\x00dad hit_him (10yo); Mum"))
    [b'10yo', b'dad', b'hit_him', b'um']
    >>> sorted(run.decode() for run in word_runs("café\\u2003owner\\u00a0x"))
    ['café', 'owner', 'x']
    """
    data = text.encode()
    if not text.isascii():
        for space in _SPACES:
            if space in data:
                data = data.replace(space, b" ")
    return frozenset(data.translate(_RUNS).split())
