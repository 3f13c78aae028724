"""Read a case folder's ``case.toml``: the case id, the procedures, and how to read each file.

Example ``case.toml``::

    case_id = "child_d"
    title = "Child D"
    procedures = "wales"          # or "england"
    calendar = "wales"            # bank holidays for working days: england, wales, scotland, northern_ireland
    review_period = { from = "01/06/2014", to = "31/03/2016" }   # see reviewkit.load.review_period

    [subjects]                    # dates of birth (and due dates): ages at each entry, see reviewkit.load.ages
    "Child A" = { born = "03/08/2012" }

    [[files]]
    path = "childrens_services.xlsx"
    agency = "Children's Services"
    sheet = "Chronology"

    [[files]]
    path = "gcp2_neglect.csv"
    indicators = ["Physical care", "Safety", "Love", "Esteem"]
    event_type = "gcp2_assessment"   # for entries whose text names no event type
    [files.mapping]
    subject = "Child"
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from reviewkit.exceptions import ManifestError
from reviewkit.interpret.toml_file import read_toml
from reviewkit.load.ages import Subject, read_subjects
from reviewkit.load.review_period import ReviewPeriod, read_review_period

MANIFEST_NAME = "case.toml"
PROCEDURES = ("wales", "england")
#: The bank-holiday calendars (those of :data:`reviewkit.check.durations.CALENDARS`).
CALENDARS = ("england", "wales", "scotland", "northern_ireland")
_CASE_FIELDS = {"case_id", "title", "procedures", "calendar", "files", "vocabulary", "agency_aliases",
                "subjects", "review_period", "allow_outside"}
_FILE_FIELDS = {"path", "agency", "sheet", "mapping", "indicators", "event_type"}


@dataclass(frozen=True)
class FileSpec:
    """How to read one agency file of a case."""

    path: Path
    agency: str | None = None
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    indicators: tuple[str, ...] = ()
    event_type: str | None = None


@dataclass(frozen=True)
class CaseManifest:
    """The contents of a ``case.toml``."""

    folder: Path
    case_id: str
    title: str | None
    procedures: str | None
    files: tuple[FileSpec, ...]
    vocabulary: Path | None = None
    agency_aliases: Path | None = None
    subjects: tuple[Subject, ...] = ()
    review_period: ReviewPeriod | None = None
    calendar: str | None = None


def read_manifest(folder: Path) -> CaseManifest:
    """Read and check ``folder/case.toml``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "gp.csv").write_text("Date,Notes\\n")
    >>> _ = (folder / "case.toml").write_text('case_id = "c1"\\n[[files]]\\npath = "gp.csv"\\nagency = "GP"\\n')
    >>> m = read_manifest(folder)
    >>> m.case_id, m.files[0].agency
    ('c1', 'GP')
    """
    path = Path(folder) / MANIFEST_NAME
    where = str(path)
    data = read_toml(path, error=ManifestError, what="case file")
    _check_fields(data, _CASE_FIELDS, where)
    for name in ("case_id", "title", "procedures", "calendar", "vocabulary", "agency_aliases"):
        _text_field(data, name, where)
    outside = data.get("allow_outside", False)
    if not isinstance(outside, bool):
        raise ManifestError(f"{where}: allow_outside = {outside!r} must be true or false.")
    if not isinstance(data.get("files", []), list):
        raise ManifestError(f"{where}: files must be a list of [[files]] tables, each with a path.")
    procedures = data.get("procedures")
    if procedures is not None and procedures not in PROCEDURES:
        raise ManifestError(
            f"{where}: procedures = {procedures!r} is not known. Use one of: "
            f"{', '.join(repr(p) for p in PROCEDURES)}."
        )
    calendar = data.get("calendar")
    if calendar is not None:  # "Northern Ireland", "northern-ireland" are northern_ireland
        calendar = "_".join(calendar.lower().replace("-", " ").split())
    if calendar is not None and calendar not in CALENDARS:
        raise ManifestError(
            f"{where}: calendar = {calendar!r} is not a bank-holiday calendar reviewkit knows. "
            f"Use one of: {', '.join(repr(c) for c in CALENDARS)}."
        )
    files = tuple(
        _file_spec(entry, Path(folder), f"{where}, file {number}", outside)
        for number, entry in enumerate(data.get("files", []), start=1)
    )
    return CaseManifest(
        folder=Path(folder),
        case_id=str(data.get("case_id") or Path(folder).resolve().name),
        title=data.get("title"),
        procedures=procedures,
        calendar=calendar,
        files=files,
        vocabulary=_optional_path(data.get("vocabulary"), Path(folder), where, "vocabulary", outside),
        agency_aliases=_optional_path(
            data.get("agency_aliases"), Path(folder), where, "agency_aliases", outside
        ),
        subjects=read_subjects(data.get("subjects"), where),
        review_period=read_review_period(data.get("review_period"), where),
    )


def _check_fields(data: dict, valid: set[str], where: str) -> None:
    unknown = sorted(set(data) - valid)
    if unknown:
        raise ManifestError(
            f"{where}: unknown field(s) {', '.join(repr(u) for u in unknown)}. "
            f"Valid fields are: {', '.join(sorted(valid))}."
        )


def _text_field(data: dict, name: str, where: str) -> None:
    value = data.get(name)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ManifestError(
            f"{where}: {name} = {value!r} must be a text in quotes, e.g. {name} = {_EXAMPLES[name]}."
        )


_EXAMPLES = {
    "case_id": '"child_d"', "title": '"Child D"', "procedures": '"wales"', "calendar": '"scotland"', "vocabulary": '"vocabulary.toml"',
    "agency_aliases": '"agencies.toml"', "path": '"police.csv"', "agency": '"Police"',
    "sheet": '"Chronology"', "event_type": '"gcp2_assessment"',
}


def _file_spec(entry: object, folder: Path, where: str, outside: bool) -> FileSpec:
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: each [[files]] entry must be a table with a path.")
    _check_fields(entry, _FILE_FIELDS, where)
    if "path" not in entry:
        raise ManifestError(f"{where}: this [[files]] entry has no path.")
    for name in ("path", "agency", "sheet", "event_type"):
        _text_field(entry, name, where)
    path = _inside(entry["path"], folder, where, "path", outside)
    if not path.exists():
        present = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST_NAME)
        raise ManifestError(
            f"{where}: the file {entry['path']!r} is not in the folder. "
            f"The folder holds: {', '.join(present) or 'nothing'}."
        )
    if path.is_dir():
        raise ManifestError(f"{where}: path = {entry['path']!r} is a folder; name a file in it.")
    mapping = entry.get("mapping", {})
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise ManifestError(
            f'{where}: mapping must be a table of role = "Heading", e.g. [files.mapping] then '
            f'date = "Date of contact"; got {mapping!r}.'
        )
    return FileSpec(
        path=path,
        agency=entry.get("agency"),
        sheet=entry.get("sheet"),
        mapping={str(k): v for k, v in mapping.items()},
        indicators=_indicators(entry.get("indicators", []), where),
        event_type=entry.get("event_type"),
    )


def _indicators(value: object, where: str) -> tuple[str, ...]:
    """The headings of a wide indicator table: a list of texts, or one text as a list of one."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ManifestError(
            f'{where}: indicators = {value!r} must be a list of column headings in quotes, e.g. '
            f'indicators = ["Physical care", "Safety"].'
        )
    return tuple(values)


