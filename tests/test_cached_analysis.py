"""The ablation harness: our components over the cached analysis give what the whole pipeline gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from nlp_support import TEST_MODEL

from extractors.cached_analysis import cache_analysis, components_only
from extractors.extract import extract_batch
from extractors.records import DocumentRecord

TEXTS = {
    "a.txt": "Syria's military said Monday it has regained control of 98 percent of eastern Aleppo.\n\n"
    "Some 50,000 civilians fled over the weekend, Russia said.",
    "b.txt": "Talks in Geneva\n\nDiplomats met in Geneva on Saturday and agreed to resume talks next week.",
}


def _document(name: str, text: str) -> DocumentRecord:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return DocumentRecord(
        doc_id=name, source_name=name, source_key=name, source_uri=f"/in/{name}", content_sha256=digest,
        byte_size=len(text), format="text", encoding="utf-8", encoding_guessed=False, text=text,
        published_date=dt.date(2016, 12, 5), title=text.split("\n\n")[0] if name == "b.txt" else None,
    )  # fmt: skip


def test_components_over_the_cached_analysis_extract_what_the_pipeline_does(nlp, tmp_path: Path) -> None:
    documents = [_document(name, text) for name, text in TEXTS.items()]
    cache = cache_analysis(TEST_MODEL, documents, tmp_path, prefix="t")
    assert cache.exists()
    cached = extract_batch(components_only(TEST_MODEL, [], cache), documents)
    whole = extract_batch(nlp, documents)
    assert cached.events and [dataclasses.astuple(e) for e in cached.events] == [
        dataclasses.astuple(e) for e in whole.events
    ]
    assert cached.place_mentions == whole.place_mentions
    # The cache is reused, not rebuilt, for the same texts and model.
    assert cache_analysis(TEST_MODEL, documents, tmp_path, prefix="t") == cache


def test_a_switched_off_family_changes_the_cached_run_too(tmp_path: Path) -> None:
    documents = [_document("a.txt", TEXTS["a.txt"])]
    cache = cache_analysis(TEST_MODEL, documents, tmp_path, prefix="t")
    on = extract_batch(components_only(TEST_MODEL, [], cache), documents)
    off = extract_batch(components_only(TEST_MODEL, ["places.gazetteer_labels"], cache), documents)
    assert {e.place for e in on.events} != {e.place for e in off.events}
