"""A plain workbook's cells read straight from its XML, as openpyxl reads them, without openpyxl.

Importing openpyxl takes about 0.1 s of a fresh process (its cell styles are parsed at import),
and its workbook object about 10 ms a file: more than reading a case's few agency workbooks.
:func:`plain_workbook` reads the cell values of a workbook that holds nothing but values (text,
numbers, dates, true/false, errors) and merged ranges, exactly as
``openpyxl.load_workbook(path, data_only=True)`` gives them; for anything else (a formula,
a comment or hyperlink, which make openpyxl add cells, a chart sheet, a date stored as ISO
text, a date out of range, an unusual package layout) it returns None, and the reader uses
openpyxl as before.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORKBOOK_TYPES = tuple(f"application/vnd.{kind}.main+xml" for kind in (
    "ms-excel.template.macroEnabled", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "openxmlformats-officedocument.spreadsheetml.sheet"))
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

#: Excel's built-in number formats that openpyxl reads as dates, and the one it reads as a duration.
_DATE_IDS, _DURATION_IDS = frozenset([*range(14, 23), 45, 46, 47]), frozenset([46])
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")
_WINDOWS_EPOCH, _MAC_EPOCH = datetime.datetime(1899, 12, 30), datetime.datetime(1904, 1, 1)


class _Unplain(Exception):
    """The workbook holds something :func:`plain_workbook` leaves to openpyxl."""


#: A sheet's cells from row 1 and column 1 to its last cell, and its merged ranges as
#: ``(first row, first column, last row, last column)``, counted from 1.
Sheet = tuple[list[list[object]], list[tuple[int, int, int, int]]]


def plain_workbook(path: Path) -> dict[str, Sheet] | None:
    """Every sheet of a workbook of plain values by title, or None to leave it to openpyxl.

    Examples
    --------
    >>> import tempfile, pathlib, datetime, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hv.xlsx"
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Chronology"
    >>> ws.append(["Date", "Notes"]); ws.append([datetime.datetime(2015, 4, 3), "Visit"])
    >>> ws.merge_cells("B2:B3"); wb.save(p)
    >>> plain_workbook(p)["Chronology"]
    ([['Date', 'Notes'], [datetime.datetime(2015, 4, 3, 0, 0), 'Visit'], [None, None]], [(2, 2, 3, 2)])
    >>> ws["A3"] = "=A2+1"; wb.save(p)
    >>> plain_workbook(p) is None  # a formula: openpyxl reads it
    True
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive)
    except (_Unplain, zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError, ElementTree.ParseError):
        return None


def _read(archive: zipfile.ZipFile) -> dict[str, Sheet]:
    names = set(archive.namelist())
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    parts = {o.get("ContentType"): o.get("PartName", "")[1:] for o in types.iter(f"{_TYPES}Override")}
    part = next((parts[t] for t in _WORKBOOK_TYPES if t in parts), None)
    if part is None:
        raise _Unplain(part)
    workbook = ElementTree.fromstring(archive.read(part))
    properties = workbook.find(f"{_MAIN}workbookPr")
    mac = properties is not None and properties.get("date1904", "0").lower() in ("1", "true")
    strings = _strings(archive.read(parts[_STRINGS_TYPE])) if _STRINGS_TYPE in parts else []
    dates, durations = _date_styles(archive.read("xl/styles.xml")) if "xl/styles.xml" in names else (set(), set())
    rels = _targets(archive, part)
    sheets = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        kind, target = rels[sheet.get(f"{_DOC_REL}id")]
        if kind != _WORKSHEET_REL or target not in names or _has_comments(archive, target, names) \
                or not sheet.get("name") or sheet.get("name") in sheets:  # openpyxl renames a repeat
            raise _Unplain(target)
        sheets[sheet.get("name")] = _sheet(archive.read(target), strings, dates, durations,
                                           _MAC_EPOCH if mac else _WINDOWS_EPOCH)
    return sheets


def _targets(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, the target's path in the archive)."""
    folder, name = posixpath.split(part)
    rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    found = {}
    for rel in rels.iter(f"{_REL}Relationship"):
        if rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id")] = (rel.get("Type"), target)
    return found


def _has_comments(archive: zipfile.ZipFile, target: str, names: set[str]) -> bool:
    folder, name = posixpath.split(target)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    return rels in names and b"/comments" in archive.read(rels)


def _text(node: ElementTree.Element) -> str:
    """A string's text without its formatting or phonetic runs (as openpyxl's ``Text.content``)."""
    runs = [node.findtext(f"{_MAIN}t"), *(r.findtext(f"{_MAIN}t") for r in node.iterfind(f"{_MAIN}r"))]
    return "".join(run for run in runs if run is not None)


def _strings(xml: bytes) -> list[str]:
    return [_text(si).replace("x005F_", "") for si in ElementTree.fromstring(xml).iterfind(f"{_MAIN}si")]


def _date_styles(xml: bytes) -> tuple[set[int], set[int]]:
    """The cell styles whose number format openpyxl reads as a date, and as a duration."""
    styles = ElementTree.fromstring(xml)
    custom = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(f"{_MAIN}numFmt")}
    dates, durations = set(), set()
    xfs = styles.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate(xfs.iterfind(f"{_MAIN}xf") if xfs is not None else ()):
        number = int(xf.get("numFmtId", 0))
        code = custom.get(number)
        first = code.split(";")[0] if code is not None else None
        if number in _DATE_IDS if first is None else re.search(r"(?<![_\\])[dmhysDMHYS]", _STRIP.sub("", first)):
            dates.add(index)
        if number in _DURATION_IDS if first is None else _DURATION.search(first):
            durations.add(index)
    return dates, durations


