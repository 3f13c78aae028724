"""Read a case folder's ``case.toml``: the case id, the procedures, and how to read each file.

Example ``case.toml``::

    case_id = "child_d"
    title = "Child D"
    procedures = "wales"          # or "england"
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

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewkit.exceptions import ManifestError
from reviewkit.load.ages import Subject, read_subjects
from reviewkit.load.review_period import ReviewPeriod, read_review_period

MANIFEST_NAME = "case.toml"
PROCEDURES = ("wales", "england")
_CASE_FIELDS = {"case_id", "title", "procedures", "files", "vocabulary", "agency_aliases",
                "subjects", "review_period"}
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
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{where}: this is not valid TOML ({error}).") from error
    _check_fields(data, _CASE_FIELDS, where)
    procedures = data.get("procedures")
    if procedures is not None and procedures not in PROCEDURES:
        raise ManifestError(
            f"{where}: procedures = {procedures!r} is not known. Use one of: "
            f"{', '.join(repr(p) for p in PROCEDURES)}."
        )
    files = tuple(
        _file_spec(entry, Path(folder), f"{where}, file {number}")
        for number, entry in enumerate(data.get("files", []), start=1)
    )
    return CaseManifest(
        folder=Path(folder),
        case_id=str(data.get("case_id") or Path(folder).resolve().name),
        title=data.get("title"),
        procedures=procedures,
        files=files,
        vocabulary=_optional_path(data.get("vocabulary"), Path(folder), where, "vocabulary"),
        agency_aliases=_optional_path(
            data.get("agency_aliases"), Path(folder), where, "agency_aliases"
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


def _file_spec(entry: object, folder: Path, where: str) -> FileSpec:
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: each [[files]] entry must be a table with a path.")
    _check_fields(entry, _FILE_FIELDS, where)
    if "path" not in entry:
        raise ManifestError(f"{where}: this [[files]] entry has no path.")
    path = folder / entry["path"]
    if not path.exists():
        present = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST_NAME)
        raise ManifestError(
            f"{where}: the file {entry['path']!r} is not in the folder. "
            f"The folder holds: {', '.join(present) or 'nothing'}."
        )
    mapping = entry.get("mapping", {})
    if not isinstance(mapping, dict):
        raise ManifestError(f"{where}: mapping must be a table of role = \"Heading\".")
    return FileSpec(
        path=path,
        agency=entry.get("agency"),
        sheet=entry.get("sheet"),
        mapping={str(k): str(v) for k, v in mapping.items()},
        indicators=tuple(entry.get("indicators", ())),
        event_type=entry.get("event_type"),
    )


def _optional_path(value: object, folder: Path, where: str, name: str) -> Path | None:
    if value is None:
        return None
    path = folder / str(value)
    if not path.exists():
        raise ManifestError(f"{where}: {name} = {value!r} names a file that is not there.")
    return path
