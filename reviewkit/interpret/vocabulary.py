"""The event vocabulary: event types, their aliases, groups and concern categories.

One TOML file in the package (``reviewkit/data/vocabulary.toml``) owns the event
types a chronology may carry. A board or reviewer extends it with their own file
passed as ``vocabulary=``; :func:`load_vocabulary` reads both.

Matching rules (used by :func:`infer_event_types`):

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

import difflib
import itertools
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from reviewkit.interpret.matcher import (
    APOSTROPHES,
    NO_HITS,
    Matcher,
    TextHits,
    exact_key,
    match_key,
)
from reviewkit.exceptions import VocabularyError
from reviewkit.load.schema import CONCERN_CATEGORIES

__all__ = [
    "EventType",
    "Vocabulary",
    "infer_event_types",
    "load_vocabulary",
    "resolve_event_types",
]

DEFAULT_PRIORITY = 50
INTERVAL_ROLES = ("open", "close")
_TYPE_FIELDS = (
    "label",
    "aliases",
    "abbreviations",
    "priority",
    "concern",
    "interval",
    "interval_role",
    "groups",
    "replace_aliases",
)
_CONCERN_FIELDS = ("aliases", "abbreviations", "replace_aliases")
_TOP_LEVEL = ("groups", "event_types", "concerns")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MAX_EXPANSION = 5000
_DEFAULT_SOURCE = "the packaged vocabulary (reviewkit/data/vocabulary.toml)"


# --------------------------------------------------------------------------- keys

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _resolve_key(text: str) -> str:
    """Case- and punctuation-insensitive key used by :meth:`Vocabulary.resolve`."""
    text = text.translate(APOSTROPHES).lower().replace("&", " and ").replace("_", " ")
    return _NOT_ALNUM.sub(" ", text).strip()


_BRACES = re.compile(r"\{([^{}]*)\}")


def _expand(alias: str) -> list[str]:
    """Expand ``{a|b}`` alternatives in an alias into every spelling it stands for."""
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
    if count > _MAX_EXPANSION:
        raise ValueError(f"it expands to {count} spellings (at most {_MAX_EXPANSION})")
    return ["".join(combo) for combo in itertools.product(*parts)]


# --------------------------------------------------------------------------- data


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
        found = self._resolve_index.get(_resolve_key(str(name)))
        if found is not None:
            return found
        keys = list(self._resolve_index)
        close = difflib.get_close_matches(_resolve_key(str(name)), keys, n=5, cutoff=0.6)
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
        >>> base = load_vocabulary()
        >>> extra = Vocabulary(
        ...     event_types={"mash_meeting": EventType(
        ...         "mash_meeting", "MASH meeting", ("mash meeting",), 70)},
        ...     groups={"meeting": ("mash_meeting",)}, concerns={})
        >>> both = base.merged(extra)
        >>> "mash_meeting" in both.group("meeting"), both.resolve("MASH meeting")
        (True, 'mash_meeting')
        """
        types = {k: _type_to_raw(t) for k, t in self.event_types.items()}
        for type_id, t in other.event_types.items():
            raw = _type_to_raw(t)
            if type_id in types:
                old = types[type_id]
                raw["aliases"] = _union(old["aliases"], raw["aliases"])
                raw["abbreviations"] = _union(old["abbreviations"], raw["abbreviations"])
            types[type_id] = raw
        groups = {k: list(v) for k, v in self.groups.items()}
        for name, members in other.groups.items():
            groups[name] = _union(groups.get(name, []), members)
        concerns = {
            k: {
                "aliases": list(v),
                "abbreviations": list(self.concern_abbreviations.get(k, ())),
            }
            for k, v in self.concerns.items()
        }
        for name in set(other.concerns) | set(other.concern_abbreviations):
            entry = concerns.setdefault(name, {"aliases": [], "abbreviations": []})
            entry["aliases"] = _union(entry["aliases"], other.concerns.get(name, ()))
            entry["abbreviations"] = _union(
                entry["abbreviations"], other.concern_abbreviations.get(name, ())
            )
        return _build(types, groups, concerns, self.sources + other.sources)

    # ------------------------------------------------------------------ internals

    @cached_property
    def _resolve_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for t in self.event_types.values():
            index.setdefault(_resolve_key(t.id), t.id)
        for t in self.event_types.values():
            index.setdefault(_resolve_key(t.label), t.id)
        for t in self.event_types.values():
            for alias in t.aliases:
                for spelling in _expand(alias):
                    index.setdefault(_resolve_key(spelling), t.id)
            for abbreviation in t.abbreviations:
                index.setdefault(_resolve_key(abbreviation), t.id)
        index.pop("", None)
        return index

    @cached_property
    def _matcher(self) -> Matcher:
        by_key: dict[str, list] = {}
        by_exact: dict[str, list] = {}
        for t in self.event_types.values():
            for alias in t.aliases:
                for spelling in _expand(alias):
                    by_key.setdefault(match_key(spelling), [None, None])[0] = t.id
            for abbreviation in t.abbreviations:
                by_exact.setdefault(exact_key(abbreviation), [None, None])[0] = t.id
        for name, aliases in self.concerns.items():
            for alias in aliases:
                for spelling in _expand(alias):
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


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    out = list(dict.fromkeys(first))
    out.extend(x for x in second if x not in out)
    return out


