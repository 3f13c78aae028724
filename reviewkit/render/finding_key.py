"""Words on the timeline: the key of its finding numbers, and where bar labels go.

The timeline numbers findings 1..n by date (:func:`reviewkit.render.overlays.number_findings`),
as the report and the print figure do. Each number's key entry is the finding's title (the rule's
title filled with the case's facts, :mod:`reviewkit.check.titles`) and the agency it is about,
whole: the renderers wrap it (:func:`wrapped`), never cut it.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from reviewkit.check.rules import rule_title
from reviewkit.messages import message

#: Characters of label text the axes of the report's print view hold across (680 px wide).
PRINT_LABEL_CHARS = 80
#: Characters of a line of a key entry on screen (two columns) before it wraps.
KEY_LINE_CHARS = 64


def shortened(text: str, width: int = 52) -> str:
    """``text`` cut at a word before ``width`` characters, with an ellipsis when cut.

    Examples
    --------
    >>> shortened("An assault witnessed by staff is reported to the police immediately", 40)
    'An assault witnessed by staff is…'
    >>> shortened("Short title")
    'Short title'
    """
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width - 1)
    return text[: cut if cut > 0 else width - 1].rstrip(",;:") + "…"


def key_text(number: int, rule: object, agency: object, *, title: object = None) -> str:
    """One key entry: the finding's number, its title (else its rule's) and the agency it is about.

    Examples
    --------
    >>> key_text(3, "c-strategy-meeting-after-separate-concerns", "Police")
    '3. A strategy meeting is held when separate child protection concerns come close together (Police)'
    >>> key_text(4, "my-local-rule", None, title="My rule: Child B, 9 February 2015")
    '4. My rule: Child B, 9 February 2015'
    """
    title = title if isinstance(title, str) and title else rule_title(str(rule))
    if isinstance(agency, str) and agency:
        return message("timeline.key_item", number=number, title=title, agency=agency)
    return message("timeline.key_item_all", number=number, title=title)


def finding_key(bars: pd.DataFrame) -> pd.DataFrame:
    """The key of a timeline layout's findings bars: number, text, severity, certainty, by number.

    Examples
    --------
    >>> bars = pd.DataFrame({"key_items": [((2, "2. Late referral", "high", "certain"),),
    ...                                    ((1, "1. No plan", "medium", "possible"),)]})
    >>> finding_key(bars)["text"].tolist()
    ['1. No plan', '2. Late referral']
    """
    columns = ["number", "text", "severity", "certainty"]
    if bars.empty or "key_items" not in bars:
        return pd.DataFrame(columns=columns)
    items = [item for items in bars["key_items"] for item in items]
    key = pd.DataFrame(items, columns=columns).drop_duplicates("number")
    return key.sort_values("number", kind="stable").reset_index(drop=True)


def bar_labels(layout) -> pd.DataFrame:
    """Where each plan's or period's label goes: from its bar's start, or ending at the axis' edge.

    A label starts at its bar's start; one that would run past the right edge of the axes
    (at the layout's ``label_chars`` characters across the axes, or the print view's
    :data:`PRINT_LABEL_CHARS` if fewer) ends at the edge instead.
    Returns x, y, label and anchor (``"left"`` or ``"right"``) for each bar.
    """
    ivl = layout.intervals
    if ivl.empty:
        return pd.DataFrame(columns=["x", "y", "label", "anchor"])
    lo, hi = layout.x_range if layout.x_range is not None else (
        min(layout.points["x0"].min(), ivl["x0"].min()) if len(layout.points) else ivl["x0"].min(),
        max(layout.points["x1"].max(), ivl["x1"].max()) if len(layout.points) else ivl["x1"].max())
    per_char = (hi - lo) / min(layout.label_chars, PRINT_LABEL_CHARS)  # nor off an A4 page's axes
    start = ivl["x0"].where(ivl["x0"] > lo, lo)  # a bar begun before the axes: its label at the left edge
    over = start + per_char * (ivl["label"].str.len() + 1) > hi
    return pd.DataFrame({"x": start.where(~over, hi), "y": ivl["y"], "label": ivl["label"],
                         "anchor": (over.map({True: "right", False: "left"}))}).reset_index(drop=True)


def wrapped(text: str, width: int = KEY_LINE_CHARS, *, sep: str = "\n") -> str:
    """``text`` broken into lines of at most ``width`` characters at spaces (a longer word stays
    whole), joined by ``sep`` (``"<br>"`` for plotly).

    Examples
    --------
    >>> wrapped("3. An assault witnessed by staff is reported to the police immediately (School)", 40,
    ...         sep="<br>")
    '3. An assault witnessed by staff is<br>reported to the police immediately<br>(School)'
    """
    return sep.join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text
