"""The ``reviewkit`` command: the same jobs as the notebooks, from a terminal."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

import reviewkit
from reviewkit.exceptions import DataQualityWarning, ReviewkitError
from reviewkit.export import write_chronology_csv
from reviewkit.load import load_with_report
from reviewkit.report import format_report


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``reviewkit`` command line; return the exit status.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "gp.csv"
    >>> _ = p.write_text("Date of contact,Notes\\n03/04/2015,Seen\\n")
    >>> main(["validate", str(p)])  # doctest: +ELLIPSIS
    == .../gp.csv
    gp.csv  (GP)
      rows: 1 read, 0 blank skipped, 0 title row(s) above the header (row 1)
    ...
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ReviewkitError as error:
        print(f"reviewkit: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewkit",
        description="Load, check and chart multi-agency chronologies for practice reviews.",
    )
    parser.add_argument("--version", action="version", version=f"reviewkit {reviewkit.__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="print a load report for agency files or case folders"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="file or case folder")
    validate.set_defaults(run=_validate)

    build = commands.add_parser(
        "build", help="merge agency files into one chronology and write it as CSV"
    )
    build.add_argument("paths", nargs="+", metavar="PATH", help="file or case folder")
    build.add_argument("--out", required=True, help="the CSV file to write")
    build.add_argument("--case-id", help="the case id (default: case.toml or folder name)")
    build.add_argument("--agency", help="the agency of every file given")
    build.set_defaults(run=_build)
    return parser


def _validate(args: argparse.Namespace) -> int:
    status = 0
    for path in args.paths:
        print(f"== {path}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataQualityWarning)
                result = load_with_report(path)
        except ReviewkitError as error:
            print(f"could not load: {error}\n")
            status = 1
            continue
        print(format_report(result.report))
        print()
    return status


def _build(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        result = load_with_report(args.paths, case_id=args.case_id, agency=args.agency)
    path = write_chronology_csv(result.chronology, args.out)
    chronology = result.chronology
    flagged = int(chronology["issues"].notna().sum())
    print(
        f"{len(chronology)} entries from {len(result.report)} table(s), "
        f"{chronology['agency'].nunique()} agencies, "
        f"{chronology['date'].min():%d %b %Y} to {chronology['date'].max():%d %b %Y}; "
        f"{flagged} with problems (see the 'issues' column). Written to {path}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
