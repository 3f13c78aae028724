"""The plotly.js a report embeds: the packaged cartesian bundle, or plotly's full one when needed.

plotly's full bundle (4.7 MB) holds maps, 3-D and WebGL that a report never draws. reviewkit
ships plotly.js's own cartesian partial bundle (1.5 MB, ``reviewkit/data/plotly``, MIT licence)
and embeds it, with its licence, whenever every chart of the report is one of its trace types
and it is the plotly.js version the installed plotly was made for. Otherwise (a timeline of more
than 5,000 entries draws with WebGL, or plotly was upgraded) the full bundle is embedded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources

#: The trace types of the packaged cartesian bundle (its README lists them).
CARTESIAN_TRACES: frozenset[str] = frozenset({
    "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image",
    "pie", "scatter", "scatterternary", "violin",
})
#: Where the packaged bundle and its licence are, inside the package.
BUNDLE_DIR = "data/plotly"
BUNDLE_FILE = "plotly-cartesian.min.js"


def _packaged(name: str) -> str:
    return resources.files("reviewkit").joinpath(f"{BUNDLE_DIR}/{name}").read_text(encoding="utf-8")


def bundle_version(script: str) -> str | None:
    """The plotly.js version a bundle's header names (``None`` when it names none).

    Examples
    --------
    >>> bundle_version("/**\\n* plotly.js (cartesian - minified) v4.1.1\\n* Copyright")
    '4.1.1'
    >>> bundle_version("var x = 1;") is None
    True
    """
    found = re.search(r"plotly\.js[^\n]*? v(\d+\.\d+\.\d+)", script[:400])
    return found.group(1) if found else None


def plotly_script(trace_types: Iterable[str]) -> tuple[str, str]:
    """The plotly.js to embed for charts of ``trace_types``, and which bundle it is.

    Returns ``(script, "cartesian")`` with the licence as a leading comment when the packaged
    cartesian bundle draws them all and matches the installed plotly's plotly.js version, else
    ``(script, "full")`` with plotly's full bundle.

    Examples
    --------
    >>> script, kind = plotly_script(["scatter", "bar", "heatmap"])
    >>> kind, "MIT License" in script[:2000]
    ('cartesian', True)
    >>> plotly_script(["scattergl"])[1]
    'full'
    """
    import plotly.offline

    script = _packaged(BUNDLE_FILE)
    wanted = set(trace_types)
    if wanted <= CARTESIAN_TRACES and bundle_version(script) == plotly.offline.get_plotlyjs_version():
        notice = _packaged("LICENSE").replace("*/", "* /")
        return f"/*! plotly.js cartesian bundle: {notice}*/\n{script}", "cartesian"
    return plotly.offline.get_plotlyjs(), "full"
