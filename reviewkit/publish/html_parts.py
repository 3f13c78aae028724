"""Escaped HTML pieces every report section uses: text and accessible tables."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd


def esc(value: object) -> str:
    """Escaped text for HTML; missing values become an empty string.

    Examples
    --------
    >>> esc("<script>alert('x')</script>")
    '&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;'
    >>> esc(None), esc(float("nan"))
    ('', '')
    """
    if value is None or (not isinstance(value, str | tuple | list) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)



def html_table(frame: pd.DataFrame, caption: str, *, row_header: str | None = None) -> str:
    """An accessible ``<table>``: a caption, ``<th scope="col">`` headings, row headers.

    Examples
    --------
    >>> print(html_table(pd.DataFrame({"Agency": ["GP"], "Entries": [3]}), "Entries", row_header="Agency"))
    <div class="table-wrap"><table><caption>Entries</caption>
    <thead><tr><th scope="col">Agency</th><th scope="col">Entries</th></tr></thead>
    <tbody><tr><th scope="row">GP</th><td>3</td></tr></tbody></table></div>
    """
    return html_rows(list(frame.columns), frame.itertuples(index=False), caption, row_header=row_header)


def html_rows(headings: Sequence[object], rows: Iterable[Sequence[object]], caption: str, *,
              row_header: str | None = None) -> str:
    """:func:`html_table` of ``rows`` (sequences of values, one per heading) without a DataFrame.

    Examples
    --------
    >>> html_rows(["Agency"], [["GP"]], "Entries") == html_table(pd.DataFrame({"Agency": ["GP"]}), "Entries")
    True
    """
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in headings)
    out = []
    for values in rows:
        cells = []
        for column, value in zip(headings, values):
            tag = "th" if column == row_header else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}>{esc(value)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table><caption>{esc(caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>{''.join(out)}</tbody></table></div>")
