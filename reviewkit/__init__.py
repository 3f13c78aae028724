"""reviewkit: multi-agency chronologies for child safeguarding practice reviews.

Load agency chronologies into one case chronology (a pandas DataFrame), check it against
rules written as data, and see the findings:

>>> import reviewkit
>>> reviewkit.parse_date("Summer 2016").precision
'season'
"""

import importlib
from typing import Any

# The names of the public API, by the module that defines them. Nothing is imported until a
# name is first used (PEP 562), so ``import reviewkit`` and ``reviewkit --help`` stay quick and
# load no plotting, schema, widget, Arrow or Dask library.
_PUBLIC: dict[str, tuple[str, ...]] = {
    "reviewkit.check.explain": ('explain', 'format_explanation'),
    "reviewkit.exceptions": ('DataQualityWarning', 'DateParseError', 'DecisionsError', 'LoadError', 'ManifestError', 'PublicationError', 'ReviewkitError', 'VocabularyError'),
    "reviewkit.interpret.agencies": ('load_agency_aliases', 'normalise_agencies'),
    "reviewkit.interpret.dates": ('ParsedDate', 'parse_date', 'parse_date_value', 'parse_dates'),
    "reviewkit.interpret.event_types": ('infer_event_types',),
    "reviewkit.interpret.vocabulary": ('Vocabulary',),
    "reviewkit.interpret.vocabulary_file": ('load_vocabulary',),
    "reviewkit.load.case_folders": ('find_case_folders', 'iter_cases'),
    "reviewkit.load.chronology": ('LoadResult', 'load_with_report', 'read_chronology'),
    "reviewkit.load.extract": ('read_extract',),
    "reviewkit.load.load_report": ('format_report',),
    "reviewkit.load.review_period": ('no_contact_periods',),
    "reviewkit.load.schema": ('CHRONOLOGY_COLUMNS', 'validate_chronology'),
    "reviewkit.messages": ('MessagesError', 'message', 'use_messages'),
    "reviewkit.publish.anonymise": ('Anonymised', 'anonymise'),
    "reviewkit.publish.export": ('export_chronology',),
    "reviewkit.publish.figure_check": ('check_figure_publishable',),
    "reviewkit.publish.findings_table": ('export_findings',),
    "reviewkit.publish.brief": ('learning_brief',),
    "reviewkit.publish.report": ('export_report',),
    "reviewkit.render": ('findings_by_theme', 'findings_theme_table', 'involvement_heatmap', 'involvement_table', 'plot_findings_by_theme', 'plot_involvement_heatmap', 'plot_response_delays', 'plot_timeline', 'plot_who_knew', 'response_delay_table', 'response_delays', 'timeline', 'who_knew', 'who_knew_table'),
    "reviewkit.review.changes": ('correct', 'decide'),
    "reviewkit.review.decisions": ('Decisions',),
    "reviewkit.review.reading": ('read_decisions',),
    "reviewkit.review.table": ('review_table',),
    "reviewkit.review.writing": ('write_decisions',),
    "reviewkit.scale.dask_partitions": ('partition_by_case', 'read_case_folders'),
    "reviewkit.scale.extract_check": ('check_extract', 'detect_extract'),
    "reviewkit.scale.routing": ('check', 'detect'),
}
_MODULE_OF: dict[str, str] = {name: module for module, names in _PUBLIC.items() for name in names}

# The folder ``reviewkit/check/`` shares its name with the function ``reviewkit.check``. Python
# binds a sub-package to its parent's name the first time it is imported, so the folder is
# imported here, once, and its name handed back to the function. (Import the folder's modules
# with ``from reviewkit.check import engine``; ``import reviewkit.check.engine as engine``
# would look the module up through the function.)
importlib.import_module("reviewkit.check")
del check  # noqa: F821 - bound by the import above


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        value: Any = version("reviewkit")
    elif name in _MODULE_OF:
        value = getattr(importlib.import_module(_MODULE_OF[name]), name)
    else:
        raise AttributeError(f"module 'reviewkit' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    "no_contact_periods",
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
    "export_findings",
    "export_report",
    "learning_brief",
    # many cases at once
    "find_case_folders",
    "iter_cases",
    "partition_by_case",
    "read_case_folders",
    "read_extract",
]
