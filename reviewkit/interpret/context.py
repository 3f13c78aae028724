"""The ConText step: which mentions the words around them make negated, planned or historical.

Takes the mentions :mod:`reviewkit.interpret.mentions` found in a joined text (start and end
positions, type codes) and the triggers of the vocabulary's context rules
(:mod:`reviewkit.interpret.context_rules`), and sets each mention's qualifiers. A trigger's
scope runs from the trigger over at most its rule's number of words towards the mention, and
stops at a clause end or a terminating word; the nearest trigger of each kind wins. Positions
are counted with numpy over the whole joined text (word starts and clause ends as sorted
positions), so the cost is per trigger and mention, not per text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from reviewkit.interpret.context_rules import CURRENT, QUALIFIERS, ContextRule
from reviewkit.interpret.matcher import APOSTROPHES, find_all, match_key
from reviewkit.interpret.spelling import respell_with
from reviewkit.interpret.vocabulary import Vocabulary

__all__ = ["STATUS", "as_texts", "prepare", "qualify", "span_status"]

GAP = "\x00"  # stands between joined texts: not a word character, and a clause end
_STRONG_ENDS = ";!?:\n\x00"
_AFTER_ENDS = _STRONG_ENDS + ","


def prepare(value: Any, vocabulary: Vocabulary) -> str:
    """A text as the engine reads it (positions in :func:`span_status` refer to this form).

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> prepare("Mother’s stratergy meeting", load_vocabulary())
    'Mothers strategy meeting'
    """
    return respell_with(vocabulary._speller, [as_text(value)])[0]


def span_status(text: str, spans: Sequence[tuple[int, int, str]], vocabulary: Vocabulary) -> list[str]:
    """The status of words of a prepared ``text`` read as mentions of the types given.

    For a reader of its own (the action-taken reports of :mod:`reviewkit.interpret.actions`)
    that finds words the vocabulary does not list: ``spans`` are ``(start, end, type id)``, in
    order and apart. A trigger that overlaps a span ("not reported") qualifies it as well.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocab = load_vocabulary()
    >>> text = prepare("Police not contacted; CSC informed", vocab)
    >>> span_status(text, [(11, 20, "police_report"), (26, 34, "referral")], vocab)
    ['negated', 'affirmed']
    """
    if not spans:
        return []
    whole = GAP + text.lower() + GAP
    codes = {type_id: k for k, type_id in enumerate(vocabulary.event_types)}
    start = np.array([s + 1 for s, _, _ in spans], dtype=np.int64)
    end = np.array([e + 1 for _, e, _ in spans], dtype=np.int64)
    mentions = {"start": start, "end": end, "type": np.array([codes[t] for _, _, t in spans]),
                "other": np.full(len(spans), -1), "concern": np.full(len(spans), None, dtype=object),
                "flags": np.zeros(len(spans), np.int64), "from": start.copy(), "to": end.copy()}
    triggers = _find_triggers(whole, vocabulary)
    rules = vocabulary.context.rules
    allowed = _allowed(rules, vocabulary)
    apart = np.ones(len(triggers), dtype=bool)
    for k, (t_start, t_end, rule) in enumerate(triggers.itertuples(index=False)):
        for m in np.flatnonzero((start < t_end) & (t_start < end)):
            apart[k] = False
            if rules[rule].category in QUALIFIERS and allowed[rule, mentions["type"][m] + 1]:
                mentions["flags"][m] |= 1 << QUALIFIERS.index(rules[rule].category)
    chars = code_points(whole)
    qualify(mentions, triggers[apart].reset_index(drop=True), chars,
             np.flatnonzero(word_starts(chars)), vocabulary)
    return [_status(flag) for flag in mentions["flags"].tolist()]


def as_text(value: Any) -> str:
    """A value as the text to read: apostrophes dropped, typographic marks made ASCII."""
    text = _plain(value)
    text = text.replace("'", "").replace("`", "") if text.isascii() else text.translate(APOSTROPHES)
    if GAP in text:
        text = text.replace(GAP, " ")
    if not text.isascii() and len(text.lower()) != len(text):  # keep lower() length-preserving
        text = "".join(c if len(c.lower()) == 1 else "\ufffd" for c in text)  # still a word character
    return text


def as_texts(values: Sequence[Any]) -> list[str]:
    r""":func:`as_text` of each value, worked on the texts joined into one string (a few string
    operations in all instead of a few per text).

    Examples
    --------
    >>> as_texts(["Mother’s visit", None, float("nan"), 12, "a\x00b"])
    ['Mothers visit', '', '', '12', 'a b']
    >>> as_texts(["İpek's", "Ann's"]) == ["\ufffdpeks", "Anns"]
    True
    """
    texts = [value if value.__class__ is str else _plain(value) for value in values]
    joined = GAP.join(texts)
    if joined.count(GAP) != max(len(texts) - 1, 0):  # a text holds the separator itself
        return [as_text(text) for text in texts]
    if joined.isascii():
        joined = joined.replace("'", "").replace("`", "")
    else:  # as translate(APOSTROPHES) does, each mark at a time (no mark becomes another)
        for code, replaced in APOSTROPHES.items():
            if chr(code) in joined:
                joined = joined.replace(chr(code), replaced or "")
        if len(joined.lower()) != len(joined):  # rare: keep lower() length-preserving text by text
            return [as_text(text) for text in texts]
    return joined.split(GAP) if texts else []


def _plain(value: Any) -> str:
    """A value that is not a ``str`` as its text (NA as nothing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def code_points(text: str) -> np.ndarray:
    """The characters of ``text`` as numbers (one byte each where the text is ASCII)."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def triggers_outside(chars: np.ndarray, mentions: dict[str, np.ndarray], vocabulary: Vocabulary) -> pd.DataFrame:
    """Every trigger in the joined text (as ``chars``) outside the mentions, one row per rule.

    The mentions' words are masked before the scan, so a trigger never overlaps a mention: the
    "not" of "was not brought" is part of the mention, and in "not observed feeding" the trigger
    is "not", next to the mention "observed feeding". The words of a mention of a type in the
    vocabulary's ``reporting`` group (who tells of something: "Grandmother alleged") are not
    masked: they still qualify what is told ("... children were left alone" is reported).

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocab = load_vocabulary()
    >>> text = GAP + "birth plan to be drawn up" + GAP
    >>> mentions = {"start": np.array([1]), "end": np.array([11])}
    >>> rules = vocab.context.rules
    >>> sorted({(text[s:e], rules[r].category, rules[r].direction) for s, e, r in
    ...  triggers_outside(code_points(text), mentions, vocab).itertuples(index=False)})
    [('to be', 'planned', 'after'), ('to be', 'planned', 'before')]
    """
    hidden = np.ones(len(mentions["start"]), dtype=bool)
    if "type" in mentions:
        reporting = [code for code, type_id in enumerate(vocabulary.event_types)
                     if type_id in vocabulary.groups.get("reporting", ())]
        hidden = ~np.isin(mentions["type"], reporting)
    masked = chars.copy()
    covered = _covered(mentions["start"][hidden], mentions["end"][hidden], len(chars))
    masked[covered] = ord("_")  # a word character no trigger contains
    text = masked.tobytes().decode("ascii" if masked.dtype == np.uint8 else "utf-32-le")
    return _find_triggers(text, vocabulary)


def _covered(starts: np.ndarray, ends: np.ndarray, size: int) -> np.ndarray:
    """Whether each of ``size`` positions lies in one of the spans ``[start, end)``.

    Overlapping spans are merged first, so that the count of spans open at a position is 0 or
    1 and fits a byte.

    Examples
    --------
    >>> _covered(np.array([1, 2, 6]), np.array([4, 3, 7]), 8).astype(int)
    array([0, 1, 1, 1, 0, 0, 1, 0])
    """
    wide = ends > starts
    starts, ends = starts[wide], ends[wide]
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    first = np.ones(len(starts), dtype=bool)
    first[1:] = starts[1:] > reach[:-1]  # a span that begins past every earlier one begins a run
    last = np.ones(len(starts), dtype=bool)
    last[:-1] = first[1:]
    change = np.zeros(size + 1, dtype=np.int8)
    change[starts[first]] += 1
    change[reach[last]] -= 1  # apart from every start: a run ends before the next begins
    return np.cumsum(change[:-1], dtype=np.int8) > 0


def _find_triggers(whole: str, vocabulary: Vocabulary) -> pd.DataFrame:
    """Every trigger in the joined text: start, end and rule number, one row per rule."""
    compiled = vocabulary.context.compiled
    starts, ends, phrases = find_all(compiled.scan, whole)
    codes, distinct = pd.factorize(np.array(phrases, dtype=object))
    rules_of = [compiled.rules_of[match_key(phrase)] for phrase in distinct.tolist()]
    count = np.array([len(rules) for rules in rules_of], dtype=np.int64)
    first = np.cumsum(count) - count  # where each phrase's rules begin in ``listed``
    listed = np.array([rule for rules in rules_of for rule in rules], dtype=np.int64)
    repeats = count[codes]  # one row per rule of each trigger, in the order of its rules
    within = np.arange(int(repeats.sum())) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    return pd.DataFrame({"start": np.repeat(starts, repeats), "end": np.repeat(ends, repeats),
                         "rule": listed[np.repeat(first[codes], repeats) + within]
                         if len(listed) else np.zeros(0, dtype=np.int64)})


def word_starts(chars: np.ndarray) -> np.ndarray:
    """Where each word begins (a word: ASCII letters and digits, underscore, anything not ASCII)."""
    word = (((chars >= 0x30) & (chars <= 0x39)) | ((chars >= 0x61) & (chars <= 0x7A))
            | (chars == 0x5F) | (chars >= 0x80))
    word[1:] &= ~word[:-1]
    return word


#: The characters that may end a clause: the marks of any kind of clause, a full stop, a dash.
_MAY_END = np.zeros(257, dtype=bool)  # by code, then one entry for every code beyond a byte
_MAY_END[[ord(c) for c in _AFTER_ENDS + ".-"]] = True


def _marks(chars: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where the characters that may end a clause are, in order, and the character at, before
    and after each (-1 beyond either end of the text): found once for every kind of clause."""
    at = np.flatnonzero(_MAY_END[chars] if chars.dtype == np.uint8 else _MAY_END[np.minimum(chars, 256)])
    code = chars[at].astype(np.int64)
    before, after = np.full(len(at), -1, np.int64), np.full(len(at), -1, np.int64)
    inside = at > 0
    before[inside] = chars[at[inside] - 1]
    inside = at < len(chars) - 1
    after[inside] = chars[at[inside] + 1]
    return at, code, before, after


def _clause_ends(marked: tuple[np.ndarray, ...], marks: str, terminators: np.ndarray, *,
                 dashes: bool = True) -> np.ndarray:
    """Where clauses end, in order: the marks, a full stop before a space, a spaced dash (unless
    ``dashes`` is false), and the terminating words (``marked``: see :func:`_marks`). How many
    end before ``p`` is ``np.searchsorted(ends, p)``.

    Examples
    --------
    >>> chars = code_points(GAP + "seen. not - then; x.y" + GAP)
    >>> _clause_ends(_marks(chars), ";", np.array([6])).tolist()
    [5, 6, 11, 17]
    >>> _clause_ends(_marks(chars), "", np.zeros(0, np.int64), dashes=False).tolist()
    [5]
    """
    at, code, before, after = marked
    table = np.zeros(257, dtype=bool)
    table[[ord(c) for c in marks]] = True
    ends = table[code] | ((code == 0x2E) & ((after == 0x20) | (after == 0) | (after == 0x0A)))
    digits = (before >= 0x30) & (before <= 0x39) & (after >= 0x30) & (after <= 0x39)
    ends &= ~((code == 0x3A) & digits)  # a time ("15:20") ends nothing
    if dashes:
        ends |= (code == 0x2D) & (after == 0x20) & (before == 0x20)
    found = at[ends]
    if not len(terminators):
        return found
    terminators = np.unique(terminators)  # few: put in their places among the marks found
    place = np.searchsorted(found, terminators)
    new = place == len(found)
    new[~new] = found[place[~new]] != terminators[~new]
    return np.insert(found, place[new], terminators[new])


def _sentence_ends(marked: tuple[np.ndarray, ...]) -> np.ndarray:
    """Where sentences end, in order: ``; ! ?``, a new line, a field's end, and a full stop
    before a space (not a colon, a comma, a spaced dash or a terminating word)."""
    return _clause_ends(marked, ";!?\n\x00", np.zeros(0, np.int64), dashes=False)


def qualify(mentions: dict[str, np.ndarray], triggers: pd.DataFrame, chars: np.ndarray,
             words: np.ndarray, vocabulary: Vocabulary) -> None:
    """Set each mention's qualifiers as bit flags (1 negated, 2 planned, 4 historical, 8
    reported), and widen its evidence to the words from its nearest trigger (its negation's, if
    negated)."""
    if triggers.empty:
        return
    rules = vocabulary.context.rules
    category = np.array([r.category for r in rules], dtype=object)[triggers["rule"].to_numpy()]
    stops = triggers["start"].to_numpy()[category == "terminate"]
    qualifying = triggers[np.isin(category, QUALIFIERS)].reset_index(drop=True)
    current = triggers[category == CURRENT].reset_index(drop=True)
    if qualifying.empty:
        return
    marked = _marks(chars)
    strong = _clause_ends(marked, _STRONG_ENDS, stops)
    weak = _clause_ends(marked, _AFTER_ENDS, stops)
    allowed = _allowed(rules, vocabulary)
    whole = np.array([r.ends == "sentence" for r in rules])[qualifying["rule"].to_numpy()]
    clauses, sentences = qualifying[~whole], qualifying[whole]
    said_of = np.array([r.category in ("negated", "planned") for r in rules])[clauses["rule"].to_numpy()]
    told = _predicates(clauses, mentions, words, weak) & said_of
    pairs = [_pairs(clauses[~told], mentions, rules, words, strong, "before"),
             _pairs(clauses[told], mentions, rules, words, weak, "before"),
             _pairs(clauses, mentions, rules, words, weak, "after", answers=_answer_marks(chars, weak))]
    if not sentences.empty:
        ends = _sentence_ends(marked)
        pairs += [_pairs(sentences, mentions, rules, words, ends, side) for side in ("before", "after")]
    pairs = pd.concat(pairs, ignore_index=True)
    mention_type, is_other = mentions["type"][pairs["mention"]], mentions["other"][pairs["mention"]] >= 0
    rule_category = np.array([QUALIFIERS.index(r.category) if r.category in QUALIFIERS else -1
                              for r in rules])[pairs["rule"]]
    keep = allowed[pairs["rule"].to_numpy(), mention_type + 1] & ~is_other
    keep &= ~(pairs["beyond"].to_numpy() & _framing(vocabulary)[mention_type + 1])
    if not current.empty:  # in the entry's own time ("ICPC held today"): never historical
        clause = _clause_ends(marked, _AFTER_ENDS, np.zeros(0, np.int64))  # "held today": no terminating word
        now = pd.concat([_pairs(current, mentions, rules, words, clause, side) for side in ("before", "after")])
        keep &= ~((rule_category == QUALIFIERS.index("historical"))
                  & np.isin(pairs["mention"].to_numpy(), now["mention"].to_numpy()))
    pairs = pairs.assign(bit=1 << rule_category, time=rule_category > 0)[keep]
    nearest = pairs.sort_values("distance", kind="stable").drop_duplicates(["mention", "time"])
    np.bitwise_or.at(mentions["flags"], nearest["mention"].to_numpy(), nearest["bit"].to_numpy())
    shown = nearest.sort_values("time", kind="stable").drop_duplicates("mention", keep="first")
    mentions["from"][shown["mention"].to_numpy()] = shown["from"].to_numpy()
    mentions["to"][shown["mention"].to_numpy()] = shown["to"].to_numpy()


def _framing(vocabulary: Vocabulary) -> np.ndarray:
    """Whether each type frames what follows it (column 0: a concern word, never)."""
    framing = set(vocabulary.groups.get("framing", ()))
    return np.array([False] + [t in framing for t in vocabulary.event_types])


def _allowed(rules: tuple[ContextRule, ...], vocabulary: Vocabulary) -> np.ndarray:
    """Whether each rule may qualify each type (column 0: a concern word, negation only)."""
    ids = list(vocabulary.event_types)
    table = np.ones((len(rules), len(ids) + 1), dtype=bool)
    for number, rule in enumerate(rules):
        table[number, 0] = rule.category == "negated" and not rule.applies_to
        if rule.applies_to:
            named = _types_named(rule.applies_to, vocabulary)
            table[number, 1:] = [t in named for t in ids]
        if rule.not_for:
            named = _types_named(rule.not_for, vocabulary)
            table[number, 1:] &= [t not in named for t in ids]
    return table


def _types_named(names: Sequence[str], vocabulary: Vocabulary) -> set[str]:
    return {t for name in names
            for t in (vocabulary.groups.get(name) or ((name,) if name in vocabulary.event_types else ()))}


def _predicates(triggers: pd.DataFrame, mentions: dict[str, np.ndarray], words: np.ndarray,
                ends: np.ndarray) -> np.ndarray:
    """Whether each trigger stands straight after a mention, in its clause, as what is said of
    it ("Strategy discussion requested", "ICPC to be arranged"): reaching forward, a plan or a
    negation said so stops at a comma too ("ICPC to be arranged, referral made to MASH": the
    referral is made). A time does not ("S47 in 2017, ICPC 03/17": both are history)."""
    starts = triggers["start"].to_numpy()
    ends_of = mentions["end"]
    if not len(ends_of):
        return np.zeros(len(starts), dtype=bool)
    order = np.argsort(ends_of, kind="stable")
    last = np.searchsorted(ends_of[order], starts, side="right") - 1
    before = ends_of[order][np.maximum(last, 0)]
    return ((last >= 0) & (np.searchsorted(words, starts) == np.searchsorted(words, before))
            & (np.searchsorted(ends, starts) == np.searchsorted(ends, before)))


def _answer_marks(chars: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each clause end (of ``ends``) is a colon or a spaced dash: what stands between a
    heading and its answer ("Strat: not held", "Referral - not made")."""
    return (chars[ends] == 0x3A) | (chars[ends] == 0x2D)


def _pairs(triggers: pd.DataFrame, mentions: dict[str, np.ndarray], rules: tuple[ContextRule, ...],
           words: np.ndarray, ends: np.ndarray, side: str, answers: np.ndarray | None = None) -> pd.DataFrame:
    """(trigger, mention) pairs where the mention lies in the trigger's scope on ``side``.

    With ``answers`` (whether each of ``ends`` is a colon or a spaced dash), a trigger after
    the mention also reaches over one of them where it is the whole answer to the mention as a
    heading: nothing stands between the two but that mark, and nothing after the trigger
    before its clause ends ("Strat: not held.", "Referral - not made;"; not "Home visit - nil
    concerns").
    """
    directions = np.array([r.direction for r in rules], dtype=object)[triggers["rule"].to_numpy()]
    reach = np.array([r.reach for r in rules])[triggers["rule"].to_numpy()]
    chosen = (directions == side) | (directions == "both")
    t_start, t_end = triggers["start"].to_numpy()[chosen], triggers["end"].to_numpy()[chosen]
    rule, reach = triggers["rule"].to_numpy()[chosen], reach[chosen]
    m_start, m_end = mentions["start"], mentions["end"]
    width = int(reach.max(initial=0)) + 1
    if side == "before":  # trigger, then the mention: of the next ``width`` mentions, those
        # that begin before the trigger's clause ends are candidates
        first = np.searchsorted(m_start, t_end)
        clause_end = np.append(ends, np.iinfo(np.int64).max)[np.searchsorted(ends, t_end)]
        before_end = np.searchsorted(m_start, clause_end, side="right") if answers is None else len(m_start)
        count = np.clip(before_end - first, 0, width)
        trigger_index = np.repeat(np.arange(len(first)), count)
        mention = first[trigger_index] + np.arange(len(trigger_index)) - np.repeat(np.cumsum(count) - count, count)
    else:  # the mention, then the trigger: the ``width`` mentions before it
        first = np.searchsorted(m_end, t_start, side="right")[:, None] - 1 - np.arange(width)
        valid = (first >= 0) & (first < len(m_start))
        trigger_index, mention = np.nonzero(valid)[0], first[valid]
    # the words and clause ends before each end of the gap between the two, counted once for
    # each trigger and each mention rather than for each of the pairs
    if side == "before":
        gap_from, gap_to = t_end, m_start
        word_from, word_to = np.searchsorted(words, gap_from)[trigger_index], np.searchsorted(words, gap_to)[mention]
        clause_from = np.searchsorted(ends, gap_from)[trigger_index]
        clause_to = np.searchsorted(ends, gap_to)[mention]
    else:
        gap_from, gap_to = m_end, t_start
        word_from, word_to = np.searchsorted(words, gap_from)[mention], np.searchsorted(words, gap_to)[trigger_index]
        # a mention that ends a clause ("TM:") ends it for what follows
        clause_from = np.searchsorted(ends, gap_from - 1)[mention]
        clause_to = np.searchsorted(ends, gap_to)[trigger_index]
    distance = word_to - word_from
    crossed = clause_to - clause_from
    inside = (crossed == 0) & (distance <= reach[trigger_index])
    if answers is not None and len(ends):
        after = np.minimum(np.searchsorted(ends, t_end), len(ends) - 1)  # for each trigger
        alone = np.searchsorted(words, ends[after]) == np.searchsorted(words, t_end)
        answered = ((crossed == 1) & (distance == 0) & answers[np.minimum(clause_from, len(ends) - 1)]
                    & alone[trigger_index])
        inside |= answered
    beyond = (mention != first[trigger_index, 0]) if side == "after" else np.zeros(len(mention), bool)
    return pd.DataFrame({"mention": mention[inside], "rule": rule[trigger_index[inside]],
                         "distance": distance[inside], "beyond": beyond[inside],
                         "from": np.minimum(t_start[trigger_index], m_start[mention])[inside],
                         "to": np.maximum(t_end[trigger_index], m_end[mention])[inside]})


def _status(flags: int) -> str:
    if not flags:
        return "affirmed"
    return " and ".join(name for bit, name in enumerate(QUALIFIERS) if flags & (1 << bit))


#: A mention's status by its qualifier flags.
STATUS = tuple(_status(flags) for flags in range(1 << len(QUALIFIERS)))
