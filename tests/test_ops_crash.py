"""Crash safety: a writer killed (SIGKILL) in the middle of a load leaves every document whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS, query
from ops_helpers import inbox_with

pytestmark = pytest.mark.slow

# Loads changed versions of every sample document through the real load_batch, holding the writer
# lock like a run. The connection is wrapped only to stop, mid-transaction, right after the old
# versions were deleted and the new documents inserted, and say so: the test kills it there.
KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from extractors.version import extractor_identity
    from extractors.readers import read_source
    from extractors.records import EventRecord
    from warehouse.db import open_warehouse
    from warehouse.load import load_batch
    from warehouse.runs import start_run
    from warehouse.database import Warehouse

    db, inbox = sys.argv[1], Path(sys.argv[2])
    documents = [d for p in sorted(inbox.iterdir()) for d in read_source(p, max_bytes=10**7).documents]
    events = [
        EventRecord(event_id=f"{d.doc_id}-{i}", doc_id=d.doc_id, sentence=d.text[:40], start_char=0,
                    end_char=40, trigger="x", action="x", event_rank=i + 1)
        for d in documents for i in range(3)
    ]

    class PausingConnection:
        def __init__(self, con):
            self._con = con
        def __getattr__(self, name):
            return getattr(self._con, name)
        def execute(self, sql, *args):
            if sql.startswith("INSERT INTO events"):
                print("inside the load transaction", flush=True)
                time.sleep(120)
            return self._con.execute(sql, *args)

    with Warehouse.at(db).lock(timeout=10), open_warehouse(db) as con:
        start_run(con, "killed", flow_run_id=None)
        load_batch(PausingConnection(con), documents, events, run_id="killed", producer=extractor_identity(None))
        print("load committed", flush=True)
    """
)


def _versions(db: Path) -> dict[str, tuple[str, int, int]]:
    """source_name -> (content hash, events, quantities) of every stored document."""
    rows = query(
        db,
        """SELECT d.source_name, d.content_sha256, count(DISTINCT e.event_id), count(q.quantity_id)
           FROM documents d LEFT JOIN events e USING (doc_id) LEFT JOIN quantities q USING (event_id)
           GROUP BY ALL""",
    )
    return {name: (sha, n_events, n_quantities) for name, sha, n_events, n_quantities in rows}


def test_writer_killed_inside_the_load_transaction_leaves_old_versions_and_next_run_completes(
    prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_events

    # A document's identity is its path, so the warehouse is seeded from the inbox the test then changes.
    inbox = inbox_with(tmp_path / "inbox", *sorted(SAMPLE_CORPUS.iterdir()))
    seeded_warehouse = tmp_path / "events.duckdb"
    ingest_events([str(inbox)], str(seeded_warehouse), run_id="seed")
    before = _versions(seeded_warehouse)
    assert len(before) == 5
    for path in inbox.iterdir():  # every document changes
        path.write_text(
            path.read_text(encoding="utf-8") + "\nThe talks resumed in Geneva.\n", encoding="utf-8"
        )

    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(seeded_warehouse), str(inbox)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        line = writer.stdout.readline()
        assert line.strip() == "inside the load transaction", line
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    assert _versions(seeded_warehouse) == before, (
        "the killed load must leave every document at its old version"
    )
    assert query(seeded_warehouse, "SELECT status FROM runs WHERE run_id = 'killed'") == [("running",)]

    # The kernel released the killed writer's lock: the next run starts at once and completes.
    summary = ingest_events([str(inbox)], str(seeded_warehouse), run_id="after-crash", lock_timeout=5)
    assert summary.counts.documents_read == 5 and summary.counts.documents_replaced == 5
    after = _versions(seeded_warehouse)
    assert set(after) == set(before)
    assert all(after[name][0] != before[name][0] for name in before), "every document is at its new version"
    assert query(
        seeded_warehouse,
        "SELECT run_id, status FROM runs WHERE run_id IN ('killed', 'after-crash') ORDER BY 1",
    ) == [
        ("after-crash", "succeeded"),
        ("killed", "interrupted"),
    ]
