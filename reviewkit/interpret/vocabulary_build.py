"""Combine vocabulary entries into a checked :class:`~reviewkit.interpret.vocabulary.Vocabulary`.

Every way of making a vocabulary ends here: the packaged file, a user's file on top of it
(:mod:`reviewkit.interpret.vocabulary_file`), or two vocabularies merged. The checks are those a
reader of the vocabulary relies on: every group member is a type, every alias and other-sense
phrase belongs to one type, every interval has one opening and one closing type, and the
context rules name only types and groups the vocabulary has.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.context_rules import ContextRules
from reviewkit.interpret.matcher import exact_key, match_key
from reviewkit.interpret.patterns import Patterns, check_classes
from reviewkit.interpret.vocabulary import INTERVAL_ROLES, EventType, Vocabulary

__all__ = ["build_vocabulary", "merge_vocabularies"]


def merge_vocabularies(base: Vocabulary, other: Vocabulary) -> Vocabulary:
    """Return ``base`` extended (and overridden) by ``other``.

    Types only in ``other`` are added. For a type in both, ``other``'s label,
    priority, concern and interval win and the alias lists are combined.
    Groups and concern aliases are combined.

    Parameters
    ----------
    base, other : Vocabulary

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
    >>> both = merge_vocabularies(base, extra)
    >>> "mash_meeting" in both.group("meeting"), both.resolve("MASH meeting")
    (True, 'mash_meeting')
    """
    types = {k: type_fields(t) for k, t in base.event_types.items()}
    for type_id, t in other.event_types.items():
        raw = type_fields(t)
        if type_id in types:
            old = types[type_id]
            raw["aliases"] = union(old["aliases"], raw["aliases"])
            raw["abbreviations"] = union(old["abbreviations"], raw["abbreviations"])
            raw["other_senses"] = union(old["other_senses"], raw["other_senses"])
            raw["replaces"] = union(old["replaces"], raw["replaces"])
            raw["also"] = union(old["also"], raw["also"])
            raw["contact_of"] = union(old["contact_of"], raw["contact_of"])
            raw["agency_aliases"] = merge_agency_aliases(old["agency_aliases"], raw["agency_aliases"])
        types[type_id] = raw
    groups = {k: list(v) for k, v in base.groups.items()}
    for name, members in other.groups.items():
        groups[name] = union(groups.get(name, []), members)
    concerns = {
        k: {
            "aliases": list(v),
            "abbreviations": list(base.concern_abbreviations.get(k, ())),
        }
        for k, v in base.concerns.items()
    }
    for name in set(other.concerns) | set(other.concern_abbreviations):
        entry = concerns.setdefault(name, {"aliases": [], "abbreviations": []})
        entry["aliases"] = union(entry["aliases"], other.concerns.get(name, ()))
        entry["abbreviations"] = union(
            entry["abbreviations"], other.concern_abbreviations.get(name, ())
        )
    return build_vocabulary(types, groups, concerns, base.sources + other.sources,
                            base.context.merged(other.context), base.patterns.merged(other.patterns))


def union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    out = list(dict.fromkeys(first))
    out.extend(x for x in second if x not in out)
    return out


def merge_agency_aliases(first: Mapping[str, Iterable[str]],
                         second: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Two ``agency_aliases`` tables as one, each agency's phrases combined.

    Examples
    --------
    >>> merge_agency_aliases({"Probation": ["supervision"]}, {"Probation": ["sup"], "GP": ["appt"]})
    {'Probation': ['supervision', 'sup'], 'GP': ['appt']}
    """
    merged = {agency: list(aliases) for agency, aliases in first.items()}
    for agency, aliases in second.items():
        merged[agency] = union(merged.get(agency, []), aliases)
    return merged


def type_fields(t: EventType) -> dict[str, Any]:
    return {
        "label": t.label,
        "aliases": list(t.aliases),
        "abbreviations": list(t.abbreviations),
        "priority": t.priority,
        "concern": t.concern,
        "interval": t.interval,
        "interval_role": t.interval_role,
        "other_senses": list(t.other_senses),
        "replaces": list(t.replaces),
        "also": list(t.also),
        "contact_of": list(t.contact_of),
        "contact_evidence": t.contact_evidence,
        "agency_aliases": {agency: list(aliases) for agency, aliases in t.agency_aliases},
    }


