"""The one-page learning brief: A4, one page, what it says, and the leak check."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

import reviewkit
from reviewkit.exceptions import PublicationError
from reviewkit.publish.brief import draw_brief, learning_brief
from reviewkit.publish.brief_content import KEY_EPISODE


@pytest.fixture(scope="module")
def findings(sample_chronology):
    return reviewkit.detect(sample_chronology)


def _texts(fig, gid: str) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_gid() == gid]


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    assert data.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", data)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes[:len(pages)]]


def test_one_a4_page(tmp_path, sample_chronology, findings):
    path = reviewkit.learning_brief(sample_chronology, findings, tmp_path / "brief.pdf")
    (size,) = _pdf_pages(path.read_bytes())
    assert abs(size[0] - 595.3) < 2 and abs(size[1] - 841.9) < 2  # A4 portrait, in points


def test_the_page_says_the_case_episodes_and_learning(sample_chronology, findings):
    fig = draw_brief(sample_chronology, findings)
    assert _texts(fig, "title") == ["Learning brief: child_d"]
    case = " ".join(_texts(fig, "case") + _texts(fig, "case continued"))
    assert f"recorded {len(sample_chronology)} entries" in case and f"found {len(findings)} findings" in case
    high = findings[findings["severity"] == "high"]
    episodes = _texts(fig, "episode")
    assert len(episodes) == min(8, len(high)) and "findings of high severity" in _texts(fig, "episodes note")[0]
    dates = [pd.to_datetime(e.split()[1], dayfirst=True) for e in episodes]
    assert dates == sorted(dates)  # in date order, numbered 1.. as on the small timeline
    (timeline,) = fig.axes
    (marks,) = [c for c in timeline.collections if c.get_gid() == "episodes"]
    assert len(marks.get_offsets()) == len(episodes)
    assert [t.get_text() for t in timeline.texts] == [str(i) for i in range(1, len(episodes) + 1)]
    counts = [int(re.search(r": (\d+) of the findings", t).group(1)) for t in _texts(fig, "learning count")]
    assert counts and counts == sorted(counts, reverse=True) and sum(counts) <= len(findings)
    learning = set(findings["learning"])
    assert all(t.lstrip("• ") in " ".join(learning) for t in _texts(fig, "learning")[:1])
    plt.close(fig)


def test_everything_is_on_the_page_and_at_least_7_points(sample_chronology, findings):
    fig = draw_brief(sample_chronology, findings)
    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    assert min(t.get_fontsize() for t in texts) >= 7
    fig.canvas.draw()
    page = fig.bbox
    for text in texts:
        box = text.get_window_extent()
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 <= box.y0 and box.y1 <= page.y1, text
    plt.close(fig)


def test_the_reviewers_key_practice_episodes_come_first_with_their_abbreviations(sample_chronology, findings):
    chron = sample_chronology.copy()
    chosen = chron["event_type"].astype("object").isin(["icpc"]).to_numpy() & chron["summary"].str.contains("ICPC", na=False).to_numpy()
    assert chosen.sum() >= 1
    chron["tags"] = chron["tags"].astype("object").where(~chosen, chron["tags"].astype(str) + ";" + KEY_EPISODE)
    fig = draw_brief(chron, findings)
    episodes = _texts(fig, "episode")
    assert len(episodes) == min(8, int(chosen.sum())) and _texts(fig, "episodes note") == ["As the reviewer marked them."]
    assert any("ICPC" in e for e in episodes)
    assert "ICPC: Initial child protection conference" in " ".join(_texts(fig, "glossary"))
    plt.close(fig)


def test_an_anonymised_brief_is_checked_for_leaks(tmp_path, sample_chronology, findings):
    anonymised = reviewkit.anonymise(sample_chronology, names={"Anytown Primary School": "the school"},
                                     coarsen="month", findings=findings)
    path = learning_brief(anonymised, None, tmp_path / "ok.pdf")
    assert path.exists()
    fig = draw_brief(anonymised.chronology, anonymised.findings, coarsen="month")
    assert not re.search(r"\b\d\d/\d\d/\d{4}\b", " ".join(t.get_text() for t in fig.findobj(Text)))
    plt.close(fig)
    with pytest.raises(PublicationError, match="Anytown Primary School"):
        learning_brief(anonymised, None, tmp_path / "leak.pdf", title="Anytown Primary School review")
    assert not (tmp_path / "leak.pdf").exists()


def test_the_brief_command(tmp_path, capsys):
    from reviewkit.cli import main

    out = tmp_path / "brief.pdf"
    assert main(["brief", "sample_data/child_d", "-o", str(out)]) == 0
    assert len(_pdf_pages(out.read_bytes())) == 1
    assert "Learning brief" in capsys.readouterr().out
