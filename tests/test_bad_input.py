"""Bad input gets a clear message naming the file, is recorded, and never stops the other files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS, query

pytestmark = pytest.mark.slow


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLE_CORPUS / "002_bf4136b5d83f17ff.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes(
        "Les forces syriennes ont repris le contrôle d'Alep-Est, a déclaré l'armée lundi.".encode("latin-1")
    )
    return folder


def test_bad_files_are_rejected_with_reasons_and_good_ones_load(
    messy_folder: Path, fresh_warehouse: Path, prefect_harness: None
) -> None:
    from flows.ingest import ingest_events

    summary = ingest_events([str(messy_folder), str(messy_folder / "missing.txt")], str(fresh_warehouse))
    rejected = {
        Path(path).name: reason
        for path, reason in query(fresh_warehouse, "SELECT path, reason FROM rejected_files")
    }
    assert rejected == {
        "empty.txt": "file is empty",
        "image.txt": "file is binary, not text",
        "missing.txt": "path does not exist",
    }
    assert summary.documents_rejected == 3
    loaded = dict(query(fresh_warehouse, "SELECT source_name, encoding_guessed FROM documents"))
    assert loaded == {"002_bf4136b5d83f17ff.txt": False, "latin1.txt": True}
    assert (
        query(
            fresh_warehouse,
            "SELECT count(*) FROM events WHERE doc_id IN "
            "(SELECT doc_id FROM documents WHERE source_name LIKE '002%')",
        )[0][0]
        > 10
    )
