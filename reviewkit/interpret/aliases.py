"""How the vocabulary's aliases are written and matched.

Matching rules (used by :func:`~reviewkit.interpret.event_types.infer_event_types`):

* an **alias** matches case-insensitively, as whole words only; apostrophes are
  ignored and a space in an alias also matches a hyphen or several spaces
  (``"non accidental"`` matches ``"Non-accidental"``);
* an **abbreviation** matches case-sensitively, as a whole word (``ED`` matches
  ``"seen in ED"`` but not ``"Ed"`` or ``"Edward"``);
* ``{a|b}`` in an alias expands to alternatives (``"bruis{e|es|ing}"``); an empty
  alternative is allowed (``"{the |}police"``);
* when two aliases overlap, the longest wins.
"""

from __future__ import annotations

import itertools
import re

from reviewkit.interpret.matcher import APOSTROPHES

#: At most this many spellings from one alias.
MAX_EXPANSION = 5000

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def resolve_key(text: str) -> str:
    """Case- and punctuation-insensitive key of a type's name, label or alias.

    Used by :meth:`~reviewkit.interpret.vocabulary.Vocabulary.resolve`.

    Examples
    --------
    >>> resolve_key("Child's   Home-Visit & Call")
    'childs home visit and call'
    """
    text = text.translate(APOSTROPHES).lower().replace("&", " and ").replace("_", " ")
    return _NOT_ALNUM.sub(" ", text).strip()


_BRACES = re.compile(r"\{([^{}]*)\}")


def expand_alias(alias: str) -> list[str]:
    """Expand ``{a|b}`` alternatives in an alias into every spelling it stands for.

    Examples
    --------
    >>> expand_alias("{the |}police")
    ['the police', 'police']
    """
    parts: list[list[str]] = []
    last = 0
    for match in _BRACES.finditer(alias):
        parts.append([alias[last : match.start()]])
        parts.append(match.group(1).split("|"))
        last = match.end()
    parts.append([alias[last:]])
    rest = "".join(p[0] for p in parts[::2])
    if "{" in rest or "}" in rest:
        raise ValueError("it has an unmatched '{' or '}'")
    count = 1
    for p in parts:
        count *= len(p)
    if count > MAX_EXPANSION:
        raise ValueError(f"it expands to {count} spellings (at most {MAX_EXPANSION})")
    return ["".join(combo) for combo in itertools.product(*parts)]

