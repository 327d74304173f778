"""Markdown: front matter as metadata, markup removed, headings and list items kept as paragraphs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from readers_support import FIXTURES, assert_segments_point_into_raw, read_one

REPORT = FIXTURES / "field_report.md"


def test_markup_is_removed_and_sentences_kept() -> None:
    document = read_one(REPORT)
    assert document.format == "markdown"
    assert (
        "Rescue teams said on Tuesday that the river had burst its banks near Ostrova, cutting the road "
        "to three villages and forcing about 600 people from their homes." in document.text
    )
    assert "The regional council opened two shelters in the town hall" in document.text
    assert "The army sent four boats and a field kitchen to Ostrova." in document.text
    for markup in ("**", "](", "# ", "---", "Share this article", "ostrova.jpg"):
        assert markup not in document.text


def test_front_matter_gives_the_metadata() -> None:
    document = read_one(REPORT)
    assert document.title == "Floodwaters cut off three villages in the Varna valley"
    assert document.text.startswith(document.title + "\n\n")
    assert (document.publisher, document.publisher_source) == ("Valley Courier", "metadata")
    assert document.url == "https://courier.example.net/varna-floods"
    assert (document.published_date, document.published_date_source) == (dt.date(2021, 5, 18), "metadata")
    assert_segments_point_into_raw(document, REPORT.read_bytes())


def test_heading_is_the_title_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Bridge reopens after repairs\n\nThe bridge reopened on *Sunday*, the city said.\n")
    document = read_one(path)
    assert document.title == "Bridge reopens after repairs"
    assert document.text == "Bridge reopens after repairs\n\nThe bridge reopened on Sunday, the city said."
    assert document.published_date is None and document.published_date_source == "unknown"
