"""The skip/keep policy of incremental runs: unchanged documents are skipped, every other one extracted."""

from __future__ import annotations

from pathlib import Path

from extractors.records import DocumentRecord
from extractors.version import ExtractorIdentity
from warehouse.db import open_warehouse
from warehouse.incremental import ExtractionPlan, plan_extraction, stored_doc_ids
from warehouse.load import load_batch

OLD = ExtractorIdentity("en_core_web_sm", "3.8.0", "0.5.0+000000000000")
NEW = ExtractorIdentity("en_core_web_sm", "3.8.0", "0.5.0+111111111111")


def _document(doc_id: str) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        source_name=f"{doc_id}.txt",
        source_key=f"{doc_id}.txt",
        source_uri=f"/in/{doc_id}.txt",
        content_sha256=doc_id,
        byte_size=10,
        format="text",
        encoding="utf-8",
        encoding_guessed=False,
        text="Rebels shelled the airport.",
    )


A, B, C = _document("a"), _document("b"), _document("c")


def test_documents_stored_at_the_current_version_are_skipped_the_rest_extracted() -> None:
    plan = plan_extraction([A, B, C], {"b"}, full_refresh=False)
    assert plan == ExtractionPlan(to_extract=(A, C), unchanged=(B,))


def test_a_full_refresh_extracts_every_document() -> None:
    assert plan_extraction([A, B, C], {"a", "b", "c"}, full_refresh=True) == ExtractionPlan((A, B, C), ())


def test_nothing_stored_means_everything_is_extracted_in_order() -> None:
    assert plan_extraction([C, A], set(), full_refresh=False) == ExtractionPlan((C, A), ())


def test_stored_ids_are_those_of_the_same_extractor_version(fresh_warehouse: Path) -> None:
    with open_warehouse(fresh_warehouse) as con:
        load_batch(con, [A], [], run_id="old", producer=OLD)
        load_batch(con, [B], [], run_id="new", producer=NEW)
        assert stored_doc_ids(con, ["a", "b", "c"], extractor_version=NEW.extractor_version) == {"b"}
        assert stored_doc_ids(con, ["a", "b", "c"], extractor_version=OLD.extractor_version) == {"a"}
        assert stored_doc_ids(con, [], extractor_version=NEW.extractor_version) == set()
        # A run at the new version skips b only: a was read by other code and is extracted again.
        stored = stored_doc_ids(con, ["a", "b"], extractor_version=NEW.extractor_version)
    assert plan_extraction([A, B], stored, full_refresh=False) == ExtractionPlan((A,), (B,))
