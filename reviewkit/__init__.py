"""reviewkit: multi-agency chronologies for child safeguarding practice reviews.

Load agency chronologies into one case chronology (a pandas DataFrame), check it against
rules written as data, and see the findings:

>>> import reviewkit
>>> reviewkit.parse_date("Summer 2016").precision
'season'
"""

from reviewkit.check.engine import check, detect
from reviewkit.check.explain import explain, format_explanation
from reviewkit.exceptions import (
    DataQualityWarning,
    DateParseError,
    DecisionsError,
    LoadError,
    ManifestError,
    PublicationError,
    ReviewkitError,
    VocabularyError,
)
from reviewkit.interpret.agencies import load_agency_aliases, normalise_agencies
from reviewkit.interpret.dates import ParsedDate, parse_date, parse_date_value, parse_dates
from reviewkit.interpret.event_types import infer_event_types
from reviewkit.interpret.vocabulary import Vocabulary
from reviewkit.interpret.vocabulary_file import load_vocabulary
from reviewkit.load.chronology import LoadResult, load_with_report, read_chronology
from reviewkit.load.extract import find_case_folders, iter_cases, read_case_folders, read_extract
from reviewkit.load.load_report import format_report
from reviewkit.load.schema import CHRONOLOGY_COLUMNS, validate_chronology
from reviewkit.messages import MessagesError, message, use_messages
from reviewkit.publish.anonymise import Anonymised, anonymise
from reviewkit.publish.export import export_chronology
from reviewkit.publish.figure_check import check_figure_publishable
from reviewkit.publish.report import export_report
from reviewkit.render import (
    findings_by_theme,
    findings_theme_table,
    involvement_heatmap,
    involvement_table,
    plot_findings_by_theme,
    plot_involvement_heatmap,
    plot_response_delays,
    plot_timeline,
    plot_who_knew,
    response_delay_table,
    response_delays,
    timeline,
    who_knew,
    who_knew_table,
)
from reviewkit.review.changes import correct, decide
from reviewkit.review.decisions import Decisions
from reviewkit.review.reading import read_decisions
from reviewkit.review.table import review_table
from reviewkit.review.writing import write_decisions
from reviewkit.scale.dask_partitions import partition_by_case
from reviewkit.scale.extract_check import check_extract, detect_extract

__version__ = "0.1.0"

__all__ = [
    "CHRONOLOGY_COLUMNS",
    "DataQualityWarning",
    "DateParseError",
    "Decisions",
    "DecisionsError",
    "LoadError",
    "LoadResult",
    "ManifestError",
    "MessagesError",
    "ParsedDate",
    "ReviewkitError",
    "Vocabulary",
    "VocabularyError",
    "__version__",
    "check",
    "check_extract",
    "check_figure_publishable",
    "correct",
    "decide",
    "detect",
    "detect_extract",
    "explain",
    "format_explanation",
    "format_report",
    "infer_event_types",
    "load_agency_aliases",
    "load_vocabulary",
    "load_with_report",
    "message",
    "normalise_agencies",
    "parse_date",
    "parse_date_value",
    "parse_dates",
    "read_chronology",
    "read_decisions",
    "review_table",
    "use_messages",
    "validate_chronology",
    "write_decisions",
    # rendering
    "findings_by_theme",
    "findings_theme_table",
    "involvement_heatmap",
    "involvement_table",
    "plot_findings_by_theme",
    "plot_involvement_heatmap",
    "plot_response_delays",
    "plot_timeline",
    "plot_who_knew",
    "response_delay_table",
    "response_delays",
    "timeline",
    "who_knew",
    "who_knew_table",
    # exports and publication
    "Anonymised",
    "PublicationError",
    "anonymise",
    "export_chronology",
    "export_report",
    # many cases at once
    "find_case_folders",
    "iter_cases",
    "partition_by_case",
    "read_case_folders",
    "read_extract",
]
