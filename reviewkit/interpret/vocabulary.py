"""The event vocabulary's model: event types, their aliases, groups and concern categories.

One TOML file in the package (``reviewkit/data/vocabulary.toml``) owns the event
types a chronology may carry; :mod:`reviewkit.interpret.vocabulary_file` reads it (and a
user's own file) into the :class:`Vocabulary` defined here. How aliases match is in
:mod:`reviewkit.interpret.aliases`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.aliases import expand_alias, resolve_key
from reviewkit.interpret.context_rules import ContextRules
from reviewkit.interpret.matcher import Matcher, exact_key, match_key
from reviewkit.interpret.patterns import Patterns
from reviewkit.interpret.spelling import Speller

__all__ = ["CONCERN_CATEGORIES", "EventType", "Vocabulary"]

#: The concern categories a chronology may carry.
CONCERN_CATEGORIES: list[str] = ["neglect", "physical", "emotional", "sexual", "domestic_abuse"]
DEFAULT_PRIORITY = 50
INTERVAL_ROLES = ("open", "close")


@dataclass(frozen=True)
class EventType:
    """One event type of the vocabulary.

    Attributes
    ----------
    id : str
        snake_case identifier, e.g. ``"strategy_discussion"``.
    label : str
        Plain-English name for charts and reports.
    aliases : tuple of str
        Phrases practitioners write, matched case-insensitively as whole words;
        ``{a|b}`` stands for alternatives.
    priority : int
        Which type is the entry's main type when several match (higher wins).
    groups : tuple of str
        The groups the type belongs to (``concern``, ``meeting``, ...).
    concern : str or None
        The concern category the type implies, if any.
    interval : str or None
        Interval kind this type opens or closes (``"cp_plan"``, ``"plo"``, ...).
    interval_role : {"open", "close"} or None
        Whether the type opens or closes its interval.
    abbreviations : tuple of str
        Short forms matched case-sensitively as whole words (``ED``, ``DNA``).
    other_senses : tuple of str
        Phrases that use the type's words in another sense ("behaviour strategy"): a mention
        of the type, never a tag.
    replaces : tuple of str
        Types this one stands in for when an entry affirms both: a visit with no access
        ("visit to the home - no answer") is not a home visit, so ``no_access_visit`` replaces
        ``home_visit`` and the entry keeps only the no-access tag. A type that is itself
        replaced replaces nothing: access gained on a later knock (``visit_access_gained``
        replaces ``no_access_visit``) leaves the home visit.
    contact_of : tuple of str
        Agencies (their names as the agency table gives them: ``"Health Visiting"``) whose
        entries of a face-to-face contact (a type of the ``in_person`` group) are of this type
        too: a home visit in the health visitor's chronology is a health visitor contact.
    contact_evidence : str
        The group whose types an entry of a ``contact_of`` agency must affirm (default
        ``in_person``): the midwife's antenatal booking is her contact, but a pregnancy named in
        the health visitor's notes is no visit.
    also : tuple of str
        Types an entry that affirms this type affirms too: an unannounced home visit is a home
        visit (``unannounced_visit`` has ``also = ["home_visit"]``), so a rule that counts home
        visits counts it. The entry's ``mentions`` say why (``home_visit: affirmed
        (unannounced_visit)``); a type that replaces one of them still does.
    agency_aliases : tuple of (str, tuple of str)
        Phrases that name this type only in the entries of one agency (its name as the agency
        table gives it), as ``(agency, aliases)`` pairs: in Probation's chronology
        "Supervision" is a supervision session with the offender, in Children's Services a
        manager's oversight. Elsewhere the words mean nothing of themselves.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocab = load_vocabulary()
    >>> vocab.event_types["icpc"].label
    'Initial child protection conference (ICPC)'
    >>> vocab.event_types["cp_plan_start"].interval_role
    'open'
    """

    id: str
    label: str
    aliases: tuple[str, ...]
    priority: int = DEFAULT_PRIORITY
    groups: tuple[str, ...] = ()
    concern: str | None = None
    interval: str | None = None
    interval_role: str | None = None
    abbreviations: tuple[str, ...] = ()
    other_senses: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    contact_of: tuple[str, ...] = ()
    contact_evidence: str = "in_person"
    agency_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Event types, groups and concern categories, with the matcher built from them.

    Build one with :func:`load_vocabulary` rather than directly.

    Attributes
    ----------
    event_types : Mapping[str, EventType]
        Every event type by id.
    groups : Mapping[str, tuple[str, ...]]
        Group name -> the event type ids in it.
    concerns : Mapping[str, tuple[str, ...]]
        Concern category -> its aliases (matched case-insensitively).
    concern_abbreviations : Mapping[str, tuple[str, ...]]
        Concern category -> abbreviations (matched case-sensitively).
    context : ContextRules
        The triggers that make a mention negated, planned or historical.
    patterns : Patterns
        Word classes and the patterns that read an event from a sentence ("dad hit him").
    sources : tuple of str
        The files the vocabulary was read from, for messages.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocab = load_vocabulary()
    >>> "strategy_discussion" in vocab.event_types
    True
    >>> sorted(vocab.concerns)
    ['domestic_abuse', 'emotional', 'neglect', 'physical', 'sexual']
    """

    event_types: Mapping[str, EventType]
    groups: Mapping[str, tuple[str, ...]]
    concerns: Mapping[str, tuple[str, ...]]
    concern_abbreviations: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    context: ContextRules = field(default_factory=ContextRules)
    patterns: Patterns = field(default_factory=Patterns)
    sources: tuple[str, ...] = field(default=(), compare=False)

    def __repr__(self) -> str:
        return (
            f"Vocabulary({len(self.event_types)} event types, {len(self.groups)} groups, "
            f"{len(self.concerns)} concern categories)"
        )

    # ------------------------------------------------------------------ queries

    def group(self, name: str) -> tuple[str, ...]:
        """Return the event type ids in group ``name``.

        Parameters
        ----------
        name : str
            A group name, e.g. ``"conference"``.

        Returns
        -------
        tuple of str

        Raises
        ------
        VocabularyError
            If there is no such group; the message lists the groups there are.

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> load_vocabulary().group("conference")
        ('icpc', 'rcpc', 'child_protection_conference', 'transfer_in_conference')
        >>> load_vocabulary().group("conferences")
        Traceback (most recent call last):
        ...
        reviewkit.exceptions.VocabularyError: There is no event group 'conferences'...
        """
        try:
            return self.groups[name]
        except (KeyError, TypeError):
            valid = sorted(self.groups)
            close = difflib.get_close_matches(str(name), valid, n=3)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise VocabularyError(
                f"There is no event group {name!r}.{hint} The groups are: {', '.join(valid)}."
            ) from None

    def resolve(self, name: str) -> str:
        """Return the event type id that ``name`` stands for.

        ``name`` may be an id, a label, an alias or an abbreviation; case,
        punctuation and spacing do not matter.

        Parameters
        ----------
        name : str

        Returns
        -------
        str
            The event type id.

        Raises
        ------
        VocabularyError
            If nothing in the vocabulary is called ``name``; the message lists
            the closest names.

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> vocab = load_vocabulary()
        >>> vocab.resolve("Strategy Meeting"), vocab.resolve("S47"), vocab.resolve("icpc")
        ('strategy_discussion', 's47_enquiry', 'icpc')
        >>> vocab.resolve("strategy meetin")
        Traceback (most recent call last):
        ...
        reviewkit.exceptions.VocabularyError: 'strategy meetin' is not an event type...
        """
        if isinstance(name, str) and name in self.event_types:
            return name
        found = self._resolve_index.get(resolve_key(str(name)))
        if found is not None:
            return found
        keys = list(self._resolve_index)
        close = difflib.get_close_matches(resolve_key(str(name)), keys, n=5, cutoff=0.6)
        if close:
            hint = "Closest: " + ", ".join(f"'{c}' ({self._resolve_index[c]})" for c in close) + "."
        else:
            hint = "Event type ids are: " + ", ".join(sorted(self.event_types)) + "."
        raise VocabularyError(
            f"{name!r} is not an event type, label or alias in the vocabulary. {hint} "
            "Add it as an alias in your own vocabulary file if it is one."
        )

    def interval_pairs(self) -> dict[str, tuple[str, str]]:
        """Return ``{interval kind: (opening type id, closing type id)}``.

        The loader pairs an opening entry with the next closing entry of the same
        kind and gives the opening entry its ``end``.

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> load_vocabulary().interval_pairs()["cp_plan"]
        ('cp_plan_start', 'cp_plan_end')
        """
        pairs: dict[str, dict[str, str]] = {}
        for t in self.event_types.values():
            if t.interval is not None and t.interval_role is not None:
                pairs.setdefault(t.interval, {})[t.interval_role] = t.id
        return {k: (v["open"], v["close"]) for k, v in sorted(pairs.items())}

    # ------------------------------------------------------------------ internals

    @cached_property
    def _resolve_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for t in self.event_types.values():
            index.setdefault(resolve_key(t.id), t.id)
        for t in self.event_types.values():
            index.setdefault(resolve_key(t.label), t.id)
        for t in self.event_types.values():
            for alias in t.aliases:
                for spelling in expand_alias(alias):
                    index.setdefault(resolve_key(spelling), t.id)
            for abbreviation in t.abbreviations:
                index.setdefault(resolve_key(abbreviation), t.id)
        index.pop("", None)
        return index

    @cached_property
    def _matcher(self) -> Matcher:
        by_key: dict[str, list] = {}
        by_exact: dict[str, list] = {}
        for t in self.event_types.values():
            for alias in t.aliases:
                for spelling in expand_alias(alias):
                    by_key.setdefault(match_key(spelling), [None, None])[0] = t.id
            for abbreviation in t.abbreviations:
                by_exact.setdefault(exact_key(abbreviation), [None, None])[0] = t.id
        other_sense: dict[str, str] = {}
        for t in self.event_types.values():
            for phrase in t.other_senses:
                for spelling in expand_alias(phrase):
                    by_key.setdefault(match_key(spelling), [None, None])
                    other_sense[match_key(spelling)] = t.id
        for name, aliases in self.concerns.items():
            for alias in aliases:
                for spelling in expand_alias(alias):
                    by_key.setdefault(match_key(spelling), [None, None])[1] = name
        for name, abbreviations in self.concern_abbreviations.items():
            for abbreviation in abbreviations:
                by_exact.setdefault(exact_key(abbreviation), [None, None])[1] = name
        by_key.pop("", None)
        by_exact.pop("", None)
        return Matcher(
            by_key={k: tuple(v) for k, v in by_key.items()},
            by_exact={k: tuple(v) for k, v in by_exact.items()},
            priority={t.id: t.priority for t in self.event_types.values()},
            implied={t.id: t.concern for t in self.event_types.values()},
            other_sense=other_sense,
        )

    @cached_property
    def _speller(self) -> Speller:
        phrases = [*self._matcher.by_key, *(p for r in self.context.rules for p in r.phrases),
                   *self.patterns.phrases(),
                   *(alias for t in self.event_types.values() for _, aliases in t.agency_aliases
                     for alias in aliases)]
        return Speller.from_phrases(phrases)
