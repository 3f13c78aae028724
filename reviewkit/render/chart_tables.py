"""The data behind each learning-review chart, as DataFrames (also the table alternative of a chart).

Each ``*_table`` function returns the frame a chart draws; each ``describe_*`` turns it into one
sentence of alt text. Plotly charts carry that sentence in ``fig.layout.meta["description"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reviewkit.check.rules import rule_title
from reviewkit.interpret.duration_text import parse_duration
from reviewkit.messages import message
from reviewkit.render.lanes import agency_rank
from reviewkit.render.overlays import number_findings
from reviewkit.render.palette import event_labels

_UNIT_DAYS = {"hours": 1 / 24, "days": 1.0, "working_days": 7 / 5, "weeks": 7.0, "months": 30.4375}


def involvement_table(chronology: pd.DataFrame) -> pd.DataFrame:
    """Entries per agency (rows, lead agencies first) per month (columns ``YYYY-MM``).

    Examples
    --------
    >>> df = pd.DataFrame({"agency": ["School", "Police", "School"],
    ...                    "date": pd.to_datetime(["2015-01-05", "2015-03-01", "2015-01-20"])})
    >>> involvement_table(df).to_dict("index")
    {'Police': {'2015-01': 0, '2015-02': 0, '2015-03': 1}, 'School': {'2015-01': 2, '2015-02': 0, '2015-03': 0}}
    """
    dated = chronology[chronology["date"].notna()]
    month = dated["date"].dt.to_period("M")
    agency = dated["agency"].astype("object").fillna(message("timeline.agency_not_stated"))
    counts = pd.crosstab(agency, month)
    if counts.empty:
        return pd.DataFrame(dtype=int)
    months = pd.period_range(month.min(), month.max(), freq="M")
    counts = counts.reindex(columns=months, fill_value=0)
    counts = counts.loc[sorted(counts.index, key=agency_rank)]
    counts.columns = [str(p) for p in counts.columns]
    counts.index.name, counts.columns.name = "agency", "month"
    return counts.astype(int)


def describe_involvement(table: pd.DataFrame) -> str:
    """One sentence of alt text for the involvement heatmap."""
    if table.empty:
        return message("charts.involvement_empty")
    busiest = table.sum(axis=1).idxmax()
    peak = table.sum(axis=0).idxmax()
    return message("charts.involvement_description", agencies=len(table), first=table.columns[0],
                   last=table.columns[-1], busiest=busiest, busiest_count=int(table.loc[busiest].sum()),
                   peak=peak, peak_count=int(table[peak].sum()))


def findings_theme_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings per learning theme (rows, most first) and agency (columns).

    Examples
    --------
    >>> f = pd.DataFrame({"theme": ["neglect", "neglect", "information sharing"],
    ...                   "agency": ["Police", "School", "School"]})
    >>> findings_theme_table(f).to_dict("index")
    {'neglect': {'Police': 1, 'School': 1}, 'information sharing': {'Police': 0, 'School': 1}}
    """
    theme = findings["theme"].astype("object").fillna(message("charts.no_theme"))
    agency = findings["agency"].astype("object").fillna(message("timeline.agency_not_stated"))
    table = pd.crosstab(theme, agency)
    if table.empty:
        return pd.DataFrame(dtype=int)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    table = table[sorted(table.columns, key=agency_rank)]
    table.index.name, table.columns.name = "theme", "agency"
    return table.astype(int)


def describe_findings_by_theme(table: pd.DataFrame) -> str:
    """One sentence of alt text for the findings-by-theme chart."""
    if table.empty:
        return message("charts.theme_empty")
    return message("charts.theme_description", count=int(table.to_numpy().sum()), theme=table.index[0],
                   theme_count=int(table.iloc[0].sum()))


def limit_days(limit: pd.Series) -> pd.Series:
    """A rule's limit (``"5 working days"``) in (approximate) calendar days.

    Examples
    --------
    >>> limit_days(pd.Series(["2 hours", "5 working days", None])).round(3).tolist()
    [0.083, 7.0, nan]
    """
    def one(text):
        if pd.isna(text):
            return np.nan
        try:
            d = parse_duration(str(text))
        except ValueError:
            return np.nan
        return d.amount * _UNIT_DAYS[d.unit]
    return limit.astype("object").map(one).astype(float)


