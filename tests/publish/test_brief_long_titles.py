"""The learning brief names its key episodes by the findings' titles with the case's facts, whole
where the page holds them, and still fits one A4 page when titles are long: cut with an ellipsis
only where the page would overflow, and saying so."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

import reviewkit
from reviewkit.messages import message
from reviewkit.publish.brief import SHORT_LINES, draw_brief


@pytest.fixture(scope="module")
def findings(sample_chronology):
    return reviewkit.detect(sample_chronology)


def _texts(fig, gid: str) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_gid() == gid]


def _on_one_page(fig) -> None:
    """Every text of the figure inside the A4 page (a brief that ran on would leave it)."""
    fig.canvas.draw()
    page = fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    assert min(t.get_fontsize() for t in texts) >= 7
    for text in texts:
        box = text.get_window_extent()
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 <= box.y0 and box.y1 <= page.y1, text


def _episodes(fig) -> list[str]:
    """Each episode's whole text on the page (its first line and the lines it wraps onto)."""
    out: list[str] = []
    for t in fig.findobj(Text):
        if t.get_gid() == "episode":
            out.append(t.get_text())
        elif t.get_gid() == "episode continued":
            out[-1] += " " + t.get_text()
    return out


def test_the_sample_brief_shows_the_high_findings_titles_whole(sample_chronology, findings):
    fig = draw_brief(sample_chronology, findings)
    high = findings[findings["severity"] == "high"].sort_values("start", kind="stable")
    episodes = _episodes(fig)
    assert len(episodes) == len(high) == 8
    for text, title, agency in zip(episodes, high["title"], high["agency"]):
        assert re.sub(r"^\d+\.\s+\S+\s+", "", text) == f"{title} ({agency})"
    assert "…" not in " ".join(episodes)
    # a text cut to fit (a learning point, once the sample's strengths fill more of the page) is
    # announced, and only then
    cut = [t.get_text() for t in fig.findobj(Text)
           if t.get_gid() in ("learning", "learning continued", "episode continued") and t.get_text().endswith("…")]
    assert bool(cut) == bool(_texts(fig, "shortened"))
    _on_one_page(fig)
    plt.close(fig)


def test_a_brief_of_many_long_titles_is_cut_to_fit_and_says_so(tmp_path, sample_chronology, findings):
    high = findings[findings["severity"] == "high"]
    long = pd.concat([high, high.assign(finding_id=high["finding_id"] + "-2")], ignore_index=True)
    facts = ", which no agency recorded following up with the family, the school or the health visitor"
    long["title"] = long["title"] + facts + facts
    long["learning"] = long["learning"] + " " + long["learning"]  # long learning points too
    fig = draw_brief(sample_chronology, long)
    _on_one_page(fig)
    episodes = _episodes(fig)
    assert len(episodes) >= 3 and any(text.endswith("…") for text in episodes)
    lines = _texts(fig, "episode continued")
    assert len(lines) <= (SHORT_LINES["episode"] - 1) * len(episodes)
    assert _texts(fig, "shortened") == [message("brief.shortened")]
    plt.close(fig)
    path = reviewkit.learning_brief(sample_chronology, long, tmp_path / "brief.pdf")
    data = path.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1
    (box,) = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert abs(float(box[0]) - 595.3) < 2 and abs(float(box[1]) - 841.9) < 2  # A4 portrait


def test_a_title_that_fits_is_never_cut(sample_chronology, findings):
    one = findings[findings["severity"] == "high"].head(1).assign(title="A short title: Child B")
    fig = draw_brief(sample_chronology, one)
    assert _episodes(fig) == [f"1.  {one['start'].iloc[0]:%d/%m/%Y}  A short title: Child B ({one['agency'].iloc[0]})"]
    assert not _texts(fig, "shortened")
    plt.close(fig)
