"""The ``reviewkit`` command: the same jobs as the notebooks, from a terminal."""

from __future__ import annotations

import argparse
import gc
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from reviewkit.exceptions import DataQualityWarning, ReviewkitError
from reviewkit.gc_threshold import fewer_collections
from reviewkit.messages import message, severity_label, use_messages
from reviewkit.review.decisions import DECISIONS_NAME, STATUSES, Decisions
from reviewkit.scale import ENTRIES_PER_PIECE

#: The bank-holiday calendars ``--calendar`` offers (those of reviewkit.check.durations.CALENDARS,
#: written out so that ``reviewkit --help`` does not import the holidays library).
_CALENDARS = ("england", "wales", "scotland", "northern_ireland")

#: The file types ``reviewkit figure`` writes.
FIGURE_SUFFIXES: tuple[str, ...] = (".svg", ".pdf", ".png")


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
    args.own_process = argv is None  # run from the command line: the process is this run's
    try:
        with fewer_collections():  # drawing and saving too (see reviewkit.gc_threshold)
            if args.messages is not None:
                with use_messages(args.messages):
                    return args.run(args)
            return args.run(args)
    except ReviewkitError as error:
        print(f"reviewkit: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a file that cannot be read or written: the user's to fix, not a bug
        reason = error.strerror or str(error)
        print(f"reviewkit: {message('cli.os_error', path=error.filename or '?', reason=reason)}",
              file=sys.stderr)
        return 2


class _Version(argparse.Action):
    """``--version``, looked up only when asked (importlib.metadata took 15 ms of every command)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import version

        print(f"reviewkit {version('reviewkit')}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewkit",
        description="Load, check and chart multi-agency chronologies for practice reviews.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show reviewkit's version and exit")
    parser.add_argument("--messages", metavar="TOML",
                        help="labels and messages in another language: your message catalogue "
                             "(see docs/messages.md; default: $REVIEWKIT_MESSAGES, or English)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="print a load report for agency files or case folders")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="file or case folder")
    validate.add_argument("--strict", action="store_true",
                          help="exit with status 1 when any entry loaded with a problem (an unreadable "
                               "date, an unknown agency...), not only when a file cannot be loaded")
    validate.set_defaults(run=_validate)

    build = commands.add_parser("build", help="merge agency files into one chronology and write it as CSV")
    build.add_argument("paths", nargs="+", metavar="PATH", help="file or case folder")
    build.add_argument("--out", required=True, help="the CSV file to write")
    build.add_argument("--case-id", help="the case id (default: case.toml or folder name)")
    build.add_argument("--agency", help="the agency of every file given")
    build.set_defaults(run=_build)

    for name, run, text in (
        ("check", _check, "print every verdict (met or not) of the rules on a case"),
        ("findings", _findings, "print the findings on a case, by learning theme, with evidence"),
        ("review", _review, "print the open findings, the reviewer's decisions so far and orphans"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("case", metavar="CASE", help="case folder (or file)")
        command.add_argument(
            "--rules", action="append", metavar="PACK_OR_FILE",
            help="rule pack (learning, wales, england, national) or TOML file; repeat for several "
            "(default: learning)",
        )
        command.add_argument(
            "--procedures", choices=["wales", "england"],
            help="add that nation's timescales (default: from case.toml)",
        )
        command.add_argument("--calendar", choices=_CALENDARS,
                             help="bank holidays for working days (default: case.toml, else the "
                             "procedures' nation, else England)")
        command.set_defaults(run=run)

    for name, run, text, suffixes in (
        ("report", _report, "write one offline HTML report of a case", ".html"),
        ("export", _export, "write the merged chronology as XLSX, CSV or DOCX", ".xlsx, .csv or .docx"),
        ("figure", _figure, "write the print timeline (with findings) as SVG, PDF or PNG", ".svg, .pdf or .png"),
        ("brief", _brief, "write a one-page A4 learning brief of a case (PDF)", ".pdf, .png or .svg"),
        ("export-findings", _export_findings, "write the findings table (number, title, theme, what happened, "
         "evidence, learning, the reviewer's status and note) as DOCX, XLSX or CSV", ".docx, .xlsx or .csv"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("case", metavar="CASE", help="case folder (or file)")
        command.add_argument("-o", "--out", required=True, help=f"the file to write ({suffixes})")
        command.add_argument("--anonymise", metavar="NAMES.toml",
                             help="replace the names listed in this TOML file (name = \"role\")")
        command.add_argument("--coarsen", choices=["month", "season", "year"],
                             help="coarsen dates (with --anonymise)")
        command.add_argument("--rules", action="append", metavar="PACK_OR_FILE",
                             help="rule pack (learning, wales, england, national) or TOML file; "
                             "repeat for several (default: learning)")
        command.add_argument("--procedures", choices=["wales", "england"],
                             help="add that nation's timescales (default: from case.toml)")
        command.add_argument("--calendar", choices=_CALENDARS,
                             help="bank holidays for working days (default: case.toml, else the "
                             "procedures' nation, else England)")
        if name == "figure":
            command.add_argument("--size", choices=["A4", "A3"], default="A3", help="page size (default: A3)")
            command.add_argument("--orientation", choices=["landscape", "portrait"], default="landscape",
                                 help="page orientation (default: landscape)")
            command.add_argument("--dpi", type=_positive, default=300,
                                 help="dots per inch of a PNG (default: 300, for print)")
            command.add_argument("--title", help="the figure's title (default: the title in case.toml, else the case id)")
        if name == "brief":
            command.add_argument("--title", help="the brief's title (default: from case.toml)")
        command.set_defaults(run=run)
    batch = commands.add_parser(
        "batch", help="check every case of one large CSV or Parquet extract (with a case id column) "
                      "on several processes, and write the findings",
    )
    batch.add_argument("extract", metavar="EXTRACT", help="the .csv or .parquet extract")
    batch.add_argument("-o", "--out", required=True, help="the findings file to write (.csv or .parquet)")
    batch.add_argument("--rules", action="append", metavar="PACK_OR_FILE",
                       help="rule pack or TOML file; repeat for several (default: learning)")
    batch.add_argument("--procedures", choices=["wales", "england"], help="add that nation's timescales")
    batch.add_argument("--calendar", choices=_CALENDARS,
                       help="bank holidays for working days (default: the procedures' nation, else England)")
    batch.add_argument("--decisions", metavar="TOML", help="the reviewers' decisions file to apply")
    batch.add_argument("--workers", type=_positive, help="processes checking at once (default: one per processor)")
    batch.add_argument("--entries-per-piece", type=_positive, default=ENTRIES_PER_PIECE, metavar="N",
                       help=f"entries each process reads at a time (default: {ENTRIES_PER_PIECE:,})")
    batch.set_defaults(run=_batch)
    return parser


def _positive(text: str) -> int:
    """A whole number of 1 or more, for argparse (which turns the error into a usage message)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def _batch(args: argparse.Namespace) -> int:
    from reviewkit.publish.export import check_suffix, write_csv
    from reviewkit.scale.extract_check import detect_extract

    out = Path(args.out)
    check_suffix(out, (".csv", ".parquet"), "findings")
    findings = detect_extract(args.extract, rules=args.rules, procedures=args.procedures,
                              calendar=args.calendar, decisions=args.decisions, workers=args.workers,
                              entries_per_piece=args.entries_per_piece)
    written = findings.assign(entries=findings["entries"].map("; ".join))
    if out.suffix.lower() == ".csv":  # a spreadsheet program must not run text as a formula
        write_csv(written, out)
    else:
        written.to_parquet(out, index=False)
    account = findings.attrs["extract"]
    print(message("cli.batch_done", entries=f"{account['entries']:,}", pieces=account["pieces"],
                  workers=account["workers"], findings=f"{len(findings):,}", path=out))
    for rule, count in findings["rule"].value_counts().sort_index().items():
        print(message("cli.batch_rule", rule=rule, count=f"{count:,}"))
    return 0


def _check(args: argparse.Namespace) -> int:
    from reviewkit.check.engine import check

    verdicts = check(args.case, rules=args.rules, procedures=args.procedures, calendar=args.calendar)
    if verdicts.empty:
        print(message("cli.no_rules"))
        return 0
    for (theme, verdict), group in verdicts.groupby(["theme", "verdict"], sort=True):
        print(message("cli.verdict_heading", theme=theme, verdict=verdict, count=len(group)))
        for row in group.itertuples():
            print(f"  {row.rule}: {row.summary}")
    counts = verdicts["verdict"].value_counts()
    print("\n" + ", ".join(message("cli.verdict_count", count=n, verdict=v) for v, n in counts.items()))
    return 0


def _findings(args: argparse.Namespace) -> int:
    from reviewkit.check.engine import detect
    from reviewkit.check.explain import explain, format_explanation
    from reviewkit.load.chronology import load_with_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = load_with_report(args.case).chronology
        procedures = args.procedures or _procedures_of(args.case)
    findings = detect(chronology, rules=args.rules, procedures=procedures, calendar=args.calendar)
    print(format_explanation(explain(findings, chronology)))
    return 0


def _review(args: argparse.Namespace) -> int:
    from reviewkit.check.engine import detect
    from reviewkit.load.chronology import load_with_report
    from reviewkit.review.orphans import orphans
    from reviewkit.review.reading import given_decisions

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        chronology = load_with_report(args.case).chronology
    folder = Path(args.case) if Path(args.case).is_dir() else Path(args.case).parent
    decisions = given_decisions(args.case, None) or Decisions(path=folder / DECISIONS_NAME)
    procedures = args.procedures or _procedures_of(args.case)
    findings = detect(chronology, rules=args.rules, procedures=procedures, decisions=decisions,
                      calendar=args.calendar)
    print(_review_text(findings, decisions, orphans(findings)))
    return 0


def _review_text(findings, decisions, gone) -> str:
    """The open findings, the decisions by status, the corrections to entries, the orphans."""
    import pandas as pd

    from reviewkit.check.explain import finding_titles
    from reviewkit.review.orphans import describe

    titles = finding_titles(findings)
    blocks = []
    for status in STATUSES:
        chosen = findings[findings["status"].eq(status)].sort_values(["start", "finding_id"])
        if chosen.empty:
            continue
        name = message("cli.review_open") if status == "open" else status.capitalize()
        lines = [message("cli.review_heading", status=name, count=len(chosen))]
        for row in chosen.itertuples():
            when = f"{row.start:%-d %b %Y}" if pd.notna(row.start) else message("cli.review_date_unknown")
            lines.append(f"  {row.finding_id}  {when}  [{severity_label(row.severity)}] {titles[row.Index]}")
            lines.append(f"    {row.summary}")
            if pd.notna(row.note):
                lines.append("    " + message("cli.review_note", note=row.note))
            if pd.notna(row.decided_by) or pd.notna(row.decided_on):
                on = (message("cli.review_decided_on", date=f"{row.decided_on:%-d %b %Y}")
                      if pd.notna(row.decided_on) else "")
                who = row.decided_by if pd.notna(row.decided_by) else "?"
                lines.append("    " + message("cli.review_decided", who=who, on=on))
        blocks.append("\n".join(lines))
    if decisions.entries:
        lines = [message("cli.review_corrections", count=len(decisions.entries))]
        lines += [f"  {key}: {describe(decisions.entries[key])}" for key in sorted(decisions.entries)]
        blocks.append("\n".join(lines))
    if not gone.empty:
        about = " or ".join(sorted(set(gone["about"])))
        lines = [message("cli.review_orphans", about=about, count=len(gone))]
        lines += [f"  {row.about} {row.id}: {row.decision}\n    ({row.reason})" for row in gone.itertuples()]
        blocks.append("\n".join(lines))
    counts = findings["status"].value_counts()
    where = decisions.path if decisions.path is not None and decisions.path.exists() else None
    tally = ", ".join(message("cli.review_count", count=int(counts.get(s, 0)), status=s) for s in STATUSES)
    blocks.append(
        message("cli.review_counts", count=len(findings), counts=tally, corrections=len(decisions.entries),
                orphans=len(gone)) + " "
        + (message("cli.review_file", path=where) if where else message("cli.review_no_file", path=decisions.path))
    )
    return "\n\n".join(blocks)


def _procedures_of(path: str) -> str | None:
    from reviewkit.load.manifest import MANIFEST_NAME, read_manifest

    folder = Path(path)
    return read_manifest(folder).procedures if (folder / MANIFEST_NAME).exists() else None


def _case_outputs(args: argparse.Namespace):
    """Load the case, find its verdicts, and anonymise them all when asked."""
    from reviewkit.check.engine import check
    from reviewkit.check.verdicts import findings_from
    from reviewkit.load.chronology import load_with_report
    from reviewkit.review.apply import carry_decisions
    from reviewkit.review.reading import given_decisions

    if getattr(args, "own_process", False):
        # The modules imported stay until the process exits (only for a process of its own: in a
        # notebook, gc.freeze would keep the user's objects too), and one case, then the process
        # ends: no collection at all (each looked through the 100,000 objects made since the
        # last, about 0.05-0.3 s of `reviewkit figure`); the cycles the run leaves go with it
        gc.freeze()
        gc.disable()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        result = load_with_report(args.case)
    procedures = args.procedures or _procedures_of(args.case)
    verdicts = check(result.chronology, rules=args.rules, procedures=procedures,
                     decisions=given_decisions(args.case, None), calendar=args.calendar)
    findings = carry_decisions(findings_from(verdicts), verdicts)
    anonymised = None
    if args.anonymise:
        from reviewkit.publish.anonymise import anonymise  # names and phone numbers: only when asked

        anonymised = anonymise(result.chronology, names=args.anonymise, coarsen=args.coarsen,
                               findings=findings)
    elif args.coarsen:
        raise ReviewkitError("--coarsen needs --anonymise NAMES.toml (the names to replace).")
    return result, procedures, verdicts, findings, anonymised


def _report(args: argparse.Namespace) -> int:
    from reviewkit.publish.export import check_suffix
    from reviewkit.publish.report import export_report

    check_suffix(args.out, (".html", ".htm"), "a report")
    result, procedures, verdicts, findings, anonymised = _case_outputs(args)
    sources = sorted(p for p in Path(args.case).rglob("*") if p.is_file()) if Path(args.case).is_dir() else [args.case]
    path = export_report(
        anonymised or result.chronology, None if anonymised else findings, args.out,
        verdicts=anonymised.apply(verdicts) if anonymised else verdicts,
        load_report=anonymised.apply(result.report) if anonymised else result.report,
        rules=args.rules, procedures=procedures, sources=None if anonymised else sources,
    )
    print(message("cli.findings_report", count=len(findings), path=path))
    return 0


def _export(args: argparse.Namespace) -> int:
    from reviewkit.publish.export import SUFFIXES, check_suffix, export_chronology

    check_suffix(args.out, SUFFIXES, "a chronology")
    result, _, _, _, anonymised = _case_outputs(args)
    path = export_chronology(anonymised or result.chronology, args.out)
    print(message("cli.entries_written", count=len(result.chronology), path=path))
    return 0


def _export_findings(args: argparse.Namespace) -> int:
    from reviewkit.publish.export import check_suffix
    from reviewkit.publish.findings_table import FINDINGS_SUFFIXES, export_findings
    from reviewkit.publish.report_sections import shown_and_dismissed

    check_suffix(args.out, FINDINGS_SUFFIXES, "a findings table")
    result, _, _, findings, anonymised = _case_outputs(args)
    path = export_findings(anonymised or findings, args.out, chronology=None if anonymised else result.chronology)
    shown, _ = shown_and_dismissed(findings)
    print(message("cli.findings_table_written", count=len(shown), path=path))
    return 0


def _figure(args: argparse.Namespace) -> int:
    from reviewkit.publish.export import check_suffix
    from reviewkit.render import plot_timeline

    check_suffix(args.out, FIGURE_SUFFIXES, "a figure")
    result, _, _, findings, anonymised = _case_outputs(args)
    chronology = anonymised.chronology if anonymised else result.chronology
    shown = anonymised.findings if anonymised else findings
    ax = plot_timeline(chronology, shown, size=args.size, orientation=args.orientation, title=args.title)
    if anonymised:
        from reviewkit.publish.figure_check import check_figure_publishable

        check_figure_publishable(ax, anonymised, where=str(args.out))
    ax.figure.savefig(args.out, bbox_inches="tight", dpi=args.dpi)
    print(message("cli.figure_written", count=len(shown), path=args.out))
    return 0


def _brief(args: argparse.Namespace) -> int:
    from reviewkit.publish.brief import learning_brief
    from reviewkit.publish.export import check_suffix

    check_suffix(args.out, FIGURE_SUFFIXES, "a learning brief")
    result, _, _, findings, anonymised = _case_outputs(args)
    named = [case.title for case in result.cases if case.title]
    title = args.title or (message("brief.title", cases="; ".join(named)) if named else None)
    learning_brief(anonymised or result.chronology, None if anonymised else findings, args.out, title=title)
    print(message("cli.brief_written", count=len(findings), path=args.out))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from reviewkit.load.chronology import load_with_report
    from reviewkit.load.load_report import format_report

    status = 0
    for path in args.paths:
        print(f"== {path}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataQualityWarning)
                result = load_with_report(path)
        except ReviewkitError as error:
            print(message("cli.could_not_load", error=error) + "\n")
            status = 1
            continue
        print(format_report(result.report))
        flagged = int(result.chronology["issues"].notna().sum())
        if args.strict and flagged:
            print(message("cli.strict_problems", count=flagged, total=len(result.chronology)))
            status = 1
        print()
    return status


def _build(args: argparse.Namespace) -> int:
    from reviewkit.load.chronology import load_with_report
    from reviewkit.publish.export import write_chronology_csv

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        result = load_with_report(args.paths, case_id=args.case_id, agency=args.agency)
    path = write_chronology_csv(result.chronology, args.out)
    chronology = result.chronology
    flagged = int(chronology["issues"].notna().sum())
    print(message("cli.built", entries=len(chronology), tables=len(result.report),
                  agencies=chronology["agency"].nunique(), start=f"{chronology['date'].min():%d %b %Y}",
                  end=f"{chronology['date'].max():%d %b %Y}", flagged=flagged, path=path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
