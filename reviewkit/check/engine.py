"""Check a chronology against rules: every verdict (``check``) and the findings (``detect``)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviewkit.check.clock import reported_start_text
from reviewkit.check.columns import arrow_text
from reviewkit.check.detectors import detector, kinds
from reviewkit.check.detectors.base import Context, Distinct, is_in
from reviewkit.check.detectors.entry_rows import trigger_rows
from reviewkit.check.durations import calendar_name
from reviewkit.check.rules import Rule, load_rules
from reviewkit.check.titles import with_titles
from reviewkit.check.verdicts import (
    FINDING_VERDICTS,
    VERDICT_ORDER,
    empty_verdicts,
    findings_from,
    finished_verdicts,
)
from reviewkit.exceptions import DataQualityWarning, ReviewkitError
from reviewkit.gc_threshold import with_fewer_collections
from reviewkit.interpret.agencies import load_agency_aliases
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.progress import with_progress
from reviewkit.review.apply import apply_entry_decisions, decided
from reviewkit.review.decisions import Decisions
from reviewkit.review.migration import migrate_findings_saved
from reviewkit.review.reading import given_decisions

Rules = str | os.PathLike | Iterable[str | os.PathLike] | None

#: The bank-holiday calendar of each nation's procedures.
PROCEDURE_CALENDARS: dict[str, str] = {"wales": "wales", "england": "england"}

#: What :func:`check` may put in words (its ``sentences``).
SENTENCES: tuple[str, ...] = ("all", "findings")


@dataclass(frozen=True)
class RulePlan:
    """The rules of one check, read and checked once, with what applying them needs.

    Made by :func:`plan_rules`. It pickles (the vocabulary's read-only mappings are sent as
    plain dicts), so it can be sent once to the workers of a cluster.

    Attributes
    ----------
    rules
        The checked rules, in the order they are applied.
    vocabulary
        The vocabulary the rules were resolved against.
    calendar
        The bank-holiday calendar for working days.
    agency_aliases
        Normalises agency names written in ``attendees``.

    Examples
    --------
    >>> import pickle
    >>> plan = plan_rules()
    >>> pickle.loads(pickle.dumps(plan)).vocabulary == plan.vocabulary
    True
    """

    rules: tuple[Rule, ...]
    vocabulary: Vocabulary
    calendar: str
    agency_aliases: Mapping[str, str]

    def __reduce__(self) -> tuple:
        vocabulary = {
            f.name: dict(value) if isinstance(value := getattr(self.vocabulary, f.name), Mapping) else value
            for f in fields(self.vocabulary)
        }
        return _unpickle_plan, (self.rules, vocabulary, self.calendar, dict(self.agency_aliases))


def _unpickle_plan(
    rules: tuple[Rule, ...], vocabulary: dict, calendar: str, agency_aliases: dict[str, str]
) -> RulePlan:
    frozen = {k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in vocabulary.items()}
    return RulePlan(rules, Vocabulary(**frozen), calendar, agency_aliases)


@with_fewer_collections  # the decisions and orphans too, not only applying the rules
def check(
    chronology: pd.DataFrame | str | os.PathLike,
    *,
    rules: Rules = None,
    procedures: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    progress: bool | None = None,
    decisions: str | os.PathLike | Decisions | None = None,
    calendar: str | None = None,
    sentences: str = "all",
) -> pd.DataFrame:
    """Apply rules to a chronology and return every verdict, met or not.

    Parameters
    ----------
    chronology
        A chronology (one or many cases), or a case folder to load (its ``case.toml`` then
        gives the procedures).
    rules
        Rule pack names (``"learning"``, ``"wales"``, ``"england"``) and/or paths of TOML rule
        files. Default: the ``learning`` pack.
    procedures
        ``"wales"`` or ``"england"``: adds that nation's timescale pack and bank holidays.
        Default: the case's own (``case.toml``), also for a chronology loaded from its folder
        (kept in ``chronology.attrs["procedures"]``).
    vocabulary
        A user's vocabulary file, if the rules name types it adds.
    progress
        Show a progress bar over the rules (``True``/``False``; ``None`` decides from
        ``REVIEWKIT_PROGRESS`` and the terminal, see :mod:`reviewkit.progress`).
    decisions
        The reviewer's decisions (a ``decisions.toml``, a case folder, or
        :class:`~reviewkit.review.decisions.Decisions`); default: the case folder's own, if any.
    calendar
        The bank holidays working days leave out: ``"england"``, ``"wales"``, ``"scotland"`` or
        ``"northern_ireland"``, whatever the procedures. Default: the case's own (``calendar =``
        in ``case.toml``, kept in ``chronology.attrs["calendar"]``), else that of the
        procedures, else England's.
    sentences
        Which verdicts are put in words: ``"all"`` (the default) gives every verdict its
        ``summary`` and ``title``; ``"findings"`` only the findings (breached, possibly
        breached), leaving both empty for the others, whose facts (dates, delays, limit,
        entries, ids) are all there. For a chronology of many cases, where wording every met
        verdict costs more than reaching it.

    Returns
    -------
    pandas.DataFrame
        One row per rule application (:data:`reviewkit.check.verdicts.VERDICT_COLUMNS`), with
        ``verdict`` one of met, breached, possibly breached, cannot tell, not applicable.
        With decisions, also ``status`` (``open`` when undecided, empty for verdicts that
        are not findings), ``note``, ``decided_by`` and ``decided_on``; decisions whose entry
        or finding no longer exists are in ``attrs["orphans"]``, read with
        :func:`reviewkit.review.orphans.orphans` (see ``docs/decisions.md``).

    Examples
    --------
    >>> from reviewkit.load.chronology import read_chronology
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "midwifery.csv"
    >>> _ = p.write_text("Date,Event\\n14/10/2015,Child D born\\n20/10/2015,Postnatal visit: EPDS 8\\n")
    >>> verdicts = check(read_chronology(p, agency="Midwifery"), rules="learning")
    >>> verdicts[["rule", "verdict"]].values.tolist()
    [['postnatal-depression-screening-after-birth', 'met']]
    """
    found = given_decisions(chronology, decisions, vocabulary)
    chronology, procedures, orphans = _chronology_and_procedures(chronology, procedures, vocabulary, found)
    calendar = calendar or chronology.attrs.get("calendar")
    plan = plan_rules(rules, procedures=procedures, vocabulary=vocabulary, calendar=calendar)
    verdicts = apply_rules(chronology, plan, progress=progress, sentences=sentences)
    return decided(verdicts, found, orphans, chronology)


def plan_rules(
    rules: Rules = None,
    *,
    procedures: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    calendar: str | None = None,
) -> RulePlan:
    """Read and check the rules of a check once (arguments as for :func:`check`).

    Examples
    --------
    >>> plan = plan_rules("learning", procedures="wales")
    >>> plan.calendar, plan.rules[0].pack
    ('wales', 'learning')
    >>> plan_rules("learning", procedures="england", calendar="Northern Ireland").calendar
    'northern_ireland'
    """
    vocab = load_vocabulary(vocabulary)
    names = ["learning"] if rules is None else [rules] if isinstance(rules, (str, os.PathLike)) else list(rules)
    if procedures is not None:
        if procedures not in PROCEDURE_CALENDARS:
            raise ReviewkitError(
                f"procedures={procedures!r} is not known. Use 'wales' or 'england' (or None)."
            )
        names = names + [procedures] if procedures not in names else names
    loaded = load_rules(names, vocabulary=vocab, kinds=kinds())
    calendar = calendar_name(calendar) if calendar else PROCEDURE_CALENDARS.get(procedures or "", "england")
    return RulePlan(tuple(loaded), vocab, calendar, load_agency_aliases())


#: Chronology columns no detector reads: left out of the frame the detectors work on, since
#: every row selection copies every column (long texts the most).
UNUSED_BY_DETECTORS: frozenset[str] = frozenset(
    {"summary", "outcome", "practitioner", "agency_raw", "issues", "source", "source_row", "extra",
     "significance", "analysis", "reviewer_note", "ages", "in_review_period"}  # and the reviewer's own
)


@with_fewer_collections
def apply_rules(
    chronology: pd.DataFrame, plan: RulePlan, *, progress: bool | None = None, findings_only: bool = False,
    sentences: str = "all",
) -> pd.DataFrame:
    """Every verdict of a plan's rules on a chronology (one or many whole cases), sorted.

    With ``findings_only``, only the verdicts that are findings (breached or possibly
    breached): what :func:`detect` needs, and much less to word, identify and sort. With
    ``sentences="findings"``, every verdict but only the findings worded (see :func:`check`).

    Examples
    --------
    >>> from reviewkit.load.schema import empty_chronology
    >>> apply_rules(empty_chronology(), plan_rules()).empty
    True
    """
    if sentences not in SENTENCES:
        raise ReviewkitError(f"sentences={sentences!r} is not known. Use 'all' (every verdict in words) or "
                             f"'findings' (only the breached and possibly breached ones).")
    if chronology.empty:
        return empty_verdicts()
    chronology = chronology[[c for c in chronology.columns if c not in UNUSED_BY_DETECTORS]]
    chronology.attrs = {}  # pandas copies attrs deeply into every frame made from it
    distinct = Distinct(chronology)
    context = Context(
        vocabulary=plan.vocabulary,
        calendar=plan.calendar,
        case_end=lambda: _case_ends(chronology, distinct),  # worked out only if a rule needs it
        agency_aliases=plan.agency_aliases,
        distinct=distinct,
        findings_only=findings_only,
        word_findings_only=sentences == "findings",
    )
    found = [
        (_kept(detector(rule.kind).evaluate(chronology, rule, context), findings_only), rule)
        for rule in with_progress(plan.rules, description="Checking rules", unit="rule", progress=progress)
    ]
    # in verdict order, with their trigger rows where known
    verdicts, rows = finished_verdicts(found, case_ranks=lambda rows: _case_ranks(distinct, rows))
    if verdicts.empty:
        return verdicts
    verdicts = _with_start_text(verdicts, chronology, distinct, rows)
    if sentences == "all":
        return with_titles(verdicts, chronology, distinct=distinct, rows=rows)
    worded = verdicts["verdict"].isin(FINDING_VERDICTS).to_numpy()
    if not worded.any():  # nothing to word (nor to copy): both empty
        none = pd.arrays.ArrowStringArray(pa.nulls(len(verdicts), type=pa.large_string()))
        return verdicts.assign(summary=none, title=none)
    titles = with_titles(verdicts[worded], chronology, distinct=distinct, rows=rows[worded])["title"]
    return verdicts.assign(summary=verdicts["summary"].where(worded), title=titles.reindex(verdicts.index))


def _case_ends(chronology: pd.DataFrame, distinct: Distinct) -> pd.Series:
    """The last instant each case's chronology covers (its latest ``date_latest``), by case id."""
    codes, cases = distinct.of("case_id")
    moments = distinct.moments("date_latest").view(np.int64)
    latest = np.full(len(cases), np.iinfo(np.int64).min, dtype=np.int64)
    held = np.zeros(len(cases), dtype=bool)  # a case with no date ends at NaT (the smallest int64)
    if len(codes):  # the latest of each run of a case's rows, then of each case's runs (few: not every row)
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        run, ok = codes[starts], codes[starts] >= 0
        np.maximum.at(latest, run[ok], np.maximum.reduceat(moments, starts)[ok])
        held[run[ok]] = True
    unit = chronology["date_latest"].dtype  # as the column has it
    return pd.Series(latest[held].view("datetime64[ns]").astype(unit),
                     index=pd.Index(cases.to_numpy()[held], dtype="string", name="case_id"))


