"""Plain-text web captures: the sample articles, read with headline, publisher, date and provenance."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SAMPLE_CORPUS, SHARED
from readers_support import assert_segments_point_into_raw, read_one

ARTICLES = sorted(p for p in SAMPLE_CORPUS.iterdir() if not p.name.startswith("000_"))
DOCS_GOLD = SHARED / "eval" / "gold" / "seeds_dev_docs.jsonl"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_sample_articles_are_text_with_headline_first(path) -> None:
    document = read_one(path)
    assert document.format == "text" and document.source_name == path.name
    assert document.title and document.text.startswith(document.title + "\n\n")
    assert (document.encoding, document.encoding_guessed, document.compression) == ("utf-8", False, None)
    assert document.byte_size == path.stat().st_size
    assert_segments_point_into_raw(document, path.read_bytes())


@pytest.mark.skipif(not DOCS_GOLD.is_file(), reason="shared evaluation data not present")
def test_development_gold_titles_and_dates() -> None:
    for line in DOCS_GOLD.read_text().splitlines():
        gold = json.loads(line)
        document = read_one(SAMPLE_CORPUS / gold["doc"])
        assert document.title == gold["title"]
        assert document.published_date == dt.date.fromisoformat(gold["published_date"])


@pytest.mark.parametrize(
    ("name", "date", "source"),
    [
        ("003_0fbc5b6d65aac496.txt", dt.date(2016, 12, 7), "dateline"),  # printed alone under the headline
        ("004_0ba8a40e747d1a8b.txt", None, "unknown"),  # states no date anywhere
    ],
)
def test_dates_of_the_other_samples(name: str, date: dt.date | None, source: str) -> None:
    document = read_one(SAMPLE_CORPUS / name)
    assert (document.published_date, document.published_date_source) == (date, source)


@pytest.mark.parametrize(
    ("name", "publisher", "source"),
    [
        (
            "002_bf4136b5d83f17ff.txt",
            "Associated Press",
            "signoff",
        ),  # "Associated Press writers ... contributed"
        ("003_0fbc5b6d65aac496.txt", "DW", "page"),  # "Skip to more DW sites"
        ("004_0ba8a40e747d1a8b.txt", "BBC, Reuters", "signoff"),  # "Source: BBC, Reuters"
        ("001_ae4e558152c2dad8.txt", None, "unknown"),
    ],
)
def test_publisher_from_what_the_page_shows(name: str, publisher: str | None, source: str) -> None:
    document = read_one(SAMPLE_CORPUS / name)
    assert (document.publisher, document.publisher_source) == (publisher, source)


def test_non_utf8_capture_is_decoded_and_marked_guessed(tmp_path) -> None:
    text = "Frente a Alepo\n\nLas tropas sirias tomaron el control del barrio el lunes, según el ejército.\n"
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    document = read_one(path)
    assert document.encoding_guessed and document.encoding != "utf-8"
    assert "según el ejército" in document.text
    offset = document.raw_offset_at(document.text.index("según"))
    assert path.read_bytes()[offset:].startswith("según".encode("cp1252"))


@pytest.mark.slow
def test_provenance_and_publisher_reach_the_warehouse(seeded_warehouse_master) -> None:
    from conftest import query

    rows = query(
        seeded_warehouse_master,
        "SELECT source_name, publisher_source, len(raw_offsets), raw_offsets[1].char_offset, compression "
        "FROM documents ORDER BY source_name",
    )
    assert [r[0] for r in rows] == sorted(p.name for p in SAMPLE_CORPUS.iterdir())
    assert [r[1] for r in rows] == ["channel", "unknown", "signoff", "page", "signoff"]
    assert all(count > 5 and first == 0 and compression is None for _, _, count, first, compression in rows)
