"""What went well: the progress and good practice the records show, and the rules that were met.

Boards publish both sides of a review ("a chronology is not a list of exclusively adverse
circumstances"). The entries are those the vocabulary tags with a type of the group
``strength``: an improvement noted, engagement with a service, good practice noted (a timely
referral or action praised), the child's voice recorded. A tag is what the text affirms, so
"not engaging well" or "direct work to be done" is not one; the reviewer's corrections to tags
(the decisions file) win. The rules that were met are :func:`reviewkit.check`'s ``met`` verdicts.
"""

from __future__ import annotations

import pandas as pd

from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.messages import message, message_column
from reviewkit.publish.as_written import in_date_order
from reviewkit.publish.evidence import reader_dates
from reviewkit.publish.html_parts import esc, html_table
from reviewkit.publish.report_sections import met_section

#: The vocabulary group whose types are strengths.
STRENGTH_GROUP = "strength"

#: The columns of :func:`strengths`.
STRENGTH_COLUMNS: tuple[str, ...] = ("entry_id", "date", "when", "agency", "strength", "summary",
                                     "outcome", "source", "source_row", "in_review_period")


def strengths(chronology: pd.DataFrame, *, vocabulary: Vocabulary | None = None) -> pd.DataFrame:
    """The entries that record progress or good practice, in date order.

    Parameters
    ----------
    chronology
        A chronology (:func:`reviewkit.read_chronology`).
    vocabulary
        The vocabulary the chronology was read with (default: the packaged one); every type of
        its group ``strength`` counts.

    Returns
    -------
    pandas.DataFrame
        One row per entry: ``entry_id``, ``date``, ``when`` (the date as written), ``agency``,
        ``strength`` (the labels of its strength types, ``; ``-joined), ``summary``, ``outcome``,
        ``source``, ``source_row`` and ``in_review_period`` (NA when no review period is stated).

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["a", "b"], "agency": ["School", "GP"],
    ...     "date": pd.to_datetime(["2016-09-12", "2016-01-02"]), "date_text": ["12 September 2016", None],
    ...     "tags": ["improvement_noted;school_contact", "gp_consultation"],
    ...     "summary": ["Arriving on time, clean and fed.", "Seen"], "outcome": [None, None],
    ...     "source": ["school.docx", "gp.csv"], "source_row": [24, 3]})
    >>> strengths(chron)[["when", "agency", "strength"]].values.tolist()
    [['12 September 2016', 'School', 'Improvement noted']]
    """
    if vocabulary is None:
        from reviewkit.interpret.vocabulary_file import load_vocabulary

        vocabulary = load_vocabulary()
    kinds = vocabulary.groups.get(STRENGTH_GROUP, ())
    labels = {kind: vocabulary.event_types[kind].label for kind in kinds}
    tags = chronology["tags"].astype("string").fillna("") if "tags" in chronology else \
        pd.Series("", index=chronology.index, dtype="string")
    each = tags.str.split(";").explode()
    each = each[each.isin(list(labels))]
    if each.empty:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in STRENGTH_COLUMNS})
    named = each.map(labels).groupby(level=0, sort=False).agg("; ".join)
    rows = in_date_order(chronology.loc[named.index])
    return pd.DataFrame({
        "entry_id": rows["entry_id"], "date": rows["date"], "when": reader_dates(rows),
        "agency": rows["agency"].astype("string"), "strength": named.loc[rows.index],
        "summary": rows["summary"].astype("string"),
        "outcome": _column(rows, "outcome"), "source": _column(rows, "source"),
        "source_row": _column(rows, "source_row"),
        "in_review_period": _column(rows, "in_review_period").astype("boolean"),
    }).reset_index(drop=True)  # fmt: skip


def _column(rows: pd.DataFrame, name: str) -> pd.Series:
    return rows[name] if name in rows else pd.Series(pd.NA, index=rows.index, dtype=object)


def strengths_section(chronology: pd.DataFrame, verdicts: pd.DataFrame | None, *,
                      vocabulary: Vocabulary | None = None) -> str:
    """The report's "What went well": the strengths the records show, then the rules met.

    Each strength is quoted with its agency, its date as written and its file and row; one
    outside the review period says it is there as context.

    Examples
    --------
    >>> chron = pd.DataFrame({"entry_id": ["a"], "agency": ["School"], "date": pd.to_datetime(["2016-09-12"]),
    ...     "date_text": ["12 September 2016"], "tags": ["improvement_noted"], "summary": ["Clean and fed."],
    ...     "outcome": [None], "source": ["school.docx"], "source_row": [24]})
    >>> html = strengths_section(chron, None)
    >>> '<th scope="row">12 September 2016</th>' in html and "<td>school.docx, row 24</td>" in html
    True
    """
    found = strengths(chronology, vocabulary=vocabulary)
    parts = [f"<h3>{esc(message('report.went_well_records'))}</h3>"]
    if found.empty:
        parts.append(f"<p>{esc(message('report.went_well_none'))}</p>")
    else:
        what = found["strength"].where(
            found["in_review_period"].ne(False).fillna(True),
            found["strength"] + ". " + message("timeline.hover_outside_period"))
        entry = found["summary"].fillna("")
        outcome = found["outcome"].astype("string")
        entry = entry.where(outcome.isna() | outcome.eq(""), entry + " " + outcome)
        dated = message("report.column_date_written")
        table = pd.DataFrame({
            dated: found["when"], message("report.column_agency"): found["agency"].fillna(""),
            message("report.column_went_well"): what, message("report.column_entry"): entry,
            message("report.column_source"): message_column(
                "report.source_row", source=found["source"], row=found["source_row"]).where(
                found["source"].notna() & found["source_row"].notna(), ""),
        })  # fmt: skip
        parts.append(html_table(table, message("report.caption_went_well", count=len(found)), row_header=dated))
    parts.append(f"<h3>{esc(message('report.met'))}</h3>")
    parts.append(met_section(verdicts))
    return "\n".join(parts)
