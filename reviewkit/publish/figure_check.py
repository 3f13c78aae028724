"""The leak check for figures: every text a matplotlib or plotly figure would publish.

A figure drawn from an anonymised chronology shows its text in titles, labels, legends,
annotations and (for plotly) hover boxes. :func:`check_figure_publishable` reads them all and
refuses, as :func:`reviewkit.publish.publication.check_publishable` does for tables, when a listed
name, a date more exact than the coarsening or an identifier (an NHS number, a phone number, a
postcode, a date of birth: :mod:`reviewkit.publish.identifiers`) is still there. Positions on the date axis are
not text: a coarsened chronology already places entries at their period.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from reviewkit.publish.anonymise import Anonymised
from reviewkit.publish.publication import check_publishable

#: Plotly attributes that hold text a reader sees (in the figure or on hover).
PLOTLY_TEXT_KEYS: frozenset[str] = frozenset(
    {"text", "hovertext", "hovertemplate", "customdata", "name", "ticktext", "title", "description"}
)


def figure_texts(figure: Figure | Axes | go.Figure) -> list[tuple[str, str]]:
    """Every text of a figure, as ``(where, text)`` pairs.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Child A"); _ = ax.annotate("Seen 09/02/2015", (0, 0))
    >>> sorted(text for _, text in figure_texts(ax) if text)
    ['Child A', 'Seen 09/02/2015']
    >>> plt.close(fig)
    >>> figure_texts(go.Figure(go.Scatter(x=[1], y=[1], text=["Mother"])))
    [('trace 1: text', 'Mother')]
    """
    if isinstance(figure, go.Figure):
        return list(_plotly_texts(figure.to_plotly_json()))
    artist: Artist = figure.figure if isinstance(figure, Axes) else figure
    return [(f"figure {type(t).__name__.lower()}", t.get_text()) for t in artist.findobj(Text) if t.get_visible()]


def check_figure_publishable(figure: Figure | Axes | go.Figure, anonymised: Anonymised, *,
                             where: str = "the figure") -> None:
    """Raise :class:`reviewkit.exceptions.PublicationError` if the figure shows a listed name or exact date.

    Examples
    --------
    >>> import pandas as pd
    >>> from reviewkit.publish.anonymise import anonymise
    >>> anon = anonymise(pd.DataFrame({"summary": ["x"]}), names={"Jo Bloggs": "Mother"})
    >>> check_figure_publishable(go.Figure(go.Scatter(x=[1], y=[1], text=["Mother"])), anon)
    >>> check_figure_publishable(go.Figure(layout_title_text="Jo Bloggs"), anon, where="t.html")
    Traceback (most recent call last):
    ...
    reviewkit.exceptions.PublicationError: t.html was not written: it would publish what the anonymisation should hide.
      layout: title.text: the listed name 'Jo Bloggs'
    Add the missing names to the mapping (or fix the text) and anonymise again.
    """
    check_publishable(figure_texts(figure), anonymised, where=where)


def _plotly_texts(node: object, path: tuple[str, ...] = ()) -> Iterable[tuple[str, str]]:
    """Strings under the text-like keys of a plotly figure's JSON, with where they are."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _plotly_texts(value, (*path, str(key)))
    elif isinstance(node, (list, tuple)) or hasattr(node, "tolist"):
        items = node.tolist() if hasattr(node, "tolist") else node
        for i, value in enumerate(items):
            yield from _plotly_texts(value, (*path, str(i)))
    elif isinstance(node, str) and PLOTLY_TEXT_KEYS.intersection(path):
        yield _where(path), node


def _where(path: tuple[str, ...]) -> str:
    """ "trace 3: customdata", "layout: annotations.text"."""
    if path[:1] == ("data",) and len(path) > 1:
        return f"trace {int(path[1]) + 1}: " + ".".join(p for p in path[2:] if not p.isdigit())
    return "layout: " + ".".join(p for p in path[1:] if not p.isdigit())
