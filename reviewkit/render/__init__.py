"""Rendering: one timeline layout drawn by plotly (interactive) and matplotlib (print), and charts.

>>> from reviewkit.render import timeline, plot_timeline
>>> callable(timeline) and callable(plot_timeline)
True
"""

from reviewkit.render.chart_tables import (
    findings_theme_table,
    involvement_table,
    response_delay_table,
    who_knew_table,
)
from reviewkit.render.charts import (
    findings_by_theme,
    involvement_heatmap,
    plot_findings_by_theme,
    plot_involvement_heatmap,
    plot_response_delays,
    plot_who_knew,
    response_delays,
    who_knew,
)
from reviewkit.render.layout import TimelineLayout, compute_layout
from reviewkit.render.palette import agency_colours, contrast_ratio
from reviewkit.render.plotly_timeline import timeline

__all__ = [
    "TimelineLayout", "agency_colours", "compute_layout", "contrast_ratio", "findings_by_theme",
    "findings_theme_table", "involvement_heatmap", "involvement_table", "plot_findings_by_theme",
    "plot_involvement_heatmap", "plot_response_delays", "plot_timeline", "plot_who_knew",
    "response_delay_table", "response_delays", "timeline", "who_knew", "who_knew_table",
]


def __getattr__(name: str) -> object:
    """``plot_timeline``, the print timeline, imported when first used: it imports matplotlib
    (about 0.2 s), which the interactive timeline and the HTML report do not need."""
    if name == "plot_timeline":
        from reviewkit.render.mpl_timeline import plot_timeline

        return plot_timeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
