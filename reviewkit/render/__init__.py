"""Rendering: one timeline layout drawn by plotly (interactive) and matplotlib (print), and charts.

>>> from reviewkit.render import timeline, plot_timeline
>>> callable(timeline) and callable(plot_timeline)
True
"""

from importlib import import_module

#: Where each public name lives. Every one is imported when first used: the print timeline
#: imports matplotlib (about 0.2 s) and the charts plotly, and ``reviewkit figure`` needs only
#: the first, the HTML report only the second.
_WHERE = {
    "findings_theme_table": "chart_tables", "involvement_table": "chart_tables",
    "response_delay_table": "chart_tables", "who_knew_table": "chart_tables",
    "findings_by_theme": "charts", "involvement_heatmap": "charts", "plot_findings_by_theme": "charts",
    "plot_involvement_heatmap": "charts", "plot_response_delays": "charts", "plot_who_knew": "charts",
    "response_delays": "charts", "who_knew": "charts",
    "TimelineLayout": "layout", "compute_layout": "layout",
    "agency_colours": "palette", "contrast_ratio": "palette",
    "timeline": "plotly_timeline", "plot_timeline": "mpl_timeline",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> object:
    """A public name, imported from its module on first use (see :data:`_WHERE`)."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"reviewkit.render.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
