"""A Word document's tables read from its XML give the cells python-docx gives (issue 18:
loading a case without importing python-docx)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.load.readers.docx_cells import docx_tables, word_tables
from reviewkit.load.readers.docx_reader import _read_table, read_docx_tables

ROOT = Path(__file__).resolve().parents[2]


def both_ways(path: Path) -> tuple[list, list]:
    """The raw tables (rows and notes) read from the XML, and read with python-docx."""
    fast = word_tables(path)
    assert fast is not None, path
    slow = docx_tables(docx.Document(str(path)))

    def raw(tables):
        return [(t.rows, t.notes) for t in (_read_table(table, "t") for table in tables)]

    return raw(fast), raw(slow)


def test_every_word_document_of_the_repository_reads_as_python_docx_reads_it():
    documents = [p for p in sorted(ROOT.glob("**/*.docx")) if ".venv" not in p.parts]
    assert documents
    for path in documents:
        fast, slow = both_ways(path)
        assert fast == slow, path


_TEXT = st.text(st.sampled_from("ab \t\n-"), max_size=6)


@given(cells=st.lists(st.lists(st.lists(_TEXT, max_size=2), min_size=3, max_size=3), min_size=1, max_size=4),
       merges=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2), st.integers(0, 1)),
                       max_size=3),
       nested=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(1, 2), st.booleans()),
                       max_size=2),
       breaks=st.sampled_from([None, WD_BREAK.LINE, WD_BREAK.PAGE]))
def test_random_tables_read_as_python_docx_reads_them(tmp_path_factory, cells, merges, nested, breaks):
    """Paragraphs, tabs, line and page breaks, cells merged across columns and down rows, and
    tables nested in cells (merged themselves)."""
    path = tmp_path_factory.mktemp("docx") / "random.docx"
    document = docx.Document()
    table = document.add_table(rows=len(cells), cols=3)
    for r, row in enumerate(cells):
        for c, paragraphs in enumerate(row):
            cell = table.cell(r, c)
            for i, text in enumerate(paragraphs):
                paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                run = paragraph.add_run(text)
                if breaks is not None and i == 0:
                    run.add_break(breaks)
                    paragraph.add_run("after")
    for row, column, down, across in merges:
        if row < len(cells):
            try:
                table.cell(row, column).merge(table.cell(min(row + down, len(cells) - 1), min(column + across, 2)))
            except Exception:  # python-docx refuses a merge across an earlier one: not a case
                pass
    for row, column, size, merged in nested:
        if row < len(cells):
            inner = table.cell(row, column).add_table(rows=size, cols=2)
            inner.cell(0, 0).text, inner.cell(size - 1, 1).text = "Date", "Seen"
            if merged:
                inner.cell(0, 0).merge(inner.cell(size - 1, 0))
    document.add_table(rows=1, cols=1).cell(0, 0).text = "second table"
    document.save(path)
    fast, slow = both_ways(path)
    assert fast == slow


def test_a_document_python_docx_refuses_is_refused_in_words(tmp_path):
    path = tmp_path / "junk.docx"
    path.write_bytes(b"not a zip at all")
    assert word_tables(path) is None
    try:
        read_docx_tables(path, "junk.docx")
    except Exception as error:  # the reader's own words, through python-docx as before
        assert "junk.docx: this is not a readable Word document" in str(error)
    else:
        raise AssertionError("junk was read")


def test_loading_the_sample_case_imports_neither_python_docx_nor_openpyxl():
    code = ("import sys, warnings; warnings.simplefilter('ignore'); import reviewkit; "
            "reviewkit.read_chronology(sys.argv[1]); print('docx' in sys.modules, 'openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "sample_data" / "child_d")],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split()[-2:] == ["False", "False"]
