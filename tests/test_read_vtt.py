"""WebVTT subtitles: header title, voice tags removed, cue times kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from readers_support import FIXTURES, assert_segments_point_into_raw, read_one

from extractors.readers import read_source


def test_cues_become_running_text_with_their_times() -> None:
    path = FIXTURES / "briefing.vtt"
    document = read_one(path)
    assert document.format == "vtt"
    assert document.title == "Evening briefing on the Kessel dam"
    assert document.text.startswith(document.title + "\n\n")
    assert (
        "Engineers opened the spillway of the Kessel dam on Wednesday to lower the reservoir."
        in document.text
    )
    assert "<v" not in document.text and "NOTE" not in document.text and "align:" not in document.text
    police = document.text.index("Police evacuated 300 residents")
    assert [a for a in document.time_anchors if a.char_offset <= police][-1].seconds == pytest.approx(6.0)
    assert_segments_point_into_raw(document, path.read_bytes())


def test_vtt_without_cues_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtt"
    path.write_text("WEBVTT\n\nNOTE nothing was said\n")
    result = read_source(path)
    assert not result.documents and result.rejections[0].kind in ("no_text", "invalid")
