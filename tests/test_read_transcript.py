"""Video transcripts: timestamped lines joined into sentences, with media time and raw offsets kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS, query
from readers_support import assert_segments_point_into_raw, read_one

TRANSCRIPT = SAMPLE_CORPUS / "000_f7c55affd0cdf4cf.txt"


def test_lines_are_joined_into_sentences_with_single_spaces() -> None:
    document = read_one(TRANSCRIPT)
    assert document.format == "transcript"
    assert "Syria's military says it now controls more than 90 percent of eastern Aleppo." in document.text
    assert (
        "Over the weekend in Paris, Secretary of State John Kerry met with Arab and European foreign "
        "officials and Syrian opposition leaders" in document.text
    )
    body = document.text.split("\n\n", 1)[1]
    assert "\n" not in body and "  " not in body
    assert "[[" not in document.text and "Date Generated" not in document.text


def test_metadata_comes_from_title_and_channel_line_not_front_matter() -> None:
    document = read_one(TRANSCRIPT)
    assert document.title == "Syrian Regime Close to Gaining Control of Aleppo"
    assert document.text.startswith(document.title)
    assert (document.publisher, document.publisher_source) == ("The Wall Street Journal", "channel")
    assert document.url == "https://www.youtube.com/watch?v=QYqjTJbFulU"
    # The front matter's "Date Generated: February 11, 2025" is when the transcript was made.
    assert (document.published_date, document.published_date_source) == (dt.date(2016, 12, 12), "metadata")


def test_each_position_maps_to_media_time_and_raw_offset() -> None:
    document = read_one(TRANSCRIPT)
    raw = TRANSCRIPT.read_bytes()
    sentence = "Syria's military says it now controls more than 90 percent of eastern Aleppo."
    start = document.text.index(sentence)
    anchor = [a for a in document.time_anchors if a.char_offset <= start][-1]
    assert anchor.seconds == pytest.approx(16.72)
    offset = document.raw_offset_at(start)
    assert offset is not None and raw[offset:].startswith(sentence.encode())
    later = document.text.index("Russia's Defense Ministry released")
    assert raw[document.raw_offset_at(later) :].startswith(b"Russia's Defense Ministry released")
    assert_segments_point_into_raw(document, raw)


def test_lines_without_valid_stamps_are_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "untimed.txt"
    path.write_text(
        "# Title of a video\n*  The convoy left at dawn. [[00:00](https://x.example/?v=1&t=0s)]\n"
    )
    document = read_one(path)
    # Without a valid timed line this is no transcript; read as Markdown, nothing is dropped.
    assert document.format == "markdown"
    assert document.title == "Title of a video" and "The convoy left at dawn." in document.text


@pytest.mark.slow
def test_event_links_to_the_second_of_the_video(seeded_warehouse_master: Path) -> None:
    rows = query(
        seeded_warehouse_master,
        "SELECT media_url FROM event_media_links WHERE sentence LIKE '%controls more than 90 percent%'",
    )
    assert rows and all(url == "https://www.youtube.com/watch?v=QYqjTJbFulU&t=16s" for (url,) in rows)
