"""Helpers shared by the reader tests (not a test module)."""

from __future__ import annotations

from pathlib import Path

from extractors.readers import read_source
from extractors.records import DocumentRecord

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"


def read_one(path: Path, **kwargs: int) -> DocumentRecord:
    """The single document ``path`` holds; fails the test with the rejection otherwise."""
    result = read_source(path, **kwargs)
    assert not result.rejections, result.rejections
    assert len(result.documents) == 1
    return result.documents[0]


def assert_segments_point_into_raw(document: DocumentRecord, content: bytes) -> None:
    """Every recorded segment start lands on bytes of the raw file that hold that segment's opening words."""
    assert document.raw_offsets, "no provenance recorded"
    for anchor in document.raw_offsets:
        opening = document.text[anchor.char_offset :].split()[0].strip("*_<>")
        raw_here = content[anchor.raw_offset : anchor.raw_offset + 200].decode(document.encoding, "replace")
        assert opening in raw_here, (anchor, opening, raw_here[:60])
