"""Context triggers as data: the words that make a mention negated, planned or historical.

The packaged rules are ``reviewkit/data/context.toml`` (read its header for the fields); a
user's vocabulary file adds rules of the same shape under ``[[context.rule]]``. This module
reads and checks them; :mod:`reviewkit.interpret.mentions` applies them (the ConText algorithm
of Chapman, Harkema et al., 2009).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.matcher import WordScan, match_key, scanning_regex, trie_pattern

__all__ = ["ContextRule", "ContextRules", "packaged_context_rules", "read_context_rules"]

#: What a rule does to the mentions in its scope (qualifiers), then the two kinds that only
#: shape scopes.
QUALIFIERS = ("negated", "planned", "historical", "reported")
#: Words that put a mention in the entry's own time ("today", "last night"): no historical
#: trigger reaches a mention in their scope.
CURRENT = "current"
CATEGORIES = (*QUALIFIERS, CURRENT, "pseudo", "terminate")
#: The categories whose phrases take on the rules of the phrases they begin with.
_INHERITED = {"planned"}
DIRECTIONS = ("before", "after", "both")
#: How many words a trigger reaches when its rule gives no ``scope``.
DEFAULT_SCOPE = {"before": 6, "after": 3, "both": 4}
_FIELDS = ("category", "direction", "phrases", "scope", "applies_to", "not_for", "ends")
#: Where a trigger's scope ends: at a clause's end (the default), or only at a sentence's (a
#: header such as "Background:" frames its whole sentence, its clauses and dashes included).
ENDS = ("clause", "sentence")
_SOURCE = "the packaged context rules (reviewkit/data/context.toml)"


@dataclass(frozen=True)
class ContextRule:
    """One rule: a category, where its triggers stand, their phrases and reach.

    Examples
    --------
    >>> rule = ContextRule("negated", "before", ("no", "not"))
    >>> rule.reach
    6
    """

    category: str
    direction: str | None
    phrases: tuple[str, ...]
    scope: int | None = None
    applies_to: tuple[str, ...] = ()
    not_for: tuple[str, ...] = ()
    ends: str = "clause"

    @property
    def reach(self) -> int:
        """Words the trigger reaches (its ``scope``, else the default for its direction)."""
        if self.scope is not None:
            return self.scope
        return DEFAULT_SCOPE.get(self.direction or "", 0)


@dataclass(frozen=True)
class CompiledRules:
    """What finds the triggers of a rule set (``scan``, for
    :func:`reviewkit.interpret.matcher.find_all`) and, by phrase key, the rules each phrase
    belongs to."""

    scan: WordScan
    rules_of: Mapping[str, tuple[int, ...]]

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The :func:`~reviewkit.interpret.matcher.scanning_regex` of the triggers (``scan``
        finds what it finds; compiled on first use)."""
        return scanning_regex(trie_pattern(self.rules_of) if self.rules_of else "(?!x)x", self.rules_of)


@dataclass(frozen=True)
class ContextRules:
    """Every context rule of a vocabulary, in the order read.

    Examples
    --------
    >>> rules = packaged_context_rules()
    >>> sorted({rule.category for rule in rules.rules})
    ['current', 'historical', 'negated', 'planned', 'pseudo', 'reported', 'terminate']
    >>> rules.compiled.regex.search(" epds not done").group(2)
    'not done'
    """

    rules: tuple[ContextRule, ...] = ()

    def merged(self, other: ContextRules) -> ContextRules:
        """These rules followed by ``other``'s (a user's rules add to the packaged ones)."""
        return ContextRules(self.rules + other.rules)

    @property
    def compiled(self) -> CompiledRules:
        return _compile(self.rules)


@cache
def _compile(rules: tuple[ContextRule, ...]) -> CompiledRules:
    rules_of: dict[str, list[int]] = {}
    for number, rule in enumerate(rules):
        for phrase in rule.phrases:
            for spelling in expand_alias(phrase):
                key = match_key(spelling)
                if key and number not in rules_of.setdefault(key, []):
                    rules_of[key].append(number)
    _inherit_directions(rules_of, rules)
    return CompiledRules(WordScan(rules_of), {key: tuple(numbers) for key, numbers in rules_of.items()})


