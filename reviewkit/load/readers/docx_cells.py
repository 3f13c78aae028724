"""The tables of a Word document as plain cells, read from its XML as python-docx reads them.

Importing python-docx takes about 25-45 ms of a fresh process and opening a document with it
about 10 ms: more than reading a case's Word chronology. :func:`word_tables` reads the tables
of the document body straight from ``word/document.xml`` (parsed by lxml as python-docx parses
it), giving what the reader needs of each cell: what identifies it (a merged cell is one cell
at every grid position it covers), how many positions it covers in its row, and its paragraphs'
text and nested tables in order. :func:`docx_tables` gives the same from python-docx's objects,
for a document the XML reading leaves to python-docx (a package it cannot place, a vertical
merge that starts nowhere).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any

#: A table: its rows, each a list of cells ``(key, positions, blocks)``: ``key`` identifies the
#: cell (the same for every position a merged cell covers), ``positions`` is how many grid
#: positions of the row it takes, ``blocks`` its paragraphs' text (``str``) and nested tables
#: (``WordTable``), in order.
WordTable = list[list[tuple[object, int, list[Any]]]]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


class _Unplain(Exception):
    """The document holds something :func:`word_tables` leaves to python-docx."""


def word_tables(path: Path) -> list[WordTable] | None:
    """The tables of a Word document's body, in order, or None to leave the document to python-docx.

    Examples
    --------
    >>> import tempfile, pathlib, docx
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "school.docx"
    >>> d = docx.Document(); t = d.add_table(rows=2, cols=2)
    >>> t.cell(0, 0).text, t.cell(0, 1).text = "Date", "Incident"
    >>> t.cell(1, 0).merge(t.cell(1, 1)).text = "9 February 2015"
    >>> d.save(p)
    >>> [[(span, blocks) for _, span, blocks in row] for row in word_tables(p)[0]]
    [[(1, ['Date']), (1, ['Incident'])], [(2, ['9 February 2015'])]]
    """
    from lxml import etree  # python-docx's parser, with its settings: the same text

    try:
        with zipfile.ZipFile(path) as archive:
            part = _main_part(archive, etree)
            parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
            body = etree.fromstring(archive.read(part), parser).find(f"{_W}body")
            return [] if body is None else [_table(tbl) for tbl in body.iterchildren(f"{_W}tbl")]
    except (_Unplain, zipfile.BadZipFile, KeyError, ValueError, OSError, etree.XMLSyntaxError):
        return None


def _main_part(archive: zipfile.ZipFile, etree) -> str:
    """Where the main document is, if it is a Word document (not a template or macro document)."""
    rels = etree.fromstring(archive.read("_rels/.rels"))
    targets = [r.get("Target", "") for r in rels.iter(f"{_REL}Relationship") if r.get("Type") == _OFFICE]
    if len(targets) != 1:
        raise _Unplain(targets)
    part = posixpath.normpath(targets[0].lstrip("/"))
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    given = {o.get("PartName", "").lstrip("/"): o.get("ContentType") for o in types.iter(f"{_TYPES}Override")}
    if given.get(part) != _MAIN:
        raise _Unplain(part)
    return part


def _table(tbl) -> WordTable:
    """A table's rows as python-docx's ``row.cells`` gives them, a cell spanning several
    positions once; a cell continuing a vertical merge is the cell it continues."""
    grid: list[list[tuple[object, int, int]]] = []  # each row's cells: (tc, grid offset, span)
    rows: WordTable = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        offset = _number(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        placed = []
        for tc in tr.iterchildren(f"{_W}tc"):
            span = _number(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1)
            placed.append((tc, offset, span))
            offset += span
        grid.append(placed)
        row = []
        for tc, offset, span in placed:
            root, span = _merge_root(grid, len(grid) - 1, tc, offset, span)
            row.append((root, span, _blocks(root)))
        rows.append(row)
    return rows


def _merge_root(grid: list[list[tuple[object, int, int]]], at: int, tc, offset: int,
                span: int) -> tuple[object, int]:
    """The cell that holds a vertically merged cell's content (python-docx's ``_tc_above``,
    followed up while the cell continues a merge), and how many positions that cell takes."""
    while _continues(tc):
        if at == 0:
            raise _Unplain("a merge continued from no row")
        at -= 1
        above = [(cell, start, width) for cell, start, width in grid[at] if start == offset]
        if not above:
            raise _Unplain("a merge continued from no cell")
        tc, offset, span = above[0]
    return tc, span


def _continues(tc) -> bool:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def _number(element, default: int) -> int:
    return default if element is None else int(element.get(f"{_W}val"))


def _blocks(tc) -> list[Any]:
    """A cell's paragraphs' text and nested tables, in order (python-docx's ``iter_inner_content``)."""
    return [_paragraph(child) if child.tag == f"{_W}p" else _table(child)
            for child in tc.iterchildren(f"{_W}p", f"{_W}tbl")]


def _paragraph(p) -> str:
    """A paragraph's text as python-docx's ``Paragraph.text`` gives it."""
    runs = []
    for child in p.iterchildren(f"{_W}r", f"{_W}hyperlink"):
        runs.extend([child] if child.tag == f"{_W}r" else child.iterchildren(f"{_W}r"))
    return "".join(_run(r) for r in runs)


def _run(r) -> str:
    parts = []
    for item in r.iterchildren(f"{_W}t", f"{_W}br", *_RUN_TEXT):
        if item.tag == f"{_W}t":
            parts.append(item.text or "")
        elif item.tag == f"{_W}br":  # a line break; a page or column break is no text
            parts.append("\n" if item.get(f"{_W}type", "textWrapping") == "textWrapping" else "")
        else:
            parts.append(_RUN_TEXT[item.tag])
    return "".join(parts)


def docx_tables(document) -> list[WordTable]:
    """The same tables from a python-docx ``Document`` (for what :func:`word_tables` leaves)."""
    return [_docx_table(table) for table in document.tables]


def _docx_table(table) -> WordTable:
    from docx.table import Table

    rows = []
    for row in table.rows:
        cells: list[list[Any]] = []
        for cell in row.cells:  # a cell spanning columns comes back once per column: the same object
            if cells and cells[-1][0] is cell:
                cells[-1][1] += 1
            else:
                cells.append([cell, 1])
        rows.append([(cell._tc, span, [_docx_table(block) if isinstance(block, Table) else block.text
                                       for block in cell.iter_inner_content()]) for cell, span in cells])
    return rows
