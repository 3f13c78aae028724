"""The ``reviewkit`` command: the same jobs as the notebooks, from a terminal."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import reviewkit
from reviewkit.check import check, detect
from reviewkit.exceptions import DataQualityWarning, ReviewkitError
from reviewkit.explain import explain, format_explanation
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

    for name, run, text in (
        ("check", _check, "print every verdict (met or not) of the rules on a case"),
        ("findings", _findings, "print the findings on a case, by learning theme, with evidence"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("case", metavar="CASE", help="case folder (or file)")
        command.add_argument(
            "--rules", action="append", metavar="PACK_OR_FILE",
            help="rule pack (learning, wales, england) or TOML file; repeat for several "
            "(default: learning)",
        )
        command.add_argument(
            "--procedures", choices=["wales", "england"],
            help="add that nation's timescales (default: from case.toml)",
        )
        command.set_defaults(run=run)
    return parser


def _check(args: argparse.Namespace) -> int:
    verdicts = check(args.case, rules=args.rules, procedures=args.procedures)
    if verdicts.empty:
        print("No rule applied to this case.")
        return 0
    for (theme, verdict), group in verdicts.groupby(["theme", "verdict"], sort=True):
        print(f"== {theme}: {verdict} ({len(group)})")
        for row in group.itertuples():
            print(f"  {row.rule}: {row.summary}")
    counts = verdicts["verdict"].value_counts()
    print("\n" + ", ".join(f"{n} {v}" for v, n in counts.items()))
    return 0


def _findings(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = load_with_report(args.case).chronology
        procedures = args.procedures or _procedures_of(args.case)
    findings = detect(chronology, rules=args.rules, procedures=procedures)
    print(format_explanation(explain(findings, chronology)))
    return 0


def _procedures_of(path: str) -> str | None:
    from reviewkit.manifest import MANIFEST_NAME, read_manifest

    folder = Path(path)
    return read_manifest(folder).procedures if (folder / MANIFEST_NAME).exists() else None


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
