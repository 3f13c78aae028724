"""The report's section on the review period: what falls outside it, and each agency's periods of
no recorded contact within it (a statement of fact, not a finding)."""

from __future__ import annotations

import pandas as pd

from reviewkit.load.review_period import ReviewPeriod, no_contact_periods
from reviewkit.messages import message
from reviewkit.publish.coarsen import period_label
from reviewkit.publish.html_parts import esc, html_table


def review_period_section(chronology: pd.DataFrame, *, coarsen: str | None = None,
                          min_days: int = 28) -> str | None:
    """HTML for the review period of each case in ``chronology.attrs["review_period"]``.

    ``None`` when no case states a review period (``case.toml``'s ``review_period``). Dates are
    written as days, or as their month, season or year for an anonymised copy (``coarsen``).

    Examples
    --------
    >>> chron = pd.DataFrame({"case_id": ["c", "c"], "agency": ["GP", "GP"],
    ...     "entry_id": ["c/gp:1", "c/gp:2"], "in_review_period": [True, False],
    ...     "date": pd.to_datetime(["2015-01-10", "2016-03-01"]),
    ...     "date_latest": pd.to_datetime(["2015-01-10", "2016-03-01"])})
    >>> chron.attrs["review_period"] = {"c": (pd.Timestamp("2015-01-01"), pd.Timestamp("2015-12-31"))}
    >>> html = review_period_section(chron)
    >>> "01/01/2015 to 31/12/2015" in html, "<td>11/01/2015</td><td>31/12/2015</td><td>355</td>" in html
    (True, True)
    """
    periods = chronology.attrs.get("review_period") or {}
    if not periods:
        return None

    def written(when: pd.Series) -> pd.Series:
        if coarsen is None:
            return when.dt.strftime("%d/%m/%Y")
        return when.map(lambda t: period_label(t, coarsen))

    parts = []
    for case_id, (start, end) in sorted(periods.items()):
        rows = chronology[chronology["case_id"].astype(str) == case_id]
        bounds = written(pd.Series([start, end]))
        outside = int(rows["in_review_period"].astype("boolean").eq(False).sum())
        parts.append(f"<p>{esc(message('report.review_period_text', case=case_id, start=bounds[0], end=bounds[1], outside=outside))}</p>")
        gaps = no_contact_periods(rows, ReviewPeriod(start, end, ""), min_days=min_days)
        if gaps.empty:
            parts.append(f"<p>{esc(message('report.no_contact_none', days=min_days))}</p>")
            continue
        agency = message("report.column_agency")
        table = pd.DataFrame({
            agency: gaps["agency"], message("report.column_from"): written(gaps["start"]),
            message("report.column_to"): written(gaps["end"]),
            message("report.column_days"): gaps["days"].astype(str),
        })  # fmt: skip
        parts.append(html_table(table, message("report.caption_no_contact", days=min_days), row_header=agency))
    return "\n".join(parts)
