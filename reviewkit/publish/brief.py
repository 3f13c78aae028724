"""A one-page learning brief of a case (the "7-minute briefing" boards publish), as an A4 PDF.

On one A4 page: the case in a sentence, the key practice episodes on a small timeline (those the
reviewer marked in the decisions file, else the findings of high severity), the learning points
with how many findings each rests on, what went well (entries that record progress or good
practice, when there are some), and the abbreviations the page uses. Texts are whole, wrapped;
where the page would overflow, fewer episodes and points are shown and, if that is not enough,
an episode's title or a learning point is cut with an ellipsis, and the page says so. What it says comes
from :mod:`reviewkit.publish.brief_content`; an anonymised brief is leak-checked like every other
publication before anything is written.
"""

from __future__ import annotations

import os
import textwrap
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from reviewkit.messages import message
from reviewkit.publish.brief_content import (
    abbreviations,
    case_sentence,
    key_episodes,
    learning_points,
    went_well,
)
from reviewkit.render.finding_key import shortened

if TYPE_CHECKING:
    from reviewkit.publish.anonymise import Anonymised
    from reviewkit.review.decisions import Decisions

#: A4 portrait, in inches, and the margins of the page (inches).
PAGE = (8.27, 11.69)
MARGIN = 0.6
#: What the page tries to hold, largest first: (key episodes, learning points, what went well).
#: What went well takes the place of up to two learning points before it is left out; key
#: episodes are never fewer for it.
LAYOUTS: tuple[tuple[int, int, int], ...] = (
    (8, 6, 2), (8, 6, 1), (8, 5, 1), (8, 4, 1), (8, 6, 0), (6, 5, 1), (6, 5, 0), (5, 4, 1), (5, 4, 0),
    (4, 3, 0), (3, 2, 0))
#: Text sizes in points (none below 7).
BODY_PT, SMALL_PT, HEADING_PT, TITLE_PT = 9.0, 7.5, 11.5, 16.0
#: The most lines of a key episode and of a learning point when whole texts would overflow the
#: page (each layout is tried with whole texts first): cut there with an ellipsis.
SHORT_LINES: dict[str, int] = {"episode": 2, "learning": 3}


def learning_brief(
    chronology: pd.DataFrame | Anonymised,
    findings: pd.DataFrame | None,
    path: str | os.PathLike,
    *,
    title: str | None = None,
    decisions: str | os.PathLike | Decisions | None = None,
    anonymised: Anonymised | None = None,
) -> Path:
    """Write a one-page A4 learning brief of a case as a PDF; return its path.

    Parameters
    ----------
    chronology
        The chronology, or an :class:`~reviewkit.publish.anonymise.Anonymised` copy (its findings
        are used when ``findings`` is ``None``, and it is leak-checked).
    findings
        From :func:`reviewkit.detect`.
    path
        The ``.pdf`` (or ``.png``, ``.svg``) file to write.
    title
        The brief's title (default: ``Learning brief: <case id>``).
    decisions
        The reviewer's decisions (a ``decisions.toml`` file or :class:`~reviewkit.review.decisions.Decisions`):
        the entries tagged ``"key practice episode"`` are the key practice episodes.
    anonymised
        Refuse to write (:class:`reviewkit.exceptions.PublicationError`) if a listed name or
        an exact date would appear.

    Examples
    --------
    >>> import reviewkit, tempfile, pathlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d")
    >>> out = learning_brief(chron, reviewkit.detect(chron), pathlib.Path(tempfile.mkdtemp()) / "brief.pdf")
    >>> out.read_bytes()[:5]
    b'%PDF-'
    """
    import matplotlib.pyplot as plt

    from reviewkit.publish.anonymise import Anonymised
    from reviewkit.publish.figure_check import check_figure_publishable

    if isinstance(chronology, Anonymised):
        anonymised = anonymised or chronology
        findings = chronology.findings if findings is None else findings
        chronology = chronology.chronology
    if decisions is not None:
        from reviewkit.review.apply import apply_entry_decisions
        from reviewkit.review.reading import given_decisions

        chronology, _ = apply_entry_decisions(chronology, given_decisions(None, decisions))
    findings = findings if findings is not None else pd.DataFrame(columns=["severity", "theme", "learning"])
    if "status" in findings:  # the reviewer's dismissed findings are not learning
        findings = findings[~findings["status"].eq("dismissed").fillna(False).to_numpy(dtype=bool)]
    figure = draw_brief(chronology, findings, title=title, coarsen=anonymised.coarsen if anonymised else None)
    try:
        if anonymised is not None:
            check_figure_publishable(figure, anonymised, where=Path(path).name)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=200)
    finally:
        plt.close(figure)
    return path


