"""The print timeline, tested by the artists on its Axes."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from test_render_layout import synthetic_findings  # noqa: E402

from reviewkit import plot_timeline  # noqa: E402


def _points(ax):
    return sum(len(c.get_offsets()) for c in ax.collections if str(c.get_gid()).startswith("entries"))


def test_draws_on_given_axes_and_returns_it(chron):
    fig, ax = plt.subplots()
    out = plot_timeline(chron, ax=ax)
    assert out is ax and out.figure is fig
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(chron["agency"].dropna().unique())
    assert labels[0] == "Children's Services"


def test_every_entry_drawn_once(chron):
    ax = plot_timeline(chron)
    n_intervals = int((chron["end"].notna() | chron["end_latest"].notna()).sum())
    bars = [p for p in ax.patches if p.get_gid() == "intervals"]
    assert len(bars) == n_intervals
    assert _points(ax) + n_intervals == int(chron["date"].notna().sum())
    ranges = [c for c in ax.collections if c.get_gid() == "ranges"]
    assert len(ranges) == 1 and len(ranges[0].get_segments()) > 0


def test_findings_arrows_bands_and_marks(chron):
    findings = synthetic_findings(chron)
    ax = plot_timeline(chron, findings)
    assert len([p for p in ax.patches if str(p.get_gid()).startswith("findings")]) == len(findings)
    possible = [p for p in ax.patches if p.get_gid() == "findings possible"]
    assert len(possible) == 1 and possible[0].get_hatch() == "////"
    texts = [t.get_text() for t in ax.texts]
    assert "2 · 21–22 days" in texts and "Police absent" in texts
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == 2
    assert {str(c.get_gid()) for c in ax.collections} >= {"band cluster", "band stasis", "band gap"}
    assert ax.get_legend() is not None


def test_page_sizes_focus_and_formats(chron):
    ax = plot_timeline(chron, size="A3", focus=("2015-01-01", "2015-12-31"), title="Focus")
    assert tuple(np.round(ax.figure.get_size_inches(), 2)) == (16.54, 11.69)
    lo, hi = ax.get_xlim()
    assert pd.Timestamp(matplotlib.dates.num2date(lo)).year == 2015
    assert ax.get_title(loc="left") == "Focus"
    for fmt in ("svg", "pdf", "png"):
        buf = io.BytesIO()
        ax.figure.savefig(buf, format=fmt)
        assert buf.tell() > 1000
    with pytest.raises(ValueError, match="size='Letter' is not a page size"):
        plot_timeline(chron, size="Letter")


def test_print_text_is_at_least_7_points_and_a_key_names_the_numbers(chron):
    from reviewkit.check.engine import detect

    findings = detect(chron)
    for orientation in ("landscape", "portrait"):
        ax = plot_timeline(chron, findings, orientation=orientation)
        fig = ax.figure
        fig.canvas.draw()
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
        assert min(t.get_fontsize() for t in texts) >= 7, orientation
        (key,) = fig.legends
        labels = [t.get_text() for t in key.get_texts()]
        assert [label.split(".")[0] for label in labels] == [str(n) for n in range(1, len(findings) + 1)]
        # nothing in the key or legend runs off the page
        page = fig.bbox
        for legend in (key, ax.get_legend()):
            box = legend.get_window_extent()
            assert box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1 and box.y0 >= page.y0 - 1
        plt.close(fig)


def test_severity_is_drawn_by_fill_edge_and_hatch_not_only_shade(chron):
    from reviewkit.render.mpl_timeline import SEVERITY_STYLE

    assert len(set(SEVERITY_STYLE.values())) == 3
    assert SEVERITY_STYLE["low"][0] == "#FFFFFF" and SEVERITY_STYLE["medium"][2]  # hollow; dotted
    findings = synthetic_findings(chron)
    ax = plot_timeline(chron, findings)
    drawn = {(tuple(np.round(p.get_facecolor(), 2)), p.get_hatch()) for p in ax.patches
             if str(p.get_gid()).startswith("findings")}
    assert len(drawn) >= 3  # high, medium, low and possible all look different


def test_delay_arrows_are_level_and_the_response_is_marked(chron):
    findings = synthetic_findings(chron)
    ax = plot_timeline(chron, findings)
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert arrows and all(t.xy[1] == t.xyann[1] for t in arrows)  # no diagonal across lanes
    assert any(str(line.get_gid()).startswith("response ") and line.get_linestyle() == ":"
               for line in ax.lines)
