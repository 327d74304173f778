"""Property: whatever bytes a file holds, reading it ends as documents or rejections, never an exception."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from conftest import SAMPLE_CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readers_support import FIXTURES

from extractors.readers import read_source
from extractors.records import ReadResult

SUFFIXES = [".txt", ".json", ".jsonl", ".html", ".md", ".srt", ".vtt", ".gz", ""]
SOURCES = sorted(SAMPLE_CORPUS.iterdir()) + sorted(FIXTURES.iterdir())
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=12,
)
# JSON objects shaped like articles, so the readers' field handling is exercised, not only the parser.
ARTICLE_LIKE = st.fixed_dictionaries(
    {},
    optional={
        key: JSON_VALUES | st.text()
        for key in (
            "id",
            "dId",
            "title",
            "text",
            "description",
            "date_publish",
            "published_date",
            "url",
            "publisher",
        )
    },
)
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_bytes_as(data: bytes, suffix: str, max_bytes: int = 50_000_000) -> tuple[ReadResult, Path]:
    with tempfile.TemporaryDirectory(prefix="eventetl-prop-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return read_source(path, max_bytes=max_bytes), path


def assert_well_formed(result: ReadResult, path: Path) -> None:
    assert result.documents or result.rejections, "input vanished without a document or a rejection"
    for rejection in result.rejections:
        assert rejection.path == str(path) and rejection.reason and rejection.kind
    for document in result.documents:
        assert document.text.strip() and document.source_name == path.name
        offsets = [o.char_offset for o in document.raw_offsets]
        assert offsets == sorted(offsets) and all(0 <= o < len(document.text) for o in offsets)
        assert all(o.raw_offset >= 0 for o in document.raw_offsets)
        times = [a.char_offset for a in document.time_anchors]
        assert times == sorted(times)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    result, path = read_bytes_as(data, suffix)
    assert_well_formed(result, path)


@PROPERTY_SETTINGS
@given(value=JSON_VALUES | ARTICLE_LIKE, suffix=st.sampled_from([".json", ".jsonl", ".txt"]))
def test_arbitrary_json(value: object, suffix: str) -> None:
    result, path = read_bytes_as(json.dumps(value).encode("utf-8"), suffix)
    assert_well_formed(result, path)


@PROPERTY_SETTINGS
@given(source=st.sampled_from(SOURCES), cut=st.floats(min_value=0, max_value=1), compress=st.booleans())
def test_truncated_files(source: Path, cut: float, compress: bool) -> None:
    data = source.read_bytes()
    if compress:
        data = gzip.compress(data)
    result, path = read_bytes_as(data[: int(len(data) * cut)], source.suffix + (".gz" if compress else ""))
    assert_well_formed(result, path)
