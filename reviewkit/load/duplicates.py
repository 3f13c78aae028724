"""Group entries that record the same incident (``duplicate_group``); never delete them.

The same incident is often recorded by several agencies (the school's record of an injury,
the children's services record of the school's referral about it), and so is a meeting or a
birth. Separate incidents must be counted once each, so likely duplicates are grouped (see
:func:`candidate_pairs` for the test), and different incidents never are: two records that name
different parts of the body, or different kinds of injury or incident (a bruise to the cheek, a
burn to the hand), are two incidents however alike the rest of their words. A report read from a row's action-taken text (see
:mod:`reviewkit.interpret.actions`) is in its row's group. Groups a user has already set are kept as they are.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from reviewkit.interpret.actions import is_action_entry
from reviewkit.interpret.vocabulary import Vocabulary


def group_duplicates(
    chronology: pd.DataFrame,
    vocabulary: Vocabulary,
    *,
    window_days: float = 2,
    min_similarity: float = 60,
) -> pd.Series:
    """Return the ``duplicate_group`` of every entry (NA for entries in no group).

    Parameters
    ----------
    chronology
        A chronology (any number of cases).
    vocabulary
        Says which event types are concerns.
    window_days
        How far apart (in days, between the nearest readings of two dates) two records of
        one incident may be.
    min_similarity
        How alike (0–100, rapidfuzz token-set ratio) the summaries of two concerns must be;
        entries of the same event type (or kind of concern) with exact dates need 20 points
        less (see :func:`candidate_pairs`).

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> vocabulary = load_vocabulary()
    >>> injury = vocabulary.group("concern")[0]
    >>> frame = pd.DataFrame({"case_id": "c", "entry_id": ["c/school.csv:2", "c/csc.csv:9"],
    ...     "source": ["school.csv", "csc.csv"], "event_type": injury, "tags": injury,
    ...     "date": pd.to_datetime(["2015-01-19", "2015-01-20"]),
    ...     "date_latest": pd.to_datetime(["2015-01-19 23:59", "2015-01-20 23:59"]),
    ...     "summary": ["Scratch to Child A's neck", "School report scratch to Child A neck"],
    ...     "subject": ["Child A", "Child A"], "concern": ["physical", "physical"],
    ...     "duplicate_group": [None, None]})
    >>> groups = group_duplicates(frame, vocabulary)
    >>> groups.nunique(), int(groups.isna().sum())
    (1, 0)
    """
    given = chronology["duplicate_group"].astype("string")
    pairs = candidate_pairs(
        chronology[given.isna()], vocabulary, window_days=window_days, min_similarity=min_similarity
    )
    pairs = pd.concat([pairs, _action_pairs(chronology, given)], ignore_index=True)
    if pairs.empty:
        return _with_parent_groups(chronology, given)
    labels = connected_labels(pairs["left"].to_numpy(), pairs["right"].to_numpy())
    members = pd.DataFrame({"entry_id": list(labels), "label": list(labels.values())})
    first = members.groupby("label")["entry_id"].transform("min")
    ids = first.map(lambda entry: "dup-" + hashlib.sha1(entry.encode()).hexdigest()[:10])
    auto = pd.Series(ids.to_numpy(), index=members["entry_id"].to_numpy())
    found = chronology["entry_id"].map(auto).astype("string")
    return _with_parent_groups(chronology, given.fillna(found))


def _action_pairs(chronology: pd.DataFrame, given: pd.Series) -> pd.DataFrame:
    """Pair each report read from an action-taken text with its row (both without a set group)."""
    if "responds_to" not in chronology:
        return pd.DataFrame(columns=["left", "right"])
    action = is_action_entry(chronology["entry_id"]).to_numpy() & given.isna().to_numpy()
    parent = chronology["responds_to"].astype("string")[action]
    free = set(chronology["entry_id"][given.isna().to_numpy()])
    keep = parent.isin(free).to_numpy()
    return pd.DataFrame({"left": parent[keep].to_numpy(dtype=object),
                         "right": chronology["entry_id"][action][keep].to_numpy(dtype=object)})


def _with_parent_groups(chronology: pd.DataFrame, groups: pd.Series) -> pd.Series:
    """A report read from an action-taken text joins the group its row was given by the user."""
    if "responds_to" not in chronology:
        return groups
    action = is_action_entry(chronology["entry_id"]).to_numpy() & groups.isna().to_numpy()
    if not action.any():
        return groups
    of_entry = pd.Series(groups.to_numpy(), index=chronology["entry_id"].to_numpy())
    parents = chronology["responds_to"].astype("string")[action]
    groups = groups.copy()
    groups[action] = parents.map(of_entry.dropna()).to_numpy()
    return groups


#: Vocabulary groups whose events several agencies record as one event (a meeting, a birth).
SHARED_EVENT_GROUPS: tuple[str, ...] = ("concern", "meeting", "perinatal")

#: Concern types too general to say two entries record the same kind of concern.
GENERAL_CONCERNS: frozenset[str] = frozenset({"referral", "incident"})


def candidate_pairs(
    chronology: pd.DataFrame, vocabulary: Vocabulary, *, window_days: float, min_similarity: float
) -> pd.DataFrame:
    """Return the pairs of entry ids (``left`` < ``right``) that look like one incident or event.

    Two entries of one case from different files, within ``window_days``, about compatible
    subjects (a shared name, or none given), pair when

    - they have the same main event type from :data:`SHARED_EVENT_GROUPS` (the same
      meeting, the same birth) and somewhat alike texts (``min_similarity - 20``); or
    - neither is a meeting or perinatal event, both are concerns by their main type or their
      ``tags`` (an ED attendance for an injury is tagged ``injury``; the referral about an
      assault is tagged ``assault_witnessed``), and their texts are alike (``min_similarity``),
      or somewhat alike when one's main type is a specific concern the other is tagged with.

    Texts must be alike (``min_similarity``) whenever either date is vaguer than a day
    (``Summer 2016``) — a vague date is near too many entries to say much on its own — unless
    both entries name the same people and the same kind of concern (``physical``, ...).

    What the texts say decides first (see :func:`incident_features`): two entries that both
    name a part of the body, or both a kind of injury or incident, and share none, are never a
    pair. Two entries of one file pair only when one reports the other (a referral or a report
    to police about it) and they share a part of the body or a kind of injury.

    Examples
    --------
    >>> from reviewkit.interpret.vocabulary_file import load_vocabulary
    >>> frame = pd.DataFrame({"case_id": "c", "entry_id": ["c/ed.csv:4", "c/gp.csv:22"],
    ...     "source": ["ed.csv", "gp.csv"], "event_type": ["ae_attendance", "telephone_contact"],
    ...     "tags": ["ae_attendance;injury", "injury;telephone_contact"],
    ...     "date": pd.to_datetime(["2016-06-28 19:40", "2016-06-30 00:00"]),
    ...     "date_latest": pd.to_datetime(["2016-06-28 19:40", "2016-06-30 23:59"]),
    ...     "summary": ["ED: fracture of the left wrist", "ED letter: fracture of the left wrist"],
    ...     "subject": ["Child D", None]})
    >>> candidate_pairs(frame, load_vocabulary(), window_days=2, min_similarity=60).values.tolist()
    [['c/ed.csv:4', 'c/gp.csv:22']]
    """
    shared = {t for group in SHARED_EVENT_GROUPS for t in vocabulary.group(group)}
    concern_types = set(vocabulary.group("concern"))
    gatherings = shared - concern_types
    event = chronology["event_type"].astype("string").fillna("")
    types = _type_sets(chronology, event)
    concerns = types.map(lambda found: bool(found & concern_types)).astype(bool)
    concerns &= ~event.isin(gatherings)
    wanted = (event.isin(shared) | concerns).to_numpy() & chronology["date"].notna().to_numpy()
    columns = ["case_id", "entry_id", "source", "date", "date_latest", "summary", "subject"]
    category = chronology["concern"] if "concern" in chronology else pd.Series(pd.NA, index=chronology.index)
    events = chronology.loc[wanted, columns].assign(
        event=event[wanted], types=types[wanted], concern=concerns[wanted],
        category=category[wanted].astype("string"),
    )
    empty = pd.DataFrame(columns=["left", "right"])
    if events.empty:
        return empty
    pairs = _near_pairs(events, pd.Timedelta(days=window_days))
    pairs = pairs[_subjects_compatible(pairs["subject_l"], pairs["subject_r"]).to_numpy()]
    if pairs.empty:
        return empty
    parts, kinds = incident_features(pd.concat([pairs["summary_l"], pairs["summary_r"]], ignore_index=True))
    parts_l, parts_r, kinds_l, kinds_r = parts[:len(pairs)], parts[len(pairs):], kinds[:len(pairs)], kinds[len(pairs):]
    differ = np.array([bool(a and b and not a & b) or bool(c and d and not c & d)
                       for a, b, c, d in zip(parts_l, parts_r, kinds_l, kinds_r)], dtype=bool)
    common = np.array([bool(a & b) or bool(c & d) for a, b, c, d in zip(parts_l, parts_r, kinds_l, kinds_r)],
                      dtype=bool)
    reports = pairs["types_l"].map(lambda t: bool(t & REPORTS)).to_numpy(dtype=bool) ^ pairs["types_r"].map(
        lambda t: bool(t & REPORTS)).to_numpy(dtype=bool)
    same_file = (pairs["source_l"] == pairs["source_r"]).to_numpy()
    keep = ~differ & (~same_file | (reports & common))
    pairs = pairs[keep]
    if pairs.empty:
        return empty
    similarity = process.cpdist(
        pairs["summary_l"].fillna("").tolist(),
        pairs["summary_r"].fillna("").tolist(),
        scorer=fuzz.token_set_ratio,
        processor=str.lower,
    )
    one_day = pd.Timedelta(days=1)
    precise = (
        (pairs["date_latest_l"] - pairs["date_l"] <= one_day)
        & (pairs["date_latest_r"] - pairs["date_r"] <= one_day)
    ).to_numpy()
    same_people = _same_subjects(pairs["subject_l"], pairs["subject_r"])
    same_kind = pairs["category_l"].eq(pairs["category_r"]).fillna(False).to_numpy(dtype=bool)
    lenient = np.where(precise | (same_people & same_kind), min_similarity - 20, min_similarity)
    same_event = ((pairs["event_l"] == pairs["event_r"]) & pairs["event_l"].isin(shared)).to_numpy()
    both_concerns = (pairs["concern_l"] & pairs["concern_r"]).to_numpy()
    specific = [
        (a in tb and a not in GENERAL_CONCERNS) or (b in ta and b not in GENERAL_CONCERNS)
        for a, b, ta, tb in zip(pairs["event_l"], pairs["event_r"], pairs["types_l"], pairs["types_r"])
    ]
    same_concern = np.array(specific, dtype=bool)
    alike = (
        (same_event & (similarity >= lenient))
        | (both_concerns & (similarity >= min_similarity))
        | (both_concerns & (same_concern | (same_people & same_kind)) & (similarity >= lenient))
    )
    kept = pairs[alike]
    return pd.DataFrame({"left": kept["entry_id_l"].to_numpy(), "right": kept["entry_id_r"].to_numpy()})


def _near_pairs(events: pd.DataFrame, window: pd.Timedelta) -> pd.DataFrame:
    """The rows of ``events.merge(events, on="case_id", suffixes=("_l", "_r"))`` (in its order)
    whose entries are within ``window`` of each other, the left's id before the right's: found
    in numpy first, so that only those pairs are made (the sample case's 150 entries make
    22,000 pairs of the same case, of which about 600 are near).

    Examples
    --------
    >>> events = pd.DataFrame({"case_id": ["c", "c", "d"], "entry_id": ["c:1", "c:2", "d:1"],
    ...     "date": pd.to_datetime(["2015-01-01", "2015-01-02", "2015-01-01"]),
    ...     "date_latest": pd.to_datetime(["2015-01-01", "2015-01-02", "2015-01-01"])})
    >>> _near_pairs(events, pd.Timedelta(days=2))[["case_id", "entry_id_l", "entry_id_r"]].values.tolist()
    [['c', 'c:1', 'c:2']]
    """
    codes = pd.factorize(events["case_id"], use_na_sentinel=False)[0]
    order = np.argsort(codes, kind="stable")  # each case's rows, in their order
    counts = np.bincount(codes, minlength=codes.max(initial=-1) + 1)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    left = np.repeat(np.arange(len(events)), counts[codes])
    first = np.repeat(starts[codes], counts[codes])
    right = order[first + np.arange(len(left)) - np.repeat(np.cumsum(counts[codes]) - counts[codes], counts[codes])]
    date = events["date"].to_numpy()
    latest = (events["date_latest"] + window).to_numpy()
    ids = events["entry_id"].to_numpy(dtype=object)
    near = (date[left] <= latest[right]) & (date[right] <= latest[left])
    left, right = left[near], right[near]
    before = np.array([a < b for a, b in zip(ids[left].tolist(), ids[right].tolist())], dtype=bool)
    left, right = left[before], right[before]
    rest = [column for column in events.columns if column != "case_id"]
    return pd.concat([events[["case_id"]].iloc[left].reset_index(drop=True),
                      events[rest].iloc[left].add_suffix("_l").reset_index(drop=True),
                      events[rest].iloc[right].add_suffix("_r").reset_index(drop=True)], axis=1)


#: Types of an entry that reports an incident to another agency (its own record of it may be in the same file).
REPORTS: frozenset[str] = frozenset({"referral", "police_report"})

#: Parts of the body and kinds of injury or incident a record may name: (name, pattern).
BODY_PARTS: tuple[tuple[str, str], ...] = tuple((p, rf"\b{p}(?:s|es)?\b") for p in (
    "head", "face", "cheek", "eye", "ear", "nose", "mouth", "lip", "jaw", "chin", "forehead", "scalp", "neck",
    "throat", "shoulder", "arm", "elbow", "wrist", "hand", "finger", "thumb", "chest", "rib", "back", "stomach",
    "abdomen", "tummy", "bottom", "buttock", "hip", "leg", "thigh", "knee", "shin", "ankle", "foot", "toe",
    "genital", "skull", "femur", "collarbone",
)) + (("foot", r"\bfeet\b"),)
INJURY_KINDS: tuple[tuple[str, str], ...] = (
    ("bruise", r"\bbruis"), ("scratch", r"\bscratch"), ("burn", r"\bburn(?!ed out|t out)|\bscald"),
    ("fracture", r"\bfractur|\bbroken (?:arm|leg|wrist|bone|rib|finger|nose|collarbone)"),
    ("cut", r"\bcuts? to\b|\blaceration"), ("bite", r"\bbit(?:e|ten)\b"), ("graze", r"\bgraz"),
    ("swelling", r"\bswell"), ("kick", r"\bkick"), ("slap", r"\bslap"), ("punch", r"\bpunch"),
    ("smack", r"\bsmack"), ("home alone", r"\b(?:home|left) alone\b"), ("missing", r"\bmissing\b"),
)


def incident_features(texts: pd.Series) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The parts of the body and the kinds of injury or incident each text names.

    Examples
    --------
    >>> parts, kinds = incident_features(pd.Series(["Bruise to Child A's cheek", "Burn to the hand from an iron",
    ...                                             "Staff saw mother kick Child B in the thigh", None]))
    >>> [sorted(p) for p in parts], [sorted(k) for k in kinds]
    ([['cheek'], ['hand'], ['thigh'], []], [['bruise'], ['burn'], ['kick'], []])
    """
    text = texts.astype("string").fillna("").str.lower()
    distinct = text.unique().tolist()
    joined = "\n".join(distinct)

    def found(table: tuple[tuple[str, str], ...]) -> dict[str, frozenset[str]]:
        # Only the patterns whose words are somewhere in the texts are tried text by text
        # (searched for without their word boundaries, so that none is missed), with Python's
        # re as pandas' str.contains would (which parsed each pattern again to choose its engine)
        hits = {name: [re.search(pattern, value) is not None for value in distinct]
                for name, pattern in table if re.search(pattern.replace(r"\b", ""), joined)}
        return {value: frozenset(n for n, h in hits.items() if h[k]) for k, value in enumerate(distinct)}

    parts, kinds = found(BODY_PARTS), found(INJURY_KINDS)
    return [parts[t] for t in text.tolist()], [kinds[t] for t in text.tolist()]


