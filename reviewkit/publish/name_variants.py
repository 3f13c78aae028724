"""The ways one listed name is written in agencies' text, as one regular expression.

A mapping ``{"Jane Smith": "Mother"}`` must hide *Jane Smith* however a record writes her:
"Smith, Jane", "Mrs Smith", "J. Smith", "J A Smith", "Jane-Smith" or "jane_smith" (a file
name), "JaneSmith", "Jane" or "Smith" alone (written with a capital), "Smith's" or "Smith’s",
with a non-breaking or zero-width space inside, an accented letter written without its accent
(or the other way round), or an accent written as a separate combining mark. Anonymisation
replaces each of these with the role, and the leak check looks for the same forms.

A first name or surname that is also an ordinary word a record writes with a capital (a month,
a day, "White" in "White British", "Will", "Rose", "Hope": :data:`COMMON_WORD_PARTS`) is not
taken alone: "May Smith" still hides "May Smith", "Smith, May", "Mrs Smith" and "Smith", but
"May 2015" keeps its month. To have such a part replaced wherever it stands alone, list it on
its own as well (``{"May Smith": "Mother", "May": "Mother"}``), or as a regular expression.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["COMMON_WORD_PARTS", "name_regex"]

#: What may stand inside a name without changing it: combining accents, zero-width characters
#: and soft hyphens.
_INVISIBLE = "[\u0300-\u036f\u200b-\u200d\u2060\ufeff\u00ad]*"
#: What may stand between the words of a name (or nothing at all: "JaneSmith").
_BETWEEN = "[\\s\u00a0\u200b-\u200d\u2060\ufeff_\\-]*"
_TITLES = "(?:mr|mrs|ms|miss|mx|dr|master)\\.?"
_WORD = re.compile(r"^[^\W\d_]+(?:['\u2019-][^\W\d_]+)*$")
#: Names that are also words a record writes with a capital: never taken alone (see above).
COMMON_WORD_PARTS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
white black brown green grey gray young long short hill wood cook baker rose will bill mark
grace hope faith joy dawn amber ruby pearl holly ivy lily daisy iris summer autumn winter
spring sky river brook frank pat rob carol guy jack jean ray dale drew gene lane miles page
price rich sandy stone north south west east king may sunny star mercy patience constance
christian english scott irish welsh
""".split())


@cache
def _letters() -> dict[str, str]:
    """Base letter -> every Latin letter that is it with an accent (``e`` -> ``eéèêë...``)."""
    found: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if base.isascii() and base.isalpha():
            found.setdefault(base, {base}).update({char.lower(), char.upper()})
    return {base: "".join(sorted(chars)) for base, chars in found.items()}


def _letter(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].lower()
    variants = _letters().get(base)
    if variants is None:
        return re.escape(char) + _INVISIBLE
    return f"[{re.escape(variants)}]" + _INVISIBLE


def _word(word: str, *, capital: bool = False) -> str:
    """A word of a name, any accents; with ``capital``, its first letter must be upper case."""
    letters = [_letter(c) if c.isalpha() else "['\u2019\\-]" for c in word]
    if capital:
        first = unicodedata.normalize("NFD", word[0])[0]
        upper = "".join(sorted({c.upper() for c in _letters().get(first.lower(), first)}))
        letters[0] = f"(?-i:[{re.escape(upper)}]){_INVISIBLE}"
    return "".join(letters)


def name_regex(name: str) -> str:
    """A regex for a listed name and its written forms (see the module's docstring).

    A name of one word, or one that is not all words (an address, a reference), matches as
    written, words separated by any space.

    Examples
    --------
    >>> pattern = re.compile(f"(?<![^\\\\W_])(?:{name_regex('Jane Smith')})(?![^\\\\W_])", re.IGNORECASE)
    >>> [m.group() for m in pattern.finditer(
    ...     "Smith, Jane; Mrs Smith; J. A. Smith; jane_smith_hv.csv; Jane; Smith\u2019s; jane; José")]
    ['Smith, Jane', 'Mrs Smith', 'J. A. Smith', 'jane_smith', 'Jane', 'Smith']
    >>> bool(pattern.search("Jane\u00a0Sm\u200bith")), bool(pattern.search("Jäne Smíth"))
    (True, True)
    >>> may = re.compile(name_regex("May White"), re.IGNORECASE)
    >>> [m.group() for m in may.finditer("May White; Mrs White; White, May; May 2015; White British")]
    ['May White', 'Mrs White', 'White, May']
    """
    words = name.split()
    if not words or not all(_WORD.match(w) for w in words):
        return _BETWEEN.join(re.escape(w) for w in words)
    if len(words) == 1:
        return _word(words[0])
    first, last = words[0], words[-1]
    middle = words[1:-1]
    full = _BETWEEN.join(_word(w) for w in words)
    forms = [
        full,
        _word(last) + ",?\\s*" + _BETWEEN.join(_word(w) for w in [first, *middle]),  # "Smith, Jane"
        _TITLES + "\\s*" + _word(last),  # "Mrs Smith"
        f"{_letter(first[0])}\\.?\\s*(?:(?-i:[A-Z])\\.?\\s*)?" + _word(last),  # "J. Smith", "J A Smith"
        *[_word(part, capital=True)  # "Jane" alone, "Smith" alone
          for part in (first, last) if part.lower() not in COMMON_WORD_PARTS],
    ]
    return "|".join(f"(?:{form})" for form in forms)