def _case_ranks(distinct: Distinct, rows: np.ndarray) -> np.ndarray | None:
    """Where every verdict has its trigger row, integers that sort their cases as the case ids do (the
    ranks of the chronology's cases, kept between checks); else None."""
    if not len(rows) or (rows < 0).any():
        return None
    return distinct.ranks("case_id")[distinct.of("case_id")[0][rows]]


def _with_start_text(verdicts: pd.DataFrame, chronology: pd.DataFrame, distinct: Distinct,
                     rows: np.ndarray | None = None) -> pd.DataFrame:
    """Verdicts whose start is a vague date of their trigger entry (its event's, or the reported
    date a rule's clock started from) get that date as written (``start_text``: "end of March
    2015", never a made-up "21 Mar 2015"). ``rows``: the trigger rows the detectors gave (-1
    where one did not), read instead of looking the trigger ids up."""
    reported = reported_start_text(verdicts["trigger"], verdicts["start"], chronology, distinct=distinct, rows=rows)
    if reported.notna().any():
        verdicts["start_text"] = reported
    precisions = distinct.of("precision")[1].tolist()  # a few: compared in Python, not by a pandas isin
    exact = np.array([isinstance(v, str) and v in ("day", "instant") for v in precisions] + [False])

    def written(at: np.ndarray | None) -> np.ndarray:  # a vague date, written
        if at is None:
            exact_rows = is_in(chronology["precision"], ["day", "instant"]).to_numpy()
            return ~exact_rows & chronology["date_text"].notna().to_numpy()
        vague = np.flatnonzero(~exact[distinct.of("precision")[0][at]])  # the few vague rows' texts only
        found = np.zeros(len(at), dtype=bool)
        found[vague] = distinct.present("date_text", at[vague])
        return found

    if rows is None and not written(None).any():
        return verdicts
    rows = trigger_rows(distinct, verdicts["trigger"], rows, written)  # (else the first such row of each trigger)
    at = rows >= 0
    if not at.any():
        return verdicts
    same = np.zeros(len(rows), dtype=bool)
    same[at] = distinct.moments("date")[rows[at]] == verdicts["start"].to_numpy(dtype="datetime64[ns]")[at]
    text = np.full(len(rows), None, dtype=object)
    text[same] = distinct.texts("date_text", rows[same])
    event = pa.array(text, type=pa.large_string(), from_pandas=True)  # else the reported date as written
    verdicts["start_text"] = pd.arrays.ArrowStringArray(pc.coalesce(event, arrow_text(verdicts["start_text"])))
    return verdicts