class _Page:
    """Writes lines of text down a page, from the top, in inches; knows where it has got to."""

    def __init__(self, figure: Figure, *, short: bool = False) -> None:
        self.figure, self.y = figure, PAGE[1] - MARGIN
        self.width = PAGE[0] - 2 * MARGIN
        self.limits = SHORT_LINES if short else {}
        self.shortened = False  # a text was cut to fit

    def text(self, text: str, size: float = BODY_PT, *, indent: float = 0.0, gid: str = "", **kw) -> None:
        chars = int((self.width - indent) * 72 / (size * 0.52))
        lines = textwrap.wrap(text, chars) or [""]
        most = self.limits.get(gid)
        if most and len(lines) > most:  # cut with an ellipsis: the page says so
            lines = [*lines[:most - 1], shortened(" ".join(lines[most - 1:]), chars)]
            self.shortened = True
        for i, line in enumerate(lines):  # a wrapped text's later lines: gid "<gid> continued"
            self.y -= size * 1.35 / 72
            self.figure.text((MARGIN + indent) / PAGE[0], self.y / PAGE[1], line, fontsize=size,
                             va="baseline", gid=f"{gid} continued" if i and gid else gid, **kw)

    def gap(self, inches: float) -> None:
        self.y -= inches

    def heading(self, text: str) -> None:
        self.gap(0.12)
        self.text(text, HEADING_PT, fontweight="bold", gid="heading")
        self.gap(0.04)


def draw_brief(chronology: pd.DataFrame, findings: pd.DataFrame, *, title: str | None = None,
               coarsen: str | None = None) -> Figure:
    """Draw the brief on an A4 portrait matplotlib figure (see :func:`learning_brief`).

    Examples
    --------
    >>> import reviewkit, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chron = reviewkit.read_chronology("sample_data/child_d")
    >>> fig = draw_brief(chron, reviewkit.detect(chron))
    >>> [round(float(v), 2) for v in fig.get_size_inches()], len(fig.axes)
    ([8.27, 11.69], 1)
    """
    cases = ", ".join(sorted(chronology["case_id"].dropna().astype(str).unique())) or "case"
    strengths = went_well(chronology, coarsen)
    tries = [(layout, short) for layout in LAYOUTS for short in (False, True)]
    for (episodes_most, points_most, well_most), short in tries:  # the largest that fits, whole if it can
        figure = Figure(figsize=PAGE)
        page = _Page(figure, short=short)
        page.text(title or message("brief.title", cases=cases), TITLE_PT, fontweight="bold", gid="title")
        page.gap(0.06)
        page.text(message("brief.subtitle"), SMALL_PT, color="#444444", gid="subtitle")
        page.heading(message("brief.heading_case"))
        sentence = case_sentence(chronology, findings, coarsen)
        page.text(sentence, gid="case")
        episodes = key_episodes(chronology, findings, coarsen, most=episodes_most)
        _episodes(page, episodes, key_episodes(chronology, findings, coarsen, most=10_000))
        points = learning_points(findings, most=points_most)
        _learning(page, points)
        _went_well(page, strengths, most=well_most)
        words = " ".join([sentence, *episodes["text"], *points["learning"]])
        _glossary(page, abbreviations(chronology, words))
        if page.y > MARGIN + 0.3:
            break
    if page.shortened:
        figure.text(MARGIN / PAGE[0], (MARGIN - 0.08) / PAGE[1], message("brief.shortened"), fontsize=7,
                    color="#444444", gid="shortened")
    figure.text(MARGIN / PAGE[0], (MARGIN - 0.25) / PAGE[1], message("brief.footer", version=version("reviewkit")),
                fontsize=7, color="#444444", gid="footer")
    return figure