def _inherit_directions(rules_of: dict[str, list[int]], rules: tuple[ContextRule, ...]) -> None:
    """Give a planning phrase the planning rules of the phrases it begins with.

    The longest phrase wins where phrases overlap, so "will be" (planned, after the mention:
    "ICPC will be arranged") would hide "will" (planned, before it: "children will be
    accommodated"). Only plans inherit: a phrase of another category keeps its own reading
    ("no further action" is no "no"), and a negation after its mention ("EPDS not done,
    referral made") must not reach forward as "not" does.

    Examples
    --------
    >>> rules = (ContextRule("planned", "before", ("will",)), ContextRule("planned", "after", ("will be",)))
    >>> found = {"will": [0], "will be": [1]}
    >>> _inherit_directions(found, rules)
    >>> found["will be"]
    [1, 0]
    """
    for key, numbers in rules_of.items():
        categories = {rules[n].category for n in numbers}
        words = key.split(" ")
        for count in range(len(words) - 1, 0, -1):
            for number in rules_of.get(" ".join(words[:count]), ()):
                if rules[number].category in categories & _INHERITED and number not in numbers:
                    numbers.append(number)


def read_context_rules(data: Any, where: str, known: Iterable[str] = ()) -> ContextRules:
    """Check the ``rule`` tables of a context file (or of a vocabulary's ``[context]``).

    Parameters
    ----------
    data
        The list of rule tables, as TOML gives them.
    where
        The file, for messages.
    known
        Event type ids and group names that ``applies_to`` and ``not_for`` may name.

    Raises
    ------
    VocabularyError
        A rule with an unknown field or category, no phrases, a bad scope or an unknown type;
        the message names the file and the rule's number.

    Examples
    --------
    >>> read_context_rules([{"category": "negated", "direction": "after",
    ...                      "phrases": ["not actioned"]}], "mine.toml").rules[0].reach
    3
    >>> read_context_rules([{"category": "denied", "phrases": ["no"]}], "mine.toml")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.VocabularyError: mine.toml: context rule 1 has category 'denied'; it must be one of: negated, planned, historical, reported, current, pseudo, terminate.
    """
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise VocabularyError(
            f"{where}: context rules must be tables written [[context.rule]] (in a vocabulary "
            'file), each with category, direction and phrases = ["..."].'
        )
    known = set(known)
    return ContextRules(tuple(_rule(entry, f"{where}: context rule {n}", known)
                              for n, entry in enumerate(data, start=1)))


def _rule(entry: Mapping[str, Any], where: str, known: set[str]) -> ContextRule:
    for name in entry:
        if name not in _FIELDS:
            close = difflib.get_close_matches(name, _FIELDS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise VocabularyError(f"{where} has an unknown field {name!r}.{hint} "
                                  f"Valid fields are: {', '.join(_FIELDS)}.")
    category = entry.get("category")
    if category not in CATEGORIES:
        raise VocabularyError(f"{where} has category {category!r}; it must be one of: "
                              f"{', '.join(CATEGORIES)}.")
    direction = entry.get("direction")
    if category in (*QUALIFIERS, CURRENT) and direction not in DIRECTIONS:
        raise VocabularyError(f"{where} ({category}) has direction {direction!r}; it must be "
                              f"one of: {', '.join(DIRECTIONS)} (where the trigger stands).")
    phrases = _texts(entry.get("phrases"), where, "phrases")
    if not phrases:
        raise VocabularyError(f'{where} has no phrases: give them as phrases = ["no", "not"].')
    for phrase in phrases:
        try:
            expand_alias(phrase)
        except ValueError as exc:
            raise VocabularyError(f"{where}: the phrase {phrase!r} cannot be read: {exc}.") from None
    scope = entry.get("scope")
    if scope is not None and (isinstance(scope, bool) or not isinstance(scope, int) or scope < 0):
        raise VocabularyError(f"{where} has scope {scope!r}; it must be a whole number of words.")
    ends = entry.get("ends", "clause")
    if ends not in ENDS:
        raise VocabularyError(f"{where} has ends = {ends!r}; it must be one of: {', '.join(ENDS)} "
                              "(where the trigger's scope stops).")
    limits = {name: _texts(entry.get(name, []), where, name) for name in ("applies_to", "not_for")}
    for name, listed in limits.items():
        unknown = [t for t in listed if known and t not in known]
        if unknown:
            raise VocabularyError(f"{where}: {name} names {', '.join(map(repr, unknown))}, which "
                                  "is neither an event type nor a group of the vocabulary.")
    return ContextRule(category, direction if category in (*QUALIFIERS, CURRENT) else None, tuple(phrases),
                       scope, tuple(limits["applies_to"]), tuple(limits["not_for"]), ends)


def _texts(value: Any, where: str, name: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{where}: {name} must be a list of non-empty text; got {value!r}.")
    return [v.strip() for v in value]


@cache
def packaged_context_rules() -> ContextRules:
    """The rules shipped in ``reviewkit/data/context.toml`` (read once)."""
    text = (resources.files("reviewkit") / "data" / "context.toml").read_text(encoding="utf-8")
    return read_context_rules(tomllib.loads(text).get("rule", []), _SOURCE)
