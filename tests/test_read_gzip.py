"""Gzip-compressed input: every format reads the same compressed as plain; broken archives are rejected."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS
from readers_support import FIXTURES

from extractors.readers import read_source

PLAIN_INPUTS = sorted(SAMPLE_CORPUS.iterdir()) + sorted(FIXTURES.iterdir())


@pytest.mark.parametrize("path", PLAIN_INPUTS, ids=lambda p: p.name)
def test_compressed_input_reads_like_the_plain_file(path: Path, tmp_path: Path) -> None:
    compressed = tmp_path / (path.name + ".gz")
    compressed.write_bytes(gzip.compress(path.read_bytes()))
    plain, packed = read_source(path), read_source(compressed)
    assert [d.text for d in packed.documents] == [d.text for d in plain.documents]
    assert [d.format for d in packed.documents] == [d.format for d in plain.documents]
    assert [d.published_date for d in packed.documents] == [d.published_date for d in plain.documents]
    assert [(r.line, r.kind) for r in packed.rejections] == [(r.line, r.kind) for r in plain.rejections]
    for document in packed.documents:
        assert document.compression == "gzip"
        assert document.raw_offsets == next(d for d in plain.documents if d.text == document.text).raw_offsets
    if packed.documents and packed.documents[0].format != "jsonl":
        assert packed.documents[0].byte_size == compressed.stat().st_size


def test_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    data = gzip.compress((SAMPLE_CORPUS / "002_bf4136b5d83f17ff.txt").read_bytes())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    (rejection,) = read_source(path).rejections
    assert rejection.kind == "truncated" and "gzip" in rejection.reason


def test_decompressed_size_limit_guards_against_bombs(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"The river rose again. " * 50_000))
    assert path.stat().st_size < 20_000
    (rejection,) = read_source(path, max_bytes=100_000).rejections
    assert rejection.kind == "too_large"
