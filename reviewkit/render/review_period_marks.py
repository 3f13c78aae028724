"""The review period on the interactive timeline: a dashed line where it starts and where it ends."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from reviewkit.messages import message


def mark_review_period(fig: go.Figure, chronology: pd.DataFrame) -> go.Figure:
    """Draw the review period of ``chronology.attrs["review_period"]`` on a date-axis timeline.

    Only when every case drawn states the same period (one case, usually) and the x axis is
    dates (not months since an event); entries outside it stay drawn, as context. An anonymised
    copy (:func:`reviewkit.anonymise` with ``coarsen``) names each end by its period, as
    ``attrs["review_period_text"]`` gives it. Returns ``fig``.

    Examples
    --------
    >>> fig = go.Figure(layout=dict(xaxis=dict(type="date")))
    >>> chron = pd.DataFrame({"case_id": ["c"]})
    >>> chron.attrs["review_period"] = {"c": (pd.Timestamp("2014-06-01"), pd.Timestamp("2016-08-31 23:59"))}
    >>> [a.text for a in mark_review_period(fig, chron).layout.annotations]
    ['Review period from 01/06/2014', 'Review period to 31/08/2016']
    """
    periods = chronology.attrs.get("review_period") or {}
    cases = set(chronology["case_id"].dropna().astype(str)) if "case_id" in chronology else set()
    shown = {periods[c] for c in cases if c in periods}
    if len(shown) != 1 or fig.layout.xaxis.type != "date" or not cases <= set(periods):
        return fig
    start, end = shown.pop()
    written = (chronology.attrs.get("review_period_text") or {}).get(next(iter(cases)))
    lines, labels = [], []  # added at once: plotly checks every shape again at each one added
    for k, (when, key, anchor) in enumerate(((start, "start", "left"), (end, "end", "right"))):
        day = written[k] if written else f"{when:%d/%m/%Y}"  # an anonymised copy: its period
        text = (message("timeline.review_period_start", date=day) if key == "start"
                else message("timeline.review_period_end", date=day))
        # a vertical line across the plot (as fig.add_vline draws it)
        lines.append(dict(type="line", x0=str(when), x1=str(when), xref="x", y0=0, y1=1, yref="y domain",
                          line=dict(color="#444444", width=1.2, dash="dash"), layer="below",
                          name=f"review period {key}"))
        labels.append(dict(x=str(when), y=1, yref="paper", yanchor="bottom", yshift=15, xanchor=anchor, text=text,
                           showarrow=False, font=dict(size=10, color="#333333"),
                           name=f"review period {key} label"))
    fig.layout.shapes = (*fig.layout.shapes, *lines)
    fig.layout.annotations = (*fig.layout.annotations, *labels)
    return fig