def build_vocabulary(
    types: Mapping[str, Mapping[str, Any]],
    groups: Mapping[str, list[str]],
    concerns: Mapping[str, Mapping[str, list[str]]],
    sources: tuple[str, ...],
    context: ContextRules,
    patterns: Patterns | None = None,
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
            spellings = _spellings(alias, f"{where}: [event_types.{type_id}] alias {alias!r}",
                                   "Write alternatives as {a|b}, e.g. 'bruis{e|es|ing}'.")
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
    for type_id, raw in types.items():
        for phrase in raw.get("other_senses", ()):
            spellings = _spellings(phrase, f"{where}: [event_types.{type_id}] other sense {phrase!r}",
                                   "Write alternatives as {a|b}, or split the phrase in two.")
            for key in {match_key(s) for s in spellings}:
                if key in owner:
                    raise VocabularyError(
                        f"{where}: [event_types.{type_id}] lists {key!r} as another sense of its "
                        f"words, but it is an alias of [event_types.{owner[key]}]. A phrase is "
                        "either an alias or another sense; remove it from one list."
                    )
    _check_agency_aliases(types, where)
    for type_id, raw in types.items():
        unknown = [t for t in raw.get("replaces", ()) if t not in types or t == type_id]
        if unknown:
            raise VocabularyError(
                f"{where}: [event_types.{type_id}] replaces {unknown[0]!r}, which is not another "
                "event type of the vocabulary; list the ids of the types this one stands in for."
            )
        unknown = [t for t in raw.get("also", ()) if t not in types or t == type_id]
        if unknown:
            raise VocabularyError(
                f"{where}: [event_types.{type_id}] field 'also' names {unknown[0]!r}, which is not "
                "another event type of the vocabulary; list the ids of the types an entry of this "
                "one is too."
            )
    for type_id, raw in types.items():
        evidence = raw.get("contact_evidence", "in_person")
        if raw.get("contact_of") and evidence not in groups:
            raise VocabularyError(
                f"{where}: [event_types.{type_id}] takes its contact_of evidence from the group "
                f"{evidence!r}, which the vocabulary does not define; name a group of [groups]."
            )
    known = set(types) | set(groups)
    for rule in context.rules:
        unknown = [n for n in (*rule.applies_to, *rule.not_for) if n not in known]
        if unknown:
            raise VocabularyError(
                f"{where}: the context rule with phrases {', '.join(map(repr, rule.phrases[:3]))}"
                f"{', ...' if len(rule.phrases) > 3 else ''} names {', '.join(map(repr, unknown))} "
                "in applies_to or not_for, which is neither an event type nor a group."
            )
    if patterns is not None:
        check_classes(patterns, where)
        strange = sorted({p.type for p in patterns.patterns} - set(types))
        if strange:
            raise VocabularyError(f"{where}: a pattern reads {strange[0]!r}, which is not an "
                                  "event type of the vocabulary.")
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
            other_senses=tuple(raw.get("other_senses", ())),
            replaces=tuple(raw.get("replaces", ())),
            also=tuple(raw.get("also", ())),
            contact_of=tuple(raw.get("contact_of", ())),
            contact_evidence=raw.get("contact_evidence", "in_person"),
            agency_aliases=tuple((agency, tuple(aliases))
                                 for agency, aliases in raw.get("agency_aliases", {}).items()),
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
        context=context,
        patterns=patterns if patterns is not None else Patterns(),
        sources=sources,
    )


def _check_agency_aliases(types: Mapping[str, Mapping[str, Any]], where: str) -> None:
    """Every agency alias can be read, and names one type in its agency's entries."""
    owner: dict[tuple[str, str], str] = {}
    for type_id, raw in types.items():
        for agency, aliases in raw.get("agency_aliases", {}).items():
            for alias in aliases:
                spellings = _spellings(alias, f"{where}: [event_types.{type_id}] agency alias "
                                       f"{alias!r} ({agency})", "Write alternatives as {a|b}.")
                for key in {match_key(s) for s in spellings}:
                    held = owner.setdefault((agency, key), type_id)
                    if held != type_id:
                        raise VocabularyError(
                            f"{where}: in {agency}'s entries the alias {key!r} is given to both "
                            f"[event_types.{held}] and [event_types.{type_id}]; an alias must "
                            "name one event type."
                        )


def _spellings(phrase: str, named: str, hint: str) -> list[str]:
    """Every spelling of ``phrase``, or a VocabularyError naming it (``named``) and what went wrong.

    Examples
    --------
    >>> _spellings("bruis{e|es}", "alias 'bruis{e|es}'", "")
    ['bruise', 'bruises']
    >>> _spellings("bruis{e", "alias 'bruis{e'", "Write {a|b}.")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.VocabularyError: alias 'bruis{e' cannot be read: it has an unmatched '{' or '}'. Write {a|b}.
    """
    try:
        return expand_alias(phrase)
    except ValueError as exc:
        raise VocabularyError(f"{named} cannot be read: {exc}. {hint}".rstrip()) from None