def _episodes(page: _Page, episodes: pd.DataFrame, every: pd.DataFrame) -> None:
    page.heading(message("brief.heading_episodes"))
    if episodes.empty:
        page.text(message("brief.no_episodes"), gid="episodes note")
        return
    note = (message("brief.episodes_reviewer") if episodes["source"].iloc[0] == "reviewer"
            else message("brief.episodes_findings"))
    page.text(note, SMALL_PT, color="#444444", gid="episodes note")
    height = 0.75
    page.gap(0.1 + height)
    ax = page.figure.add_axes([MARGIN / PAGE[0], page.y / PAGE[1], page.width / PAGE[0], height / PAGE[1]])
    x = mdates.date2num(pd.to_datetime(episodes["date"]).to_numpy())
    ax.axhline(0, color="#888888", lw=1, zorder=1)
    ax.scatter(x, [0] * len(x), s=90, color="#000000", zorder=2, gid="episodes")
    rows = [0.45 if i % 2 == 0 else -0.45 for i in range(len(x))]  # alternate above and below
    for xi, yi, label in zip(x, rows, episodes["label"]):
        ax.annotate(label, (xi, 0), (xi, yi), ha="center", va="center", fontsize=8, fontweight="bold",
                    arrowprops=dict(arrowstyle="-", color="#888888", lw=0.6), gid="episode number")
    span = max(x.max() - x.min(), 60.0)
    ax.set_xlim(x.min() - span * 0.06, x.max() + span * 0.06)
    ax.set_ylim(-0.8, 0.8)
    ax.set_yticks([])
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=7.5)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    page.gap(0.3)
    for row in episodes.itertuples():
        page.text(f"{row.label}.  {row.when}  {row.text}", indent=0.1, gid="episode")
    if len(every) > len(episodes):
        page.text(message("brief.more_episodes", count=len(every) - len(episodes)), SMALL_PT, indent=0.1,
                  color="#444444", gid="episodes more")


def _learning(page: _Page, points: pd.DataFrame) -> None:
    page.heading(message("brief.heading_learning"))
    if points.empty:
        page.text(message("brief.no_learning"), gid="learning")
        return
    for row in points.itertuples():
        count = message("brief.learning_count", count=row.findings, high=row.high)
        page.text(f"•  {row.learning}", indent=0.1, gid="learning")
        page.text(f"{str(row.theme).capitalize()}: {count}", SMALL_PT, indent=0.32, color="#333333",
                  gid="learning count")
        page.gap(0.04)


def _went_well(page: _Page, strengths: pd.DataFrame, *, most: int) -> None:
    """What went well: at most ``most`` entries that record progress or good practice (none: no heading)."""
    if strengths.empty or not most:
        return
    page.heading(message("brief.heading_went_well"))
    for row in strengths.head(most).itertuples():
        page.text(f"•  {row.when}  {row.text}", SMALL_PT, indent=0.1, gid="went well")
    if len(strengths) > most:
        page.text(message("brief.more_episodes", count=len(strengths) - most), SMALL_PT, indent=0.1,
                  color="#444444", gid="went well more")


def _glossary(page: _Page, terms: pd.DataFrame) -> None:
    if terms.empty:
        return
    page.heading(message("brief.heading_glossary"))
    page.text("; ".join(f"{a}: {m}" for a, m in zip(terms["abbreviation"], terms["meaning"])), SMALL_PT,
              gid="glossary")
