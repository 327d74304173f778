"""news-please JSON: the Giveme5W1H development files load as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED
from readers_support import assert_segments_point_into_raw, read_one

from extractors.readers import read_source

GIVEME = SHARED / "eval" / "giveme5w1h_dev"


@pytest.mark.skipif(not GIVEME.is_dir(), reason="shared evaluation data not present")
def test_every_giveme_file_loads_with_its_metadata() -> None:
    files = sorted(GIVEME.glob("*.json"))
    assert len(files) == 42
    for path in files:
        fields = json.loads(path.read_text(encoding="utf-8"))
        document = read_one(path)
        assert document.format == "newsplease"
        assert document.source_name == path.name
        assert document.external_id == fields["dId"]
        assert document.url == fields["url"]
        if fields.get("title"):
            assert document.title == fields["title"].strip()
            assert document.text.startswith(document.title)
        assert fields["text"].strip() in document.text
        if fields["date_publish"][:1].isdigit():
            assert document.published_date_source == "metadata"
            assert document.published_date.isoformat() == fields["date_publish"][:10]
        else:  # "None": the date in the article's URL is the next best evidence
            assert document.published_date_source == "url"
            assert document.published_date.isoformat().replace("-", "/") in document.url
        assert_segments_point_into_raw(document, path.read_bytes())


def test_escaped_text_and_missing_date(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    fields = {
        "title": "Talks resume in Lisbon",
        "text": 'Negotiators "met again" on Monday, Jan. 9, 2017, in Lisbon.\nBoth sides said progress was slow.',
        "url": "https://news.example.org/lisbon",
        "source_domain": "news.example.org",
        "dId": "abc123",
    }
    path.write_text(json.dumps(fields))
    document = read_one(path)
    assert document.text == "Talks resume in Lisbon\n\n" + fields["text"]
    assert (document.publisher, document.external_id) == ("news.example.org", "abc123")
    # No date_publish: the weekday-consistent full date in the text is used, and said so.
    assert document.published_date.isoformat() == "2017-01-09" and document.published_date_source == "text"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ('{"title": "Cut short", "text": "The ministry sa', "truncated"),
        ('{"title": "x", "text": }', "invalid"),
        ('{"title": "Only a title"}', "no_text"),
    ],
)
def test_bad_json_is_rejected_with_its_kind(tmp_path: Path, content: str, kind: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = read_source(path)
    assert not result.documents
    assert result.rejections[0].kind == kind and result.rejections[0].path == str(path)
