"""Read the vocabulary: the packaged ``vocabulary.toml``, extended by a user's own file."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reviewkit.exceptions import VocabularyError
from reviewkit.interpret.aliases import expand_alias
from reviewkit.interpret.context_rules import packaged_context_rules, read_context_rules
from reviewkit.interpret.patterns import packaged_patterns, read_patterns
from reviewkit.interpret.vocabulary import (
    CONCERN_CATEGORIES,
    DEFAULT_PRIORITY,
    INTERVAL_ROLES,
    Vocabulary,
)
from reviewkit.interpret.vocabulary_build import (
    build_vocabulary,
    merge_agency_aliases,
    merge_vocabularies,
    type_fields,
    union,
)
from reviewkit.interpret.vocabulary_cache import cached_vocabulary

__all__ = ["load_vocabulary"]

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
    "other_senses",
    "replaces",
    "contact_of",
    "contact_evidence",
    "agency_aliases",
    "also",
)
_CONCERN_FIELDS = ("aliases", "abbreviations", "replace_aliases")
_TOP_LEVEL = ("groups", "event_types", "concerns", "context", "patterns")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DEFAULT_SOURCE = "the packaged vocabulary (reviewkit/data/vocabulary.toml)"

def _string_list(value: Any, where: str, entry: str, name: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(
            f"{where}: [{entry}] field {name!r} must be a list of non-empty text, "
            f'e.g. {name} = ["strategy meeting", "strat meeting"]; got {value!r}.'
        )
    return [v.strip() for v in value]


def _agency_aliases(value: Any, where: str, entry: str) -> dict[str, list[str]]:
    """An event type's ``agency_aliases`` table: agency name -> the phrases it writes."""
    if not isinstance(value, dict):
        raise VocabularyError(
            f"{where}: [{entry}] field 'agency_aliases' must be a table of agency = [phrases], "
            'e.g. agency_aliases = { Probation = ["supervision"] }.'
        )
    return {str(agency): _string_list(aliases, where, entry, f"agency_aliases.{agency}")
            for agency, aliases in value.items()}


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
    base_types = {k: type_fields(t) for k, t in (base.event_types if base else {}).items()}
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
            aliases = union(old["aliases"], aliases)
            abbreviations = union(old["abbreviations"], abbreviations)
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
        senses = _string_list(entry.get("other_senses", []), where, name, "other_senses")
        raw["other_senses"] = union(old["other_senses"], senses) if old else senses
        replaced = _string_list(entry.get("replaces", []), where, name, "replaces")
        raw["replaces"] = union(old.get("replaces", []), replaced) if old else replaced
        implied = _string_list(entry.get("also", []), where, name, "also")
        raw["also"] = union(old.get("also", []), implied) if old else implied
        agencies = _string_list(entry.get("contact_of", []), where, name, "contact_of")
        raw["contact_of"] = union(old.get("contact_of", []), agencies) if old else agencies
        scoped = _agency_aliases(entry.get("agency_aliases", {}), where, name)
        raw["agency_aliases"] = merge_agency_aliases(old.get("agency_aliases", {}), scoped) if old else scoped
        if "contact_evidence" in entry:
            if not isinstance(entry["contact_evidence"], str) or not entry["contact_evidence"].strip():
                raise VocabularyError(f"{where}: [{name}] field 'contact_evidence' must be the name of "
                                      'a group, e.g. contact_evidence = "in_person".')
            raw["contact_evidence"] = entry["contact_evidence"].strip()
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
        groups[group] = union(groups.get(group, []), listed)

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
            aliases = union(old["aliases"], aliases)
            abbreviations = union(old["abbreviations"], abbreviations)
        concerns[concern] = {"aliases": aliases, "abbreviations": abbreviations}
        for alias in aliases:
            try:
                expand_alias(alias)
            except ValueError as exc:
                raise VocabularyError(
                    f"{where}: [{name}] alias {alias!r} cannot be read: {exc}."
                ) from None

    raw_context = data.get("context", {})
    if not isinstance(raw_context, dict) or set(raw_context) - {"rule"}:
        raise VocabularyError(
            f"{where}: context rules are written as [[context.rule]] tables, each with "
            'category, direction and phrases = ["..."] (see reviewkit/data/context.toml).'
        )
    context = read_context_rules(raw_context.get("rule", []), where)
    base_context = base.context if base is not None else packaged_context_rules()
    sources = (base.sources if base else ()) + (where,)
    patterns = read_patterns(data.get("patterns", {}), where, types)
    base_patterns = base.patterns if base is not None else packaged_patterns()
    return build_vocabulary(types, groups, concerns, sources, base_context.merged(context),
                            base_patterns.merged(patterns))


@lru_cache(maxsize=1)
def _default_vocabulary() -> Vocabulary:
    return cached_vocabulary(_packaged_vocabulary)


def _packaged_vocabulary() -> Vocabulary:
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
        return merge_vocabularies(base, extra)
    if isinstance(extra, (str, os.PathLike)):
        path = Path(extra)
        try:
            written = path.read_bytes()
        except OSError:  # _read_toml says what is wrong
            return _parse(_read_toml(path), str(path), base)
        return cached_vocabulary(lambda: _parse(_read_toml(path), str(path), base),
                                 str(path).encode(), written)
    raise VocabularyError(
        f"vocabulary= must be a path to a TOML file or a Vocabulary, not {type(extra).__name__}."
    )


# --------------------------------------------------------------------------- inference