def _inside(value: str, folder: Path, where: str, name: str, outside: bool) -> Path:
    """``folder / value``, refused when it leads out of the case folder (``..``, an absolute
    path, or a link to a file elsewhere) unless the case file says ``allow_outside = true``."""
    path = folder / value
    if outside:
        return path
    try:
        real, root = path.resolve(), folder.resolve()
    except (OSError, ValueError, RuntimeError) as error:
        raise ManifestError(f"{where}: {name} = {value!r} is not a path that can be read ({error}).") from None
    if not real.is_relative_to(root):
        how = "is a link to a file" if path.is_symlink() else "leads"
        raise ManifestError(
            f"{where}: {name} = {value!r} {how} outside the case folder ({real}). Copy the file "
            f"into the case folder, or, if it is meant to be read from there, add "
            f"allow_outside = true at the top of {MANIFEST_NAME}."
        )
    return path


def source_name(path: Path, folder: Path) -> str:
    """How a file of a case is named in ``source`` and ``entry_id``: its path from the case folder.

    Examples
    --------
    >>> source_name(Path("cases/family_x/police/2015.csv"), Path("cases/family_x"))
    'police/2015.csv'
    >>> source_name(Path("cases/shared/gp.csv"), Path("cases/family_x"))
    '../shared/gp.csv'
    """
    return Path(os.path.relpath(path, folder)).as_posix()


def _optional_path(value: object, folder: Path, where: str, name: str, outside: bool) -> Path | None:
    if value is None:
        return None
    path = _inside(str(value), folder, where, name, outside)
    if not path.is_file():
        raise ManifestError(f"{where}: {name} = {value!r} names a file that is not there.")
    return path
