"""Escaped HTML pieces every report section uses: text and accessible tables."""

from __future__ import annotations

import html

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
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, values):
            tag = "th" if column == row_header else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}>{esc(value)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="table-wrap"><table><caption>{esc(caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>{''.join(rows)}</tbody></table></div>")
