"""JSONL feeds: one document per line; a broken line is rejected with its number, the rest load."""

from __future__ import annotations

import datetime as dt

from readers_support import FIXTURES, assert_segments_point_into_raw

from extractors.readers import read_source

FEED = FIXTURES / "feed.jsonl"


def test_good_lines_load_and_bad_lines_are_rejected_with_line_numbers() -> None:
    result = read_source(FEED)
    assert [d.external_id for d in result.documents] == ["wire-001", "wire-003"]
    assert {r.line: r.kind for r in result.rejections} == {2: "truncated", 4: "invalid", 5: "no_text"}
    assert all(r.path == str(FEED) for r in result.rejections)


def test_record_fields_and_provenance() -> None:
    first, second = read_source(FEED).documents
    assert first.format == "jsonl" and first.source_name == "feed.jsonl"
    assert first.title == "Strike halts trains across the north"
    assert (first.publisher, first.url) == ("Example Wire", "https://wire.example.com/001")
    assert (first.published_date, first.published_date_source) == (dt.date(2022, 2, 7), "metadata")
    assert first.text.endswith("The union said the strike would last 48 hours.")
    assert second.title is None and second.published_date is None
    assert first.doc_id != second.doc_id and first.content_sha256 != second.content_sha256
    raw = FEED.read_bytes()
    for document in (first, second):
        assert_segments_point_into_raw(document, raw)
