"""Rules written as data: read TOML rule packs, check every field, and say clearly what is wrong.

A rule pack is a TOML file with a ``[pack]`` table and ``[[rules]]``. Every rule has an
``id``, a ``kind`` (one of the detector kinds), a ``title``, a ``theme``, a ``severity``,
the ``learning`` it comes from with its ``source``, and the parameters of its kind. A
``[rules.local]`` table marks the parameters that are local choices, with their source::

    [[rules]]
    id = "witnessed-assault-reported-to-police"
    kind = "response"
    title = "An assault witnessed by staff is reported to the police immediately"
    theme = "information sharing"
    severity = "high"
    trigger = ["assault_witnessed"]
    response = ["police_report"]
    within = "2 hours"
    learning = "Staff who witness children being assaulted must immediately report this..."
    source = "Learning brief, learning point b"
    [rules.local]
    within = "'immediately' read as within 2 hours: a local choice, set your own"

Packs shipped with reviewkit: ``learning``, ``wales``, ``england``, ``national`` (see ``data/rules``).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from reviewkit.exceptions import DurationError, ReviewkitError, VocabularyError
from reviewkit.interpret.duration_text import parse_duration
from reviewkit.interpret.toml_file import decode_toml, parse_toml
from reviewkit.interpret.vocabulary import Vocabulary

#: Rule packs shipped in the package.
PACKS: tuple[str, ...] = ("learning", "wales", "england", "national")
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
_COMMON_FIELDS = {"id", "kind", "title", "theme", "severity", "learning", "source", "local"}


@cache
def rule_titles() -> dict[str, str]:
    """The title of every rule of the packaged packs, by rule id, for people to read.

    Examples
    --------
    >>> rule_titles()["c-strategy-meeting-after-separate-concerns"]
    'A strategy meeting is held when separate child protection concerns come close together'
    """
    titles: dict[str, str] = {}
    for pack in PACKS:
        text = (resources.files("reviewkit") / "data" / "rules" / f"{pack}.toml").read_text("utf-8")
        titles.update({rule["id"]: rule["title"] for rule in tomllib.loads(text).get("rules", [])})
    return titles


def rule_title(rule_id: str) -> str:
    """A rule's title if it is a packaged rule, else its id made readable (a local rule).

    Examples
    --------
    >>> rule_title("my-local-visits-rule")
    'my local visits rule'
    """
    return rule_titles().get(rule_id) or rule_id.replace("-", " ").replace("_", " ")


#: The longest duration a rule may give (100 years, in days): longer ones cannot be counted on dates.
MAX_DURATION_DAYS = 36_525
_DAYS_PER = {"hours": 1 / 24, "days": 1, "working_days": 7 / 5, "weeks": 7, "months": 31}


class RuleError(ReviewkitError, ValueError):
    """A rule pack or rule that is malformed."""


@dataclass(frozen=True)
class Param:
    """One parameter a detector kind accepts.

    ``type`` is one of ``event_types`` (a list of vocabulary ids, aliases or ``group:NAME``),
    ``duration``, ``int``, ``float``, ``bool``, ``text``, ``texts``, ``interval``.
    """

    type: str
    help: str
    required: bool = False
    default: object = None


@dataclass(frozen=True)
class Rule:
    """One rule, its parameters checked and resolved (event types to ids, durations parsed)."""

    id: str
    kind: str
    title: str
    theme: str
    severity: str
    learning: str
    source: str
    params: Mapping[str, object]
    local: Mapping[str, str] = field(default_factory=dict)
    pack: str = ""


def load_rules(
    rules: str | os.PathLike | Iterable[str | os.PathLike] | None,
    *,
    vocabulary: Vocabulary,
    kinds: Mapping[str, Mapping[str, Param]],
) -> list[Rule]:
    """Read rule packs (by name, or paths of a user's TOML files) into checked rules.

    Parameters
    ----------
    rules
        Pack names (``"learning"``, ``"wales"``, ``"england"``), paths to TOML files, or a
        list of both. ``None`` means the ``learning`` pack.
    vocabulary
        Resolves the event types the rules name.
    kinds
        ``{kind: {parameter: Param}}``: the detector kinds and what each accepts.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> kinds = {"response": {"trigger": Param("event_types", "what starts the clock", True)}}
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "local.toml"
    >>> _ = path.write_text('[[rules]]\\nid = "r1"\\nkind = "response"\\ntitle = "t"\\n'
    ...     'theme = "x"\\nseverity = "low"\\nlearning = "l"\\nsource = "s"\\ntrigger = ["birth"]\\n')
    >>> [(r.id, r.params["trigger"]) for r in load_rules(path, vocabulary=load_vocabulary(), kinds=kinds)]
    [('r1', ('birth',))]
    """
    names = ["learning"] if rules is None else [rules] if isinstance(rules, (str, os.PathLike)) else list(rules)
    loaded: list[Rule] = []
    for name in names:
        text, where, pack = _pack_text(name)
        loaded.extend(parse_pack(text, where=where, pack=pack, vocabulary=vocabulary, kinds=kinds))
    seen: dict[str, str] = {}
    for rule in loaded:
        if rule.id in seen:
            raise RuleError(
                f"The rule id {rule.id!r} is used twice (in {seen[rule.id]} and {rule.pack}). "
                f"Give each rule its own id."
            )
        seen[rule.id] = rule.pack
    return loaded


def _pack_text(name: str | os.PathLike) -> tuple[str, str, str]:
    if isinstance(name, str) and name in PACKS:
        text = resources.files("reviewkit").joinpath(f"data/rules/{name}.toml").read_text("utf-8")
        return text, f"rule pack '{name}'", name
    path = Path(name)
    if not path.exists():
        raise RuleError(
            f"{name!r} is neither a rule pack nor a file. Packs: {', '.join(PACKS)}; or give "
            f"the path of a TOML rule file."
        )
    if path.is_dir():
        raise RuleError(f"{path}: this is a folder, not a rule file. Give the path of a TOML rule file.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RuleError(f"{path}: the rule file cannot be read ({error.strerror or error}).") from None
    return decode_toml(data, str(path), error=RuleError, what="rule file"), str(path), path.stem


def parse_pack(
    text: str,
    *,
    where: str,
    pack: str,
    vocabulary: Vocabulary,
    kinds: Mapping[str, Mapping[str, Param]],
) -> list[Rule]:
    """Parse and check the rules of one TOML pack (see :func:`load_rules`)."""
    data = parse_toml(text, where, error=RuleError, what="rule file")
    unknown = sorted(set(data) - {"pack", "rules"})
    if unknown:
        raise RuleError(f"{where}: unknown table(s) {', '.join(unknown)}; a pack has [pack] and [[rules]].")
    if not isinstance(data.get("pack", {}), dict):
        raise RuleError(f'{where}: pack = {data["pack"]!r} must be a table: [pack] on a line of its own.')
    entries = data.get("rules", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise RuleError(
            f"{where}: rules must be tables, each headed [[rules]] on a line of its own with its "
            f'fields below it (id = "...", kind = "...", ...); got rules = {_shown(entries)}.'
        )
    return [
        _rule(entry, f"{where}, rule {number}", pack, vocabulary, kinds)
        for number, entry in enumerate(data.get("rules", []), start=1)
    ]


def _rule(
    entry: dict,
    where: str,
    pack: str,
    vocabulary: Vocabulary,
    kinds: Mapping[str, Mapping[str, Param]],
) -> Rule:
    rule_id = entry.get("id")
    if not rule_id:
        raise RuleError(f"{where}: the rule has no id.")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RuleError(f'{where}: id = {_shown(rule_id)} must be a text in quotes, e.g. id = "my-visits-rule".')
    where = f"{where.rsplit(', rule', 1)[0]}, rule {rule_id!r}"
    kind = entry.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        raise RuleError(f"{where}: kind {_shown(kind)} is not known. Valid kinds: {', '.join(kinds)}.")
    spec = kinds[kind]
    unknown = sorted(set(entry) - _COMMON_FIELDS - set(spec))
    if unknown:
        raise RuleError(
            f"{where}: unknown field(s) {', '.join(repr(u) for u in unknown)} for a {kind} rule. "
            f"Valid fields: {', '.join(sorted(_COMMON_FIELDS | set(spec)))}."
        )
    for name in ("title", "theme", "learning", "source"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise RuleError(f"{where}: the field {name!r} is missing (it must be a text).")
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: severity {severity!r} is not valid. Use one of: {', '.join(SEVERITIES)}.")
    params = {name: _param(entry, name, param, where, vocabulary) for name, param in spec.items()}
    local = entry.get("local", {})
    if not isinstance(local, dict) or not all(isinstance(v, str) for v in local.values()):
        raise RuleError(
            f'{where}: local must be a table of parameter = "why this is a local choice", e.g. '
            f'[rules.local] then within = "a local choice"; got {_shown(local)}.'
        )
    bad_local = sorted(set(local) - set(spec))
    if bad_local:
        raise RuleError(
            f"{where}: [local] names {', '.join(repr(b) for b in bad_local)}, which are not "
            f"parameters of a {kind} rule ({', '.join(spec)})."
        )
    return Rule(
        id=rule_id, kind=kind, title=entry["title"], theme=entry["theme"], severity=severity,
        learning=entry["learning"], source=entry["source"], params=params,
        local=dict(local), pack=pack,
    )


def _param(entry: dict, name: str, param: Param, where: str, vocabulary: Vocabulary) -> object:
    if name not in entry:
        if param.required:
            raise RuleError(f"{where}: the field {name!r} is required ({param.help}).")
        return _param({name: param.default}, name, param, where, vocabulary) if param.default is not None else None
    value = entry[name]
    if param.type == "event_types":
        return resolve_types(value, vocabulary, f"{where}, field {name!r}")
    if param.type == "duration":
        try:
            duration = parse_duration(value)
        except DurationError as error:
            raise RuleError(f"{where}, field {name!r}: {error}") from error
        if duration.amount * _DAYS_PER[duration.unit] > MAX_DURATION_DAYS:
            raise RuleError(
                f"{where}, field {name!r}: {_shown(value)} is longer than a review can need "
                f'(at most {MAX_DURATION_DAYS // 365} years). Write a shorter duration, e.g. "6 months".'
            )
        return duration
    if param.type == "interval":
        valid = sorted(vocabulary.interval_pairs())
        if value not in valid:
            raise RuleError(f"{where}, field {name!r}: {value!r} is not an interval kind. Valid: {', '.join(valid)}.")
        return value
    checks = {"int": int, "float": (int, float), "bool": bool, "text": str}
    if param.type in checks:
        if not isinstance(value, checks[param.type]) or (param.type == "int" and isinstance(value, bool)):
            raise RuleError(f"{where}, field {name!r}: {value!r} is not a {param.type} ({param.help}).")
        return value
    if param.type == "texts":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise RuleError(f"{where}, field {name!r}: give a list of texts ({param.help}).")
        return tuple(values)
    raise RuleError(f"{where}, field {name!r}: unknown parameter type {param.type!r}.")


def _shown(value: object, limit: int = 60) -> str:
    """A value as a message repeats it, cut short when long (a list nested hundreds deep).

    Examples
    --------
    >>> _shown([[[[1]]]], limit=5)
    '[[[[1...'
    """
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


#: The statuses a rule may ask a mention to have (``"planned:strategy_discussion"``).
MENTION_STATUSES = ("negated", "planned", "historical", "reported")


def resolve_types(value: object, vocabulary: Vocabulary, where: str) -> tuple[str, ...]:
    """Resolve a rule's event types (ids, aliases or ``group:NAME``) to vocabulary ids.

    A type may carry a status in front, ``planned:``, ``negated:``, ``historical:`` or
    ``reported:``: it then
    stands for the entries that *mention* the type with that status (a strategy discussion
    planned, an EPDS not done), not for the entries where it happened (docs/rules.md).

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> resolve_types(["ICPC", "group:conference"], load_vocabulary(), "x")[:2]
    ('icpc', 'rcpc')
    >>> resolve_types(["planned:strategy meeting"], load_vocabulary(), "x")
    ('planned:strategy_discussion',)
    """
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names:
        raise RuleError(f"{where}: give a list of event types, e.g. [\"referral\", \"group:concern\"].")
    ids: list[str] = []
    for name in names:
        status, _, rest = str(name).partition(":")
        if status in MENTION_STATUSES:
            ids.extend(f"{status}:{t}" for t in resolve_types([rest], vocabulary, where)
                       if f"{status}:{t}" not in ids)
            continue
        try:
            if str(name).startswith("group:"):
                found = list(vocabulary.group(str(name)[6:]))
            else:
                found = [vocabulary.resolve(str(name))]
        except VocabularyError as error:
            close = difflib.get_close_matches(str(name), list(vocabulary.event_types), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise RuleError(f"{where}: {error}{hint}") from error
        ids.extend(t for t in found if t not in ids)
    return tuple(ids)