def response_delay_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Each response finding: its delay range in days against the rule's limit, and its title
    (the finding's, else its rule's).

    ``responded`` is False where no response was recorded (the delays are then empty).

    Examples
    --------
    >>> f = pd.DataFrame({"finding_id": ["F-1"], "kind": ["response"], "rule": ["r"],
    ...     "agency": ["School"], "start": pd.to_datetime(["2015-02-09"]), "limit": ["2 hours"],
    ...     "delay_min": [pd.Timedelta(hours=3)], "delay_max": [pd.Timedelta(hours=4)], "summary": ["s"]})
    >>> response_delay_table(f)[["delay_min_days", "delay_max_days", "responded"]].round(3).values.tolist()
    [[0.125, 0.167, True]]
    """
    r = findings[findings["kind"].astype("object") == "response"].copy()
    r["start"] = pd.to_datetime(r["start"])
    r["delay_min"], r["delay_max"] = pd.to_timedelta(r["delay_min"]), pd.to_timedelta(r["delay_max"])
    r["number"] = number_findings(findings).reindex(r.index) if len(findings) else []
    out = pd.DataFrame({
        "number": r["number"], "finding_id": r["finding_id"], "rule": r["rule"],
        "agency": r["agency"].astype("object").fillna(message("timeline.agency_not_stated")), "start": r["start"],
        "delay_min_days": r["delay_min"].dt.total_seconds() / 86400,
        "delay_max_days": r["delay_max"].dt.total_seconds() / 86400,
        "limit": r["limit"], "limit_days": limit_days(r["limit"]),
        "responded": r["delay_min"].notna(), "summary": r["summary"],
        "title": (r["title"].astype("object") if "title" in r else pd.Series(None, index=r.index, dtype=object)
                  ).fillna(r["rule"].astype("object").map(lambda rule: rule_title(str(rule)))),
    })
    return out.sort_values(["start", "number"], kind="stable").reset_index(drop=True)


def describe_response_delays(table: pd.DataFrame) -> str:
    """One sentence of alt text for the response-delay chart."""
    if table.empty:
        return message("charts.delays_empty")
    late = table[table["responded"]]
    worst = "" if late.empty else message("charts.delays_longest", days=f"{late['delay_max_days'].max():.0f}")
    return message("charts.delays_description", count=len(table), late=len(late),
                   never=int((~table["responded"]).sum()), longest=worst)


def who_knew_table(chronology: pd.DataFrame) -> pd.DataFrame:
    """For each concern (a duplicate group, or a single concern entry): which agency knew, from when.

    ``knew_from`` is the earliest ``reported`` (or ``date``) of the agency's entries about it.

    Examples
    --------
    >>> df = pd.DataFrame({"entry_id": ["a", "b", "c"], "event_type": ["injury", "referral", "home_visit"],
    ...     "agency": ["School", "Children's Services", "Police"], "duplicate_group": ["g", "g", None],
    ...     "date": pd.to_datetime(["2015-01-05", "2015-01-07", "2015-02-01"]), "reported": pd.NaT,
    ...     "subject": ["Child A", None, None]})
    >>> who_knew_table(df)[["concern", "agency", "days_after_first"]].values.tolist()
    [['g', 'School', 0.0], ['g', "Children's Services", 2.0]]
    """
    from reviewkit.interpret.vocabulary_file import load_vocabulary

    concern_types = set(load_vocabulary().group("concern"))
    is_concern = chronology["event_type"].astype("object").isin(concern_types)
    key = chronology["duplicate_group"].astype("object").fillna(chronology["entry_id"].astype("object"))
    rows = chronology[key.isin(set(key[is_concern])) & chronology["date"].notna()].copy()
    if rows.empty:  # a case with no concern entry: nobody knew of one
        return pd.DataFrame({"concern": pd.Series(dtype=object), "concern_label": pd.Series(dtype=object),
                             "agency": pd.Series(dtype=object), "knew_from": pd.Series(dtype="datetime64[ns]"),
                             "days_after_first": pd.Series(dtype=float)})
    rows["concern"] = key[rows.index]
    rows["known"] = rows["reported"].fillna(rows["date"]) if "reported" in rows else rows["date"]
    rows["agency"] = rows["agency"].astype("object").fillna(message("timeline.agency_not_stated"))
    first = rows.sort_values("known", kind="stable").drop_duplicates("concern").set_index("concern")
    what = event_labels(first["event_type"])
    subject = first["subject"].astype("object").fillna("")
    label = first["known"].dt.strftime("%d/%m/%Y") + " " + what.str.split(" [(/]", regex=True).str[0] + \
        np.where(subject != "", " (" + subject.str.replace(";", ",") + ")", "")
    out = rows.groupby(["concern", "agency"], as_index=False)["known"].min()
    out = out.rename(columns={"known": "knew_from"})
    out["concern_label"] = out["concern"].map(label)
    out["first_known"] = out["concern"].map(first["known"])
    out["days_after_first"] = (out["knew_from"] - out["first_known"]).dt.total_seconds() / 86400
    out = out.sort_values(["first_known", "concern", "knew_from", "agency"], kind="stable")
    return out[["concern", "concern_label", "agency", "knew_from", "days_after_first"]].reset_index(drop=True)


def describe_who_knew(table: pd.DataFrame) -> str:
    """One sentence of alt text for the who-knew-what-when chart."""
    if table.empty:
        return message("charts.who_knew_empty")
    per = table.groupby("concern")["agency"].nunique()
    return message("charts.who_knew_description", count=len(per), shared=int((per > 1).sum()), most=int(per.max()))