def _sheet(xml: bytes, strings: list[str], dates: set[int], durations: set[int],
           epoch: datetime.datetime) -> Sheet:
    root = ElementTree.fromstring(xml)
    if root.tag != f"{_MAIN}worksheet" or root.find(f"{_MAIN}hyperlinks") is not None:
        raise _Unplain(root.tag)
    cells: dict[tuple[int, int], object] = {}
    line = 0
    for row in root.iterfind(f"{_MAIN}sheetData/{_MAIN}row"):
        line = line + 1 if row.get("r") is None else _whole(row.get("r"))
        column = 0
        for cell in row:  # a cell's own reference, else the next column of its row
            at, column = _position(cell.get("r")) if cell.get("r") else (line, column + 1)
            cells[at, column] = _value(cell, strings, dates, durations, epoch)
    merged: list[tuple[int, int, int, int]] = []
    if not cells:  # openpyxl gives no rows at all for a sheet without cells
        if root.find(f"{_MAIN}mergeCells") is not None:
            raise _Unplain("merged cells alone")
        return [], merged
    for merge in root.iterfind(f"{_MAIN}mergeCells/{_MAIN}mergeCell"):
        first, _, last = merge.get("ref", "").partition(":")
        (r0, c0), (r1, c1) = _position(first), _position(last or first)
        merged.append((r0, c0, r1, c1))
        cells.update({(r, c): None for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                      if (r, c) != (r0, c0) or (r, c) not in cells})
    height = max((r for r, _ in cells), default=1)
    width = max((c for _, c in cells), default=1)
    return [[cells.get((r, c)) for c in range(1, width + 1)] for r in range(1, height + 1)], merged


def _whole(text: str) -> int:
    """A row number, which some programs write as ``"3.0"``."""
    number = float(text)
    if not number.is_integer():
        raise _Unplain(text)
    return int(number)


def _position(reference: str) -> tuple[int, int]:
    """``"B3"`` -> ``(3, 2)``."""
    found = _CELL.fullmatch(reference)
    if found is None:
        raise _Unplain(reference)
    column = 0
    for letter in found[1]:
        column = column * 26 + ord(letter) - 64
    return int(found[2]), column


def _value(cell: ElementTree.Element, strings: list[str], dates: set[int], durations: set[int],
           epoch: datetime.datetime) -> object:
    kind, style = cell.get("t", "n"), int(cell.get("s") or 0)
    if cell.find(f"{_MAIN}f") is not None:  # openpyxl reads a formula without its value
        raise _Unplain(kind)
    if kind == "inlineStr":
        inline = cell.find(f"{_MAIN}is")
        return None if inline is None else _text(inline)
    value = cell.findtext(f"{_MAIN}v") or None
    if value is None:
        return None
    if kind == "n":
        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
        return _from_excel(number, epoch, style in durations) if style in dates else number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":  # an ISO date, written by few programs: openpyxl's reading of it
        raise _Unplain(kind)
    return value  # "str", "e" and any other kind: the text as stored


def _from_excel(value: float, epoch: datetime.datetime, duration: bool) -> object:
    """An Excel serial as openpyxl's ``from_excel`` reads it (a date before 1 March 1900 shifted
    by Excel's missing 29 February 1900, a fraction of a day alone as a time of day)."""
    try:
        if duration:
            span = datetime.timedelta(days=value)
            if span.microseconds:
                span = datetime.timedelta(seconds=span.total_seconds() // 1,
                                          microseconds=round(span.microseconds, -3))
            return span
        day, fraction = divmod(value, 1)
        rest = datetime.timedelta(milliseconds=round(fraction * 86400 * 1000))
        if 0 <= value < 1 and rest.days == 0:
            minutes, seconds = divmod(rest.seconds, 60)
            return datetime.time(minutes // 60, minutes % 60, seconds, rest.microseconds)
        if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
            day += 1
        return epoch + datetime.timedelta(days=day) + rest
    except (OverflowError, ValueError) as error:  # openpyxl warns and reads "#VALUE!"
        raise _Unplain(value) from error