def _type_sets(chronology: pd.DataFrame, event: pd.Series) -> pd.Series:
    """Each entry's event types: its main type and its ``tags``, as a set."""
    tags = chronology["tags"].astype("string").fillna("") if "tags" in chronology else event
    text = (event + ";" + tags).to_numpy(dtype=object)
    lookup = {value: frozenset(value.split(";")) - {""} for value in set(text)}
    return pd.Series([lookup[value] for value in text], index=chronology.index, dtype=object)


def connected_labels(left: np.ndarray, right: np.ndarray) -> dict[str, int]:
    """Label the connected components of an undirected graph given as edge arrays.

    Examples
    --------
    >>> connected_labels(np.array(["a", "c"]), np.array(["b", "d"]))
    {'a': 0, 'b': 0, 'c': 2, 'd': 2}
    """
    nodes, codes = np.unique(np.concatenate([left, right]), return_inverse=True)
    labels = components(codes[: len(left)], codes[len(left) :], len(nodes))
    return dict(zip(nodes.tolist(), labels.tolist()))


def components(first: np.ndarray, second: np.ndarray, size: int) -> np.ndarray:
    """Each of ``size`` nodes labelled with the least node it is linked to through the pairs
    (``first[k]``, ``second[k]``): its connected component, by repeated minimum and pointer
    jumping on arrays.

    Examples
    --------
    >>> components(np.array([3, 1, 4]), np.array([1, 2, 5]), 6).tolist()
    [0, 1, 1, 1, 4, 4]
    """
    label = np.arange(size)
    if not len(first):
        return label
    while True:
        low = np.minimum(label[first], label[second])
        new = label.copy()
        np.minimum.at(new, first, low)
        np.minimum.at(new, second, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


def _same_subjects(left: pd.Series, right: pd.Series) -> np.ndarray:
    """True where two ``;``-separated subject lists name the same people (and some)."""
    def people(values: pd.Series) -> pd.Series:
        names = values.astype("string").fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
        return names.map(lambda found: frozenset(found) - {""})
    a, b = people(left), people(right)
    return np.array([bool(x) and x == y for x, y in zip(a, b)], dtype=bool)


def _subjects_compatible(left: pd.Series, right: pd.Series) -> pd.Series:
    """True where two ``;``-separated subject lists share a name, or either is missing."""
    left_sets = left.astype("string").fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
    right_sets = right.astype("string").fillna("").str.lower().str.split(r"\s*;\s*", regex=True)
    return pd.Series(
        [not (set(a) - {""}) or not (set(b) - {""}) or bool(set(a) & set(b) - {""})
         for a, b in zip(left_sets, right_sets)],
        index=left.index,
    )