def _kept(found: pd.DataFrame, findings_only: bool) -> pd.DataFrame:
    return found[found["verdict"].isin(FINDING_VERDICTS).to_numpy()] if findings_only else found


def sort_verdicts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Verdicts in :data:`VERDICT_ORDER` (stable: ties keep their order), with a fresh index.

    Examples
    --------
    >>> frame = pd.DataFrame({"case_id": ["b", "a"], "start": pd.to_datetime(["2015-01-01"] * 2),
    ...                       "rule": ["r", "r"]})
    >>> sort_verdicts(frame)["case_id"].tolist()
    ['a', 'b']
    """
    return _sorted(verdicts, VERDICT_ORDER)


@with_fewer_collections  # grouping the findings makes a tuple or two per finding
def detect(
    chronology: pd.DataFrame | str | os.PathLike,
    *,
    rules: Rules = None,
    procedures: str | None = None,
    vocabulary: str | os.PathLike | Vocabulary | None = None,
    progress: bool | None = None,
    decisions: str | os.PathLike | Decisions | None = None,
    calendar: str | None = None,
) -> pd.DataFrame:
    """Return the findings: the rule applications that were breached or possibly breached.

    Same arguments as :func:`check`. With none, an empty frame with the same columns. With
    decisions, the findings carry ``status``, ``note``, ``decided_by``, ``decided_on`` (dismissed
    ones are kept, marked so) and the orphans (see :func:`check`).

    Examples
    --------
    >>> from reviewkit.load.schema import empty_chronology
    >>> detect(empty_chronology()).columns[:4].tolist()
    ['finding_id', 'case_id', 'rule', 'kind']
    """
    found = given_decisions(chronology, decisions, vocabulary)
    chronology, procedures, orphans = _chronology_and_procedures(chronology, procedures, vocabulary, found)
    calendar = calendar or chronology.attrs.get("calendar")
    plan = plan_rules(rules, procedures=procedures, vocabulary=vocabulary, calendar=calendar)
    verdicts = apply_rules(chronology, plan, progress=progress, findings_only=True)
    found = migrate_findings_saved(found, verdicts, chronology)  # ids of before 0.2, by trigger
    return decided(findings_from(verdicts), found, orphans)


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``frame.sort_values(keys, kind="stable", na_position="last")`` with a fresh index, faster.

    The order comes from one ``lexsort`` of the keys' codes, and Arrow text columns are made
    one chunk each before the rows are taken (``concat`` leaves one chunk per rule, and
    taking rows across many chunks is several times slower).
    """
    def codes(values: pd.Series) -> np.ndarray:
        if values.dtype.kind == "M":
            numbers = values.to_numpy().view("i8").copy()
            numbers[values.isna().to_numpy()] = np.iinfo(np.int64).max
            return numbers
        found, _ = pd.factorize(values, sort=True)
        return np.where(found < 0, len(found) + 1, found)

    order = np.lexsort([codes(frame[k]) for k in reversed(keys)])
    frame = frame.copy(deep=False)
    for name in frame.columns:
        if frame[name].dtype == pd.StringDtype("pyarrow"):
            frame[name] = pd.arrays.ArrowStringArray(pa.array(frame[name].array))
    return frame.take(order).reset_index(drop=True)


def _chronology_and_procedures(
    chronology: pd.DataFrame | str | os.PathLike,
    procedures: str | None,
    vocabulary: str | os.PathLike | Vocabulary | None,
    decisions: Decisions | None = None,
) -> tuple[pd.DataFrame, str | None, pd.DataFrame]:
    """The chronology (loaded if need be) with the decisions' corrections, the procedures, and
    the corrections whose entry is not in it (orphans)."""
    if isinstance(chronology, pd.DataFrame):
        from reviewkit.load.schema import as_chronology

        chronology = as_chronology(chronology)
        corrected, orphans = apply_entry_decisions(chronology, decisions)
        return corrected, procedures or chronology.attrs.get("procedures"), orphans
    from reviewkit.load.chronology import load_with_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        result = load_with_report(chronology, vocabulary=vocabulary, decisions=decisions)
    named = {case.procedures for case in result.cases} - {None}
    if procedures is None and len(named) > 1:
        raise ReviewkitError(
            f"The case folders follow different procedures ({', '.join(sorted(named))}); "
            f"check them separately, or pass procedures= explicitly."
        )
    return result.chronology, procedures or (named.pop() if named else None), result.orphans
