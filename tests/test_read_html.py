"""HTML pages: trafilatura's main text and metadata; navigation and footers dropped, captions kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from readers_support import FIXTURES, assert_segments_point_into_raw, read_one

from extractors.readers import read_source

PAGE = FIXTURES / "article.html"


def test_main_text_without_navigation_or_footer() -> None:
    document = read_one(PAGE)
    assert document.format == "html"
    assert document.text.startswith("Rebels pull back from old quarter of Halden\n\n")
    assert (
        "Government troops said on Thursday they had taken control of the old quarter of Halden after "
        "three weeks of street fighting, as rebel units withdrew towards the river." in document.text
    )
    assert '"We are asking both sides for a pause of at least two days,"' in document.text
    for furniture in (
        "Skip to content",
        "Most read",
        "Storm closes ports",
        "Share on Facebook",
        "All rights",
    ):
        assert furniture not in document.text


def test_figure_caption_reporting_an_event_is_kept() -> None:
    assert "Residents leave the old quarter of Halden on foot as shelling continues." in read_one(PAGE).text


def test_metadata_from_the_page() -> None:
    document = read_one(PAGE)
    assert document.title == "Rebels pull back from old quarter of Halden"
    assert (document.publisher, document.publisher_source) == ("Northern Ledger", "metadata")
    assert document.url == "https://ledger.example.org/world/halden-retreat"
    assert (document.published_date, document.published_date_source) == (dt.date(2019, 3, 14), "metadata")
    assert_segments_point_into_raw(document, PAGE.read_bytes())


def test_detected_from_content_and_undated_page_stays_undated(tmp_path: Path) -> None:
    html = PAGE.read_text().replace(
        '<meta property="article:published_time" content="2019-03-14T08:30:00Z">', ""
    )
    renamed = tmp_path / "capture.dat"
    renamed.write_text(html)
    document = read_one(renamed)
    assert document.format == "html"
    # The body says only "on Thursday": no full date, so the date is unknown rather than guessed.
    assert (document.published_date, document.published_date_source) == (None, "unknown")


def test_page_without_main_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head>"
        '<body><img src="a.png"></body></html>'
    )
    result = read_source(path)
    assert not result.documents and result.rejections[0].kind == "no_text"
    assert "HTML" in result.rejections[0].reason