def _type_to_raw(t: EventType) -> dict[str, Any]:
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


def _build(
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
                spellings = _expand(alias)
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


def _string_list(value: Any, where: str, entry: str, name: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(
            f"{where}: [{entry}] field {name!r} must be a list of non-empty text, "
            f'e.g. {name} = ["strategy meeting", "strat meeting"]; got {value!r}.'
        )
    return [v.strip() for v in value]


def _unknown_field(where: str, entry: str, name: str, valid: Iterable[str]) -> VocabularyError:
    close = difflib.get_close_matches(name, list(valid), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return VocabularyError(
        f"{where}: [{entry}] has an unknown field {name!r}.{hint} "
        f"Valid fields are: {', '.join(valid)}."
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VocabularyError(f"The vocabulary file {str(path)!r} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"The vocabulary file {str(path)!r} cannot be read: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(
            f"{path} is not valid TOML ({exc}). Check the quotes, brackets and commas on that line."
        ) from None


def _parse(data: Mapping[str, Any], where: str, base: Vocabulary | None) -> Vocabulary:
    """Turn the TOML of one vocabulary file into a Vocabulary, on top of ``base``."""
    for key in data:
        if key not in _TOP_LEVEL:
            raise _unknown_field(where, "top level", key, _TOP_LEVEL)
    base_types = {k: _type_to_raw(t) for k, t in (base.event_types if base else {}).items()}
    types = dict(base_types)
    groups: dict[str, list[str]] = {k: list(v) for k, v in (base.groups if base else {}).items()}
    concerns: dict[str, dict[str, list[str]]] = {}
    if base is not None:
        for name in base.concerns:
            concerns[name] = {
                "aliases": list(base.concerns[name]),
                "abbreviations": list(base.concern_abbreviations.get(name, ())),
            }

    raw_types = data.get("event_types", {})
    if not isinstance(raw_types, dict):
        raise VocabularyError(f"{where}: 'event_types' must be tables like [event_types.my_type].")
    for type_id, entry in raw_types.items():
        name = f"event_types.{type_id}"
        if not _ID.match(type_id):
            raise VocabularyError(
                f"{where}: [{name}] is not a valid event type id: use lower-case snake_case "
                "(letters, digits, underscores), e.g. strategy_discussion."
            )
        if not isinstance(entry, dict):
            raise VocabularyError(f"{where}: [{name}] must be a table with label, aliases, ...")
        for key in entry:
            if key not in _TYPE_FIELDS:
                raise _unknown_field(where, name, key, _TYPE_FIELDS)
        old = base_types.get(type_id)
        aliases = _string_list(entry.get("aliases", []), where, name, "aliases")
        abbreviations = _string_list(entry.get("abbreviations", []), where, name, "abbreviations")
        if old is None and not aliases and not abbreviations:
            raise VocabularyError(
                f"{where}: [{name}] has no aliases. Give the phrases practitioners write, "
                'e.g. aliases = ["strategy meeting"] (or abbreviations = ["ICPC"]).'
            )
        replace = entry.get("replace_aliases", False)
        if not isinstance(replace, bool):
            raise VocabularyError(
                f"{where}: [{name}] field 'replace_aliases' must be true or false."
            )
        if old is not None and not replace:
            aliases = _union(old["aliases"], aliases)
            abbreviations = _union(old["abbreviations"], abbreviations)
        raw = (
            dict(old)
            if old
            else {
                "label": type_id.replace("_", " ").capitalize(),
                "priority": DEFAULT_PRIORITY,
                "concern": None,
                "interval": None,
                "interval_role": None,
            }
        )
        raw["aliases"], raw["abbreviations"] = aliases, abbreviations
        if "label" in entry:
            if not isinstance(entry["label"], str) or not entry["label"].strip():
                raise VocabularyError(f"{where}: [{name}] field 'label' must be non-empty text.")
            raw["label"] = entry["label"].strip()
        if "priority" in entry:
            if not isinstance(entry["priority"], int) or isinstance(entry["priority"], bool):
                raise VocabularyError(
                    f"{where}: [{name}] field 'priority' must be a whole number (higher wins "
                    f"when several types match); got {entry['priority']!r}."
                )
            raw["priority"] = entry["priority"]
        if "concern" in entry:
            if entry["concern"] not in CONCERN_CATEGORIES:
                raise VocabularyError(
                    f"{where}: [{name}] field 'concern' is {entry['concern']!r}; it must be one "
                    f"of: {', '.join(CONCERN_CATEGORIES)}."
                )
            raw["concern"] = entry["concern"]
        if "interval" in entry or "interval_role" in entry:
            interval, role = entry.get("interval"), entry.get("interval_role")
            if not isinstance(interval, str) or not _ID.match(interval):
                raise VocabularyError(
                    f"{where}: [{name}] field 'interval' must name the interval kind in "
                    f'snake_case (e.g. "cp_plan"), together with interval_role; got {interval!r}.'
                )
            if role not in INTERVAL_ROLES:
                raise VocabularyError(
                    f"{where}: [{name}] field 'interval_role' is {role!r}; it must be one of: "
                    f"{', '.join(INTERVAL_ROLES)}."
                )
            raw["interval"], raw["interval_role"] = interval, role
        for group in _string_list(entry.get("groups", []), where, name, "groups"):
            groups.setdefault(group, [])
            if type_id not in groups[group]:
                groups[group].append(type_id)
        types[type_id] = raw

    raw_groups = data.get("groups", {})
    if not isinstance(raw_groups, dict):
        raise VocabularyError(f"{where}: [groups] must be a table of name = [event type ids].")
    for group, members in raw_groups.items():
        if not _ID.match(group):
            raise VocabularyError(
                f"{where}: [groups] {group!r} is not a valid group name: use lower-case "
                "snake_case, e.g. child_protection."
            )
        listed = _string_list(members, where, f"groups] [{group}", "members")
        groups[group] = _union(groups.get(group, []), listed)

    raw_concerns = data.get("concerns", {})
    if not isinstance(raw_concerns, dict):
        raise VocabularyError(f"{where}: 'concerns' must be tables like [concerns.neglect].")
    for concern, entry in raw_concerns.items():
        name = f"concerns.{concern}"
        if concern not in CONCERN_CATEGORIES:
            raise VocabularyError(
                f"{where}: [{name}] is not a concern category; the categories are: "
                f"{', '.join(CONCERN_CATEGORIES)}."
            )
        if not isinstance(entry, dict):
            raise VocabularyError(f"{where}: [{name}] must be a table with aliases = [...].")
        for key in entry:
            if key not in _CONCERN_FIELDS:
                raise _unknown_field(where, name, key, _CONCERN_FIELDS)
        aliases = _string_list(entry.get("aliases", []), where, name, "aliases")
        abbreviations = _string_list(entry.get("abbreviations", []), where, name, "abbreviations")
        old = concerns.get(concern)
        if old is not None and not entry.get("replace_aliases", False):
            aliases = _union(old["aliases"], aliases)
            abbreviations = _union(old["abbreviations"], abbreviations)
        concerns[concern] = {"aliases": aliases, "abbreviations": abbreviations}
        for alias in aliases:
            try:
                _expand(alias)
            except ValueError as exc:
                raise VocabularyError(
                    f"{where}: [{name}] alias {alias!r} cannot be read: {exc}."
                ) from None

    sources = (base.sources if base else ()) + (where,)
    return _build(types, groups, concerns, sources)


@lru_cache(maxsize=1)
def _default_vocabulary() -> Vocabulary:
    resource = resources.files("reviewkit") / "data" / "vocabulary.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - packaging error
        raise VocabularyError(f"{_DEFAULT_SOURCE} is not valid TOML ({exc}).") from None
    vocab = _parse(data, _DEFAULT_SOURCE, None)
    missing = sorted(set(CONCERN_CATEGORIES) - set(vocab.concerns))
    if missing:  # pragma: no cover - packaging error
        raise VocabularyError(f"{_DEFAULT_SOURCE} has no aliases for concerns {missing}.")
    return vocab


def load_vocabulary(extra: str | os.PathLike | Vocabulary | None = None) -> Vocabulary:
    """Return the packaged vocabulary, extended by the user's own file.

    Parameters
    ----------
    extra : str, path, Vocabulary or None
        A TOML file in the same shape as ``reviewkit/data/vocabulary.toml``
        (new event types, extra aliases, changed priorities, group members), or a
        :class:`Vocabulary` to merge in. ``None`` gives the packaged vocabulary.
        In a file, an entry for an existing type adds to its aliases (or replaces
        them with ``replace_aliases = true``) and overrides the fields it gives.

    Returns
    -------
    Vocabulary

    Raises
    ------
    VocabularyError
        If the file is missing, is not valid TOML, or has an unknown field, a type
        without aliases, a group naming an undefined type, ...; the message names
        the file, the entry and the field.

    Examples
    --------
    >>> vocab = load_vocabulary()
    >>> vocab.resolve("RCPC")
    'rcpc'
    >>> load_vocabulary() is vocab   # the packaged vocabulary is read once
    True
    """
    base = _default_vocabulary()
    if extra is None:
        return base
    if isinstance(extra, Vocabulary):
        return base.merged(extra)
    if isinstance(extra, (str, os.PathLike)):
        path = Path(extra)
        return _parse(_read_toml(path), str(path), base)
    raise VocabularyError(
        f"vocabulary= must be a path to a TOML file or a Vocabulary, not {type(extra).__name__}."
    )


# --------------------------------------------------------------------------- inference


def _codes(values: pd.Series) -> tuple[np.ndarray, list]:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), uniques.tolist()


def _string_series(values: Iterable, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(list(values), dtype="string"), index=index)


def _string_series_from(distinct: list, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """A string Series whose row ``i`` holds ``distinct[rows[i]]`` (None gives NA)."""
    return pd.Series(pd.array(distinct, dtype="string").take(rows), index=index)


def _hits_by_row(values: pd.Series, matcher: Matcher) -> tuple[list[TextHits], np.ndarray]:
    """Summarise each DISTINCT text once: the summaries, and which one each row has.

    Examples
    --------
    >>> hits, rows = _hits_by_row(pd.Series(["ICPC", None, "ICPC"]), load_vocabulary()._matcher)
    >>> [hits[k].best for k in rows]
    ['icpc', None, 'icpc']
    """
    codes, uniques = _codes(values)
    summaries, which = matcher.summarise_many(uniques)
    return [*summaries, NO_HITS], np.append(which, len(summaries))[codes]  # NA (-1): NO_HITS


def _first_given(*values: str | None) -> str | None:
    return next((v for v in values if v is not None), None)


def _union_tags(first: str, second: str) -> str:
    """Sorted union of two ``;``-joined tag lists.

    Examples
    --------
    >>> _union_tags("home_visit;icpc", "epds;icpc"), _union_tags("", "icpc")
    ('epds;home_visit;icpc', 'icpc')
    """
    if first and second:
        return ";".join(sorted({t for t in (first + ";" + second).split(";") if t}))
    return first or second


def _entry(
    primary: TextHits, secondary: TextHits, implied: Mapping[str, str | None]
) -> tuple[str | None, str, str | None]:
    """Event type, tags and concern of an entry from what its texts matched.

    Examples
    --------
    >>> vocab = load_vocabulary()
    >>> home, kick = vocab._matcher.summarise_many(["Home visit", "Father kicked Child B"])[0]
    >>> _entry(home, NO_HITS, vocab._matcher.implied), _entry(home, kick, vocab._matcher.implied)
    (('home_visit', 'home_visit', None), ('home_visit', 'home_visit', 'physical'))
    """
    event_type = _first_given(primary.best, secondary.best)
    concern = _first_given(
        primary.concern,
        secondary.concern,
        implied.get(event_type),
        primary.implied,
        secondary.implied,
    )
    return event_type, _union_tags(primary.tags, secondary.tags), concern


def _entries(
    primary: pd.Series, secondary: pd.Series | None, matcher: Matcher
) -> tuple[list[tuple[str | None, str, str | None]], np.ndarray]:
    """The distinct (event type, tags, concern) triples, and which one each row has."""
    first, rows = _hits_by_row(primary, matcher)
    if secondary is None:
        return [_entry(hits, NO_HITS, matcher.implied) for hits in first], rows
    second, second_rows = _hits_by_row(secondary, matcher)
    rows, pairs = pd.factorize(rows * len(second) + second_rows)
    distinct = [
        _entry(first[k // len(second)], second[k % len(second)], matcher.implied)
        for k in pairs.tolist()
    ]
    return distinct, rows


def infer_event_types(
    primary: pd.Series,
    secondary: pd.Series | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    explicit: pd.Series | None = None,
) -> pd.DataFrame:
    """Find the event type, tags and concern of each entry from its text.

    Parameters
    ----------
    primary : Series
        The event / contact-type text of each entry (NA allowed).
    secondary : Series, optional
        The details / notes text, aligned with ``primary`` (NA allowed).
    vocabulary : Vocabulary, optional
        Defaults to the packaged vocabulary.
    explicit : Series, optional
        Event types given explicitly (ids, labels or aliases); where one resolves
        it becomes the ``event_type`` and joins the tags. Unknown values are
        ignored here: report them with :func:`resolve_event_types`.

    Returns
    -------
    DataFrame
        Same index, columns ``event_type`` (string, NA when nothing matches),
        ``tags`` (every matched event type id, sorted, ``;``-joined, ``""`` when
        none) and ``concern`` (one of the concern categories, or NA).

    Notes
    -----
    The main type is the highest-priority type found in ``primary``, else in
    ``secondary``; ties go to the one written first. The concern comes from
    concern words (``primary`` first, then ``secondary``, in the order written),
    else from the concern the event types imply. Each distinct text is matched
    once: one call of a single compiled regex finds the aliases in many texts at
    once, and each distinct run of matched aliases is read once.

    Examples
    --------
    >>> texts = pd.Series(["Strategy meeting", "HV home visit, EPDS completed", None])
    >>> out = infer_event_types(texts)
    >>> out["event_type"].tolist()
    ['strategy_discussion', 'epds', <NA>]
    >>> out["tags"].tolist()
    ['strategy_discussion', 'epds;health_visitor_contact;home_visit', '']
    >>> infer_event_types(pd.Series(["School staff witnessed mother kick Child B"]))["concern"][0]
    'physical'
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    matcher = vocab._matcher
    index = primary.index
    if secondary is not None and len(secondary) != len(primary):
        raise ValueError(
            f"primary and secondary must be the same length ({len(primary)} and {len(secondary)})."
        )
    distinct, rows = _entries(primary, secondary, matcher)
    out = pd.DataFrame(
        {
            name: _string_series_from([d[k] for d in distinct], rows, index)
            for k, name in enumerate(("event_type", "tags", "concern"))
        },
        index=index,
    )
    if explicit is not None:
        ids, _unknown = resolve_event_types(explicit, vocab)
        ids = pd.Series(ids.to_numpy(), index=index, dtype="string")
        given = ids.notna()
        if given.any():
            out.loc[given, "event_type"] = ids[given]
            combined = (ids[given] + ";" + out.loc[given, "tags"]).map(
                lambda s: ";".join(sorted({t for t in s.split(";") if t}))
            )
            out.loc[given, "tags"] = combined
            fill = given & out["concern"].isna()
            if fill.any():
                out.loc[fill, "concern"] = ids[fill].map(matcher.implied).astype("string")
    return out


def resolve_event_types(
    values: pd.Series, vocabulary: Vocabulary | None = None
) -> tuple[pd.Series, pd.Series]:
    """Map explicit event-type values (ids, labels or aliases) to event type ids.

    Parameters
    ----------
    values : Series
        As written in an ``event_type`` column.
    vocabulary : Vocabulary, optional
        Defaults to the packaged vocabulary.

    Returns
    -------
    ids : Series of string
        The event type id, NA where the value is blank or unknown.
    unknown : Series of bool
        True where a non-blank value is not in the vocabulary (so the loader
        can report it).

    Examples
    --------
    >>> ids, unknown = resolve_event_types(pd.Series(["ICPC", "strat meeting", "tea", None]))
    >>> ids.tolist(), unknown.tolist()
    (['icpc', 'strategy_discussion', <NA>, <NA>], [False, False, True, False])
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    index_map = vocab._resolve_index
    codes, uniques = _codes(values)
    resolved: list[str | None] = []
    unknown: list[bool] = []
    for value in uniques:
        text = str(value).strip()
        if not text:
            resolved.append(None)
            unknown.append(False)
            continue
        found = text if text in vocab.event_types else index_map.get(_resolve_key(text))
        resolved.append(found)
        unknown.append(found is None)
    resolved.append(None)
    unknown.append(False)
    take = np.where(codes < 0, len(resolved) - 1, codes)
    ids = np.array(resolved, dtype=object)[take] if len(take) else []
    flags = np.array(unknown, dtype=bool)[take] if len(take) else np.array([], dtype=bool)
    return (
        _string_series(ids, values.index),
        pd.Series(flags, index=values.index, dtype=bool),
    )
