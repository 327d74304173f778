"""SRT subtitles: cues joined into prose, each cue's start kept as media time."""

from __future__ import annotations

from pathlib import Path

import pytest
from readers_support import FIXTURES, assert_segments_point_into_raw, read_one

from extractors.readers import read_source


def test_cues_become_running_text_with_their_times() -> None:
    path = FIXTURES / "interview.srt"
    document = read_one(path)
    assert document.format == "srt"
    assert (
        "The port authority said on Friday that it had closed the northern terminal after a fire "
        "destroyed two warehouses." in document.text
    )
    assert "<i>" not in document.text and "-->" not in document.text
    # A cue repeated while it stays on screen is kept once.
    assert document.text.count("Firefighters rescued eleven workers") == 1
    reopen = document.text.index("Officials expect")
    assert [a for a in document.time_anchors if a.char_offset <= reopen][-1].seconds == pytest.approx(65.25)
    assert_segments_point_into_raw(document, path.read_bytes())


def test_detected_from_content_whatever_the_extension(tmp_path: Path) -> None:
    renamed = tmp_path / "captions.txt"
    renamed.write_bytes((FIXTURES / "interview.srt").read_bytes())
    assert read_one(renamed).format == "srt"


def test_malformed_srt_is_rejected_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.srt"
    path.write_text("1\n00:00:01,000 --> \nno end time\n")
    result = read_source(path)
    assert not result.documents
    assert result.rejections[0].kind == "invalid" and "SRT" in result.rejections[0].reason
