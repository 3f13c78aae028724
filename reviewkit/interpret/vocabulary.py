"""The event vocabulary's model: event types, their aliases, groups and concern categories.

One TOML file in the package (``reviewkit/data/vocabulary.toml``) owns the event
types a chronology may carry; :mod:`reviewkit.interpret.vocabulary_file` reads it (and a
user's own file) into the :class:`Vocabulary` defined here. How aliases match is in
:mod:`reviewkit.interpret.aliases`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.aliases import expand_alias, resolve_key
from reviewkit.interpret.matcher import (
    Matcher,
    exact_key,
    match_key,
)

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
        ('icpc', 'rcpc', 'child_protection_conference')
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

    def merged(self, other: Vocabulary) -> Vocabulary:
        """Return this vocabulary extended (and overridden) by ``other``.

        Types only in ``other`` are added. For a type in both, ``other``'s label,
        priority, concern and interval win and the alias lists are combined.
        Groups and concern aliases are combined.

        Parameters
        ----------
        other : Vocabulary

        Returns
        -------
        Vocabulary

        Raises
        ------
        VocabularyError
            If the result is inconsistent (an alias claimed by two types, an
            interval with no closing type, ...).

        Examples
        --------
        >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
        >>> base = load_vocabulary()
        >>> extra = Vocabulary(
        ...     event_types={"mash_meeting": EventType(
        ...         "mash_meeting", "MASH meeting", ("mash meeting",), 70)},
        ...     groups={"meeting": ("mash_meeting",)}, concerns={})
        >>> both = base.merged(extra)
        >>> "mash_meeting" in both.group("meeting"), both.resolve("MASH meeting")
        (True, 'mash_meeting')
        """
        types = {k: type_fields(t) for k, t in self.event_types.items()}
        for type_id, t in other.event_types.items():
            raw = type_fields(t)
            if type_id in types:
                old = types[type_id]
                raw["aliases"] = union(old["aliases"], raw["aliases"])
                raw["abbreviations"] = union(old["abbreviations"], raw["abbreviations"])
            types[type_id] = raw
        groups = {k: list(v) for k, v in self.groups.items()}
        for name, members in other.groups.items():
            groups[name] = union(groups.get(name, []), members)
        concerns = {
            k: {
                "aliases": list(v),
                "abbreviations": list(self.concern_abbreviations.get(k, ())),
            }
            for k, v in self.concerns.items()
        }
        for name in set(other.concerns) | set(other.concern_abbreviations):
            entry = concerns.setdefault(name, {"aliases": [], "abbreviations": []})
            entry["aliases"] = union(entry["aliases"], other.concerns.get(name, ()))
            entry["abbreviations"] = union(
                entry["abbreviations"], other.concern_abbreviations.get(name, ())
            )
        return build_vocabulary(types, groups, concerns, self.sources + other.sources)

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
        )


def union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    out = list(dict.fromkeys(first))
    out.extend(x for x in second if x not in out)
    return out


def type_fields(t: EventType) -> dict[str, Any]:
    return {
        "label": t.label,
        "aliases": list(t.aliases),
        "abbreviations": list(t.abbreviations),
        "priority": t.priority,
        "concern": t.concern,
        "interval": t.interval,
        "interval_role": t.interval_role,
    }


# --------------------------------------------------------------------------- reading


def build_vocabulary(
    types: Mapping[str, Mapping[str, Any]],
    groups: Mapping[str, list[str]],
    concerns: Mapping[str, Mapping[str, list[str]]],
    sources: tuple[str, ...],
) -> Vocabulary:
    """Check the combined entries for consistency and freeze them into a Vocabulary."""
    if not sources:
        where = "the vocabulary"
    elif len(sources) == 1:
        where = sources[0]
    else:
        where = f"{sources[-1]} (read on top of {' + '.join(sources[:-1])})"
    for name, members in groups.items():
        for member in members:
            if member not in types:
                close = difflib.get_close_matches(member, list(types), n=3, cutoff=0.75)
                hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                raise VocabularyError(
                    f"{where}: group {name!r} names {member!r}, which is not a defined event "
                    f"type.{hint} Define it under [event_types.{member}] or remove it from "
                    "the group."
                )
    # every alias spelling belongs to one event type only
    owner: dict[str, str] = {}
    for type_id, raw in types.items():
        for alias in list(raw["aliases"]) + list(raw["abbreviations"]):
            try:
                spellings = expand_alias(alias)
            except ValueError as exc:
                raise VocabularyError(
                    f"{where}: [event_types.{type_id}] alias {alias!r} cannot be read: {exc}. "
                    "Write alternatives as {{a|b}}, e.g. 'bruis{{e|es|ing}}'."
                ) from None
            keys = (
                {match_key(s) for s in spellings}
                if alias in raw["aliases"]
                else {exact_key(alias)}
            )
            for key in keys:
                held = owner.setdefault(key, type_id)
                if held != type_id:
                    raise VocabularyError(
                        f"{where}: the alias {key!r} is given to both [event_types.{held}] and "
                        f"[event_types.{type_id}]. An alias must name one event type; remove it "
                        "from one of them (use replace_aliases = true in your file to redefine "
                        "a packaged type's aliases)."
                    )
    # intervals pair up
    roles: dict[str, dict[str, list[str]]] = {}
    for type_id, raw in types.items():
        if raw.get("interval") is not None:
            roles.setdefault(raw["interval"], {"open": [], "close": []})[
                raw["interval_role"]
            ].append(type_id)
    for kind, found in roles.items():
        for role in INTERVAL_ROLES:
            if len(found[role]) != 1:
                have = ", ".join(found[role]) or "none"
                raise VocabularyError(
                    f"{where}: interval {kind!r} needs exactly one event type with "
                    f"interval_role = {role!r} (found: {have})."
                )
    member_of: dict[str, list[str]] = {}
    for name, members in groups.items():
        for member in members:
            member_of.setdefault(member, []).append(name)
    event_types = {
        type_id: EventType(
            id=type_id,
            label=raw["label"],
            aliases=tuple(raw["aliases"]),
            priority=int(raw["priority"]),
            groups=tuple(member_of.get(type_id, ())),
            concern=raw.get("concern"),
            interval=raw.get("interval"),
            interval_role=raw.get("interval_role"),
            abbreviations=tuple(raw["abbreviations"]),
        )
        for type_id, raw in types.items()
    }
    return Vocabulary(
        event_types=MappingProxyType(event_types),
        groups=MappingProxyType({k: tuple(v) for k, v in groups.items()}),
        concerns=MappingProxyType({k: tuple(v["aliases"]) for k, v in concerns.items()}),
        concern_abbreviations=MappingProxyType(
            {k: tuple(v["abbreviations"]) for k, v in concerns.items() if v["abbreviations"]}
        ),
        sources=sources,
    )


