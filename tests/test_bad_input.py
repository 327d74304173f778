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
    assert summary.counts.documents_rejected == 3
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


@pytest.fixture
def every_kind_of_bad_input(tmp_path: Path) -> Path:
    import gzip
    import socket

    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(SAMPLE_CORPUS / "004_0ba8a40e747d1a8b.txt", folder)
    (folder / "cut.json").write_text('{"title": "Port closed", "text": "The port authority sa')
    (folder / "broken.json").write_text('{"title": "x", "text": ]}')
    (folder / "feed.jsonl").write_text(
        '{"id": "a1", "text": "Workers walked out on Monday, halting trains across the north."}\n'
        '{"id": "a2", "text": "cut\n'
        '{"id": "a3", "text": "Customs officers seized two tonnes of counterfeit medicine on Tuesday."}\n'
    )
    (folder / "huge.txt").write_text("The river rose again overnight. " * 1000)
    packed = gzip.compress((SAMPLE_CORPUS / "002_bf4136b5d83f17ff.txt").read_bytes())
    (folder / "cut.txt.gz").write_bytes(packed[:200])
    (folder / "loop_a").symlink_to(folder / "loop_b")
    (folder / "loop_b").symlink_to(folder / "loop_a")
    (folder / "dangling").symlink_to(folder / "nowhere.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "listener.sock"))  # a file that cannot be read as input
    server.close()
    return folder


def test_every_rejection_is_recorded_with_kind_line_and_run(
    every_kind_of_bad_input: Path, fresh_warehouse: Path, prefect_harness: None
) -> None:
    from flows.ingest import ingest_events

    summary = ingest_events(
        [str(every_kind_of_bad_input), str(every_kind_of_bad_input / "missing.md")],
        str(fresh_warehouse),
        max_file_bytes=20_000,
    )
    rows = query(fresh_warehouse, "SELECT path, kind, line, run_id, reason FROM rejected_files")
    by_name = {(Path(path).name, line): kind for path, kind, line, _, _ in rows}
    assert by_name == {
        ("cut.json", None): "truncated",
        ("broken.json", None): "invalid",
        ("feed.jsonl", 2): "truncated",
        ("huge.txt", None): "too_large",
        ("cut.txt.gz", None): "truncated",
        ("loop_a", None): "link",
        ("loop_b", None): "link",
        ("dangling", None): "link",
        ("listener.sock", None): "not_regular",
        ("missing.md", None): "missing",
    }
    assert {run_id for *_, run_id, _ in rows} == {summary.run_id}
    assert all(reason for *_, reason in rows)
    assert summary.counts.documents_rejected == len(rows)
    loaded = query(fresh_warehouse, "SELECT source_name, external_id FROM documents ORDER BY 1, 2")
    assert loaded == [("004_0ba8a40e747d1a8b.txt", None), ("feed.jsonl", "a1"), ("feed.jsonl", "a3")]
